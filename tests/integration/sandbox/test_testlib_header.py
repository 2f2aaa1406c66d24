"""Authors' checkers and interactors compile unchanged in the real sandbox: programs written as testlib's
stock checkers are (each `#include "testlib.h"`) find the judge's own testlib.h on their include path and
judge through `JudgeSubmission` as testlib's exit codes say; a testlib interactor with a testlib checker
of its output file; a Kattis validator given as `files` with its own header. The programs are in
`testlib_programs/`, written for these tests."""

import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from application.judging.checking import jury_compile_request
from application.judging.policy import COMPILE_LIMITS, JudgingPolicy
from application.judging.ports import Toolchains, WorkerIdentity
from application.judging.sandbox import BoxFile, CompileRequest, ExecuteRequest, RunLimits
from application.judging.usecases.judge_submission import JudgeSubmission
from domain.judging.checkers import CheckerFile, CustomChecker
from domain.judging.enums import CheckerProtocol, ProblemType, Verdict
from domain.languages.entities import Language
from domain.problems.entities import Limits, TestData
from domain.submissions.entities import SourceFile, TestResult
from infrastructure.judging.files import BoundedOutputStore, FileOutputChecker
from infrastructure.sandbox import IsolatedSandbox
from tests.unit.application.judging.fakes import (
    FakeTestFiles,
    JournalTransactions,
    make_submission,
    make_test,
)
from tests.unit.application.problems.fakes import FakeProblems, FakeTests, make_problem
from tests.unit.application.submissions.fakes import FakeSubmissionStore
from tests.unit.fakes import FakeClock

pytestmark = pytest.mark.usefixtures("clean_host")

PROGRAMS = Path(__file__).parent / "testlib_programs"


def program(name: str) -> str:
    return (PROGRAMS / name).read_text()


def stock_checker(name: str) -> CustomChecker:
    return CustomChecker(protocol=CheckerProtocol.TESTLIB, language="cpp", source=program(name))


class _Toolchains(Toolchains):
    def __init__(self, languages: dict[str, Language]) -> None:
        self._languages = languages

    def get(self, language_id: str) -> Language | None:
        return self._languages.get(language_id)


@dataclass(frozen=True, slots=True)
class Judged:
    verdict: Verdict | None
    score: float | None
    tests: list[TestResult]
    compile_output: str

    @property
    def message(self) -> str:
        return self.tests[0].checker_message


@pytest.fixture
def cpp(languages: dict[str, Language]) -> dict[str, Language]:
    if "cpp" not in languages or "python3" not in languages:
        pytest.skip("g++ and python3 are needed")
    return languages


class Judge(Protocol):
    def __call__(
        self,
        checker: CustomChecker,
        tests: list[tuple[str, str]],
        solution: str,
        *,
        interactor: CustomChecker | None = None,
        type: ProblemType = ProblemType.SCORING,
    ) -> Awaitable[Judged]: ...


@pytest.fixture
def judge(sandbox: IsolatedSandbox, cpp: dict[str, Language], tmp_path: Path) -> Judge:
    async def run(
        checker: CustomChecker,
        tests: list[tuple[str, str]],
        solution: str,
        *,
        interactor: CustomChecker | None = None,
        type: ProblemType = ProblemType.SCORING,
    ) -> Judged:
        problem = make_problem(type=type, checker=checker)
        problem.interactor = interactor
        problem.limits = Limits(time_ms=2000, memory_mb=256)
        reader = FakeTests()
        data = {}
        for index, (given, expected) in enumerate(tests, 1):
            data[str(index)] = (given.encode(), expected.encode())
            await reader.add(
                make_test(problem.id, str(index)), TestData(input=given.encode(), answer=expected.encode())
            )
        journal: list[str] = []
        store = FakeSubmissionStore(journal)
        submission = make_submission(problem.id)
        submission.files = [SourceFile(name="main.py", content=solution.encode())]
        store.put(submission)
        use_case = JudgeSubmission(
            store=store,
            submissions=store,
            problems=FakeProblems(problem),
            tests=reader,
            test_files=FakeTestFiles(tmp_path / f"tests-{uuid.uuid4().hex}", data),
            outputs=BoundedOutputStore(tmp_path / f"work-{uuid.uuid4().hex}", capacity=64 * 1024 * 1024),
            sandbox=sandbox,
            output_checker=FileOutputChecker(),
            toolchains=_Toolchains(cpp),
            identity=WorkerIdentity(uuid.uuid4()),
            clock=FakeClock(),
            tx=JournalTransactions(journal),
            policy=JudgingPolicy(slots=2, flush_interval_seconds=0.0),
        )
        await use_case()
        row = store.rows[submission.id]
        return Judged(
            verdict=row.verdict,
            score=row.score,
            tests=store.tests_of(submission.id, attempt=1),
            compile_output=row.compile_output or "",
        )

    return run


