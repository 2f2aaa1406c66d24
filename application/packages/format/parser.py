"""A package's files -> a problem to create (`ParsedPackage`), with warnings for what is not kept.

Two steps, neither with I/O: `files_to_read` names the small text files the parser needs (metadata,
configuration, statements, the validator, jury sources); `parse_package` reads only those (tests,
images and the rest are copied later by path). What goes where:
- problem.yaml, `.timelimit` / `domjudge-problem.ini` (DOMjudge): see `metadata.py`;
- statement: `statement.py`; tests and groups: `testdata.py`; validator: `validator.py`; jury
  submissions: `jury.py`;
- `attachments/`: attachment files (public with the problem);
- everything else kept as jury files (managers only), exported again: input validators
  (`input_format_validators/` becomes `input_validators/`), generators, solution notes, visualizers,
  `include/` (not applied to submissions: a warning), test annotations, unknown files (a warning);
- `.testing-service.yaml` (written by this judge's export; other systems ignore dot files): what the
  format cannot say (a byte-exact checker, a testlib checker, an explicit wall-time limit).
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from application.packages.format.jury import DIRECTORY as SUBMISSIONS
from application.packages.format.jury import jury_paths, parse_jury
from application.packages.format.layout import PROBLEM_YAML, PackageIndex, looks_important
from application.packages.format.metadata import LEGACY, Metadata, parse_metadata
from application.packages.format.model import InteractiveProblem, PackageFile, ParsedPackage
from application.packages.format.statement import (
    DIRECTORIES,
    choose_statement,
    latex_title,
    statement_candidates,
    statement_files,
    statement_text,
)
from application.packages.format.testdata import config_paths, parse_testdata
from application.packages.format.validator import (
    DIRECTORY as VALIDATOR,
)
from application.packages.format.validator import (
    INTERACTOR_CHECKER,
    custom_checker,
    default_checker,
    validator_program,
)
from application.packages.format.validator import (
    LEGACY_DIRECTORY as LEGACY_VALIDATORS,
)
from application.packages.format.values import invalid, mapping, number
from application.packages.format.yaml_text import load_yaml
from domain.judging.checkers import CheckerSpec, CustomChecker, TokensChecker
from domain.judging.enums import CheckerProtocol, ProblemType
from domain.problems.entities import LIMIT_BOUNDS, TITLE_MAX_CHARS
from domain.problems.files import FileKind

TIMELIMIT = ".timelimit"
DOMJUDGE_INI = "domjudge-problem.ini"
EXTRAS = ".testing-service.yaml"
_JURY_DIRECTORIES = {
    "input_validators": "input_validators",
    "input_format_validators": "input_validators",
    "generators": "generators",
    "solution": "solution",
    "include": "include",
    "static_validator": "static_validator",
    "output_visualizer": "output_visualizer",
    "input_visualizer": "input_visualizer",
    "graders": "graders",
    "data": "data",
}
_UNUSED = {
    "include": "include/: files are not added to submissions here (kept as jury files)",
    "static_validator": "static_validator/: static validation is not supported (kept as jury files)",
    "graders": "graders/: custom graders are not supported (kept as jury files)",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseOptions:
    submission_max_bytes: int
    name_hint: str | None = None


def files_to_read(index: PackageIndex, options: ParseOptions) -> list[str]:
    wanted = [path for path in (PROBLEM_YAML, TIMELIMIT, DOMJUDGE_INI, EXTRAS) if index.has(path)]
    wanted += config_paths(index) + statement_candidates(index)
    wanted += index.under(VALIDATOR) + index.under(LEGACY_VALIDATORS) + index.under(INTERACTOR_CHECKER)
    wanted += jury_paths(index, options.submission_max_bytes)
    return list(dict.fromkeys(wanted))


def _ini(data: bytes) -> dict[str, str]:
    values = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        key, equals, value = line.partition("=")
        if equals:
            values[key.strip()] = value.strip().strip("'\"")
    return values


def _time_limit_ms(
    meta: Metadata, index: PackageIndex, texts: Mapping[str, bytes], warnings: list[str]
) -> int | None:
    sources: list[tuple[str, int]] = []
    if meta.time_limit_ms is not None:
        sources.append(("problem.yaml limits.time_limit", meta.time_limit_ms))
    if index.has(TIMELIMIT):
        seconds = number(texts[TIMELIMIT].decode("utf-8", errors="replace").strip(), TIMELIMIT, "time limit")
        sources.append((TIMELIMIT, max(1, round(seconds * 1000))))
    if index.has(DOMJUDGE_INI) and "timelimit" in (ini := _ini(texts[DOMJUDGE_INI])):
        seconds = number(ini["timelimit"], DOMJUDGE_INI, "timelimit")
        sources.append((f"{DOMJUDGE_INI} timelimit", max(1, round(seconds * 1000))))
    if not sources:
        return None
    where, chosen = sources[0]
    low, high = LIMIT_BOUNDS["time_ms"]
    if not low <= chosen <= high:
        raise invalid(where.split()[0], None, f"time limit {chosen} ms is outside {low} to {high} ms")
    differing = [f"{name} ({value / 1000:g} s)" for name, value in sources[1:] if value != chosen]
    if differing:
        warnings.append(f"time limit {chosen / 1000:g} s from {where}; also given: {', '.join(differing)}")
    return chosen


def _extras(index: PackageIndex, texts: Mapping[str, bytes]) -> dict[str, Any]:
    return mapping(load_yaml(texts[EXTRAS], EXTRAS), EXTRAS) if index.has(EXTRAS) else {}


def _checker(
    meta: Metadata,
    index: PackageIndex,
    texts: Mapping[str, bytes],
    flags: list[str],
    flags_file: str,
    extras: dict[str, Any],
    warnings: list[str],
) -> tuple[CheckerSpec, CustomChecker | None, set[str]]:
    """(the checker, the custom validator program if any, the package paths it used)."""
    legacy = meta.version == LEGACY
    found = validator_program(index, legacy=legacy, custom=meta.custom_validation)
    if found is None:
        if legacy and index.under(LEGACY_VALIDATORS):
            warnings.append(f"{LEGACY_VALIDATORS}/: not used (validation is default), dropped")
        return (
            default_checker(flags, flags_file, warnings, exact=extras.get("checker") == "exact"),
            None,
            set(),
        )
    program, members = found
    checker, dropped = custom_checker(program, members, texts, flags)
    if dropped:
        warnings.append(
            f"{program}: {', '.join(dropped)} not kept (a checker gets only its compiled code when it runs)"
        )
    if extras.get("checker_protocol") == CheckerProtocol.TESTLIB.value:
        checker = CustomChecker(
            protocol=CheckerProtocol.TESTLIB,
            language=checker.language,
            files=checker.files,
            flags=checker.flags,
        )
    if meta.custom_score or meta.type is ProblemType.SCORING:
        warnings.append(
            f"{program}: a score.txt the validator writes is read as the fraction of the test's points it "
            "earns (2025-09's score_multiplier.txt); absolute scores are not supported"
        )
    return checker, checker, set(members)


def _interactor_checker(
    index: PackageIndex, texts: Mapping[str, bytes], extras: dict[str, Any], warnings: list[str]
) -> CheckerSpec:
    """An interactive problem's checker of the interactor's output: `interactor_checker/` (this judge's
    export, testlib unless `.testing-service.yaml` says otherwise), else none (the tokens checker)."""
    members = index.under(INTERACTOR_CHECKER)
    if not members:
        return TokensChecker()
    checker, dropped = custom_checker(INTERACTOR_CHECKER, members, texts, [])
    if dropped:
        warnings.append(f"{INTERACTOR_CHECKER}: {', '.join(dropped)} not kept (not sources)")
    protocol = extras.get("interactor_checker_protocol", CheckerProtocol.TESTLIB.value)
    if not isinstance(protocol, str) or protocol not in {item.value for item in CheckerProtocol}:
        raise invalid(EXTRAS, "interactor_checker_protocol", f"unknown protocol {protocol!r}")
    return replace(checker, protocol=CheckerProtocol(protocol))


def _title(
    meta: Metadata,
    language: str,
    statement: str,
    options: ParseOptions,
    index: PackageIndex,
    warnings: list[str],
) -> str:
    title = meta.names.get(language) or meta.names.get("en") or next(iter(meta.names.values()), "")
    if not title:
        title = latex_title(statement) or index.short_name or options.name_hint or "Untitled problem"
        warnings.append(f"problem.yaml name: missing; the title is {title!r}")
    if len(title) > TITLE_MAX_CHARS:
        warnings.append(f"problem.yaml name: longer than {TITLE_MAX_CHARS} characters, shortened")
        title = title[:TITLE_MAX_CHARS]
    return title


def _files(index: PackageIndex, used: set[str], warnings: list[str]) -> list[PackageFile]:
    kept: list[PackageFile] = []
    unknown: list[str] = []
    noted: set[str] = set()
    for path in sorted(index.files):
        if path in used:
            continue
        top = path.split("/", 1)[0]
        if top == "attachments":
            kept.append(PackageFile(path=path, kind=FileKind.ATTACHMENT, source=path))
        elif "/" in path and top in _JURY_DIRECTORIES:
            if top in _UNUSED and top not in noted:
                warnings.append(_UNUSED[top])
                noted.add(top)
            target = _JURY_DIRECTORIES[top] + path[len(top) :]
            kept.append(PackageFile(path=target, kind=FileKind.JURY, source=path))
        else:
            unknown.append(path)
            kept.append(PackageFile(path=path, kind=FileKind.JURY, source=path))
    if unknown:
        shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        warnings.append(f"not part of the format, kept as jury files: {shown}")
    return kept


def parse_package(index: PackageIndex, texts: Mapping[str, bytes], options: ParseOptions) -> ParsedPackage:
    warnings: list[str] = []
    important = [path for path in index.ignored if looks_important(path)]
    if important:
        warnings.append(f"ignored (names the format treats as absent): {', '.join(important[:10])}")
    meta = parse_metadata(load_yaml(texts[PROBLEM_YAML], PROBLEM_YAML), warnings)
    extras = _extras(index, texts)

    directory, choice = choose_statement(index)
    if directory is not None and directory != (
        "problem_statement" if meta.version == LEGACY else "statement"
    ):
        warnings.append(f"{directory}/: read as the statement directory of a {meta.version} package")
    statement = statement_text(choice, texts)
    if choice.path is None:
        warnings.append(
            f"no statement found ({'/ or '.join(DIRECTORIES)}/problem.<language>.<md|tex|html|pdf>)"
        )

    testdata = parse_testdata(index, texts, meta, warnings)
    checker, validator, validator_files = _checker(
        meta, index, texts, testdata.flags, testdata.flags_file, extras, warnings
    )
    interactive = None
    if meta.interactive_field is not None:
        interactive = InteractiveProblem(file=PROBLEM_YAML, field=meta.interactive_field, validator=validator)
        checker = _interactor_checker(index, texts, extras, warnings)

    jury = parse_jury(index, texts, meta, max_bytes=options.submission_max_bytes, warnings=warnings)
    files = statement_files(index, directory, choice)
    used = {PROBLEM_YAML, TIMELIMIT, DOMJUDGE_INI, EXTRAS, *testdata.used, *validator_files}
    used |= {file.source for file in files} | set(index.under(SUBMISSIONS))
    if choice.path:
        used.add(choice.path)
    used |= set(index.under(LEGACY_VALIDATORS)) | set(index.under(VALIDATOR))
    if interactive is not None:
        used |= set(index.under(INTERACTOR_CHECKER))
    files += _files(index, used, warnings)

    wall = extras.get("wall_time_ms")
    return ParsedPackage(
        format_version=meta.version,
        short_name=index.short_name,
        title=_title(meta, choice.language, statement, options, index, warnings),
        statement=statement,
        statement_format=choice.format,
        type=meta.type,
        time_rule=replace(meta.time_rule, fixed_ms=_time_limit_ms(meta, index, texts, warnings)),
        memory_mb=meta.memory_mb,
        output_kb=meta.output_kb,
        wall_time_ms=int(number(wall, EXTRAS, "wall_time_ms")) if wall is not None else None,
        checker=checker,
        groups=testdata.groups,
        tests=testdata.tests,
        files=files,
        jury=jury,
        interactive=interactive,
        warnings=warnings,
    )
