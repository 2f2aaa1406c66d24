"""`problem.yaml`: the format version, name, type, validation and limits.

Versions: absent, `legacy` or `legacy-icpc` (legacy); `2023-07-draft` / `2023-07` (read as 2025-09 with
legacy-style `testdata.yaml` allowed); `2025-09`, `2025-09-draft`, `draft`. Keys of other versions are
read where they mean the same (DOMjudge does so too); unknown keys are warnings, not errors (real
packages carry tool-specific keys). Metadata without a place in this judge (credits, license, source,
keywords, uuid…) is named in one warning.
"""

from dataclasses import dataclass, field
from typing import Any

from application.packages.format.values import invalid, mapping, number, text, words
from domain.judging.enums import ProblemType
from domain.packages.exceptions import InteractiveNotSupportedError, UnsupportedPackageError
from domain.packages.timing import TimeLimitRule
from domain.problems.entities import LIMIT_BOUNDS

FILE = "problem.yaml"
LEGACY, V2023, V2025 = "legacy", "2023-07", "2025-09"
VERSIONS = {
    None: LEGACY,
    "legacy": LEGACY,
    "legacy-icpc": LEGACY,
    "2023-07-draft": V2023,
    "2023-07": V2023,
    "2025-09": V2025,
    "2025-09-draft": V2025,
    "draft": V2025,
}
_KEPT = {"problem_format_version", "type", "name", "limits", "validation", "validator_flags", "grading"}
_DROPPED = {
    "uuid",
    "version",
    "author",
    "credits",
    "source",
    "source_url",
    "license",
    "rights_owner",
    "embargo_until",
    "keywords",
    "languages",
    "allow_file_writing",
    "constants",
}
_LIMITS_KEPT = {"time_limit", "time_multiplier", "time_safety_margin", "time_multipliers", "time_resolution"}
_LIMITS_KEPT |= {"memory", "output"}
_LIMITS_NOT_ENFORCED = {
    "code": "the submission size limit is SUBMISSION_MAX_BYTES for every problem",
    "compilation_time": "compilation has the judge's own limits",
    "compilation_memory": "compilation has the judge's own limits",
    "validation_time": "checkers have the judge's own limits",
    "validation_memory": "checkers have the judge's own limits",
    "validation_output": "checkers have the judge's own limits",
    "validation_passes": "multi-pass problems are not supported",
}
DEFAULT_MEMORY_MB = 2048
DEFAULT_OUTPUT_MB = 8


@dataclass(slots=True, kw_only=True)
class Metadata:
    version: str
    names: dict[str, str]
    type: ProblemType
    interactive_field: str | None = None
    custom_validation: bool = False  # legacy `validation: custom`; 2025-09 decides by output_validator/
    custom_score: bool = False
    validator_flags: list[str] = field(default_factory=list)
    time_limit_ms: int | None = None
    time_rule: TimeLimitRule = field(default_factory=TimeLimitRule)
    memory_mb: int = DEFAULT_MEMORY_MB
    output_kb: int = DEFAULT_OUTPUT_MB * 1024
    memory_given: bool = False
    has_constants: bool = False


def _version(raw: dict[str, Any]) -> str:
    value = raw.get("problem_format_version")
    key = None if value is None else str(value).strip()
    if key not in VERSIONS:
        raise invalid(
            FILE,
            "problem_format_version",
            f"unknown version {value!r} (known: legacy, 2023-07-draft, 2025-09)",
            value=str(value),
        )
    return VERSIONS[key]


def _types(raw: dict[str, Any], version: str, meta: Metadata) -> None:
    value = raw.get("type", "pass-fail")
    values = words(value, FILE, "type") or ["pass-fail"]
    allowed = (
        {"pass-fail", "scoring"}
        if version == LEGACY
        else {
            "pass-fail",
            "scoring",
            "interactive",
            "multi-pass",
            "submit-answer",
        }
    )
    for item in values:
        if item not in allowed:
            raise invalid(
                FILE, "type", f"unknown problem type {item!r} (known: {', '.join(sorted(allowed))})"
            )
    if "pass-fail" in values and "scoring" in values:
        raise invalid(FILE, "type", "a problem is pass-fail or scoring, not both")
    for unsupported in ("multi-pass", "submit-answer"):
        if unsupported in values:
            raise UnsupportedPackageError(
                f"problem.yaml type: {unsupported} problems are not supported by this judge",
                details={"file": FILE, "field": "type", "value": unsupported},
            )
    meta.type = ProblemType.SCORING if "scoring" in values else ProblemType.PASS_FAIL
    if "interactive" in values:
        meta.interactive_field = "type"


