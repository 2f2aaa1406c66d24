import pytest

from application.judging.sandbox import RunLimits, RunOutcome
from domain.languages.entities import Language
from infrastructure.sandbox import IsolatedSandbox
from tests.integration.sandbox.helpers import compile_source, run_source

A_PLUS_B = {
    "c": '#include <stdio.h>\nint main(void){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);return 0;}',
    "cpp": "#include <iostream>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}",
    "python3": "a, b = map(int, input().split())\nprint(a + b)\n",
    "java": (
        "import java.util.*;\n// class Decoy { public static void main(String[] a) {} }\n"
        "public class Solution { public static void main(String[] args) {\n"
        "  Scanner s = new Scanner(System.in); long a = s.nextLong(), b = s.nextLong();\n"
        "  System.out.println(a + b); } }\n"
    ),
    "javascript": (
        "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(BigInt);\n"
        "console.log((a + b).toString());\n"
    ),
    "rust": (
        "use std::io::Read;\nfn main(){let mut s=String::new();\n"
        "std::io::stdin().read_to_string(&mut s).unwrap();\n"
        'let v:Vec<i64>=s.split_whitespace().map(|x|x.parse().unwrap()).collect();println!("{}",v[0]+v[1]);}'
    ),
}


@pytest.mark.parametrize("language_id", sorted(A_PLUS_B))
async def test_valid_program_prints_the_sum(
    sandbox: IsolatedSandbox, languages: dict[str, Language], language_id: str, clean_host: None
) -> None:
    if language_id not in languages:
        pytest.skip(f"{language_id} toolchain is not installed on this machine")
    limits = RunLimits(cpu_ms=5000, wall_ms=10000, memory_kib=512 * 1024, processes=1)
    run = await run_source(
        sandbox, languages[language_id], A_PLUS_B[language_id], stdin=b"2 40\n", limits=limits
    )
    assert run.result.report.outcome is RunOutcome.OK, (run.result, run.compiled.output)
    assert run.stdout == b"42\n"
    assert run.result.report.isolated
    assert run.result.report.exit_code == 0
    assert run.result.report.memory_kib > 0


