"""A real service for a benchmark: a fresh database on the local PostgreSQL (127.0.0.1:5432, or
BENCH_DATABASE_URL; else an embedded pgserver in a temporary directory), migrated, with server and worker
processes started as `python __main__.py MODE` and driven over HTTP with the admin key."""

import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infrastructure.migrations import upgrade  # noqa: E402
from tests.databases import fresh_database as fresh_test_database  # noqa: E402
from tests.databases import server_url  # noqa: E402
from tests.e2e.service import create_problem  # noqa: E402
from tests.processes import free_port, service_env  # noqa: E402

ADMIN_KEY = os.environ.get("ADMIN_API_KEY") or "bench-admin-key-0123456789abcdef"


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, migrated database for the block, on BENCH_DATABASE_URL's server or as the tests find one."""
    with server_url("BENCH_DATABASE_URL") as admin_url, fresh_test_database(admin_url) as url:
        upgrade(url)
        yield url


def wait_for(
    check: Callable[[], bool], timeout: float, what: str, log: Path, process: subprocess.Popen[bytes]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited ({process.returncode}) while waiting for {what}")
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}\n{tail}")


class Service:
    """One server and any number of workers on one database; `close` stops them all."""

    def __init__(self, database_url: str, directory: Path, **settings: str) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.log = directory / "service.log"
        self.env = service_env(
            database_url=database_url,
            data_dir=str(directory / "data"),
            port=str(self.port),
            admin_api_key=ADMIN_KEY,
            log_level="warning",
            **settings,
        )
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        self.headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
        self.http = httpx.Client(base_url=self.base, timeout=120, headers=self.headers)
        self.processes: dict[str, list[subprocess.Popen[bytes]]] = {}
        self._stack = ExitStack()

    def _start(self, mode: str) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "__main__.py"), mode],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=out,
            )
        self._stack.callback(_stop, process)
        self.processes.setdefault(mode, []).append(process)
        return process

    def start_server(self) -> subprocess.Popen[bytes]:
        process = self._start("server")
        wait_for(lambda: self.http.get("/health").status_code == 200, 60, "the server", self.log, process)
        return process

    def start_worker(self, *languages: str) -> subprocess.Popen[bytes]:
        process = self._start("worker")

        def ready() -> bool:
            offered = {item["id"] for item in self.http.get("/languages").json()}
            return set(languages) <= offered

        wait_for(ready, 60, f"a worker offering {languages}", self.log, process)
        return process

    def problem(self, tests: list[tuple[str, str]], **fields: Any) -> str:
        return create_problem(self.http, tests, **fields)

    def submit(self, problem_id: str, language: str, source: str, wait: str | None = None) -> dict[str, Any]:
        response = self.http.post(
            "/submissions",
            params={"wait": wait} if wait else {},
            json={"problemId": problem_id, "language": language, "source": source},
        )
        if response.status_code not in (200, 201, 202):
            raise RuntimeError(f"POST /submissions: {response.status_code} {response.text}")
        body: dict[str, Any] = response.json()
        return body

    def wait_finished(self, submission_id: str, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body: dict[str, Any] = self.http.get(
                f"/submissions/{submission_id}", params={"wait": "10"}
            ).json()
            if body["status"] == "finished":
                return body
        raise RuntimeError(f"submission {submission_id} not finished after {timeout}s")

    def close(self) -> None:
        self.http.close()
        self._stack.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_service(**settings: str) -> Iterator[Service]:
    """A service on a fresh database; start its server and workers with `start_server` / `start_worker`."""
    # Under the project's .data (the default DATA_DIR), not /tmp: file creation costs differ a lot between
    # directories here, and test outputs are files. BENCH_DIR overrides.
    parent = Path(os.environ.get("BENCH_DIR") or ROOT / ".data" / "bench")
    parent.mkdir(parents=True, exist_ok=True)
    with fresh_database() as url, tempfile.TemporaryDirectory(prefix="judge-bench-", dir=parent) as directory:
        service = Service(url, Path(directory), **settings)
        try:
            yield service
        except BaseException:
            tail = service.log.read_text(errors="replace")[-3000:] if service.log.exists() else ""
            if tail:
                print(f"--- service log (tail) ---\n{tail}", file=sys.stderr)
            raise
        finally:
            service.close()


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def median(samples: list[float]) -> float:
    return statistics.median(samples)