def _validation(raw: dict[str, Any], meta: Metadata) -> None:
    if "validation" not in raw:
        return
    parts = text(raw["validation"], FILE, "validation").split()
    if not parts or parts[0] not in ("default", "custom"):
        raise invalid(
            FILE, "validation", f"unknown validation type {raw['validation']!r} (default or custom …)"
        )
    options = parts[1:]
    if parts[0] == "default" and options:
        raise invalid(FILE, "validation", f"`default` takes no options, got {' '.join(options)!r}")
    for option in options:
        if option not in ("score", "interactive", "multi-pass"):
            raise invalid(FILE, "validation", f"unknown validation option {option!r} (score, interactive)")
    if "multi-pass" in options:
        raise UnsupportedPackageError(
            "problem.yaml validation: multi-pass problems are not supported by this judge",
            details={"file": FILE, "field": "validation"},
        )
    meta.custom_validation = parts[0] == "custom"
    meta.custom_score = "score" in options
    if "interactive" in options:
        meta.interactive_field = meta.interactive_field or "validation"


def _limit_range(name: str, value: int, field_name: str) -> int:
    low, high = LIMIT_BOUNDS[name]
    if not low <= value <= high:
        raise UnsupportedPackageError(
            f"problem.yaml {field_name}: {value} is outside what this judge enforces ({low} to {high})",
            details={"file": FILE, "field": field_name, "value": value},
        )
    return value


def _limits(raw: dict[str, Any], meta: Metadata, warnings: list[str]) -> None:
    limits = mapping(raw.get("limits"), FILE, "limits")
    for key in sorted(limits):
        if key in _LIMITS_NOT_ENFORCED:
            warnings.append(f"problem.yaml limits.{key}: not enforced ({_LIMITS_NOT_ENFORCED[key]})")
        elif key not in _LIMITS_KEPT:
            warnings.append(f"problem.yaml limits.{key}: unknown key, ignored")
    if "memory" in limits:
        memory = round(number(limits["memory"], FILE, "limits.memory"))
        meta.memory_mb = _limit_range("memory_mb", memory, "limits.memory")
        meta.memory_given = True
    if "output" in limits:
        output_kb = round(number(limits["output"], FILE, "limits.output") * 1024)
        meta.output_kb = _limit_range("output_kb", output_kb, "limits.output")
    if "time_limit" in limits:
        seconds = number(limits["time_limit"], FILE, "limits.time_limit")
        meta.time_limit_ms = _limit_range("time_ms", max(1, round(seconds * 1000)), "limits.time_limit")
    if meta.version == LEGACY:
        multiplier = number(limits.get("time_multiplier", 5.0), FILE, "limits.time_multiplier")
        margin = number(limits.get("time_safety_margin", 2.0), FILE, "limits.time_safety_margin")
        meta.time_rule = TimeLimitRule(ac_to_time_limit=multiplier, time_limit_to_tle=margin)
        return
    multipliers = mapping(limits.get("time_multipliers"), FILE, "limits.time_multipliers")
    ac = number(multipliers.get("ac_to_time_limit", 2.0), FILE, "limits.time_multipliers.ac_to_time_limit")
    tle = number(multipliers.get("time_limit_to_tle", 1.5), FILE, "limits.time_multipliers.time_limit_to_tle")
    resolution = number(limits.get("time_resolution", 1.0), FILE, "limits.time_resolution")
    meta.time_rule = TimeLimitRule(
        ac_to_time_limit=ac, time_limit_to_tle=tle, resolution_ms=max(1, round(resolution * 1000))
    )


def _names(raw: dict[str, Any]) -> dict[str, str]:
    value = raw.get("name")
    if value is None:
        return {}
    if isinstance(value, dict):
        return {
            str(language): text(name, FILE, f"name.{language}").strip() for language, name in value.items()
        }
    return {"en": text(value, FILE, "name").strip()}


def parse_metadata(raw_yaml: Any, warnings: list[str]) -> Metadata:
    raw = mapping(raw_yaml, FILE)
    version = _version(raw)
    meta = Metadata(version=version, names=_names(raw), type=ProblemType.PASS_FAIL)
    _types(raw, version, meta)
    _validation(raw, meta)
    if version != LEGACY and "validation" in raw:
        warnings.append(f"problem.yaml validation: a legacy key, read anyway in a {version} package")
    meta.validator_flags = words(raw.get("validator_flags"), FILE, "validator_flags")
    _limits(raw, meta, warnings)
    grading = mapping(raw.get("grading"), FILE, "grading")
    if grading.get("objective") == "min":
        warnings.append("problem.yaml grading.objective: min is not supported; scores are maximised")
    meta.has_constants = bool(raw.get("constants"))
    if meta.has_constants:
        warnings.append("problem.yaml constants: {{constants}} are not substituted in statements or code")
    unknown = sorted(key for key in raw if key not in _KEPT | _DROPPED)
    if unknown:
        warnings.append(f"problem.yaml: unknown keys ignored: {', '.join(unknown)}")
    dropped = sorted(key for key in raw if key in _DROPPED and raw[key] not in (None, "", [], {}))
    if dropped:
        warnings.append(f"problem.yaml: {', '.join(dropped)} not kept (this judge stores no such metadata)")
    return meta


def refuse_interactive(meta: Metadata) -> InteractiveNotSupportedError | None:
    if meta.interactive_field is None:
        return None
    return InteractiveNotSupportedError(
        f"problem.yaml {meta.interactive_field}: interactive problems are not supported yet (they need "
        "the interactor); nothing was created",
        details={"file": FILE, "field": meta.interactive_field},
    )
