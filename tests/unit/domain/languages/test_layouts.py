"""Each language's hook names its files and finds the entry point (Java's: domain/languages/java.py)."""

import pytest

from domain.languages.commands import render
from domain.languages.exceptions import EntryPointNotFoundError
from domain.languages.java import JAVA, file_name, find_main_class
from domain.languages.layouts import FIRST_FILE, Layout
from domain.languages.specs import SPECS_BY_ID


def test_most_languages_keep_the_names_and_start_from_the_first_file() -> None:
    layout = FIRST_FILE.lay_out([("solution.py", "import helper"), ("helper.py", "X = 1")], (".py",))
    assert layout == Layout(
        names=("solution.py", "helper.py"), sources=("solution.py", "helper.py"), main="solution.py"
    )


@pytest.mark.parametrize(
    ("language", "sources", "placed"),
    [
        ("c", ("main.c", "util.c"), ("notes.txt", "unused.h", "x.C")),
        ("cpp", ("a.cc", "b.cpp", "c.cxx", "d.c++", "e.C"), ("notes.txt", "unused.hpp", "f.c", "g.h")),
        ("python3", ("main.py", "helper.py"), ("notes.txt", "data.json", "helper.pyc")),
        ("javascript", ("main.js", "lib.mjs", "old.cjs"), ("package.json", "notes.txt")),
        ("rust", ("main.rs", "adder.rs"), ("notes.txt",)),
    ],
)
def test_only_the_languages_sources_are_compiled_the_other_files_are_placed(
    language: str, sources: tuple[str, ...], placed: tuple[str, ...]
) -> None:
    spec = SPECS_BY_ID[language]
    files = [(name, "") for name in (placed[0], *sources, *placed[1:])]
    layout = spec.layout.lay_out(files, spec.source_extensions)
    assert layout.names == tuple(name for name, _text in files)
    assert (layout.sources, layout.main) == (sources, sources[0])
    argv = render(spec.compile or ("{sources}",), tools={t.name: t.name for t in spec.tools}, layout=layout)
    assert not set(placed) & set(argv)


def test_a_submission_without_a_source_of_its_language_has_no_entry_point() -> None:
    with pytest.raises(EntryPointNotFoundError, match=r"\.py"):
        FIRST_FILE.lay_out([("notes.txt", "print(1)")], (".py",))


def test_java_compiles_every_java_file_and_finds_main_past_the_other_files() -> None:
    files = [
        ("notes.txt", "public static void main(String[] a) in class Fake"),
        ("Adder.java", "public class Adder { static int add(int a, int b) { return a + b; } }"),
        ("s.java", "public class Solution { public static void main(String[] a) {} }"),
        ("input.dat", "public class Data {}"),
    ]
    layout = JAVA.lay_out(files, (".java",))
    assert layout.names == ("notes.txt", "Adder.java", "Solution.java", "input.dat")
    assert (layout.sources, layout.main_class) == (("Adder.java", "Solution.java"), "Solution")


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
    layout = JAVA.lay_out(
        [("s.java", "public class Solution { public static void main(String[] a) {} }")], (".java",)
    )
    assert (layout.names, layout.main_class) == (("Solution.java",), "Solution")
    java = SPECS_BY_ID["java"]
    argv = render(java.run, tools={"java": "/usr/bin/java", "javac": "/usr/bin/javac"}, layout=layout)
    assert argv[-1] == "Solution"
    compile_argv = render(
        java.compile or (), tools={"javac": "/usr/bin/javac", "java": "/usr/bin/java"}, layout=layout
    )
    assert compile_argv[-1] == "Solution.java"
