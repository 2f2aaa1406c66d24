"""A problem as a package in the current format version (2025-09), laid out so that importing it gives
the same problem back (`format/` is the inverse):

- `problem.yaml`: name (the title; a map when other statement languages are kept), type, uuid (the
  problem's id), `limits.time_limit`, `memory`, `output`;
- `statement/problem.en.<md|tex|html>` from the statement, and every statement file;
- samples in `data/sample/`, other tests in `data/secret/`: a test named `secret.<group>.<rest>` goes
  to `data/secret/<group>/<rest>.in` (the names the import gives). Scoring problems: each group is a
  test group with `max_score` its points and `score_aggregation: min` (a group here earns its points
  times its tests' smallest fraction); groups holding one test each, named after it (what a `sum`
  directory becomes), go back into one `sum` directory when their points are equal; the one group
  `secret`, or no group (`default`, 100 points), is `data/secret` itself;
- the checker: the default validator's flags as `output_validator_args`, or `output_validator/` with
  the checker's files; a Kattis interactor is that output validator, with `interactive` in `type`; the
  custom checker of an interactive problem (testlib's checker of the interactor's output file) goes to
  `interactor_checker/`, beside it;
- jury submissions in `submissions/` at their paths, with `submissions/submissions.yaml` for those
  whose expectation is not their directory's; attachments and jury files at their paths;
- `.testing-service.yaml` for what the format cannot say (a byte-exact or testlib checker, a wall-time
  limit); other systems ignore dot files.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import yaml

from application.packages.format.validator import INTERACTOR_CHECKER, default_flags
from domain.judging.checkers import CustomChecker, ExactChecker
from domain.judging.enums import CheckerProtocol, ProblemType
from domain.languages.specs import SPECS_BY_ID
from domain.packages.entities import JurySubmission, TimeLimitRole
from domain.packages.expectations import DIRECTORY_EXPECTATIONS, Expectation
from domain.problems.entities import DEFAULT_GROUP, Group, Problem, StatementFormat, TestCase
from domain.problems.files import ProblemFile

EXTENSIONS = {StatementFormat.MARKDOWN: "md", StatementFormat.LATEX: "tex", StatementFormat.HTML: "html"}


@dataclass(slots=True, kw_only=True)
class ExportLayout:
    texts: list[tuple[str, bytes]] = field(default_factory=list)
    tests: dict[UUID, tuple[str, str]] = field(default_factory=dict)  # test id -> (.in path, .ans path)
    files: dict[UUID, str] = field(default_factory=dict)  # problem file id -> path


def _yaml(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _flags(problem: Problem) -> list[str]:
    if problem.interactor is not None:
        return list(problem.interactor.flags)
    if isinstance(problem.checker, CustomChecker):
        return list(problem.checker.flags)
    return default_flags(problem.checker)


def _rest(name: str, prefix: str) -> str:
    return name[len(prefix) :] if name.startswith(prefix) and len(name) > len(prefix) else name


@dataclass(slots=True)
class _Secret:
    """Where each secret test goes and each directory's test_group.yaml."""

    paths: dict[UUID, str] = field(default_factory=dict)  # test id -> stem path
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)  # directory -> settings


def _pass_fail(tests: Sequence[TestCase]) -> _Secret:
    layout = _Secret(configs={"data/secret": {}})
    for test in tests:
        layout.paths[test.id] = f"data/secret/{_rest(test.name, 'secret.')}"
    return layout


def _scoring(groups: Sequence[Group], tests: Sequence[TestCase]) -> _Secret:
    layout = _Secret()
    by_group: dict[str, list[TestCase]] = defaultdict(list)
    for test in tests:
        by_group[test.group].append(test)
    declared = {group.name: group for group in groups if by_group.get(group.name)}
    if not declared or set(declared) == {DEFAULT_GROUP}:
        points = declared[DEFAULT_GROUP].points if declared else 100.0
        return _flat(layout, tests, points, "min")
    if set(declared) == {"secret"} and len(by_group) == 1:
        return _flat(layout, tests, declared["secret"].points, "min")
    single = {
        name: group
        for name, group in declared.items()
        if len(by_group[name]) == 1 and by_group[name][0].name == f"secret.{name}"
    }
    parents: dict[str, list[Group]] = defaultdict(list)
    for name, group in single.items():
        parents[name.rpartition(".")[0]].append(group)
    summed: dict[str, list[Group]] = {
        parent: members
        for parent, members in parents.items()
        if len({member.points for member in members}) == 1 and parent not in declared
    }
    if "" in summed:
        if len(summed[""]) == len(declared):
            return _flat(layout, tests, sum(g.points for g in summed[""]), "sum")
        del summed[""]
    layout.configs["data/secret"] = {"max_score": _number(sum(g.points for g in declared.values()))}
    for parent, members in summed.items():
        directory = f"data/secret/{parent}"
        layout.configs[directory] = {
            "max_score": _number(sum(member.points for member in members)),
            "score_aggregation": "sum",
        }
        for member in members:
            test = by_group[member.name][0]
            layout.paths[test.id] = f"{directory}/{_rest(test.name, f'secret.{parent}.')}"
    done = {member.name for members in summed.values() for member in members}
    for name, group in declared.items():
        if name in done:
            continue
        directory = f"data/secret/{name}"
        layout.configs[directory] = {"max_score": _number(group.points), "score_aggregation": "min"}
        for test in by_group[name]:
            layout.paths[test.id] = f"{directory}/{_rest(test.name, f'secret.{name}.')}"
    return layout


