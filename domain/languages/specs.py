"""Every language the judge knows, as data. Adding a language is adding a row."""

from domain.languages.entities import LanguageSpec, ToolSpec
from domain.languages.java import JAVA
from domain.languages.layouts import ScriptProject

_BASH = ToolSpec(name="bash", candidates=("/usr/bin/bash", "/bin/bash", "bash"))

_PYTHON = ToolSpec(
    name="python",
    candidates=("/usr/bin/python3", "python3"),
    resolve=("-c", "import sys; print(sys.executable)"),
)

# Each source is decoded as an import would decode it (PEP 263 declaration, else UTF-8) before it is
# compiled: `py_compile` alone reads bytes leniently (CPython 3.11 passes a CP1251 comment without a
# declaration that then fails when run, and refuses a NUL that the run accepts). The error names the file.
_PYTHON_CHECK_EACH = (
    (
        "import sys, importlib.util, py_compile, traceback\n"
        "failed = 0\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        with open(path, 'rb') as source: text = importlib.util.decode_source(source.read())\n"
        "        compile(text, path, 'exec', dont_inherit=True)\n"
        "        py_compile.compile(path, doraise=True)\n"
        "    except SyntaxError as error:\n"
        "        failed = 1\n"
        "        named = error.filename is not None\n"
        "        sys.stderr.write(''.join(traceback.format_exception_only(error)) if named"
        " else f'{path}: SyntaxError: {error}\\n')\n"
        "    except (ValueError, UnicodeDecodeError, py_compile.PyCompileError) as error:\n"
        "        failed = 1; sys.stderr.write(f'{path}: {error}\\n')\n"
        "sys.exit(failed)\n"
    )
    .replace("{", "{{")
    .replace("}", "}}")
)

# `node --check` takes one file: each source is checked on its own (ES modules by `.mjs` or a
# package.json "type": "module" beside it, as node decides), and node names the failing file.
_NODE_CHECK_EACH = (
    (
        'const {execFileSync} = require("child_process"); let failed = 0;'
        " for (const f of process.argv.slice(1)) {"
        ' try { execFileSync(process.execPath, ["--check", f], {stdio: "inherit"}); } catch { failed = 1; } }'
        " process.exit(failed);"
    )
    .replace("{", "{{")
    .replace("}", "}}")
)  # literal braces in a command template

LANGUAGE_SPECS: tuple[LanguageSpec, ...] = (
    LanguageSpec(
        id="c",
        name="C (GCC, C17)",
        source_name="main.c",
        source_extensions=(".c",),
        tools=(ToolSpec(name="cc", candidates=("gcc",)),),
        compile=("{cc}", "-O2", "-std=gnu17", "-pipe", "{options}", "-o", "main", "{sources}", "-lm"),
        run=("./main",),
        version=("{cc}", "--version"),
        compiled_files=("main",),
        self_test='#include <stdio.h>\nint main(void) { puts("self-test ok"); return 0; }\n',
    ),
    LanguageSpec(
        id="cpp",
        name="C++ (G++, C++20)",
        source_name="main.cpp",
        source_extensions=(".cc", ".cpp", ".cxx", ".c++", ".C"),
        tools=(ToolSpec(name="cxx", candidates=("g++",)),),
        compile=("{cxx}", "-O2", "-std=gnu++20", "-pipe", "{options}", "-o", "main", "{sources}"),
        run=("./main",),
        version=("{cxx}", "--version"),
        compiled_files=("main",),
        self_test='#include <iostream>\nint main() { std::cout << "self-test ok" << std::endl; }\n',
    ),
    LanguageSpec(
        id="python3",
        name="Python 3",
        source_name="main.py",
        source_extensions=(".py",),
        tools=(_PYTHON,),
        compile=("{python}", "-S", "-c", _PYTHON_CHECK_EACH, "{sources}"),
        run=("{python}", "-S", "{main}"),
        version=("{python}", "--version"),
        env=(("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONHASHSEED", "0")),
        compiled_files=("*",),
        self_test='print("self-test ok")\n',
    ),
    LanguageSpec(
        id="java",
        name="Java (OpenJDK)",
        source_name="Main.java",
        source_extensions=(".java",),
        tools=(
            ToolSpec(name="javac", candidates=("javac",)),
            ToolSpec(name="java", candidates=("java",)),
        ),
        compile=("{javac}", "-encoding", "UTF-8", "-J-Xss64m", "{options}", "-d", ".", "{sources}"),
        run=("{java}", "-XX:+UseSerialGC", "-Xss64m", "-XX:TieredStopAtLevel=1", "-cp", ".", "{main_class}"),
        version=("{javac}", "-version"),
        layout=JAVA,
        compiled_files=("*",),
        run_processes=64,
        self_test=(
            "public class Main {\n"
            '    public static void main(String[] args) { System.out.println("self-test ok"); }\n'
            "}\n"
        ),
    ),
    LanguageSpec(
        id="javascript",
        name="JavaScript (Node.js)",
        source_name="main.js",
        source_extensions=(".js", ".mjs", ".cjs"),
        tools=(ToolSpec(name="node", candidates=("node", "nodejs")),),
        compile=("{node}", "-e", _NODE_CHECK_EACH, "{sources}"),
        run=("{node}", "--stack-size=65500", "{main}"),
        version=("{node}", "--version"),
        compiled_files=("*",),
        run_processes=16,
        self_test='console.log("self-test ok");\n',
    ),
    LanguageSpec(
        id="rust",
        name="Rust",
        source_name="main.rs",
        source_extensions=(".rs",),
        tools=(
            ToolSpec(
                name="rustc",
                candidates=("rustc",),
                resolve=("--print", "sysroot"),
                resolve_suffix="/bin/rustc",
            ),
        ),
        compile=("{rustc}", "-O", "--edition", "2021", "{options}", "-o", "main", "{main}"),
        run=("./main",),
        version=("{rustc}", "--version"),
        compiled_files=("main",),
        self_test='fn main() { println!("self-test ok"); }\n',
    ),
    LanguageSpec(
        id="bash",
        name="Bash",
        source_name="main.sh",
        source_extensions=(".sh",),
        tools=(_BASH,),
        compile=None,
        run=("{bash}", "{main}"),
        version=("{bash}", "--version"),
        run_processes=8,
        self_test='echo "self-test ok"\n',
    ),
    # Judge0's "Multi-file program" (89): the run's zip brings a `run` script and maybe a `compile` one,
    # both run by bash in the box (the compile step under the compilation's limits, only when it exists).
    LanguageSpec(
        id="multifile",
        name="Multi-file program",
        source_name="run",
        source_extensions=(),
        tools=(_BASH,),
        compile=("{bash}", "compile"),
        run=("{bash}", "{main}"),
        version=("{bash}", "--version"),
        layout=ScriptProject("run"),
        compiled_files=("*",),
        run_processes=8,
        self_test='echo "self-test ok"\n',
        compile_when="compile",
        sources_from_archive=True,
    ),
)

SPECS_BY_ID: dict[str, LanguageSpec] = {spec.id: spec for spec in LANGUAGE_SPECS}
