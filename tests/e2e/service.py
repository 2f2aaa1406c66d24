"""A running service for end-to-end tests: a fresh database, one server and any number of workers, all
real processes, driven over HTTP."""

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

from infrastructure.migrations import upgrade
from tests.databases import fresh_database
from tests.processes import free_port, service_env, service_process, wait_for

ADMIN_KEY = "e2e-admin-key-0123456789abcdef"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


def rabbitmq_controllable() -> bool:
    """The local RabbitMQ answers on 5672 and `rabbitmqctl` (to stop and start it) is on PATH."""
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=0.5):
            return shutil.which("rabbitmqctl") is not None
    except OSError:
        return False


def rabbitmqctl(command: str) -> None:
    subprocess.run(["rabbitmqctl", command], check=True, capture_output=True, timeout=120)


def create_problem(http: httpx.Client, tests: list[tuple[str, str]], **fields: Any) -> str:
    """A pass-fail problem (tokens checker, 2 s, 256 MB unless `fields` say otherwise) with these tests."""
    body: dict[str, Any] = {
        "slug": f"p-{uuid.uuid4().hex[:12]}",
        "title": "test problem",
        "type": "pass-fail",
        "limits": {"timeMs": 2000, "memoryMb": 256},
        "checker": {"type": "tokens"},
    }
    body.update(fields)
    created = http.post("/problems", json=body)
    assert created.status_code == 201, created.text
    problem_id: str = created.json()["id"]
    for input_, answer in tests:
        added = http.post(f"/problems/{problem_id}/tests", json={"input": input_, "answer": answer})
        assert added.status_code == 201, added.text
    return problem_id


class Service:
    def __init__(self, database_url: str, data_dir: Path, log: Path, **settings: str) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.log = log
        self.env = service_env(
            database_url=database_url,
            data_dir=str(data_dir),
            port=str(self.port),
            worker_heartbeat_seconds="1",
            judge_lease_seconds="3",
            judge_redispatch_seconds="2",
            admin_api_key=ADMIN_KEY,
            **settings,
        )
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        self.headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
        self.http = httpx.Client(base_url=self.base, timeout=60, headers=self.headers)
        self._stack = ExitStack()
        self.workers: list[subprocess.Popen[bytes]] = []
        self.server: subprocess.Popen[bytes] | None = None

    def start_server(self) -> subprocess.Popen[bytes]:
        server = self._stack.enter_context(service_process("server", self.env, self.log))
        self.server = server
        wait_for(lambda: self.http.get("/health").status_code == 200, 60, "the server", self.log)
        return server

    def start_worker(self, **settings: str) -> subprocess.Popen[bytes]:
        """A worker; `settings` override the service's for this process (e.g. worker_roles)."""
        env = {**self.env, **{name.upper(): value for name, value in settings.items()}}
        worker = self._stack.enter_context(service_process("worker", env, self.log))
        self.workers.append(worker)
        return worker

    def start_notifier(self) -> subprocess.Popen[bytes]:
        """`python __main__.py notifier`: the relay and the notifier (webhook deliveries), no judging."""
        return self._stack.enter_context(service_process("notifier", self.env, self.log))

    def user(self, name: str) -> dict[str, str]:
        """A new user account with a key: its Authorization header."""
        created = self.http.post("/keys", json={"name": name, "role": "user", "accountName": name})
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['key']}"}

    def wait_for_languages(self, *languages: str) -> None:
        def ready() -> bool:
            return set(languages) <= {item["id"] for item in self.http.get("/languages").json()}

        wait_for(ready, 60, f"languages {languages}", self.log)

    def close(self) -> None:
        self.http.close()
        self._stack.close()

    def problem(self, tests: list[tuple[str, str]], **fields: Any) -> str:
        return create_problem(self.http, tests, **fields)

    def submit(self, problem_id: str, language: str, source: str, wait: str | None = None) -> dict[str, Any]:
        params = {"wait": wait} if wait else {}
        response = self.http.post(
            "/submissions",
            params=params,
            json={"problemId": problem_id, "language": language, "source": source},
        )
        assert response.status_code in (200, 201, 202), response.text
        body: dict[str, Any] = response.json()
        return body

    def wait_finished(self, submission_id: str, timeout: float = 90) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body: dict[str, Any] = self.http.get(f"/submissions/{submission_id}", params={"wait": "5"}).json()
            if body["status"] == "finished":
                return body
        tail = self.log.read_text(errors="replace")[-3000:]
        raise AssertionError(f"submission {submission_id} not finished after {timeout}s\n{tail}")


@contextmanager
def running_service(postgres_server: str, tmp_path: Path, **settings: str) -> Iterator[Service]:
    with fresh_database(postgres_server) as url:
        upgrade(url)
        service = Service(url, tmp_path / "data", tmp_path / "service.log", **settings)
        try:
            yield service
        finally:
            service.close()
