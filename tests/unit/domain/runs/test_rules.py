import uuid
from datetime import UTC, datetime

import pytest

from domain.accounts.entities import Principal, Role
from domain.runs.entities import Run, RunLimitsSpec, RunOutcome, RunResult, RunStatus, RunVerdict
from domain.runs.rules import can_see_run, normalized_output, verdict_of
from infrastructure.http.judge0.serialize import (
    ALL_FIELDS,
    DEFAULT_FIELDS,
    NotUtf8Error,
    render,
    status_id,
    timestamp,
)

LIMITS = RunLimitsSpec(cpu_ms=1000, wall_ms=2000, memory_kb=65536, processes=1, stack_kb=0, output_bytes=1024)


def _run(result: RunResult | None, status: RunStatus = RunStatus.FINISHED) -> Run:
    return Run(
        id=uuid.uuid4(),
        language="c",
        files=[],
        stdin=b"",
        limits=LIMITS,
        created_at=datetime(2026, 12, 3, 10, 0, 0, 123456, tzinfo=UTC),
        status=status,
        result=result,
    )


def test_outputs_compare_without_trailing_spaces_and_empty_lines() -> None:
    assert normalized_output(b"1 2  \n3\t\n\n\n") == normalized_output(b"1 2\n3")
    assert normalized_output(b"1  2\n") != normalized_output(b"1 2\n")
    assert normalized_output(b"\n1\n") != normalized_output(b"1\n")


def test_a_verdict_only_for_a_clean_run_with_an_expected_output() -> None:
    assert verdict_of(RunOutcome.OK, b"3\n", b"3") is RunVerdict.ACCEPTED
    assert verdict_of(RunOutcome.OK, b"4\n", b"3") is RunVerdict.WRONG_ANSWER
    assert verdict_of(RunOutcome.OK, b"3\n", None) is None
    assert verdict_of(RunOutcome.TIME_LIMIT, b"3\n", b"3") is None


def test_only_the_creator_and_admins_see_a_run() -> None:
    owner = uuid.uuid4()
    assert can_see_run(Principal(account_id=owner, role=Role.USER, key_id=None), owner)
    assert not can_see_run(Principal(account_id=uuid.uuid4(), role=Role.AUTHOR, key_id=None), owner)
    assert can_see_run(Principal(account_id=uuid.uuid4(), role=Role.ADMIN, key_id=None), owner)
    assert not can_see_run(Principal(account_id=uuid.uuid4(), role=Role.USER, key_id=None), None)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (RunResult(outcome=RunOutcome.OK), 3),
        (RunResult(outcome=RunOutcome.OK, verdict=RunVerdict.WRONG_ANSWER), 4),
        (RunResult(outcome=RunOutcome.TIME_LIMIT), 5),
        (RunResult(outcome=RunOutcome.COMPILATION_ERROR), 6),
        (RunResult(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGSEGV"), 7),
        (RunResult(outcome=RunOutcome.OUTPUT_LIMIT), 8),
        (RunResult(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGFPE"), 9),
        (RunResult(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGABRT"), 10),
        (RunResult(outcome=RunOutcome.RUNTIME_ERROR, exit_code=1), 11),
        (RunResult(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGKILL"), 12),
        (RunResult(outcome=RunOutcome.MEMORY_LIMIT), 12),
        (RunResult(outcome=RunOutcome.INTERNAL_ERROR), 13),
    ],
)
def test_judge0_status_ids(result: RunResult, expected: int) -> None:
    assert status_id(_run(result)) == expected


def test_judge0_status_ids_before_the_end() -> None:
    assert status_id(_run(None, RunStatus.QUEUED)) == 1
    assert status_id(_run(None, RunStatus.RUNNING)) == 2


def test_judge0_formats() -> None:
    run = _run(RunResult(outcome=RunOutcome.RUNTIME_ERROR, signal="SIGSEGV", time_ms=12, wall_time_ms=1500))
    shown = render(run, ALL_FIELDS, encoded=False, languages={})
    assert shown["time"] == "0.012"
    assert shown["wall_time"] == "1.500"
    assert shown["exit_signal"] == 11
    assert shown["status"] == {"id": 7, "description": "Runtime Error (SIGSEGV)"}
    assert shown["created_at"] == "2026-12-03T10:00:00.123Z"
    assert datetime.strptime(shown["created_at"], "%Y-%m-%dT%H:%M:%S.%fZ").microsecond == 123000
    assert timestamp(None) is None
    assert set(render(run, DEFAULT_FIELDS, encoded=False, languages={})) == set(DEFAULT_FIELDS)


def test_output_that_is_not_utf8_needs_base64() -> None:
    run = _run(RunResult(outcome=RunOutcome.OK, stdout=b"\xff"))
    with pytest.raises(NotUtf8Error):
        render(run, ("stdout",), encoded=False, languages={})
    assert render(run, ("stdout",), encoded=True, languages={}) == {"stdout": "/w=="}
