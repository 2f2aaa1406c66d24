"""The judge's verdicts end to end: real server and worker processes, driven over HTTP only.

Every installed language (Bash and Judge0's multi-file program included) gets a correct, a wrong, a slow,
a memory-hungry, two crashing, an output-flooding and a non-compiling submission (Bash has no compile step);
then the checkers (tokens, float tolerances, exact, testlib and Kattis programs), groups with samples from an
archive, pass-fail's early stop and multi-file submissions.
"""

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.e2e.judging_plan import (
    LANGUAGES,
    Judging,
    ProblemPlan,
    SubmissionPlan,
    names,
    printing,
    program,
    solution,
    verdicts,
    wait_languages,
)
from tests.e2e.service import running_service

pytestmark = pytest.mark.e2e

Submission = dict[str, Any]

# --- problems --------------------------------------------------------------------------------------------

A_PLUS_B_TESTS = (("1 2\n", "3\n"), ("-5 5\n", "0\n"), ("1000000000000 2\n", "1000000000002\n"))
TIME_LIMIT_MS = 1000
NATIVE_MEMORY_MB = 64
MANAGED_MEMORY_MB = 256  # a JVM or Node.js hello world needs far more than a native one
MANAGED_RUNTIMES = frozenset({"java", "javascript"})
OUTPUT_KB = 64


def _pass_fail(**fields: Any) -> dict[str, Any]:
    limits = {"timeMs": 3000, "memoryMb": MANAGED_MEMORY_MB} | fields.pop("limits", {})
    return {"type": "pass-fail", "checker": {"type": "tokens"}, "limits": limits, **fields}


def _scoring(**fields: Any) -> dict[str, Any]:
    return _pass_fail(type="scoring", **fields)


TESTLIB_CHECKER = {
    "type": "custom",
    "protocol": "testlib",
    "language": "cpp",
    "source": program("checkers/testlib_checker.cpp"),
}
KATTIS_VALIDATOR = {
    "type": "custom",
    "protocol": "kattis",
    "language": "python3",
    "source": program("checkers/kattis_validator.py"),
    "flags": ["strict"],
}
LABELLED = (("7\n", "14\n"),)  # the custom checkers quote the input's first token as the test's label

GROUPS_ARCHIVE = {
    "sample/1.in": "1 2\n",
    "sample/1.ans": "3\n",
    "g1/2.in": "10 20\n",
    "g1/2.ans": "30\n",
    "g1/10.in": "100 200\n",
    "g1/10.out": "300\n",
    "g2/3.in": "400 500\n",
    "g2/3.ans": "900\n",
    "g2/20.in": "1000 2000\n",
    "g2/20.ans": "3000\n",
}
GROUPS = [{"name": "sample", "points": 0}, {"name": "g1", "points": 30}, {"name": "g2", "points": 70}]

