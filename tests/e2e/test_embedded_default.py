"""Server and worker as real processes on the embedded default: no DATABASE_URL, no BROKER_URL."""

import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.processes import ROOT, free_port, service_env, service_process, wait_for

pytestmark = pytest.mark.e2e


def test_server_and_worker_share_embedded_postgres_and_list_languages(tmp_path: Path) -> None:
    port = free_port()
    env = service_env(data_dir=str(tmp_path / "data"), port=str(port), worker_heartbeat_seconds="1")
    log = tmp_path / "service.log"
    migrate = subprocess.run(
        [sys.executable, str(ROOT / "__main__.py"), "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr.decode()

    base = f"http://127.0.0.1:{port}/api/v1"
    with service_process("server", env, log) as server, service_process("worker", env, log) as worker:
        wait_for(lambda: httpx.get(f"{base}/health", timeout=2).status_code == 200, 60, "health", log)

        def languages() -> set[str]:
            return {item["id"] for item in httpx.get(f"{base}/languages", timeout=2).json()}

        wait_for(lambda: {"c", "cpp", "python3"} <= languages(), 60, "c, cpp, python3 from the worker", log)
        key_file = tmp_path / "data" / "admin.key"
        assert key_file.stat().st_mode & 0o777 == 0o600, "the bootstrap admin key is private"
        admin = {"Authorization": f"Bearer {key_file.read_text().strip()}"}
        assert httpx.get(f"{base}/workers", timeout=2).status_code == 401
        workers = httpx.get(f"{base}/workers", timeout=2, headers=admin).json()
        assert [w["state"] for w in workers] == ["online"]
        versions = {item["id"]: item["version"] for item in httpx.get(f"{base}/languages", timeout=2).json()}
        assert "gcc" in versions["c"].lower() or "gcc" in versions["c"]
        assert versions["python3"].startswith("Python 3")
    assert server.returncode == 0, log.read_text()[-2000:]
    assert worker.returncode == 0, log.read_text()[-2000:]
    assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o711, "DATA_DIR: traversable, never listable"
