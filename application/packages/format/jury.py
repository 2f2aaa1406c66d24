"""Jury submissions: each file or directory in a directory of `submissions/` is one program, expected
to get what its directory says (see `domain.packages.expectations`), what 2025-09's
`submissions/submissions.yaml` says for it (`permitted`, `required`, `score`, `language`,
`entrypoint`, `use_for_time_limit`; a key naming the directory replaces its defaults, other matching
globs add to them; per-test-group requirements and `message` are ignored with a warning), or, outside
the format's own directories, what a DOMjudge `@EXPECTED_RESULTS@:` line in its source says.

Sources are bytes, judged as they are in the archive (a CP1251 comment compiles as it would from the
API). Kept but not judged (a warning says why): a language this judge does not run, no expected verdict,
files whose names are not plain (`[A-Za-z0-9_][A-Za-z0-9_.-]*`), nested directories, sources over
SUBMISSION_MAX_BYTES, an unknown entry point, `partially_accepted` in a pass-fail problem. At most 500
programs are read.
"""

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from application.packages.format.layout import PackageIndex
from application.packages.format.metadata import LEGACY, Metadata
from application.packages.format.model import PackageJurySubmission
from application.packages.format.programs import SUPPORTED, detect_language, entry_first
from application.packages.format.values import invalid, mapping, number, text
from application.packages.format.yaml_text import load_yaml
from domain.judging.enums import ProblemType
from domain.packages.entities import TimeLimitRole
from domain.packages.exceptions import InvalidPackageError
from domain.packages.expectations import (
    DIRECTORY_EXPECTATIONS,
    FORMAT_DIRECTORIES,
    Code,
    Expectation,
    parse_expected_annotation,
)
from domain.submissions.entities import SourceFile

DIRECTORY = "submissions"
SUBMISSIONS_YAML = "submissions/submissions.yaml"
MAX_JURY_SUBMISSIONS = 500
FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")
_LANGUAGE_CODE = re.compile(r"[a-z][a-z0-9_+-]{0,31}")
_KNOWN_KEYS = {
    "language",
    "entrypoint",
    "authors",
    "model_solution",
    "permitted",
    "required",
    "score",
    "message",
    "use_for_time_limit",
}


def jury_paths(index: PackageIndex, max_bytes: int) -> list[str]:
    """The files whose text the parser needs: sources no larger than a submission may be."""
    return [path for path in index.under(DIRECTORY) if index.size(path) <= max_bytes]


def _glob(pattern: str) -> re.Pattern[str]:
    out, position = [], 0
    while position < len(pattern):
        char = pattern[position]
        if char == "*":
            out.append("[^/]*")
        elif char == "{" and "}" in pattern[position:]:
            end = pattern.index("}", position)
            out.append(
                "(?:" + "|".join(re.escape(part) for part in pattern[position + 1 : end].split(",")) + ")"
            )
            position = end
        else:
            out.append(re.escape(char))
        position += 1
    return re.compile("".join(out))


def _codes(value: Any, file: str, field_name: str) -> frozenset[Code]:
    items = value if isinstance(value, list) else [value]
    codes = set()
    for item in items:
        try:
            codes.add(Code(str(item)))
        except ValueError:
            raise invalid(file, field_name, f"unknown verdict {item!r} (AC, WA, TLE, RTE)") from None
    return frozenset(codes)


@dataclass(slots=True)
class _Rules:
    """submissions.yaml, compiled."""

    rules: list[tuple[str, re.Pattern[str], dict[str, Any]]] = field(default_factory=list)
    warned_groups: bool = False

    def matching(self, path: str) -> list[tuple[str, dict[str, Any]]]:
        parts = path.split("/")
        candidates = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
        return [
            (key, rule) for key, pattern, rule in self.rules if any(pattern.fullmatch(c) for c in candidates)
        ]