def prints(text: str) -> str:
    return f"import sys\nsys.stdout.write({text!r})\n"


STOCK_CASES = [
    # checker, answer, output, verdict, words of the message
    ("wcmp.cpp", "hello  world\n", "hello\nworld", Verdict.ACCEPTED, "2 tokens"),
    ("wcmp.cpp", "hello world\n", "hello there\n", Verdict.WRONG_ANSWER, "2nd words differ"),
    ("wcmp.cpp", "hello world\n", "hello\n", Verdict.WRONG_ANSWER, "ends after 1 tokens"),
    ("lcmp.cpp", "a b\nc\n\n", "a   b\r\nc\n", Verdict.ACCEPTED, "2 lines"),
    ("lcmp.cpp", "a b\nc\n", "a b c\n", Verdict.WRONG_ANSWER, "1st lines differ"),
    ("ncmp.cpp", "1 -2 3000000000000\n", "1\n-2\n3000000000000\n", Verdict.ACCEPTED, "3 numbers"),
    ("ncmp.cpp", "1 2 3\n", "1 2 4\n", Verdict.WRONG_ANSWER, "3rd numbers differ"),
    ("ncmp.cpp", "1 2\n", "1 02\n", Verdict.WRONG_ANSWER, "wrong output format Expected integer"),
    ("ncmp.cpp", "1 2\n", "1 two\n", Verdict.WRONG_ANSWER, 'wrong output format Expected integer, but "two"'),
    ("ncmp.cpp", "1\n", "1 2\n", Verdict.WRONG_ANSWER, "1 number more"),
    ("rcmp6.cpp", "1.5 100000\n", "1.5000004 100000.09\n", Verdict.ACCEPTED, "2 numbers"),
    ("rcmp6.cpp", "1.5\n", "1.50001\n", Verdict.WRONG_ANSWER, "1st numbers differ"),
    ("rcmp6.cpp", "1.5\n", "1.5 junk\n", Verdict.WRONG_ANSWER, "Extra information in the output file"),
    ("rcmp6.cpp", "1.5\n", "nan\n", Verdict.WRONG_ANSWER, "wrong output format Expected double"),
    ("yesno.cpp", "YES\n", "yes\n", Verdict.ACCEPTED, "answer is YES"),
    ("yesno.cpp", "YES\n", "No\n", Verdict.WRONG_ANSWER, "expected YES, found NO"),
    ("yesno.cpp", "NO\n", "maybe\n", Verdict.WRONG_ANSWER, "wrong output format YES or NO expected"),
    ("yesno.cpp", "NO\n", "", Verdict.WRONG_ANSWER, "unexpected eof"),
    ("tokens_to_numbers.cpp", "6\n", "1 2 3\n", Verdict.ACCEPTED, "3 numbers sum to 6"),
    ("tokens_to_numbers.cpp", "6\n", "1 2 4\n", Verdict.WRONG_ANSWER, "sum to 7, expected 6"),
    ("tokens_to_numbers.cpp", "6\n", "1 2 03\n", Verdict.WRONG_ANSWER, 'Expected integer, but "03"'),
]


@pytest.mark.parametrize(
    ("checker", "answer", "output", "verdict", "message"),
    STOCK_CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(STOCK_CASES)],
)
async def test_stock_style_checkers_including_testlib_h_judge_by_testlibs_exit_codes(
    judge: Judge, checker: str, answer: str, output: str, verdict: Verdict, message: str
) -> None:
    judged = await judge(stock_checker(checker), [("", answer)], prints(output))
    assert (judged.verdict, judged.tests[0].verdict) == (verdict, verdict), judged
    assert message in judged.message, judged.message


async def test_a_checker_that_fails_is_an_internal_error_not_the_contestants(judge: Judge) -> None:
    judged = await judge(stock_checker("fails.cpp"), [("", "-5\n")], prints("-5\n"))
    assert judged.verdict is Verdict.INTERNAL_ERROR
    assert judged.tests[0].verdict is Verdict.INTERNAL_ERROR
    assert "the answer -5 is negative" in judged.message