PROBLEMS: Mapping[str, ProblemPlan] = {
    "a_plus_b": ProblemPlan(fields=_pass_fail(), tests=A_PLUS_B_TESTS),
    "slow": ProblemPlan(
        # a generous wall limit: CPU time must be what stops the loop, however busy the two cores are
        fields=_pass_fail(limits={"timeMs": TIME_LIMIT_MS, "wallTimeMs": 20_000}),
        tests=A_PLUS_B_TESTS[:1],
    ),
    "memory_native": ProblemPlan(
        fields=_pass_fail(limits={"memoryMb": NATIVE_MEMORY_MB}), tests=A_PLUS_B_TESTS[:1]
    ),
    "memory_managed": ProblemPlan(
        fields=_pass_fail(limits={"memoryMb": MANAGED_MEMORY_MB}), tests=A_PLUS_B_TESTS[:1]
    ),
    "flood": ProblemPlan(fields=_pass_fail(limits={"outputKb": OUTPUT_KB}), tests=A_PLUS_B_TESTS[:1]),
    "tokens": ProblemPlan(fields=_pass_fail(), tests=(("\n", "Yes Sir\n"),)),
    "tokens_case_sensitive": ProblemPlan(
        fields=_pass_fail(checker={"type": "tokens", "caseSensitive": True}), tests=(("\n", "Yes\n"),)
    ),
    "absolute_tolerance": ProblemPlan(
        fields=_pass_fail(checker={"type": "tokens", "absoluteTolerance": 1e-6}),
        tests=(("\n", "0.333333333\n"),),
    ),
    "relative_tolerance": ProblemPlan(
        fields=_pass_fail(checker={"type": "tokens", "relativeTolerance": 1e-6}),
        tests=(("\n", "1000000\n"),),
    ),
    "exact": ProblemPlan(fields=_pass_fail(checker={"type": "exact"}), tests=(("\n", "3\n"),)),
    "testlib": ProblemPlan(fields=_pass_fail(checker=TESTLIB_CHECKER), tests=LABELLED),
    "testlib_scoring": ProblemPlan(fields=_scoring(checker=TESTLIB_CHECKER), tests=LABELLED),
    "kattis": ProblemPlan(fields=_pass_fail(checker=KATTIS_VALIDATOR), tests=LABELLED),
    "kattis_scoring": ProblemPlan(fields=_scoring(checker=KATTIS_VALIDATOR), tests=LABELLED),
    "groups": ProblemPlan(fields=_scoring(groups=GROUPS), archive=GROUPS_ARCHIVE),
    "file_writing_forbidden": ProblemPlan(fields=_pass_fail(), tests=(("\n", "EROFS created\n"),)),
    "file_writing_allowed": ProblemPlan(
        fields=_pass_fail(allowFileWriting=True), tests=(("\n", "created created\n"),)
    ),
    # threads get glibc's default 2 MiB; the main thread recurses 200 MiB deep within 256 MB
    "deep_stack": ProblemPlan(fields=_pass_fail(), tests=(("200\n", "2048 200\n"),)),
    "five_tests": ProblemPlan(
        fields=_pass_fail(), tests=tuple((f"{n}\n", f"{2 * n}\n") for n in range(1, 6))
    ),
}

# --- the verdict matrix: every language, every way a submission can end ------------------------------------

VERDICT_CASES = (
    "accepted",
    "wrong_answer",
    "time_limit_exceeded",
    "memory_limit_exceeded",
    "runtime_error_exit",
    "runtime_error_crash",
    "output_limit_exceeded",
    "compilation_error",
)
PROBLEM_OF_CASE = {
    "time_limit_exceeded": "slow",
    "memory_limit_exceeded": "memory_native",
    "output_limit_exceeded": "flood",
}


# Bash has no compile step (as in Judge0): a syntax error is the run's exit status 2.
NO_COMPILE_STEP = frozenset({"bash"})


def _cases(language: str) -> tuple[str, ...]:
    if language in NO_COMPILE_STEP:
        return tuple(case for case in VERDICT_CASES if case != "compilation_error")
    return VERDICT_CASES


def _verdict_plan(language: str, case: str) -> SubmissionPlan:
    if (language, case) == ("multifile", "compilation_error"):  # its `compile` script fails
        files = (
            ("run", program("multifile/multifile/run")),
            ("compile", program("multifile/multifile/broken_compile")),
        )
        return SubmissionPlan(problem="a_plus_b", language=language, files=files)
    problem = PROBLEM_OF_CASE.get(case, "a_plus_b")
    if problem == "memory_native" and language in MANAGED_RUNTIMES:
        problem = "memory_managed"
    return SubmissionPlan(problem=problem, language=language, source=solution(language, case))


def _memory_limit_kb(language: str) -> int:
    return (MANAGED_MEMORY_MB if language in MANAGED_RUNTIMES else NATIVE_MEMORY_MB) * 1024


