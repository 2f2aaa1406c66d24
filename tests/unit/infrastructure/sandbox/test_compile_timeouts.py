"""A remembered compile time-out answers the same source only for a while and only under limits no larger
than those it ran out of; other cached results always answer."""

from application.judging.sandbox import RunOutcome, RunReport, TimeLimitKind
from infrastructure.sandbox.cache import Artifact

TIMED_OUT = Artifact(
    key="b" * 64,
    ok=False,
    output="the compiler exceeded its cpu limit",
    report=RunReport(outcome=RunOutcome.TIME_LIMIT, time_limit_kind=TimeLimitKind.CPU),
    timed_out_under=(20_000, 40_000),
    expires_at=1000.0,
)


def test_a_time_out_answers_under_the_same_or_smaller_limits_until_it_expires() -> None:
    assert TIMED_OUT.holds(20_000, 40_000, now=999.0)
    assert TIMED_OUT.holds(5_000, 10_000, now=0.0)
    assert not TIMED_OUT.holds(20_000, 40_000, now=1000.0)


def test_a_time_out_does_not_answer_a_compilation_with_more_time() -> None:
    assert not TIMED_OUT.holds(30_000, 40_000, now=0.0)
    assert not TIMED_OUT.holds(20_000, 60_000, now=0.0)


def test_a_compiled_artifact_always_answers() -> None:
    compiled = Artifact(key="c" * 64, ok=True, output="", report=RunReport(outcome=RunOutcome.OK))
    assert compiled.holds(60_000, 120_000, now=1e12)