async def test_a_jury_stream_read_error_is_a_fail_whatever_the_reading_call_says(judge: Judge) -> None:
    """ncmp reads the answer with readLong: a malformed answer is the jury's fault (FAIL), not a PE."""
    judged = await judge(stock_checker("ncmp.cpp"), [("", "1 x\n")], prints("1 2\n"))
    assert judged.verdict is Verdict.INTERNAL_ERROR
    assert "answer.txt" in judged.message


async def test_points_become_the_tests_score(judge: Judge) -> None:
    judged = await judge(
        stock_checker("points.cpp"),
        [("", "1 2 3 4\n"), ("", "5\n")],
        prints("1 2 9 4\n"),
    )
    first = judged.tests[0]
    assert (first.verdict, first.score) == (Verdict.WRONG_ANSWER, 0.75), first
    assert "3 of 4 right" in first.checker_message
    assert judged.tests[1].score == 0.0


GUESSER = """
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
LINEAR = "guess = 1\nwhile (print(guess, flush=True) or input()) != 'correct':\n    guess += 1\n"
SILENT = "import sys\nsys.stdin.read()\n"
GARBAGE = "print('hello', flush=True)\ninput()\n"
INTERACTOR = CustomChecker(
    protocol=CheckerProtocol.TESTLIB, language="cpp", source=program("guess_interactor.cpp")
)

GUESSING_CASES = [
    ("binary search", 250000000, GUESSER, Verdict.ACCEPTED, "2 queries"),
    ("binary search, the first guess", 500000000, GUESSER, Verdict.ACCEPTED, "1 queries"),
    ("the checker refuses 30 queries", 987654321, GUESSER, Verdict.WRONG_ANSWER, "at most 25"),
    ("31 queries", 40, LINEAR, Verdict.WRONG_ANSWER, "more than 30 queries"),
    ("never answering", 7, SILENT, Verdict.TIME_LIMIT_EXCEEDED, "wall"),
    ("garbage", 7, GARBAGE, Verdict.WRONG_ANSWER, 'Expected integer, but "hello"'),
]


@pytest.mark.parametrize(
    ("case", "secret", "solution", "verdict", "message"),
    GUESSING_CASES,
    ids=[case[0] for case in GUESSING_CASES],
)
async def test_a_testlib_interactor_and_a_testlib_checker_of_its_output_judge_the_guessing_game(
    judge: Judge, case: str, secret: int, solution: str, verdict: Verdict, message: str
) -> None:
    judged = await judge(
        stock_checker("guess_checker.cpp"),
        [(f"{secret}\n", f"{secret}\n")],
        solution,
        interactor=INTERACTOR,
        type=ProblemType.PASS_FAIL,
    )
    assert judged.verdict is verdict, (case, judged)
    assert message in judged.message, (case, judged.message)


def kattis_files(*names: str) -> CustomChecker:
    return CustomChecker(
        protocol=CheckerProtocol.KATTIS,
        language="cpp",
        files=tuple(CheckerFile(name=name, content=program(name)) for name in names),
    )


@pytest.mark.parametrize(
    ("output", "verdict", "message"),
    [
        ("42\n", Verdict.ACCEPTED, "the number is right"),
        ("41\n", Verdict.WRONG_ANSWER, "expected 42, found 41"),
        ("42 and more\n", Verdict.WRONG_ANSWER, "trailing output: and"),
    ],
)
async def test_a_kattis_validator_given_as_files_compiles_with_its_own_header(
    judge: Judge, output: str, verdict: Verdict, message: str
) -> None:
    judged = await judge(kattis_files("validate.cc", "validate.h"), [("", "42\n")], prints(output))
    assert judged.verdict is verdict, judged
    assert judged.message == message


async def test_an_authors_own_testlib_h_among_the_files_wins_over_the_judges(judge: Judge) -> None:
    own = (
        "#pragma once\n#include <cstdio>\n"
        'inline int ownHeader() { std::fputs("own testlib", stderr); return 0; }\n'
    )
    checker = CustomChecker(
        protocol=CheckerProtocol.TESTLIB,
        language="cpp",
        files=(
            CheckerFile(
                name="check.cpp", content='#include "testlib.h"\nint main() { return ownHeader(); }\n'
            ),
            CheckerFile(name="testlib.h", content=own),
        ),
    )
    judged = await judge(checker, [("", "1\n")], prints("1\n"))
    assert (judged.verdict, judged.message) == (Verdict.ACCEPTED, "own testlib")


async def test_a_contestants_program_does_not_get_the_jury_header(
    sandbox: IsolatedSandbox, cpp: dict[str, Language]
) -> None:
    source = BoxFile(name="main.cpp", content=b'#include "testlib.h"\nint main() { return 0; }\n')
    compiled = await sandbox.compile(
        CompileRequest(language=cpp["cpp"], files=[source], limits=COMPILE_LIMITS)
    )
    assert compiled.artifact is None
    assert "testlib.h" in compiled.output
    jury = await sandbox.compile(
        jury_compile_request(
            CustomChecker(protocol=CheckerProtocol.TESTLIB, language="cpp", source=source.content.decode()),
            cpp["cpp"],
            COMPILE_LIMITS,
        )
    )
    assert jury.artifact is not None, jury.output


async def _jury_artifact(sandbox: IsolatedSandbox, language: Language, name: str) -> str:
    spec = CustomChecker(protocol=CheckerProtocol.TESTLIB, language="cpp", source=program(name))
    compiled = await sandbox.compile(jury_compile_request(spec, language, COMPILE_LIMITS))
    assert compiled.artifact is not None, compiled.output
    return compiled.artifact


async def _run(
    sandbox: IsolatedSandbox, artifact: str, stdin: bytes, tmp_path: Path, *args: str
) -> tuple[int | None, bytes, str]:
    stdin_path, stdout_path = tmp_path / f"in-{uuid.uuid4().hex}", tmp_path / f"out-{uuid.uuid4().hex}"
    stdin_path.write_bytes(stdin)
    result = await sandbox.execute(
        ExecuteRequest(
            artifact=artifact,
            stdin_path=str(stdin_path),
            stdout_path=str(stdout_path),
            limits=RunLimits(),
            args=args,
        )
    )
    return result.report.exit_code, stdout_path.read_bytes(), result.stderr.decode()


@pytest.mark.parametrize(
    ("given", "exit_code", "message"),
    [
        ("3\n1 -2 3\nab\n1.25\n", 0, ""),
        ("2\n1  2\nab\n1.25\n", 3, "FAIL Unexpected white-space - token expected (stdin, line 2)"),
        ("2\n1 2\nab\n1.5\n", 3, "(stdin, line 4)"),
        ("2\n1 2\nab1\n1.25\n", 3, 'doesn\'t correspond to pattern "[a-z]{1,5}"'),
        ("2\n1 2\nab\n1.25\n\n", 3, "Expected EOF"),
        ("200\n", 3, "Integer parameter [name=n] equals to 200, violates the range [1, 100]"),
        ("2\r\n1 2\nab\n1.25\n", 3, "(stdin, line 1)"),
    ],
)
async def test_a_testlib_validator_reads_its_input_strictly(
    sandbox: IsolatedSandbox,
    cpp: dict[str, Language],
    tmp_path: Path,
    given: str,
    exit_code: int,
    message: str,
) -> None:
    artifact = await _jury_artifact(sandbox, cpp["cpp"], "validator.cpp")
    code, _, stderr = await _run(sandbox, artifact, given.encode(), tmp_path)
    assert code == exit_code, stderr
    assert message in stderr


async def test_a_testlib_generator_is_seeded_by_its_arguments_and_its_tests_validate(
    sandbox: IsolatedSandbox, cpp: dict[str, Language], tmp_path: Path
) -> None:
    generator = await _jury_artifact(sandbox, cpp["cpp"], "generator.cpp")
    validator = await _jury_artifact(sandbox, cpp["cpp"], "validator.cpp")
    outputs = []
    for args in (["-n=5"], ["-n=5"], ["-n", "5", "again"], ["-n=7"]):
        code, test, stderr = await _run(sandbox, generator, b"", tmp_path, *args)
        assert code == 0, stderr
        assert (await _run(sandbox, validator, test, tmp_path))[0] == 0, test
        outputs.append(test)
    assert outputs[0] == outputs[1]
    assert len({outputs[0], outputs[2], outputs[3]}) == 3
    assert outputs[3].startswith(b"7\n")
    assert sorted(outputs[3].split(b"\n")[1].split()) == [b"1", b"2", b"3", b"4", b"5", b"6", b"7"]


async def test_the_headers_helpers_pass_their_self_test_in_the_sandbox(
    sandbox: IsolatedSandbox, cpp: dict[str, Language], tmp_path: Path
) -> None:
    """Patterns (matching what they generate), string helpers, reals, string-backed streams, rnd."""
    artifact = await _jury_artifact(sandbox, cpp["cpp"], "selftest.cpp")
    code, stdout, stderr = await _run(sandbox, artifact, b"", tmp_path, "seed")
    assert (code, stdout) == (0, b"all good\n"), stdout + stderr.encode()
