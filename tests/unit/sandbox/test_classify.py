from dataclasses import replace

import pytest

from application.judging.sandbox import Outcome, RunLimits, TimeLimitKind
from infrastructure.sandbox.cgroups import CgroupUsage
from infrastructure.sandbox.engine import classify
from infrastructure.sandbox.zygote import RunReply

LIMITS = RunLimits(cpu_ms=1000, wall_ms=3000)
EXITED = RunReply(
    status="exited",
    code=0,
    sig=0,
    killed="none",
    wall_us=5000,
    out_bytes=0,
    err_bytes=0,
    ru_cpu_us=0,
    ru_maxrss_kib=0,
    sink_error="",
    reset_error="",
    err="",
)
USAGE = CgroupUsage(cpu_ms=3, memory_kib=900, oom_kills=0)


def test_clean_exit_is_ok_with_kernel_counters() -> None:
    report = classify(EXITED, USAGE, LIMITS, isolated=True)
    assert (report.outcome, report.cpu_ms, report.memory_kib, report.wall_ms) == (Outcome.OK, 3, 900, 5)


def test_oom_kill_is_a_memory_limit_whatever_the_status() -> None:
    killed = replace(EXITED, status="signaled", sig=9, code=-1)
    report = classify(killed, replace(USAGE, oom_kills=1), LIMITS, isolated=True)
    assert report.outcome is Outcome.MEMORY_LIMIT
    assert report.signal == "SIGKILL"


def test_sigkill_without_oom_is_a_runtime_error_not_a_memory_limit() -> None:
    report = classify(replace(EXITED, status="signaled", sig=9, code=-1), USAGE, LIMITS, isolated=True)
    assert (report.outcome, report.signal) == (Outcome.RUNTIME_ERROR, "SIGKILL")


@pytest.mark.parametrize(
    ("reply", "usage", "kind"),
    [
        (replace(EXITED, status="killed", killed="cpu"), replace(USAGE, cpu_ms=1001), TimeLimitKind.CPU),
        (EXITED, replace(USAGE, cpu_ms=1001), TimeLimitKind.CPU),
        (replace(EXITED, status="killed", killed="wall"), USAGE, TimeLimitKind.WALL),
        (replace(EXITED, status="signaled", sig=24), USAGE, TimeLimitKind.CPU),
    ],
)
def test_time_limits_say_which(reply: RunReply, usage: CgroupUsage, kind: TimeLimitKind) -> None:
    report = classify(reply, usage, LIMITS, isolated=True)
    assert (report.outcome, report.time_limit_kind) == (Outcome.TIME_LIMIT, kind)


def test_output_caps_and_file_size_are_output_limits() -> None:
    assert (
        classify(replace(EXITED, killed="stdout"), USAGE, LIMITS, isolated=True).outcome
        is Outcome.OUTPUT_LIMIT
    )
    xfsz = replace(EXITED, status="signaled", sig=25)
    assert classify(xfsz, USAGE, LIMITS, isolated=True).outcome is Outcome.OUTPUT_LIMIT


def test_nonzero_exit_is_a_runtime_error_with_its_code() -> None:
    report = classify(replace(EXITED, code=3), USAGE, LIMITS, isolated=False)
    assert (report.outcome, report.exit_code, report.isolated) == (Outcome.RUNTIME_ERROR, 3, False)


def test_setup_failure_is_our_fault() -> None:
    report = classify(
        replace(EXITED, status="setup_error", err="execve: ENOENT"), None, LIMITS, isolated=True
    )
    assert report.outcome is Outcome.INTERNAL_ERROR
    assert report.internal_reason is not None
    assert "execve" in report.internal_reason


def test_without_cgroups_rusage_is_used() -> None:
    report = classify(replace(EXITED, ru_cpu_us=12_000, ru_maxrss_kib=777), None, LIMITS, isolated=False)
    assert (report.cpu_ms, report.memory_kib) == (12, 777)
