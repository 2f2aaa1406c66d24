"""The worker keeps a problem and its tests between judgings (`application/judging/problem_cache.py`): an
edit to the tests or the limits must reach the next judging, a rejudge included."""

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.service import Service, running_service

pytestmark = pytest.mark.e2e

HELLO = 'print("hello")\n'


def _rejudged(service: Service, submission: dict[str, Any]) -> dict[str, Any]:
    requeued = service.http.post(f"/submissions/{submission['id']}/rejudge")
    assert requeued.status_code == 202, requeued.text
    return service.wait_finished(submission["id"])


def test_a_rejudge_after_an_edit_of_the_tests_or_limits_judges_with_the_new_ones(
    postgres_server: str, tmp_path: Path
) -> None:
    with running_service(postgres_server, tmp_path) as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        problem = service.problem([("", "hello\n")])
        first = service.submit(problem, "python3", HELLO, wait="30")
        assert first["verdict"] == "accepted", first
        assert service.submit(problem, "python3", HELLO, wait="30")["verdict"] == "accepted"  # cached now

        added = service.http.post(f"/problems/{problem}/tests", json={"input": "", "answer": "bye\n"})
        assert added.status_code == 201, added.text
        again = _rejudged(service, first)
        assert again["verdict"] == "wrong_answer", again
        assert len(again["tests"]) == 2

        removed = service.http.delete(f"/problems/{problem}/tests/{added.json()['id']}")
        assert removed.status_code == 204, removed.text
        assert _rejudged(service, first)["verdict"] == "accepted"

        slow = service.submit(
            problem, "python3", "x = 0\nfor i in range(3_000_000):\n    x += i\n" + HELLO, wait="30"
        )
        assert slow["verdict"] == "accepted", slow
        edited = service.http.patch(f"/problems/{problem}", json={"limits": {"timeMs": 100, "memoryMb": 256}})
        assert edited.status_code == 200, edited.text
        assert _rejudged(service, slow)["verdict"] == "time_limit_exceeded"
