"""A real service for a benchmark: a fresh database on the local PostgreSQL (127.0.0.1:5432, or
BENCH_DATABASE_URL; else an embedded pgserver in a temporary directory), migrated, with server and worker
processes started as `python __main__.py MODE` and driven over HTTP with the admin key."""

import asyncio
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from infrastructure.migrations import upgrade  # noqa: E402

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
ADMIN_KEY = os.environ.get("ADMIN_API_KEY") or "bench-admin-key-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _with_database(url: str, name: str) -> str:
    base, _, query = url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


async def _admin(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def postgres_server() -> Iterator[str]:
    """The maintenance-database URL of a PostgreSQL server to create benchmark databases on."""
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        yield explicit
    elif _reachable("127.0.0.1", 5432):
        yield LOCAL_SERVER
    else:
        from pgserver.postgres_server import get_server

        with tempfile.TemporaryDirectory(prefix="judge-bench-pg-") as data:
            server = get_server(Path(data), cleanup_mode="stop")
            try:
                yield server.get_uri()
            finally:
                server.cleanup()


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, migrated database for the block; dropped afterwards."""
    with postgres_server() as admin_url:
        name = f"judge_bench_{uuid.uuid4().hex[:12]}"
        asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
        try:
            url = _with_database(admin_url, name)
            upgrade(url)
            yield url
        finally:
            asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _service_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "BROKER_", "WORKER_"))}
    env.update({k.upper(): v for k, v in settings.items()})
    return env


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
        self.env = _service_env(
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
        body: dict[str, Any] = {
            "slug": f"bench-{uuid.uuid4().hex[:12]}",
            "title": "bench",
            "type": "pass-fail",
            "limits": {"timeMs": 2000, "memoryMb": 256},
            "checker": {"type": "tokens"},
        }
        body.update(fields)
        created = self.http.post("/problems", json=body)
        created.raise_for_status()
        problem_id: str = created.json()["id"]
        for input_, answer in tests:
            self.http.post(
                f"/problems/{problem_id}/tests", json={"input": input_, "answer": answer}
            ).raise_for_status()
        return problem_id

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
