"""Interactive tests judged end to end in the real sandbox (`InteractiveTestRunner`): a number-guessing
interactor (1..10^9, at most 30 queries) under both protocols, in Python and C++, against honest and hostile
solutions in Python and C++; the verdicts follow `verdicts.verdict_of_interaction`."""

import asyncio
import uuid
from pathlib import Path

import pytest

from application.judging.checking import CompiledChecker, OutputJudge
from application.judging.interaction import CompiledInteractor, InteractiveTestRunner
from application.judging.ports import TestPaths
from application.judging.sandbox import RunLimits
from domain.judging.checkers import CustomChecker
from domain.judging.enums import CheckerProtocol, Verdict
from domain.languages.entities import Language
from domain.problems.entities import TestCase
from domain.submissions.entities import TestResult
from infrastructure.judging.files import BoundedOutputStore, FileOutputChecker
from infrastructure.sandbox import IsolatedSandbox
from tests.integration.sandbox.helpers import compile_source
from tests.unit.fakes import NOW

pytestmark = pytest.mark.usefixtures("clean_host")

SOLUTION_LIMITS = RunLimits(cpu_ms=1000, wall_ms=2000, memory_kib=256 * 1024)
INTERACTOR_LIMITS = RunLimits(cpu_ms=5000, wall_ms=5000, memory_kib=256 * 1024, processes=8)
SECRET = 987654321

KATTIS_PYTHON = """
import sys
secret = int(open(sys.argv[1]).read())
def reject(message):
    open(sys.argv[3] + "judgemessage.txt", "w").write(message)
    sys.exit(43)
for _ in range(30):
    line = sys.stdin.readline()
    if not line:
        reject("no answer")
    try:
        guess = int(line)
    except ValueError:
        reject("garbage")
    if guess == secret:
        print("correct", flush=True)
        sys.exit(42)
    print("lower" if guess > secret else "higher", flush=True)
reject("too many queries")
"""

KATTIS_CPP = r"""
#include <cstdio>
#include <fstream>
#include <string>
static int reject(const std::string& dir, const char* message) {
    std::ofstream(dir + "judgemessage.txt") << message;
    return 43;
}
int main(int argc, char** argv) {
    long long secret;
    std::ifstream(argv[1]) >> secret;
    std::string dir = argv[3];
    for (int query = 0; query < 30; ++query) {
        long long guess;
        if (std::scanf("%lld", &guess) != 1) return reject(dir, "no answer or garbage");
        if (guess == secret) { std::printf("correct\n"); std::fflush(stdout); return 42; }
        std::printf(guess > secret ? "lower\n" : "higher\n");
        std::fflush(stdout);
    }
    return reject(dir, "too many queries");
}
"""

# testlib's protocol: interactor input output answer; exit 0 OK, 1 WA; the result goes to the output file.
TESTLIB_PYTHON = """
import sys
secret = int(open(sys.argv[1]).read())
result = open(sys.argv[2], "w")
for queries in range(1, 31):
    line = sys.stdin.readline()
    if not line.strip().lstrip("-").isdigit():
        sys.stderr.write("wrong answer garbage or no answer")
        sys.exit(1)
    guess = int(line)
    if guess == secret:
        print("correct", flush=True)
        result.write(f"{queries}\\n")
        sys.exit(0)
    print("lower" if guess > secret else "higher", flush=True)
sys.stderr.write("wrong answer too many queries")
sys.exit(1)
"""

# A testlib checker of the interactor's output file: accepts at most 30 queries (always true here).
TESTLIB_CHECKER = """
import sys
queries = int(open(sys.argv[2]).read())
sys.stderr.write(f"ok {queries} queries")
sys.exit(0 if queries <= 30 else 1)
"""

KATTIS_SCORING = """
import sys
secret = int(open(sys.argv[1]).read())
for queries in range(1, 31):
    if int(sys.stdin.readline()) == secret:
        print("correct", flush=True)
        open(sys.argv[3] + "score.txt", "w").write("1" if queries <= 10 else "0.5")
        sys.exit(42)
    print("no", flush=True)
sys.exit(43)
"""

BINARY_SEARCH_PY = """
low, high = 1, 10**9
while True:
    middle = (low + high) // 2
    print(middle, flush=True)
    reply = input()
    if reply == "correct":
        break
    if reply == "lower":
        high = middle - 1
    else:
        low = middle + 1
"""