async def test_multi_file_sources_are_compiled_together(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    main = 'int twice(int);\n#include <stdio.h>\nint main(void){printf("%d\\n", twice(21));return 0;}'
    run = await run_source(
        sandbox, languages["c"], main, extra=[("twice.c", "int twice(int x){return 2*x;}")]
    )
    assert run.result.report.outcome is RunOutcome.OK
    assert run.stdout == b"42\n"


async def test_multi_file_python_imports_its_module(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    run = await run_source(
        sandbox, languages["python3"], "import helper\nprint(helper.X)\n", extra=[("helper.py", "X = 42\n")]
    )
    assert run.result.report.outcome is RunOutcome.OK
    assert run.stdout == b"42\n"


@pytest.mark.parametrize(
    ("language_id", "source", "message"),
    [
        ("python3", "def f(:\n  pass\n", "SyntaxError"),
        ("javascript", "function (\n", "SyntaxError"),
        ("c", "int main(void) { return x; }\n", "error"),
        ("java", "public class Main { public static void main(String[] a) { int x = ; } }\n", "error"),
    ],
)
async def test_syntax_error_is_a_compilation_error(
    sandbox: IsolatedSandbox, languages: dict[str, Language], language_id: str, source: str, message: str
) -> None:
    compiled = await compile_source(sandbox, languages[language_id], source)
    assert compiled.artifact is None
    assert compiled.report.outcome is RunOutcome.RUNTIME_ERROR
    assert compiled.report.exit_code not in (None, 0)
    assert message in compiled.output


async def test_java_without_main_is_a_compilation_error(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    compiled = await compile_source(sandbox, languages["java"], "public class Main { }\n")
    assert compiled.artifact is None
    assert "main" in compiled.output


async def test_java_with_a_helper_class_before_main_runs_the_outer_class(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = (
        "import java.util.*;\npublic class Main {\n"
        "  static class FastReader {\n"
        "    Scanner s = new Scanner(System.in); long next() { return s.nextLong(); } }\n"
        "  public static void main(String[] args) {\n"
        "    FastReader in = new FastReader(); System.out.println(in.next() + in.next()); } }\n"
    )
    limits = RunLimits(cpu_ms=5000, wall_ms=10000, memory_kib=512 * 1024)
    run = await run_source(sandbox, languages["java"], source, stdin=b"2 40\n", limits=limits)
    assert run.result.report.outcome is RunOutcome.OK, run.result
    assert run.stdout == b"42\n"


async def test_identical_sources_compile_once(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "int main(void) { return 0; } /* cache probe */\n"
    first = await compile_source(sandbox, languages["c"], source)
    second = await compile_source(sandbox, languages["c"], source)
    other = await compile_source(sandbox, languages["c"], source + "\n")
    assert (first.cached, second.cached, other.cached) == (False, True, False)
    assert first.artifact == second.artifact != other.artifact


async def test_compiler_errors_are_cached_too(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "int main(void) { return y; } /* cached error */\n"
    first = await compile_source(sandbox, languages["c"], source)
    second = await compile_source(sandbox, languages["c"], source)
    assert second.cached
    assert second.artifact is None
    assert second.output == first.output


async def test_invalid_file_name_is_rejected(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    compiled = await compile_source(sandbox, languages["c"], "int main(void){return 0;}", name="../escape.c")
    assert compiled.artifact is None
    assert "invalid file name" in compiled.output


NOT_A_SOURCE = [("notes.txt", "int main( { this is no code\n"), ("unused.h", "#error never included\n{{{")]
EXTRA_FILE_SOURCES = {
    "c": (A_PLUS_B["c"], [*NOT_A_SOURCE, ("x.C", "not C at all {")]),
    "cpp": (A_PLUS_B["cpp"], [*NOT_A_SOURCE, ("unused.hpp", "template <<<"), ("old.c", "int x = ;")]),
    "python3": (A_PLUS_B["python3"], [*NOT_A_SOURCE, ("data.json", "{not python")]),
    "java": (A_PLUS_B["java"], NOT_A_SOURCE),
    "javascript": (A_PLUS_B["javascript"], [*NOT_A_SOURCE, ("package.json", "{}")]),
}


@pytest.mark.parametrize("language_id", sorted(EXTRA_FILE_SOURCES))
async def test_files_that_are_not_sources_of_the_language_are_placed_not_compiled(
    sandbox: IsolatedSandbox, languages: dict[str, Language], language_id: str
) -> None:
    source, extra = EXTRA_FILE_SOURCES[language_id]
    limits = RunLimits(cpu_ms=5000, wall_ms=10000, memory_kib=512 * 1024)
    run = await run_source(
        sandbox, languages[language_id], source, stdin=b"2 40\n", limits=limits, extra=extra
    )
    assert run.result.report.outcome is RunOutcome.OK, (run.result, run.compiled.output)
    assert run.stdout == b"42\n"


@pytest.mark.parametrize(
    ("language_id", "main", "module", "broken"),
    [
        ("python3", "import helper\nprint(helper.X)\n", ("helper.py", "X = 1\n"), "def f(:\n"),
        (
            "javascript",
            "console.log(require('./helper.js').x)\n",
            ("helper.js", "exports.x = 1\n"),
            "let = ;\n",
        ),
    ],
)
@pytest.mark.parametrize("imported", [True, False], ids=["imported", "never_imported"])
async def test_every_source_of_an_interpreted_language_is_syntax_checked_naming_the_file(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    language_id: str,
    main: str,
    module: tuple[str, str],
    broken: str,
    imported: bool,
) -> None:
    name, _good = module
    extension = name.rsplit(".", 1)[1]
    extra = [(name, broken)] if imported else [module, (f"unused.{extension}", broken)]
    compiled = await compile_source(sandbox, languages[language_id], main, extra=extra)
    assert compiled.artifact is None, compiled.output
    assert compiled.report.outcome is RunOutcome.RUNTIME_ERROR
    assert "SyntaxError" in compiled.output
    assert extra[-1][0] in compiled.output


async def test_an_es_module_package_is_checked_as_modules(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    main = "import { x } from './helper.js';\nconsole.log(x);\n"
    good = [("package.json", '{"type": "module"}'), ("helper.js", "export const x = 42;\n")]
    run = await run_source(sandbox, languages["javascript"], main, extra=good)
    assert run.result.report.outcome is RunOutcome.OK, (run.result, run.compiled.output)
    assert run.stdout == b"42\n"
    broken = [("package.json", '{"type": "module"}'), ("helper.js", "export const = 42;\n")]
    compiled = await compile_source(sandbox, languages["javascript"], main, extra=broken)
    assert compiled.artifact is None
    assert "helper.js" in compiled.output