def _flat(layout: _Secret, tests: Sequence[TestCase], points: float, aggregation: str) -> _Secret:
    layout.configs["data/secret"] = {"max_score": _number(points), "score_aggregation": aggregation}
    for test in tests:
        layout.paths[test.id] = f"data/secret/{_rest(test.name, 'secret.')}"
    return layout


def _submissions_yaml(jury: Sequence[JurySubmission]) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for item in jury:
        expectation = item.expectation
        if expectation.final is not None:
            continue  # a DOMjudge annotation in the source says it
        base = DIRECTORY_EXPECTATIONS.get(item.path.split("/", 1)[0], Expectation())
        entry: dict[str, Any] = {}
        if expectation.permitted != base.permitted and expectation.permitted is not None:
            entry["permitted"] = sorted(code.value for code in expectation.permitted)
        extra = [required for required in expectation.required if required not in base.required]
        if extra:
            entry["required"] = sorted(code.value for code in extra[0])
        if expectation.score is not None and expectation.score != base.score:
            low, high = expectation.score
            entry["score"] = _number(low) if low == high else [_number(low), _number(high)]
        derived = (
            TimeLimitRole.LOWER
            if expectation.only_accepted
            else TimeLimitRole.UPPER
            if expectation.requires_time_limit_exceeded
            else TimeLimitRole.NONE
        )
        if item.role is not derived:
            entry["use_for_time_limit"] = False if item.role is TimeLimitRole.NONE else item.role.value
        if entry:
            entries[item.path] = entry
    return entries


def _statement_languages(files: Sequence[ProblemFile]) -> list[str]:
    languages = []
    for file in files:
        parts = file.path.split("/")
        if len(parts) == 2 and parts[0] == "statement" and parts[1].startswith("problem."):
            pieces = parts[1].split(".")
            if len(pieces) == 3 and pieces[1] != "en":
                languages.append(pieces[1])
    return sorted(set(languages))


def package_layout(
    problem: Problem, tests: Sequence[TestCase], files: Sequence[ProblemFile], jury: Sequence[JurySubmission]
) -> ExportLayout:
    layout = ExportLayout()
    languages = _statement_languages(files)
    name: Any = {"en": problem.title, **{language: problem.title for language in languages}}
    limits: dict[str, Any] = {
        "time_limit": _number(problem.limits.time_ms / 1000),
        "memory": problem.limits.memory_mb,
        "output": _number(problem.limits.output_kb / 1024),
    }
    metadata = {
        "problem_format_version": "2025-09",
        "type": f"{problem.type.value} interactive" if problem.interactor is not None else problem.type.value,
        "name": name if languages else problem.title,
        "uuid": str(problem.id),
        "limits": limits,
    }
    layout.texts.append(("problem.yaml", _yaml(metadata)))
    taken = {file.path for file in files}
    if problem.statement_format is not StatementFormat.PDF:
        path = f"statement/problem.en.{EXTENSIONS[problem.statement_format]}"
        if path not in taken:
            layout.texts.append((path, problem.statement.encode()))

    samples = [test for test in tests if test.sample]
    secret = [test for test in tests if not test.sample]
    for test in samples:
        stem = f"data/sample/{_rest(test.name, 'sample.')}"
        layout.tests[test.id] = (f"{stem}.in", f"{stem}.ans")
    placed = _scoring(problem.groups, secret) if problem.type is ProblemType.SCORING else _pass_fail(secret)
    for test in secret:
        stem = placed.paths[test.id]
        layout.tests[test.id] = (f"{stem}.in", f"{stem}.ans")

    flags = _flags(problem)
    configs = {"data/sample": {}, **placed.configs} if samples else dict(placed.configs)
    for directory, settings in configs.items():
        if flags:
            settings = {**settings, "output_validator_args": flags}
        if settings:
            layout.texts.append((f"{directory}/test_group.yaml", _yaml(settings)))

    extras: dict[str, Any] = {}
    checker = problem.interactor or problem.checker  # a Kattis interactor is the output validator
    if isinstance(checker, CustomChecker):
        for file_name, content in _sources(checker):
            layout.texts.append((f"output_validator/{file_name}", content.encode()))
        if checker.protocol is CheckerProtocol.TESTLIB:
            extras["checker_protocol"] = CheckerProtocol.TESTLIB.value
    elif isinstance(checker, ExactChecker):
        extras["checker"] = "exact"
    if problem.interactor is not None and isinstance(problem.checker, CustomChecker):
        for file_name, content in _sources(problem.checker):
            layout.texts.append((f"{INTERACTOR_CHECKER}/{file_name}", content.encode()))
        extras["interactor_checker_protocol"] = problem.checker.protocol.value
    if problem.limits.wall_time_ms is not None:
        extras["wall_time_ms"] = problem.limits.wall_time_ms
    if extras:
        layout.texts.append((".testing-service.yaml", _yaml(extras)))

    for item in jury:
        single = len(item.files) == 1 and item.path.rsplit("/", 1)[-1] == item.files[0].name
        for source in item.files:
            path = f"submissions/{item.path}" if single else f"submissions/{item.path}/{source.name}"
            layout.texts.append((path, source.content))
    rules = _submissions_yaml(jury)
    if rules:
        layout.texts.append(("submissions/submissions.yaml", _yaml(rules)))
    for file in files:
        layout.files[file.id] = file.path
    return layout


def _sources(checker: CustomChecker) -> list[tuple[str, str]]:
    """A custom checker's files, or its one source under its language's usual name."""
    return [(file.name, file.content) for file in checker.files] or [
        (SPECS_BY_ID[checker.language].source_name, checker.source)
    ]
