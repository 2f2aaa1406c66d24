"""Each language's hook names its files and finds the entry point (Java's: domain/languages/java.py)."""

import pytest

from domain.languages.commands import render
from domain.languages.exceptions import EntryPointNotFoundError
from domain.languages.java import JAVA, file_name, find_main_class
from domain.languages.layouts import FIRST_FILE, Layout
from domain.languages.specs import SPECS_BY_ID


def test_most_languages_keep_the_names_and_start_from_the_first_file() -> None:
    layout = FIRST_FILE.lay_out([("solution.py", "import helper"), ("helper.py", "X = 1")])
    assert layout == Layout(names=("solution.py", "helper.py"), main="solution.py")


def test_java_main_class_is_the_type_declaring_main_with_its_package() -> None:
    files = [
        ("Adder.java", "package sum;\npublic class Adder { static int add(int a, int b) { return a + b; } }"),
        (
            "x.java",
            "package sum;\n// class Decoy { public static void main(String[] a) {} }\n"
            "final class Solution {\n  public static void main(String[] args) {}\n}\n",
        ),
    ]
    assert find_main_class(files) == "sum.Solution"


def test_java_helpers_declared_before_main_are_not_the_main_class() -> None:
    text = (
        "import java.io.*;\npublic class Main {\n  static class FastReader { int next() { return 0; } }\n"
        '  static String s = "} class Fake {";\n  public static void main(String[] a) {}\n}\n'
    )
    assert find_main_class([("Main.java", text)]) == "Main"


def test_java_main_in_a_nested_type_is_named_as_the_jvm_loads_it() -> None:
    text = "package p;\nclass Outer {\n  static class Inner {\n    public static void main(String[] a) {}}}"
    assert find_main_class([("Outer.java", text)]) == "p.Outer$Inner"
    record = "interface Tool {}\nrecord Point(int x) { public static void main(String[] a) {} }"
    assert find_main_class([("A.java", record)]) == "Point"


def test_java_without_main_is_refused_with_a_message() -> None:
    with pytest.raises(EntryPointNotFoundError, match="public static void main"):
        find_main_class([("Main.java", "public class Main { }")])


def test_a_public_class_is_compiled_from_its_own_file_name() -> None:
    assert (
        file_name("solution.java", "import java.util.*;\npublic final class Solution {}") == "Solution.java"
    )
    assert file_name("Main.java", "class NotPublic {}") == "Main.java"
    assert file_name("a.java", "/* public class Commented {} */ class A {}") == "a.java"
    assert file_name("b.java", 'class B { String s = "public class Quoted"; }') == "b.java"
    assert file_name("pkg/Util.java", "public class Other {}") == "pkg/Util.java"  # paths are the author's


def test_java_layout_renames_files_and_fills_the_run_command() -> None:
    layout = JAVA.lay_out([("s.java", "public class Solution { public static void main(String[] a) {} }")])
    assert (layout.names, layout.main_class) == (("Solution.java",), "Solution")
    java = SPECS_BY_ID["java"]
    argv = render(java.run, tools={"java": "/usr/bin/java", "javac": "/usr/bin/javac"}, layout=layout)
    assert argv[-1] == "Solution"
    compile_argv = render(
        java.compile or (), tools={"javac": "/usr/bin/javac", "java": "/usr/bin/java"}, layout=layout
    )
    assert compile_argv[-1] == "Solution.java"
