"""What a package turns into: a problem to create, with references to the archive files to copy."""

from dataclasses import dataclass, field

from domain.judging.checkers import CheckerSpec, CustomChecker
from domain.judging.enums import ProblemType
from domain.packages.entities import TimeLimitRole
from domain.packages.expectations import Expectation
from domain.packages.timing import TimeLimitRule
from domain.problems.entities import Group, StatementFormat
from domain.problems.files import FileKind
from domain.submissions.entities import SourceFile


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageTest:
    name: str
    group: str
    sample: bool
    input: str  # path in the package of NAME.in
    answer: str  # path in the package of NAME.ans


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageFile:
    path: str  # the problem file's path (2025-09 directory names)
    kind: FileKind
    source: str  # path in the package


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageJurySubmission:
    path: str  # under submissions/
    language: str  # a language id of this judge, or the package's language code when `skipped`
    files: list[SourceFile]
    expectation: Expectation
    role: TimeLimitRole
    skipped: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InteractiveProblem:
    """Where the package said it is interactive (the interactor of issue #11 plugs in here)."""

    file: str
    field: str
    validator: CustomChecker | None


@dataclass(slots=True, kw_only=True)
class ParsedPackage:
    format_version: str
    short_name: str | None
    title: str
    statement: str
    statement_format: StatementFormat
    type: ProblemType
    time_rule: TimeLimitRule
    memory_mb: int
    output_kb: int
    wall_time_ms: int | None = None
    checker: CheckerSpec
    groups: list[Group] = field(default_factory=list)
    tests: list[PackageTest] = field(default_factory=list)
    files: list[PackageFile] = field(default_factory=list)
    jury: list[PackageJurySubmission] = field(default_factory=list)
    interactive: InteractiveProblem | None = None
    warnings: list[str] = field(default_factory=list)