def _rules(index: PackageIndex, texts: Mapping[str, bytes], warnings: list[str]) -> _Rules:
    if not index.has(SUBMISSIONS_YAML):
        return _Rules()
    raw = mapping(load_yaml(texts[SUBMISSIONS_YAML], SUBMISSIONS_YAML), SUBMISSIONS_YAML)
    rules = _Rules()
    for key, value in raw.items():
        rule = mapping(value, SUBMISSIONS_YAML, key)
        extra = sorted(set(rule) - _KNOWN_KEYS)
        if extra and not rules.warned_groups:
            warnings.append(
                f"{SUBMISSIONS_YAML} {key}: requirements per test group ({', '.join(extra)}) are not checked"
            )
            rules.warned_groups = True
        if rule.get("message"):
            warnings.append(f"{SUBMISSIONS_YAML} {key}.message: judge messages are not checked")
        rules.rules.append((key, _glob(key), rule))
    return rules


def _apply(expectation: Expectation | None, key: str, rule: dict[str, Any], directory: str) -> Expectation:
    base = expectation or Expectation()
    where = f"{key}"
    permitted = (
        _codes(rule["permitted"], SUBMISSIONS_YAML, f"{where}.permitted") if "permitted" in rule else None
    )
    required = _codes(rule["required"], SUBMISSIONS_YAML, f"{where}.required") if "required" in rule else None
    score = None
    if "score" in rule:
        value = rule["score"]
        if isinstance(value, list) and len(value) == 2:
            low = number(value[0], SUBMISSIONS_YAML, f"{where}.score", positive=False)
            high = number(value[1], SUBMISSIONS_YAML, f"{where}.score", positive=False)
        else:
            low = high = number(value, SUBMISSIONS_YAML, f"{where}.score", positive=False)
        score = (low, high)
    if key == directory:  # replaces the directory's defaults where given
        return replace(
            base,
            permitted=permitted if permitted is not None else base.permitted,
            required=(required,) if required is not None else base.required,
            score=score if score is not None else base.score,
        )
    if permitted is not None:
        base = replace(base, permitted=permitted if base.permitted is None else base.permitted & permitted)
    if required is not None:
        base = replace(base, required=(*base.required, required))
    return replace(base, score=score) if score is not None else base


def _role(expectation: Expectation, rules: list[tuple[str, dict[str, Any]]]) -> TimeLimitRole:
    for _, rule in reversed(rules):
        if "use_for_time_limit" in rule:
            value = rule["use_for_time_limit"]
            if value is False:
                return TimeLimitRole.NONE
            if value in ("lower", "upper"):
                return TimeLimitRole(value)
    if expectation.only_accepted:
        return TimeLimitRole.LOWER
    return TimeLimitRole.UPPER if expectation.requires_time_limit_exceeded else TimeLimitRole.NONE


def _programs(index: PackageIndex) -> list[tuple[str, list[str]]]:
    """(path under submissions/, its files) of every program."""
    programs = []
    _, directories = index.listing(DIRECTORY)
    for directory in directories:
        files, subdirs = index.listing(f"{DIRECTORY}/{directory}")
        programs += [(path[len(DIRECTORY) + 1 :], [path]) for path in files]
        programs += [
            (f"{directory}/{name}", index.under(f"{DIRECTORY}/{directory}/{name}")) for name in subdirs
        ]
    return sorted(programs)


@dataclass(slots=True, kw_only=True)
class _Reading:
    path: str
    expectation: Expectation | None
    language: str | None = None
    entrypoint: str | None = None


def _sources(
    program: str, members: list[str], index: PackageIndex, texts: Mapping[str, bytes], max_bytes: int
) -> tuple[dict[str, bytes], str | None]:
    """(file name -> bytes, the reason it cannot be judged). Sources are bytes as in the archive (the
    compiler decides what is valid, as for any submission); only a UTF-8 byte order mark is dropped, as
    editors add it and javac refuses it."""
    sources: dict[str, bytes] = {}
    base = f"{DIRECTORY}/{program}"
    total = 0
    for path in members:
        name = path[len(base) + 1 :] if path != base else path.rsplit("/", 1)[-1]
        if "/" in name:
            return sources, "nested directories in a submission are not supported"
        if not FILE_NAME.fullmatch(name):
            return sources, f"file name {name!r} is not a plain file name"
        total += index.size(path)
        if total > max_bytes or path not in texts:
            return sources, f"over SUBMISSION_MAX_BYTES ({max_bytes} bytes)"
        sources[name] = texts[path].removeprefix(codecs.BOM_UTF8)
    return sources, None


