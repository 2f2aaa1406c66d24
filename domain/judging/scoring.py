"""From per-test results to a submission's verdict, score and resource usage.

Rules, per problem type (each a row of `_POLICIES`):
- pass-fail (ICPC): judging stops at the first failing test (`application/judging/scheduler.py` runs no
  test after it); the score is 1 when accepted, else 0, out of 1.
- scoring: every test runs. A group earns `points * min(fraction of its tests)`, where a test's fraction
  is its checker's partial score when it gave one, else 1 when accepted and 0 otherwise; so a group earns
  its points when all its tests pass. The score is the sum over groups, out of the sum of group points.
  A problem that declares no groups has one group, "default", worth 100 points. A declared group with no
  tests earns nothing (it shows as points no one can get, rather than points given away); tests in an
  undeclared group earn nothing but still count for the verdict.
The verdict is the first non-accepted test's verdict in test order, else accepted; `compilation_error`
when compilation failed. Time and memory are the maxima over the tests that ran.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from domain.judging.enums import ProblemType, Verdict
from domain.judging.exceptions import DuplicateGroupError, InvalidGroupError

DEFAULT_GROUP = "default"
DEFAULT_GROUP_POINTS = 100.0
PASS_FAIL_MAX_SCORE = 1.0
_SCORE_DIGITS = 6  # sums of float points (0.1 + 0.2) should not show as 0.30000000000000004


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    name: str
    points: float

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidGroupError("a group needs a name", details={"field": "name"})
        if not (math.isfinite(self.points) and self.points >= 0):
            raise InvalidGroupError(
                "group points must be a finite number >= 0",
                details={"group": self.name, "points": self.points},
            )


def effective_groups(declared: Sequence[Group]) -> tuple[Group, ...]:
    """The groups a problem is scored by: the declared ones (names unique) or the single default group."""
    seen: set[str] = set()
    for group in declared:
        if group.name in seen:
            raise DuplicateGroupError(
                f"group {group.name!r} is declared twice", details={"group": group.name}
            )
        seen.add(group.name)
    return tuple(declared) or (Group(name=DEFAULT_GROUP, points=DEFAULT_GROUP_POINTS),)


class JudgedTest(Protocol):
    """What scoring needs from one test's result (a submission's test-result entity fits)."""

    @property
    def group(self) -> str: ...
    @property
    def verdict(self) -> Verdict: ...
    @property
    def score(self) -> float | None: ...
    @property
    def time_ms(self) -> int: ...
    @property
    def memory_kb(self) -> int: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseResult:
    """A plain `JudgedTest`."""

    verdict: Verdict
    group: str = DEFAULT_GROUP
    score: float | None = None
    time_ms: int = 0
    memory_kb: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary:
    verdict: Verdict
    score: float
    max_score: float
    time_ms: int
    memory_kb: int


def fraction(result: JudgedTest) -> float:
    """How much of a test was solved: the checker's partial score, else 1 if accepted, else 0."""
    if result.score is not None:
        return result.score
    return 1.0 if result.verdict is Verdict.ACCEPTED else 0.0


def final_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    return next((verdict for verdict in verdicts if verdict is not Verdict.ACCEPTED), Verdict.ACCEPTED)


class _Policy(Protocol):
    def max_score(self, groups: tuple[Group, ...]) -> float: ...
    def score(self, groups: tuple[Group, ...], results: Sequence[JudgedTest]) -> float: ...


class _PassFail:
    def max_score(self, groups: tuple[Group, ...]) -> float:
        return PASS_FAIL_MAX_SCORE

    def score(self, groups: tuple[Group, ...], results: Sequence[JudgedTest]) -> float:
        accepted = final_verdict(result.verdict for result in results) is Verdict.ACCEPTED
        return PASS_FAIL_MAX_SCORE if accepted else 0.0


class _Groups:
    def max_score(self, groups: tuple[Group, ...]) -> float:
        return round(math.fsum(group.points for group in groups), _SCORE_DIGITS)

    def score(self, groups: tuple[Group, ...], results: Sequence[JudgedTest]) -> float:
        fractions: dict[str, list[float]] = {}
        for result in results:
            fractions.setdefault(result.group, []).append(fraction(result))
        earned = (group.points * min(fractions[group.name]) for group in groups if group.name in fractions)
        return round(math.fsum(earned), _SCORE_DIGITS)


_POLICIES: Mapping[ProblemType, _Policy] = {
    ProblemType.PASS_FAIL: _PassFail(),
    ProblemType.SCORING: _Groups(),
}


def max_score(problem_type: ProblemType, groups: Sequence[Group]) -> float:
    return _POLICIES[problem_type].max_score(effective_groups(groups))


def summarize(problem_type: ProblemType, groups: Sequence[Group], results: Sequence[JudgedTest]) -> Summary:
    """The submission's outcome from its test results, in test order."""
    policy, scored_groups = _POLICIES[problem_type], effective_groups(groups)
    return Summary(
        verdict=final_verdict(result.verdict for result in results),
        score=policy.score(scored_groups, results),
        max_score=policy.max_score(scored_groups),
        time_ms=max((result.time_ms for result in results), default=0),
        memory_kb=max((result.memory_kb for result in results), default=0),
    )


def _nothing_ran(verdict: Verdict, problem_type: ProblemType, groups: Sequence[Group]) -> Summary:
    return Summary(
        verdict=verdict, score=0.0, max_score=max_score(problem_type, groups), time_ms=0, memory_kb=0
    )


def summarize_compilation_error(problem_type: ProblemType, groups: Sequence[Group]) -> Summary:
    """The source did not compile: no test ran, nothing is earned."""
    return _nothing_ran(Verdict.COMPILATION_ERROR, problem_type, groups)


def summarize_internal_error(problem_type: ProblemType, groups: Sequence[Group]) -> Summary:
    """The judge could not judge (no toolchain, no tests, the sandbox or a checker failed, attempts ran out):
    nothing is earned and the verdict says it is not the contestant's fault."""
    return _nothing_ran(Verdict.INTERNAL_ERROR, problem_type, groups)