BINARY_SEARCH_CPP = r"""
#include <cstdio>
#include <cstring>
int main() {
    long long low = 1, high = 1000000000;
    char reply[16];
    for (;;) {
        long long middle = (low + high) / 2;
        std::printf("%lld\n", middle);
        std::fflush(stdout);
        if (std::scanf("%15s", reply) != 1 || !std::strcmp(reply, "correct")) return 0;
        if (!std::strcmp(reply, "lower")) high = middle - 1; else low = middle + 1;
    }
}
"""

LINEAR_PY = "guess = 1\nwhile input_reply := (print(guess, flush=True) or input()):\n    guess += 1\n"
SILENT_PY = "import sys\nsys.stdin.read()\n"
CRASH_PY = "print(500000000, flush=True)\ninput()\nraise SystemExit(3)\n"
GARBAGE_PY = "print('hello there', flush=True)\ninput()\n"
SNOOP_PY = (
    "import os\nfound = [p for p in ('answer.txt', 'input.txt', '../answer.txt') if os.path.exists(p)]\n"
    "print(open(found[0]).read().strip() if found else 'none', flush=True)\n"
)
SCORED_PY = (
    "for guess in range(1, 10**9):\n    print(guess, flush=True)\n"
    "    if input() == 'correct':\n        break\n"
)


@pytest.fixture
async def paths(tmp_path: Path) -> TestPaths:
    input_path, answer_path = tmp_path / "1.in", tmp_path / "1.ans"
    await asyncio.to_thread(input_path.write_text, f"{SECRET}\n")
    await asyncio.to_thread(answer_path.write_text, f"{SECRET}\n")
    return TestPaths(input=str(input_path), answer=str(answer_path))


@pytest.fixture
def workspace_factory(tmp_path: Path) -> BoundedOutputStore:
    return BoundedOutputStore(tmp_path / "work", capacity=64 * 1024 * 1024)


TEST = TestCase(
    id=uuid.uuid4(),
    problem_id=uuid.uuid4(),
    name="1",
    group="default",
    sample=False,
    input_size=10,
    answer_size=10,
    input_sha256="",
    answer_sha256="",
    created_at=NOW,
)


async def _artifact(sandbox: IsolatedSandbox, language: Language, source: str) -> str:
    compiled = await compile_source(sandbox, language, source)
    assert compiled.artifact is not None, compiled.output
    return compiled.artifact


async def judge(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    workspace_factory: BoundedOutputStore,
    paths: TestPaths,
    *,
    protocol: CheckerProtocol,
    interactor: tuple[str, str],
    solution: tuple[str, str],
    checker: str | None = None,
) -> TestResult:
    interactor_language, interactor_source = interactor
    spec = CustomChecker(protocol=protocol, language=interactor_language, source=interactor_source)
    compiled = CompiledInteractor(
        spec=spec, artifact=await _artifact(sandbox, languages[interactor_language], interactor_source)
    )
    judge_output = None
    if checker is not None:
        checker_spec = CustomChecker(protocol=CheckerProtocol.TESTLIB, language="python3", source=checker)
        judge_output = OutputJudge(
            sandbox=sandbox,
            output_checker=FileOutputChecker(),
            checker=CompiledChecker(
                spec=checker_spec, artifact=await _artifact(sandbox, languages["python3"], checker)
            ),
            limits=INTERACTOR_LIMITS,
        )
    solution_language, solution_source = solution
    artifact = await _artifact(sandbox, languages[solution_language], solution_source)
    runner = InteractiveTestRunner(
        sandbox=sandbox,
        interactor=compiled,
        checker=judge_output,
        outputs=workspace_factory,
        artifact=artifact,
        limits=SOLUTION_LIMITS,
        interactor_limits=INTERACTOR_LIMITS,
        transcript_bytes=1024,
    )
    return await runner.run(0, TEST, paths)


INTERACTORS = {
    "kattis-python": (CheckerProtocol.KATTIS, ("python3", KATTIS_PYTHON)),
    "kattis-cpp": (CheckerProtocol.KATTIS, ("cpp", KATTIS_CPP)),
    "testlib-python": (CheckerProtocol.TESTLIB, ("python3", TESTLIB_PYTHON)),
}

