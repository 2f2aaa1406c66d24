"""Export is the inverse of import: parse a package, lay the problem out as a 2025-09 package, parse that,
and the problem is the same (statement, limits, checker, groups, tests with names and data, files, jury)."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import yaml

from application.packages.export import package_layout
from application.packages.format.creation import jury_from, problem_from
from application.packages.format.model import ParsedPackage
from domain.accounts.entities import Visibility
from domain.packages.entities import JurySubmission
from domain.problems.entities import Problem, TestCase, TestData, describe_test, in_order
from domain.problems.files import ProblemFile, describe_file
from tests.package_builder import PACKAGES, minimal
from tests.unit.domain.packages.helpers import parse, passfail

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Imported:
    problem: Problem
    tests: list[tuple[TestCase, TestData]]
    files: list[tuple[ProblemFile, bytes]]
    jury: list[JurySubmission]


def _read_directory(name: str) -> dict[str, str | bytes]:
    root = PACKAGES / name
    files: dict[str, str | bytes] = {}
    for path in root.rglob("*"):
        if path.is_file():  # links are read as their targets, as the importer does
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _import(files: Mapping[str, str | bytes]) -> Imported:
    parsed: ParsedPackage = parse(files)
    data = {
        path: content.encode() if isinstance(content, str) else content for path, content in files.items()
    }
    problem = problem_from(
        parsed,
        slug="p",
        owner_id=None,
        visibility=Visibility.DRAFT,
        time_ms=parsed.time_rule.fixed_ms or 2000,
        now=NOW,
    )
    tests = []
    for test in parsed.tests:
        content = TestData(input=data[test.input], answer=data[test.answer])
        described = describe_test(
            id=uuid.uuid4(),
            problem_id=problem.id,
            name=test.name,
            group=test.group,
            sample=test.sample,
            data=content,
            created_at=NOW,
        )
        tests.append((described, content))
    stored = [
        (
            describe_file(
                id=uuid.uuid4(),
                problem_id=problem.id,
                path=file.path,
                kind=file.kind,
                data=data[file.source],
                created_at=NOW,
            ),
            data[file.source],
        )
        for file in parsed.files
    ]
    jury = jury_from(parsed.jury, problem.id)
    return Imported(problem=problem, tests=tests, files=stored, jury=jury)


def _export(imported: Imported) -> dict[str, str | bytes]:
    tests = in_order([test for test, _ in imported.tests])
    layout = package_layout(imported.problem, tests, [file for file, _ in imported.files], imported.jury)
    out: dict[str, str | bytes] = dict(layout.texts)
    for test, test_data in imported.tests:
        input_path, answer_path = layout.tests[test.id]
        out[input_path], out[answer_path] = test_data.input, test_data.answer
    for file, content in imported.files:
        out[layout.files[file.id]] = content
    assert len(out) == len(layout.texts) + 2 * len(imported.tests) + len(imported.files), "paths collide"
    return out


def _comparable(imported: Imported) -> dict[str, Any]:
    problem = imported.problem
    return {
        "problem": (
            problem.title,
            problem.statement,
            problem.statement_format,
            problem.type,
            problem.limits,
            problem.checker,
            problem.groups,
        ),
        "tests": [
            (test.name, test.group, test.sample, content)
            for test, content in sorted(imported.tests, key=lambda pair: pair[0].name)
        ],
        "files": sorted((file.path, file.kind, content) for file, content in imported.files),
        "jury": sorted(
            (item.path, item.language, tuple(item.files), item.expectation, item.role, item.skipped)
            for item in imported.jury
        ),
    }


def _scoring_2025() -> dict[str, str | bytes]:
    files = passfail(type="scoring")
    for name in [name for name in files if name.startswith("data/secret/")]:
        del files[name]
    for group, count in (("easy", 2), ("sum", 3), ("hard", 1)):
        for number in range(1, count + 1):
            files[f"data/secret/{group}/{number:02d}.in"] = f"{group} {number}\n"
            files[f"data/secret/{group}/{number:02d}.ans"] = f"{number}\n"
    files["data/secret/easy/test_group.yaml"] = "max_score: 20\n"
    files["data/secret/sum/test_group.yaml"] = "max_score: 30\nscore_aggregation: sum\n"
    files["data/secret/hard/test_group.yaml"] = "max_score: 50\nscore_aggregation: min\n"
    files["data/secret/test_group.yaml"] = "output_validator_args: [float_absolute_tolerance, '0.001']\n"
    files["data/sample/test_group.yaml"] = "output_validator_args: [float_absolute_tolerance, '0.001']\n"
    files["submissions/partially_accepted/half.py"] = "print(1)\n"
    files["submissions/mixed/any.py"] = "# @EXPECTED_RESULTS@: CORRECT, WRONG-ANSWER\nprint(1)\n"
    files["submissions/submissions.yaml"] = "partially_accepted/half.py:\n  score: [20, 50]\n"
    files["attachments/tool.py"] = "print('tool')\n"
    files["statement/problem.sv.md"] = "Svenska\n"
    return files


CASES: dict[str, Mapping[str, str | bytes]] = {
    "different": _read_directory("different"),
    "hello": _read_directory("hello"),
    "oddecho": _read_directory("oddecho"),
    "scoring-2025": _scoring_2025(),
    "legacy-sum": minimal({"problem.yaml": "name: X\ntype: scoring\nvalidator_flags: case_sensitive\n"}),
    "exact-and-wall": passfail({".testing-service.yaml": "checker: exact\nwall_time_ms: 9000\n"})
    | {
        "data/secret/test_group.yaml": "output_validator_args: [case_sensitive, space_change_sensitive]\n",
        "data/sample/test_group.yaml": "output_validator_args: [case_sensitive, space_change_sensitive]\n",
    },
    "testlib": passfail(
        {".testing-service.yaml": "checker_protocol: testlib\n", "output_validator/c.cpp": "int main(){}\n"}
    ),
    "pdf": {
        **{k: v for k, v in passfail().items() if k != "statement/problem.en.md"},
        "statement/problem.pdf": b"%PDF-1.4 ...",
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_importing_an_exported_package_gives_the_same_problem(name: str) -> None:
    first = _import(CASES[name])
    exported = _export(first)
    second = _import(exported)

    assert _comparable(second) == _comparable(first)
    metadata = yaml.safe_load(exported["problem.yaml"])
    assert metadata["problem_format_version"] == "2025-09"
    assert metadata["uuid"] == str(first.problem.id)


def test_the_export_writes_the_2025_layout() -> None:
    exported = _export(_import(_scoring_2025()))

    assert yaml.safe_load(exported["data/secret/sum/test_group.yaml"]) == {
        "max_score": 30,
        "score_aggregation": "sum",
        "output_validator_args": ["float_absolute_tolerance", "0.001"],
    }
    assert yaml.safe_load(exported["data/secret/hard/test_group.yaml"])["score_aggregation"] == "min"
    assert exported["data/secret/easy/01.in"] == b"easy 1\n"
    assert exported["statement/problem.en.md"] == b"Add two numbers.\n"
    assert yaml.safe_load(exported["problem.yaml"])["name"] == {"en": "Sum", "sv": "Sum"}
    assert "partially_accepted/half.py" in yaml.safe_load(exported["submissions/submissions.yaml"])
