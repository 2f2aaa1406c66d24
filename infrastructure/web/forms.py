"""The problem form: what a person typed → the use cases' inputs, and a problem → the form's values."""

import dataclasses
import math
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.datastructures import FormData

from domain.exceptions import ValidationError
from domain.judging.checkers import CheckerSpec, CustomChecker, ExactChecker, TokensChecker
from domain.judging.enums import CheckerProtocol, CheckerType, ProblemType
from domain.problems.entities import Group, Limits, Problem

DEFAULT_OUTPUT_KB = 64 * 1024
E = TypeVar("E", ProblemType, CheckerType, CheckerProtocol)

FIELDS = (
    *("slug", "title", "statement", "type", "time_ms", "memory_mb", "output_kb", "wall_time_ms", "groups"),
    *("checker_type", "case_sensitive", "space_change_sensitive", "absolute_tolerance", "relative_tolerance"),
    *("checker_protocol", "checker_language", "checker_source", "checker_flags"),
)


class FormError(ValidationError):
    code = "invalid_form"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemFields:
    slug: str
    title: str
    statement: str
    type: ProblemType
    limits: Limits
    checker: CheckerSpec
    groups: list[Group]

    def as_input(self) -> dict[str, Any]:
        """The fields by name, as CreateProblemInput and UpdateProblemInput take them (not deep-copied)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


def form_values(form: FormData) -> dict[str, str]:
    """The text fields as typed (to show the form again after an error)."""
    return {name: value for name in FIELDS if isinstance(value := form.get(name), str)}


def _int(values: Mapping[str, str], name: str, label: str, *, default: int | None = None) -> int | None:
    text = values.get(name, "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise FormError(f"{label} must be a whole number.", details={"field": name}) from None


def _float(values: Mapping[str, str], name: str, label: str) -> float | None:
    text = values.get(name, "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise FormError(f"{label} must be a number.", details={"field": name}) from None
    if not math.isfinite(number):
        raise FormError(f"{label} must be a finite number.", details={"field": name})
    return number


def _choice(enum: type[E], value: str, label: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(item.value for item in enum)
        raise FormError(f"{label} must be one of {allowed}.") from None


def _groups(text: str) -> list[Group]:
    """One group a line: `name points` (points default to 0)."""
    groups = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) > 2:
            raise FormError(f"Groups, line {number}: write `name points`.")
        try:
            points = float(parts[1]) if len(parts) == 2 else 0.0
        except ValueError:
            raise FormError(f"Groups, line {number}: points must be a number.") from None
        groups.append(Group(name=parts[0], points=points))
    return groups


def _checker(values: Mapping[str, str]) -> CheckerSpec:
    kind = _choice(CheckerType, values.get("checker_type") or "tokens", "The checker")
    if kind is CheckerType.EXACT:
        return ExactChecker()
    if kind is CheckerType.TOKENS:
        return TokensChecker(
            case_sensitive=bool(values.get("case_sensitive")),
            space_change_sensitive=bool(values.get("space_change_sensitive")),
            absolute_tolerance=_float(values, "absolute_tolerance", "The absolute tolerance"),
            relative_tolerance=_float(values, "relative_tolerance", "The relative tolerance"),
        )
    try:
        flags = tuple(shlex.split(values.get("checker_flags", "")))
    except ValueError as error:
        raise FormError(f"Checker flags: {error}.") from None
    return CustomChecker(
        protocol=_choice(
            CheckerProtocol, values.get("checker_protocol") or "testlib", "The checker protocol"
        ),
        language=values.get("checker_language", "").strip(),
        source=values.get("checker_source", "").replace("\r\n", "\n"),
        flags=flags,
    )


def parse_problem(values: Mapping[str, str]) -> ProblemFields:
    """Raises FormError (or the domain's own validation errors) with a message naming the field."""
    time_ms = _int(values, "time_ms", "The time limit")
    memory_mb = _int(values, "memory_mb", "The memory limit")
    if time_ms is None or memory_mb is None:
        raise FormError("The time and memory limits are required.")
    limits = Limits(
        time_ms=time_ms,
        memory_mb=memory_mb,
        output_kb=_int(values, "output_kb", "The output limit", default=DEFAULT_OUTPUT_KB)
        or DEFAULT_OUTPUT_KB,
        wall_time_ms=_int(values, "wall_time_ms", "The wall time limit"),
    )
    return ProblemFields(
        slug=values.get("slug", "").strip(),
        title=values.get("title", "").strip(),
        statement=values.get("statement", "").replace("\r\n", "\n"),
        type=_choice(ProblemType, values.get("type") or "pass-fail", "The problem type"),
        limits=limits,
        checker=_checker(values),
        groups=_groups(values.get("groups", "")),
    )


def _text(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


def problem_values(problem: Problem) -> dict[str, str]:
    """The form filled in from a stored problem (the checker's source included: only managers edit)."""
    checker = problem.checker
    values = {
        "slug": problem.slug,
        "title": problem.title,
        "statement": problem.statement,
        "type": problem.type.value,
        "time_ms": str(problem.limits.time_ms),
        "memory_mb": str(problem.limits.memory_mb),
        "output_kb": str(problem.limits.output_kb),
        "wall_time_ms": "" if problem.limits.wall_time_ms is None else str(problem.limits.wall_time_ms),
        "groups": "\n".join(f"{group.name} {group.points:g}" for group in problem.groups),
        "checker_type": checker.type.value,
    }
    if isinstance(checker, TokensChecker):
        values |= {
            "case_sensitive": "on" if checker.case_sensitive else "",
            "space_change_sensitive": "on" if checker.space_change_sensitive else "",
            "absolute_tolerance": _text(checker.absolute_tolerance),
            "relative_tolerance": _text(checker.relative_tolerance),
        }
    if isinstance(checker, CustomChecker):
        values |= {
            "checker_protocol": checker.protocol.value,
            "checker_language": checker.language,
            "checker_source": checker.source,
            "checker_flags": shlex.join(checker.flags),
        }
    return values


def new_problem_values() -> dict[str, str]:
    return {
        "type": "pass-fail",
        "time_ms": "1000",
        "memory_mb": "256",
        "output_kb": str(DEFAULT_OUTPUT_KB),
        "checker_type": "tokens",
        "checker_protocol": "testlib",
    }
