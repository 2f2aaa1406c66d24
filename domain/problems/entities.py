import hashlib
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from domain.accounts.entities import Visibility
from domain.exceptions import TooLargeError
from domain.judging.checkers import CheckerSpec, CustomChecker
from domain.judging.enums import ProblemType
from domain.judging.scoring import DEFAULT_GROUP, Group
from domain.languages.specs import SPECS_BY_ID
from domain.problems.exceptions import (
    InvalidProblemError,
    InvalidTestError,
    TooManyTestsError,
    UnknownCheckerLanguageError,
)

__all__ = [
    "DEFAULT_GROUP",
    "Group",
    "Limits",
    "Problem",
    "StatementFormat",
    "TestCase",
    "TestData",
    "in_order",
    "natural_key",
]


class StatementFormat(StrEnum):
    """How the statement text is written. It is kept as written; a PDF statement is a problem file and
    the text is empty."""

    MARKDOWN = "markdown"
    LATEX = "latex"
    HTML = "html"
    PDF = "pdf"


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    time_ms: int
    memory_mb: int
    output_kb: int = 64 * 1024
    wall_time_ms: int | None = None  # None: derived from time_ms (see effective_wall_time_ms)

    @property
    def effective_wall_time_ms(self) -> int:
        """Wall time defaults to 2 x CPU time + 1 s, room for I/O and a loaded machine, and at most the
        wall-time ceiling (LIMIT_BOUNDS): the sandbox never has to cut a derived limit down."""
        if self.wall_time_ms is not None:
            return self.wall_time_ms
        return min(self.time_ms * 2 + 1000, LIMIT_BOUNDS["wall_time_ms"][1])


@dataclass(slots=True, kw_only=True)
class Problem:
    id: UUID
    slug: str
    title: str
    statement: str
    type: ProblemType
    limits: Limits
    checker: CheckerSpec
    groups: list[Group] = field(default_factory=list)
    # An interactive problem's jury program (application/judging/interaction.py runs it); None: standard.
    interactor: CustomChecker | None = None
    statement_format: StatementFormat = StatementFormat.MARKDOWN
    test_count: int = 0
    owner_id: UUID | None = None
    visibility: Visibility = Visibility.DRAFT
    allow_file_writing: bool = False  # the ICPC package format's default: the working directory is read-only
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class TestCase:
    """A test's metadata; its data (input and answer bytes) is loaded separately, only when needed."""

    __test__ = False  # not a pytest class

    id: UUID
    problem_id: UUID
    name: str
    group: str
    sample: bool
    input_size: int
    answer_size: int
    input_sha256: str
    answer_sha256: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class TestData:
    __test__ = False

    input: bytes
    answer: bytes


_NATURAL = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """`2` before `10`, as people number tests."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _NATURAL.split(name) if part)


def in_order(tests: list[TestCase]) -> list[TestCase]:
    return sorted(tests, key=lambda test: natural_key(test.name))


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberedTest:
    """A test with its number in judging order, from 1."""

    index: int
    test: TestCase


def numbered(tests: list[TestCase]) -> list[NumberedTest]:
    return [NumberedTest(index=index, test=test) for index, test in enumerate(in_order(tests), 1)]


# --- rules -----------------------------------------------------------------------------------------------

SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""Test and group names: safe in file names, URLs and logs."""
TITLE_MAX_CHARS = 200
STATEMENT_MAX_CHARS = 512 * 1024
CHECKER_SOURCE_MAX_BYTES = 1024 * 1024
MAX_GROUPS = 100
MAX_GROUP_POINTS = 1_000_000.0
SAMPLE_DIRECTORY = "sample"

LIMIT_BOUNDS: Mapping[str, tuple[int, int]] = {
    "time_ms": (1, 60_000),
    "memory_mb": (1, 4 * 1024),
    "output_kb": (1, 1024 * 1024),
    "wall_time_ms": (1, 120_000),
}
"""Inclusive bounds of each limit; an unset wall time is derived from the CPU time. The one ceiling: the
sandbox enforces exactly these (`infrastructure/sandbox/config.py` MAX_RUN_LIMITS is built from them), so
what a problem may declare is what a run gets, never clamped silently."""


def _invalid(message: str, **details: object) -> InvalidProblemError:
    return InvalidProblemError(message, details=dict(details))


def validate_limits(limits: Limits) -> None:
    for name, (low, high) in LIMIT_BOUNDS.items():
        value = getattr(limits, name)
        if value is not None and not low <= value <= high:
            raise _invalid(
                f"{name} must be between {low} and {high} (what workers enforce)",
                field=f"limits.{name}",
                value=value,
                min=low,
                max=high,
            )
    if limits.wall_time_ms is not None and limits.wall_time_ms < limits.time_ms:
        raise _invalid("wall_time_ms must be at least time_ms", field="limits.wall_time_ms")