def _text(data: bytes) -> str:
    """A source as text, to look for annotations and language hints in (not what is judged)."""
    return data.decode("utf-8", errors="replace")


def parse_jury(
    index: PackageIndex,
    texts: Mapping[str, bytes],
    meta: Metadata,
    *,
    max_bytes: int,
    warnings: list[str],
) -> list[PackageJurySubmission]:
    rules = _rules(index, texts, warnings) if meta.version != LEGACY else _Rules()
    programs = _programs(index)
    if len(programs) > MAX_JURY_SUBMISSIONS:
        warnings.append(
            f"submissions/: only the first {MAX_JURY_SUBMISSIONS} of {len(programs)} programs are kept"
        )
        programs = programs[:MAX_JURY_SUBMISSIONS]
    found: list[PackageJurySubmission] = []
    skipped: list[str] = []
    for program, members in programs:
        directory = program.split("/", 1)[0]
        reading = _Reading(path=program, expectation=DIRECTORY_EXPECTATIONS.get(directory))
        matched = rules.matching(program)
        for key, rule in matched:
            reading.expectation = _apply(reading.expectation, key, rule, directory)
            if "language" in rule:
                reading.language = text(rule["language"], SUBMISSIONS_YAML, f"{key}.language")
                if not _LANGUAGE_CODE.fullmatch(reading.language):
                    raise invalid(
                        SUBMISSIONS_YAML, f"{key}.language", f"not a language code: {reading.language!r}"
                    )
            if "entrypoint" in rule:
                reading.entrypoint = text(rule["entrypoint"], SUBMISSIONS_YAML, f"{key}.entrypoint")
        sources, problem = _sources(program, members, index, texts, max_bytes)
        if problem is None and directory not in FORMAT_DIRECTORIES and not matched:
            try:
                annotations = [
                    parse_expected_annotation(_text(t), f"submissions/{program}") for t in sources.values()
                ]
            except InvalidPackageError as error:
                annotations, problem = [], error.message
            given = [annotation for annotation in annotations if annotation is not None]
            if len(given) > 1:
                problem = "more than one file holds @EXPECTED_RESULTS@"
            elif given:
                reading.expectation = given[0]
        detected = detect_language({name: _text(data) for name, data in sources.items()})
        language = reading.language or detected.code or "unknown"
        expectation = reading.expectation or Expectation()
        if problem is None and reading.language is None and detected.code is None:
            problem = detected.problem
        if problem is None and reading.expectation is None:
            problem = "no expected verdict (a verdict directory, submissions.yaml or @EXPECTED_RESULTS@)"
        if problem is None and language not in SUPPORTED:
            problem = f"language {language} is not run by this judge"
        if problem is None and expectation.partial and meta.type is ProblemType.PASS_FAIL:
            problem = "partially_accepted submissions are for scoring problems"
        files: list[SourceFile] = []
        if problem is None:
            ordered = entry_first(language, list(sources), reading.entrypoint)
            if ordered is None:
                problem = "cannot tell its entry point (name it in submissions.yaml `entrypoint`)"
            else:
                files = [SourceFile(name=name, content=sources[name]) for name in ordered]
        if problem is not None:
            skipped.append(f"{program} ({problem})")
            files = [SourceFile(name=name, content=content) for name, content in sorted(sources.items())]
        found.append(
            PackageJurySubmission(
                path=program,
                language=language,
                files=files,
                expectation=expectation,
                role=_role(expectation, matched),
                skipped=problem,
            )
        )
    if skipped:
        shown = "; ".join(skipped[:20]) + (f"; and {len(skipped) - 20} more" if len(skipped) > 20 else "")
        warnings.append(f"jury submissions not judged: {shown}")
    return found
