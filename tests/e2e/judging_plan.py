"""The problems and submissions of the judging matrix, as data, and a runner that creates them all up front.

Every submission is sent before the first test asserts anything, so the worker judges while the tests wait
for their own results one by one: the module costs the judging time once, not a server round trip per test.
"""

import base64
import io
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.service import Service
from tests.processes import wait_for

PROGRAMS = Path(__file__).resolve().parent / "programs"

EXTENSIONS: Mapping[str, str] = {
    "c": "c",
    "cpp": "cpp",
    "python3": "py",
    "java": "java",
    "javascript": "js",
    "rust": "rs",
    "bash": "sh",
    "multifile": "sh",  # Judge0's multi-file program: its `run` script, here a single source
}
LANGUAGES = tuple(EXTENSIONS)
SOLUTIONS_OF = {"multifile": "bash"}  # a multi-file program's run script is a bash script


def program(path: str) -> str:
    return (PROGRAMS / path).read_text()


def solution(language: str, case: str) -> str:
    return program(f"{SOLUTIONS_OF.get(language, language)}/{case}.{EXTENSIONS[language]}")


def printing(text: str) -> str:
    """A Python solution that writes exactly `text`."""
    return f"import sys\nsys.stdout.write({text!r})\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProblemPlan:
    """A problem as `POST /problems` takes it, with its tests: (input, answer) pairs added one by one, or
    a zip archive ({path inside the zip: content}) uploaded in one request."""

    fields: Mapping[str, Any]
    tests: tuple[tuple[str, str], ...] = ()
    archive: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmissionPlan:
    problem: str
    language: str
    source: str | bytes | None = None  # bytes go as `sourceBase64`
    files: tuple[tuple[str, str], ...] = ()
    needs: tuple[str, ...] = ()  # further languages it depends on (a custom checker's)

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.language, *self.needs)

    def body(self, problem_id: str) -> dict[str, Any]:
        body: dict[str, Any] = {"problemId": problem_id, "language": self.language}
        if self.files:
            body["files"] = [{"name": name, "content": content} for name, content in self.files]
        elif isinstance(self.source, bytes):
            body["sourceBase64"] = base64.b64encode(self.source).decode()
        else:
            body["source"] = self.source
        return body


def zip_bytes(files: Mapping[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


class Judging:
    """Creates the planned problems and sends the planned submissions at once; hands out results."""

    def __init__(self, service: Service, available: set[str]) -> None:
        self.service = service
        self.available = available
        self.problem_ids: dict[str, str] = {}
        self.uploads: dict[str, list[dict[str, Any]]] = {}
        self._submission_ids: dict[str, str] = {}
        self._results: dict[str, dict[str, Any]] = {}

    def create(self, problems: Mapping[str, ProblemPlan]) -> None:
        for key, plan in problems.items():
            self.problem_ids[key] = self._create(plan)

    def _create(self, plan: ProblemPlan) -> str:
        body = {"slug": f"m-{uuid.uuid4().hex[:12]}", "title": "judging matrix", **plan.fields}
        created = self.service.http.post("/problems", json=body)
        assert created.status_code == 201, created.text
        problem_id: str = created.json()["id"]
        for input_, answer in plan.tests:
            added = self.service.http.post(
                f"/problems/{problem_id}/tests", json={"input": input_, "answer": answer}
            )
            assert added.status_code == 201, added.text
        if plan.archive:
            uploaded = self.service.http.post(
                f"/problems/{problem_id}/tests/archive",
                files={"archive": ("tests.zip", zip_bytes(plan.archive), "application/zip")},
            )
            assert uploaded.status_code == 201, uploaded.text
            self.uploads[problem_id] = uploaded.json()
        return problem_id

    def submit_all(self, submissions: Mapping[str, SubmissionPlan]) -> None:
        for key, plan in submissions.items():
            if not set(plan.languages) <= self.available:
                continue
            response = self.service.http.post("/submissions", json=plan.body(self.problem_ids[plan.problem]))
            assert response.status_code == 201, response.text
            self._submission_ids[key] = response.json()["id"]

    def result(self, key: str, plan: SubmissionPlan, timeout: float = 240) -> dict[str, Any]:
        missing = sorted(set(plan.languages) - self.available)
        if missing:
            pytest.skip(f"GET /languages does not list {', '.join(missing)} on this machine")
        if key not in self._results:
            self._results[key] = self.service.wait_finished(self._submission_ids[key], timeout=timeout)
        return self._results[key]


def verdicts(submission: Mapping[str, Any]) -> list[str]:
    return [test["verdict"] for test in submission["tests"]]


def names(submission: Mapping[str, Any]) -> list[str]:
    return [test["name"] for test in submission["tests"]]


def wait_languages(service: Service) -> set[str]:
    """The languages the worker registered: it reports all it detected in one heartbeat."""
    found: set[str] = set()

    def registered() -> bool:
        found.update(item["id"] for item in service.http.get("/languages").json())
        return bool(found)

    wait_for(registered, 60, "the worker's languages", service.log)
    return found