CASES = [
    ("binary search in Python", ("python3", BINARY_SEARCH_PY), Verdict.ACCEPTED),
    ("binary search in C++", ("cpp", BINARY_SEARCH_CPP), Verdict.ACCEPTED),
    ("31 queries", ("python3", LINEAR_PY), Verdict.WRONG_ANSWER),
    ("never answering", ("python3", SILENT_PY), Verdict.TIME_LIMIT_EXCEEDED),
    ("crashing mid-way", ("python3", CRASH_PY), Verdict.RUNTIME_ERROR),
    ("printing garbage", ("python3", GARBAGE_PY), Verdict.WRONG_ANSWER),
    ("opening the answer file", ("python3", SNOOP_PY), Verdict.WRONG_ANSWER),
]


@pytest.mark.parametrize("interactor", sorted(INTERACTORS))
@pytest.mark.parametrize(("case", "solution", "expected"), CASES, ids=[case[0] for case in CASES])
async def test_the_guessing_game_verdicts(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    workspace_factory: BoundedOutputStore,
    paths: TestPaths,
    interactor: str,
    case: str,
    solution: tuple[str, str],
    expected: Verdict,
) -> None:
    protocol, source = INTERACTORS[interactor]
    result = await judge(
        sandbox, languages, workspace_factory, paths, protocol=protocol, interactor=source, solution=solution
    )
    assert result.verdict is expected, (case, result)
    if case == "never answering":
        assert result.checker_message == "wall limit exceeded"


async def test_the_transcript_keeps_the_first_bytes_of_both_directions(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    workspace_factory: BoundedOutputStore,
    paths: TestPaths,
) -> None:
    result = await judge(
        sandbox,
        languages,
        workspace_factory,
        paths,
        protocol=CheckerProtocol.KATTIS,
        interactor=("python3", KATTIS_PYTHON),
        solution=("python3", BINARY_SEARCH_PY),
    )
    assert result.transcript_to_interactor.startswith("500000000\n750000000\n")
    assert result.transcript_to_solution.startswith("higher\nhigher\n")
    assert result.transcript_to_solution.endswith("correct\n")


async def test_a_crashing_interactor_is_an_internal_error_not_the_contestants_fault(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    workspace_factory: BoundedOutputStore,
    paths: TestPaths,
) -> None:
    aborts = "import os, sys\nsys.stdin.readline()\nos.abort()\n"
    raises = (
        "import sys\nsys.stdin.readline()\nraise ZeroDivisionError\n"  # exit 1: outside Kattis's protocol
    )
    for protocol, crash in [
        (CheckerProtocol.TESTLIB, aborts),
        (CheckerProtocol.KATTIS, aborts),
        (CheckerProtocol.KATTIS, raises),
    ]:
        result = await judge(
            sandbox,
            languages,
            workspace_factory,
            paths,
            protocol=protocol,
            interactor=("python3", crash),
            solution=("python3", BINARY_SEARCH_PY),
        )
        assert result.verdict is Verdict.INTERNAL_ERROR, (protocol, result)


async def test_a_testlib_checker_judges_the_testlib_interactors_output_file(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    workspace_factory: BoundedOutputStore,
    paths: TestPaths,
) -> None:
    result = await judge(
        sandbox,
        languages,
        workspace_factory,
        paths,
        protocol=CheckerProtocol.TESTLIB,
        interactor=("python3", TESTLIB_PYTHON),
        solution=("python3", BINARY_SEARCH_PY),
        checker=TESTLIB_CHECKER,
    )
    assert result.verdict is Verdict.ACCEPTED
    assert result.checker_message == "ok 30 queries"


async def test_a_kattis_interactors_score_file_gives_the_tests_score(
    sandbox: IsolatedSandbox,
    languages: dict[str, Language],
    workspace_factory: BoundedOutputStore,
    tmp_path: Path,
) -> None:
    small = tmp_path / "small.in"
    await asyncio.to_thread(small.write_text, "20\n")
    result = await judge(
        sandbox,
        languages,
        workspace_factory,
        TestPaths(input=str(small), answer=str(small)),
        protocol=CheckerProtocol.KATTIS,
        interactor=("python3", KATTIS_SCORING),
        solution=("python3", SCORED_PY),
    )
    assert (result.verdict, result.score) == (Verdict.WRONG_ANSWER, 0.5)
