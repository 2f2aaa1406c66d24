"""Sources are bytes end to end, in every installed language: real server and worker processes and the real
sandbox. The compiler decides what is valid (a CP1251 comment, a NUL, a UTF-16 file), never the API, and
the stored bytes come back exactly (base64 when they are not UTF-8)."""

import base64
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.e2e.judging_plan import Judging, ProblemPlan, SubmissionPlan, solution, verdicts, wait_languages
from tests.e2e.service import running_service

pytestmark = pytest.mark.e2e

A_PLUS_B_TESTS = (("1 2\n", "3\n"), ("-5 5\n", "0\n"))
PROBLEMS: Mapping[str, ProblemPlan] = {
    "a_plus_b": ProblemPlan(
        fields={
            "type": "pass-fail",
            "checker": {"type": "tokens"},
            "limits": {"timeMs": 3000, "memoryMb": 256},
        },
        tests=A_PLUS_B_TESTS,
    )
}

CP1251_COMMENT = "комментарий".encode("cp1251")
COMMENT_MARK = {"c": b"//", "cpp": b"//", "java": b"//", "javascript": b"//", "python3": b"#"}


def _cp1251_commented(language: str, declared: bool = False) -> bytes:
    """The accepted solution behind a comment in CP1251 (and, for Python, its PEP 263 declaration)."""
    head = b"# -*- coding: cp1251 -*-\n" if declared else b""
    return (
        head
        + COMMENT_MARK[language]
        + b" "
        + CP1251_COMMENT
        + b"\n"
        + solution(language, "accepted").encode()
    )


# gcc, g++ and node take a comment's bytes as they are; javac reads UTF-8 (`-encoding UTF-8`) and refuses
# unmappable bytes; Python refuses them without a PEP 263 declaration and takes them with one.
CASES: Mapping[str, tuple[str, bytes, str]] = {
    **{
        f"cp1251-{language}": (language, _cp1251_commented(language), verdict)
        for language, verdict in (
            ("c", "accepted"),
            ("cpp", "accepted"),
            ("javascript", "accepted"),
            ("java", "compilation_error"),
            ("python3", "compilation_error"),
        )
    },
    "cp1251_declared-python3": ("python3", _cp1251_commented("python3", declared=True), "accepted"),
    # saved as "Unicode" by an old editor: every other byte is NUL
    "utf16-c": ("c", solution("c", "accepted").encode("utf-16"), "compilation_error"),
    "nul-c": ("c", b"int main(void) { ret\0urn 0; }\n", "compilation_error"),
    "nul-python3": ("python3", solution("python3", "accepted").encode() + b"# \0\n", "compilation_error"),
    "nul-javascript": (
        "javascript",
        b"\0" + solution("javascript", "accepted").encode(),
        "compilation_error",
    ),
}
SUBMISSIONS: Mapping[str, SubmissionPlan] = {
    name: SubmissionPlan(problem="a_plus_b", language=language, source=source)
    for name, (language, source, _) in CASES.items()
}


@pytest.fixture(scope="module")
def judging(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judging]:
    tmp_path: Path = tmp_path_factory.mktemp("source-bytes")
    with running_service(postgres_server, tmp_path, worker_concurrency="2") as service:
        service.start_server()
        service.start_worker()
        judging = Judging(service, wait_languages(service))
        judging.create(PROBLEMS)
        judging.submit_all(SUBMISSIONS)
        yield judging


@pytest.mark.parametrize("name", list(CASES))
def test_the_compiler_decides_and_the_bytes_come_back_exactly(judging: Judging, name: str) -> None:
    _, source, verdict = CASES[name]
    submission = judging.result(name, SUBMISSIONS[name])
    assert submission["verdict"] == verdict, submission
    if verdict == "accepted":
        assert verdicts(submission) == ["accepted"] * len(A_PLUS_B_TESTS)
    else:
        assert submission["tests"] == []
        assert submission["compileOutput"]
    [file] = submission["files"]
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        assert file["content"] is None
        assert base64.b64decode(file["contentBase64"]) == source
    else:
        assert (file["content"], file["contentBase64"]) == (text, None)


def test_a_python_source_refused_for_its_encoding_is_named_in_the_compile_output(judging: Judging) -> None:
    submission = judging.result("cp1251-python3", SUBMISSIONS["cp1251-python3"])
    assert "main.py" in submission["compileOutput"]
    assert "encoding" in submission["compileOutput"]


def test_a_rejudge_judges_the_same_bytes_again(judging: Judging) -> None:
    first = judging.result("cp1251-cpp", SUBMISSIONS["cp1251-cpp"])
    requeued = judging.service.http.post(f"/submissions/{first['id']}/rejudge")
    assert requeued.status_code == 202, requeued.text

    again = judging.service.wait_finished(first["id"], timeout=120)

    assert again["verdict"] == "accepted", again
    assert again["files"] == first["files"]