def validate_groups(problem_type: ProblemType, groups: list[Group]) -> None:
    """Names unique and well-formed, points finite in [0, MAX_GROUP_POINTS]. A scoring problem that
    declares groups must offer some points; a pass-fail problem ignores points (groups only organise)."""
    if len(groups) > MAX_GROUPS:
        raise _invalid(f"at most {MAX_GROUPS} groups", field="groups")
    seen: set[str] = set()
    for group in groups:
        if not NAME_PATTERN.fullmatch(group.name):
            raise _invalid(f"group name {group.name!r} must match {NAME_PATTERN.pattern}", field="groups")
        if group.name in seen:
            raise _invalid(f"group {group.name!r} is declared twice", field="groups", group=group.name)
        seen.add(group.name)
        if not (math.isfinite(group.points) and 0 <= group.points <= MAX_GROUP_POINTS):
            raise _invalid(
                f"group points must be between 0 and {MAX_GROUP_POINTS:g}",
                field="groups",
                group=group.name,
                points=group.points,
            )
    if problem_type is ProblemType.SCORING and groups and not any(group.points > 0 for group in groups):
        raise _invalid("a scoring problem's groups must give some points", field="groups")


def validate_checker(checker: CheckerSpec) -> None:
    """Built-in checkers validate themselves on construction; a custom one must name a known language."""
    if not isinstance(checker, CustomChecker):
        return
    if checker.language not in SPECS_BY_ID:
        raise UnknownCheckerLanguageError(
            f"unknown checker language {checker.language!r}",
            details={"language": checker.language, "known": sorted(SPECS_BY_ID)},
        )
    size = len(checker.source.encode()) + sum(len(file.content.encode()) for file in checker.files)
    if size > CHECKER_SOURCE_MAX_BYTES:
        raise TooLargeError(
            f"checker source is over {CHECKER_SOURCE_MAX_BYTES} bytes",
            details={"limit": CHECKER_SOURCE_MAX_BYTES},
        )


def validate_problem(problem: Problem) -> None:
    if not SLUG_PATTERN.fullmatch(problem.slug):
        raise _invalid(f"slug must match {SLUG_PATTERN.pattern}", field="slug", value=problem.slug)
    if not problem.title.strip() or len(problem.title) > TITLE_MAX_CHARS:
        raise _invalid(f"title must be 1 to {TITLE_MAX_CHARS} characters", field="title")
    if len(problem.statement) > STATEMENT_MAX_CHARS:
        raise _invalid(f"statement is over {STATEMENT_MAX_CHARS} characters", field="statement")
    validate_limits(problem.limits)
    validate_groups(problem.type, problem.groups)
    validate_checker(problem.checker)
    if problem.interactor is not None:
        validate_checker(problem.interactor)


def group_names(groups: Collection[Group]) -> frozenset[str]:
    """The groups a test may be in: the declared ones, or only "default" when none are declared."""
    return frozenset(group.name for group in groups) or frozenset({DEFAULT_GROUP})


def validate_test_placement(problem: Problem, name: str, group: str) -> None:
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidTestError(
            f"test name {name!r} must match {NAME_PATTERN.pattern}", details={"name": name}
        )
    allowed = group_names(problem.groups)
    if group not in allowed:
        raise InvalidTestError(
            f"group {group!r} is not declared by the problem",
            details={"group": group, "groups": sorted(allowed)},
        )


def next_test_name(names: Collection[str]) -> str:
    """One past the largest numeric name ("1", "2", … as people number tests)."""
    return str(max((int(name) for name in names if name.isdigit()), default=0) + 1)


def ensure_test_size(data: TestData, max_bytes: int) -> None:
    for part, content in (("input", data.input), ("answer", data.answer)):
        if len(content) > max_bytes:
            raise TooLargeError(
                f"the test's {part} is over the limit of {max_bytes} bytes",
                details={"part": part, "size": len(content), "limit": max_bytes},
            )


def ensure_problem_size(total_bytes: int, max_bytes: int) -> None:
    if total_bytes > max_bytes:
        raise TooLargeError(
            f"the problem's tests would take {total_bytes} bytes, over the limit of {max_bytes}",
            details={"size": total_bytes, "limit": max_bytes},
        )


def ensure_test_count(count: int, max_tests: int) -> None:
    if count > max_tests:
        raise TooManyTestsError(
            f"a problem may have at most {max_tests} tests; this would make it {count}",
            details={"count": count, "limit": max_tests},
        )


def data_size(data: TestData) -> int:
    return len(data.input) + len(data.answer)


def describe_test(
    *, id: UUID, problem_id: UUID, name: str, group: str, sample: bool, data: TestData, created_at: datetime
) -> TestCase:
    """A test's metadata from its data: sizes and SHA-256 digests."""
    return TestCase(
        id=id,
        problem_id=problem_id,
        name=name,
        group=group,
        sample=sample,
        input_size=len(data.input),
        answer_size=len(data.answer),
        input_sha256=hashlib.sha256(data.input).hexdigest(),
        answer_sha256=hashlib.sha256(data.answer).hexdigest(),
        created_at=created_at,
    )