def _expect_accepted(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "accepted", submission
    assert verdicts(submission) == ["accepted"] * len(A_PLUS_B_TESTS)
    assert (submission["score"], submission["maxScore"]) == (1, 1)
    assert all(test["exitCode"] == 0 and test["signal"] is None for test in submission["tests"])


def _expect_wrong_answer(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "wrong_answer", submission
    first = submission["tests"][0]
    assert (first["index"], first["verdict"]) == (1, "wrong_answer")
    assert first["checkerMessage"] == "line 1, token 1: expected '3', got '4'"
    # test 1 failed, so test 3 was never started, whichever of tests 1 and 2 finished first
    assert [test["index"] for test in submission["tests"]] in ([1], [1, 2])
    assert submission["score"] == 0


def _expect_time_limit(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "time_limit_exceeded", submission
    [test] = submission["tests"]
    assert test["verdict"] == "time_limit_exceeded"
    assert test["checkerMessage"] == "cpu limit exceeded"
    assert test["timeMs"] >= TIME_LIMIT_MS


def _expect_memory_limit(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "memory_limit_exceeded", submission
    [test] = submission["tests"]
    assert test["verdict"] == "memory_limit_exceeded"
    assert test["checkerMessage"] == "memory limit exceeded"
    assert test["memoryKb"] >= _memory_limit_kb(language) * 0.9


def _expect_exit_code_3(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "runtime_error", submission
    first = submission["tests"][0]
    assert (first["verdict"], first["exitCode"], first["signal"]) == ("runtime_error", 3, None)
    assert first["checkerMessage"] == "exit code 3"


CRASH_EXIT: Mapping[str, tuple[int | None, str | None]] = {
    "c": (None, "SIGSEGV"),  # null pointer write
    "cpp": (None, "SIGSEGV"),
    "python3": (1, None),  # uncaught KeyError
    "java": (1, None),  # uncaught ArrayIndexOutOfBoundsException
    "javascript": (1, None),  # uncaught TypeError
    "rust": (101, None),  # panic: index out of bounds
    "bash": (None, "SIGSEGV"),  # kill -SEGV $$
    "multifile": (None, "SIGSEGV"),
}


def _expect_crash(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "runtime_error", submission
    first = submission["tests"][0]
    exit_code, signal = CRASH_EXIT[language]
    assert (first["verdict"], first["exitCode"], first["signal"]) == ("runtime_error", exit_code, signal)
    assert first["checkerMessage"] == (f"killed by {signal}" if signal else f"exit code {exit_code}")


def _expect_output_limit(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "output_limit_exceeded", submission
    [test] = submission["tests"]
    assert test["verdict"] == "output_limit_exceeded"
    assert test["checkerMessage"] == "output limit exceeded"


COMPILER_SAYS: Mapping[str, str] = {
    "c": "error:",
    "cpp": "error:",
    "python3": "SyntaxError",  # the syntax check is the compile step, not a runtime error
    "java": "error:",
    "javascript": "SyntaxError",
    "rust": "error[E0308]: mismatched types",
    "multifile": "error: the build failed",  # what its failing `compile` script writes
}


def _expect_compilation_error(submission: Submission, language: str) -> None:
    assert submission["verdict"] == "compilation_error", submission
    assert submission["tests"] == []
    assert COMPILER_SAYS[language] in submission["compileOutput"]
    assert submission["score"] == 0


EXPECTATIONS: Mapping[str, Callable[[Submission, str], None]] = {
    "accepted": _expect_accepted,
    "wrong_answer": _expect_wrong_answer,
    "time_limit_exceeded": _expect_time_limit,
    "memory_limit_exceeded": _expect_memory_limit,
    "runtime_error_exit": _expect_exit_code_3,
    "runtime_error_crash": _expect_crash,
    "output_limit_exceeded": _expect_output_limit,
    "compilation_error": _expect_compilation_error,
}

# --- checkers: python3 solutions printing a fixed output ---------------------------------------------------


class CheckerCase(NamedTuple):
    problem: str
    output: str
    verdict: str
    message: str  # the test's checkerMessage
    score: float | None = None  # the submission's, out of 100, on scoring problems


AC, WA = "accepted", "wrong_answer"
CHECKER_CASES: Mapping[str, CheckerCase] = {
    "tokens-ignores_case_and_spacing": CheckerCase("tokens", "  yes\n\n SIR  \n", AC, ""),
    "tokens-wrong_token": CheckerCase(
        "tokens", "yes madam\n", WA, "line 1, token 2: expected 'Sir', got 'madam'"
    ),
    "tokens-missing_token": CheckerCase("tokens", "Yes\n", WA, "line 2: output ended, expected 'Sir'"),
    "tokens_case_sensitive-other_case": CheckerCase(
        "tokens_case_sensitive", "YES\n", WA, "line 1, token 1: expected 'Yes', got 'YES'"
    ),
    "tokens_case_sensitive-same_case": CheckerCase("tokens_case_sensitive", "Yes", AC, ""),
    "absolute_tolerance-within": CheckerCase("absolute_tolerance", "0.3333335\n", AC, ""),
    "absolute_tolerance-outside": CheckerCase(
        "absolute_tolerance", "0.33334\n", WA, "line 1, token 1: expected '0.333333333', got '0.33334'"
    ),
    "relative_tolerance-within": CheckerCase("relative_tolerance", "1000000.9\n", AC, ""),
    "relative_tolerance-exponent_form": CheckerCase("relative_tolerance", "1e6\n", AC, ""),
    "relative_tolerance-outside": CheckerCase(
        "relative_tolerance", "1000002\n", WA, "line 1, token 1: expected '1000000', got '1000002'"
    ),
    "exact-same_bytes": CheckerCase("exact", "3\n", AC, ""),
    "exact-trailing_space": CheckerCase("exact", "3 \n", WA, "line 1, column 2: expected '\\n', got ' \\n'"),
    "exact-missing_newline": CheckerCase("exact", "3", WA, "line 1, column 2: output ended, expected '\\n'"),
    "testlib-ok": CheckerCase("testlib", "14\n", AC, "test 7: ok"),
    "testlib-wrong_answer": CheckerCase("testlib", "15\n", WA, "test 7: expected 14, got 15"),
    "testlib-presentation_error": CheckerCase("testlib", "badly-formatted\n", WA, "presentation error"),
    "testlib-fail_is_internal_error": CheckerCase(
        "testlib", "judge-bug\n", "internal_error", "checker failed: test 7: the checker gives up"
    ),
    "testlib-crashing_checker_is_internal_error": CheckerCase(
        "testlib", "crash-the-checker\n", "internal_error", "checker failed: killed by SIGABRT"
    ),
    "testlib_scoring-points": CheckerCase("testlib_scoring", "half\n", WA, "points 0.5 half of test 7", 50),
    "testlib_scoring-full": CheckerCase("testlib_scoring", "14\n", AC, "test 7: ok", 100),
    "kattis-accept": CheckerCase("kattis", "14\n", AC, "[strict] test 7: correct"),
    "kattis-reject": CheckerCase("kattis", "15\n", WA, "[strict] test 7: expected 14, got 15"),
    "kattis_scoring-score_txt": CheckerCase(
        "kattis_scoring", "partial\n", WA, "[strict] test 7: a quarter right", 25
    ),
    "kattis_scoring-full": CheckerCase("kattis_scoring", "14\n", AC, "[strict] test 7: correct", 100),
}
CHECKER_LANGUAGE = {"testlib": ("cpp",), "kattis": ("python3",)}


def _checker_plan(problem: str, output: str) -> SubmissionPlan:
    needs = CHECKER_LANGUAGE.get(problem.removesuffix("_scoring"), ())
    return SubmissionPlan(problem=problem, language="python3", source=printing(output), needs=needs)


# --- groups, early stop, multi-file ------------------------------------------------------------------------

# right on small sums, wrong on medium ones, crashing on large ones
GROUPS_PARTLY_WRONG = """\
a, b = map(int, input().split())
total = a + b
if total > 2000:
    raise SystemExit(3)
print(total + 1 if total > 500 else total)
"""
# test 2 fails at once; every other test takes half a second, so test 1 is still running when test 2 fails
FAILS_FAST_ON_TEST_2 = """\
import time
n = int(input())
if n == 2:
    print(-1)
else:
    time.sleep(0.5)
    print(2 * n)
"""
MULTI_FILE: Mapping[str, tuple[str, ...]] = {
    "c": ("main.c", "adder.h", "adder.c"),
    "cpp": ("main.cpp", "adder.hpp", "adder.cpp"),
    "python3": ("main.py", "adder.py"),  # the first file is the entry point
    "java": ("Adder.java", "Solution.java"),  # the main class is neither first nor named Main
    "javascript": ("main.js", "adder.js"),
    "rust": ("main.rs", "adder.rs"),
    "bash": ("main.sh", "adder.sh"),  # main.sh sources adder.sh
    "multifile": ("run", "compile"),  # `compile` writes the script `run` sources
}


def _multi_file_plan(language: str) -> SubmissionPlan:
    files = tuple((name, program(f"multifile/{language}/{name}")) for name in MULTI_FILE[language])
    return SubmissionPlan(problem="a_plus_b", language=language, files=files)


# --- contestants' habits: files that are not sources, syntax errors in modules ----------------------------

NOT_SOURCES = (("notes.txt", "int main( { not code at all\n"), ("unused.h", "#error never included\n{{{"))


def _extra_files_plan(language: str) -> SubmissionPlan:
    """The multi-file solution plus a note and an unused header that would not compile."""
    plan = _multi_file_plan(language)
    return SubmissionPlan(problem=plan.problem, language=language, files=(*plan.files, *NOT_SOURCES))


SYNTAX_ERROR = {
    "python3": ("adder.py", "def add(a, b:\n"),
    "javascript": ("adder.js", "module.exports = ;\n"),
}


def _broken_module_plan(language: str, imported: bool) -> SubmissionPlan:
    """A syntax error in the imported module, or in a module nothing imports."""
    name, broken = SYNTAX_ERROR[language]
    files = dict(_multi_file_plan(language).files)
    if imported:
        files[name] = broken
    else:
        files["unused_" + name] = broken
    return SubmissionPlan(problem="a_plus_b", language=language, files=tuple(files.items()))


WRITE_FILE = {"c": "contest/write_file.c", "python3": "contest/write_file.py"}


def _contest_plan(problem: str, language: str, path: str) -> SubmissionPlan:
    return SubmissionPlan(problem=problem, language=language, source=program(path))


SUBMISSIONS: Mapping[str, SubmissionPlan] = {
    **{
        f"verdict-{language}-{case}": _verdict_plan(language, case)
        for language in LANGUAGES
        for case in _cases(language)
    },
    **{f"checker-{name}": _checker_plan(case.problem, case.output) for name, case in CHECKER_CASES.items()},
    **{f"multi_file-{language}": _multi_file_plan(language) for language in LANGUAGES},
    **{f"extra_files-{language}": _extra_files_plan(language) for language in LANGUAGES},
    **{
        f"broken_module-{language}-{imported}": _broken_module_plan(language, imported)
        for language in SYNTAX_ERROR
        for imported in (True, False)
    },
    **{
        f"{problem}-{language}": _contest_plan(problem, language, path)
        for problem in ("file_writing_forbidden", "file_writing_allowed")
        for language, path in WRITE_FILE.items()
    },
    "deep_stack-c": _contest_plan("deep_stack", "c", "contest/thread_stack.c"),
    "groups-partly_wrong": SubmissionPlan(problem="groups", language="python3", source=GROUPS_PARTLY_WRONG),
    "groups-correct": SubmissionPlan(
        problem="groups", language="python3", source=solution("python3", "accepted")
    ),
    "early_stop": SubmissionPlan(problem="five_tests", language="python3", source=FAILS_FAST_ON_TEST_2),
}


@pytest.fixture(scope="module")
def judging(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judging]:
    tmp_path: Path = tmp_path_factory.mktemp("judging-matrix")
    with running_service(postgres_server, tmp_path, worker_concurrency="2") as service:
        service.start_server()
        service.start_worker()
        judging = Judging(service, wait_languages(service))
        judging.create(PROBLEMS)
        judging.submit_all(SUBMISSIONS)
        yield judging


@pytest.mark.parametrize(
    ("language", "case"),
    [
        pytest.param(language, case, id=f"{language}-{case}")
        for language in LANGUAGES
        for case in _cases(language)
    ],
)
def test_verdict(judging: Judging, language: str, case: str) -> None:
    key = f"verdict-{language}-{case}"
    EXPECTATIONS[case](judging.result(key, SUBMISSIONS[key]), language)


@pytest.mark.parametrize("name", list(CHECKER_CASES))
def test_checker(judging: Judging, name: str) -> None:
    case = CHECKER_CASES[name]
    key = f"checker-{name}"
    submission = judging.result(key, SUBMISSIONS[key])
    assert submission["verdict"] == case.verdict, submission
    [test] = submission["tests"]
    assert (test["verdict"], test["checkerMessage"]) == (case.verdict, case.message)
    if case.score is not None:
        assert (submission["score"], submission["maxScore"]) == (case.score, 100)
        # a checker that gives points gives a fraction per test; plain acceptance gives none
        assert test["score"] == (case.score / 100 if case.score < 100 else None)


def test_archive_groups_and_samples_score_by_group_in_natural_order(judging: Judging) -> None:
    problem_id = judging.problem_ids["groups"]
    uploaded = judging.uploads[problem_id]
    assert [(test["index"], test["name"], test["group"], test["sample"]) for test in uploaded] == [
        (1, "1", "sample", True),
        (2, "2", "g1", False),
        (3, "3", "g2", False),
        (4, "10", "g1", False),
        (5, "20", "g2", False),
    ]
    submission = judging.result("groups-partly_wrong", SUBMISSIONS["groups-partly_wrong"])
    # g1 passes, g2 fails on test 3 (wrong) and test 20 (crash): the verdict is the earlier one in
    # natural order, which plain string order ("20" < "3") would get wrong
    assert names(submission) == ["1", "2", "3", "10", "20"]
    assert [test["group"] for test in submission["tests"]] == ["sample", "g1", "g2", "g1", "g2"]
    assert verdicts(submission) == ["accepted", "accepted", "wrong_answer", "accepted", "runtime_error"]
    assert submission["verdict"] == "wrong_answer"
    assert (submission["score"], submission["maxScore"]) == (30, 100)


def test_correct_submission_earns_every_groups_points(judging: Judging) -> None:
    submission = judging.result("groups-correct", SUBMISSIONS["groups-correct"])
    assert submission["verdict"] == "accepted"
    assert verdicts(submission) == ["accepted"] * 5
    assert (submission["score"], submission["maxScore"]) == (100, 100)


def test_pass_fail_stops_at_the_first_failing_test(judging: Judging) -> None:
    submission = judging.result("early_stop", SUBMISSIONS["early_stop"])
    assert submission["verdict"] == "wrong_answer"
    # two slots: tests 1 and 2 start together; test 2 fails while test 1 still sleeps, so test 3 never
    # starts and test 1 is still judged (an earlier failure would decide the verdict)
    assert [(test["name"], test["verdict"]) for test in submission["tests"]] == [
        ("1", "accepted"),
        ("2", "wrong_answer"),
    ]
    assert submission["tests"][1]["checkerMessage"] == "line 1, token 1: expected '4', got '-1'"


@pytest.mark.parametrize("language", LANGUAGES)
def test_multi_file_submission(judging: Judging, language: str) -> None:
    key = f"multi_file-{language}"
    submission = judging.result(key, SUBMISSIONS[key])
    assert submission["verdict"] == "accepted", submission
    assert verdicts(submission) == ["accepted"] * len(A_PLUS_B_TESTS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_files_that_are_not_sources_are_placed_not_compiled(judging: Judging, language: str) -> None:
    key = f"extra_files-{language}"
    submission = judging.result(key, SUBMISSIONS[key])
    assert submission["verdict"] == "accepted", submission
    assert verdicts(submission) == ["accepted"] * len(A_PLUS_B_TESTS)


@pytest.mark.parametrize("imported", [True, False], ids=["imported", "never_imported"])
@pytest.mark.parametrize("language", list(SYNTAX_ERROR))
def test_a_syntax_error_in_any_module_is_a_compilation_error_naming_the_file(
    judging: Judging, language: str, imported: bool
) -> None:
    key = f"broken_module-{language}-{imported}"
    submission = judging.result(key, SUBMISSIONS[key])
    assert submission["verdict"] == "compilation_error", submission
    name = SYNTAX_ERROR[language][0]
    assert (name if imported else "unused_" + name) in submission["compileOutput"]
    assert submission["tests"] == []


@pytest.mark.parametrize("allowed", [False, True], ids=["forbidden", "allowed"])
@pytest.mark.parametrize("language", list(WRITE_FILE))
def test_creating_a_file_in_the_working_directory_fails_unless_the_problem_allows_it(
    judging: Judging, language: str, allowed: bool
) -> None:
    """The expected answers say what `open` gave: EROFS in the working directory when forbidden, and
    /tmp writable either way; a solution expecting that is accepted."""
    key = f"file_writing_{'allowed' if allowed else 'forbidden'}-{language}"
    submission = judging.result(key, SUBMISSIONS[key])
    assert submission["verdict"] == "accepted", submission


def test_threads_get_2_mib_stacks_while_main_recurses_to_the_memory_limit(judging: Judging) -> None:
    submission = judging.result("deep_stack-c", SUBMISSIONS["deep_stack-c"])
    assert submission["verdict"] == "accepted", submission


def test_the_languages_under_test_are_the_installed_ones(judging: Judging) -> None:
    """A language the worker detects but this module does not cover would go unjudged here."""
    assert judging.available <= set(LANGUAGES), sorted(judging.available - set(LANGUAGES))
