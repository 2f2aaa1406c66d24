"""Fresh clone → first verdict through `make run`, with no package cache. Target: ≤ 30 s.

Clones the committed HEAD into a temporary directory, runs `make run` there with every package cache
pointed at an empty directory (pip and uv both download and build everything again), no DATABASE_URL (so
the embedded PostgreSQL starts) and a known admin key, then creates a one-test problem and submits a
Python hello with `wait=true`. Prints when each phase ended, counted from the start of `make run`:
packages installed (`.venv/.runtime` written), server answering `/health`, a worker offering python3, and the
verdict. System packages (bubblewrap, a C compiler) are already on this machine, so their installation is
not part of the figure; the package index's speed is.
Usage: python bench/setup_bench.py [runs]
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.processes import free_port  # noqa: E402

TARGET_SECONDS = 30.0
ADMIN_KEY = "setup-bench-admin-key-0123456789abcdef"
TIMEOUT_SECONDS = 600.0


def _env(directory: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "BROKER_", "VIRTUAL_ENV", "PYTHON"))
    }
    cache = directory / "empty-cache"
    cache.mkdir()
    env.update(
        PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p),
        PIP_NO_CACHE_DIR="1",
        UV_NO_CACHE="1",
        UV_CACHE_DIR=str(cache / "uv"),
        XDG_CACHE_HOME=str(cache),
        PORT=str(port),
        HOST="127.0.0.1",
        ADMIN_API_KEY=ADMIN_KEY,
        LOG_LEVEL="warning",
    )
    return env


def _once(directory: Path) -> dict[str, float]:
    clone = directory / "clone"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    port = free_port()
    log = directory / "make-run.log"
    marks: dict[str, float] = {}
    with log.open("wb") as out:
        start = time.monotonic()
        process = subprocess.Popen(
            ["make", "run"],
            cwd=clone,
            env=_env(directory, port),
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    http = httpx.Client(
        base_url=f"http://127.0.0.1:{port}/api/v1",
        headers={"Authorization": f"Bearer {ADMIN_KEY}"},
        timeout=60,
    )
    try:
        deadline = start + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"make run exited ({process.returncode}):\n{log.read_text()[-3000:]}")
            now = time.monotonic() - start
            if "installed" not in marks and (clone / ".venv" / ".runtime").exists():
                marks["installed"] = now
            try:
                if "server" not in marks and http.get("/health").status_code == 200:
                    marks["server"] = time.monotonic() - start
                if "server" in marks and any(
                    item["id"] == "python3" for item in http.get("/languages").json()
                ):
                    marks["worker"] = time.monotonic() - start
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        else:
            raise RuntimeError(f"no worker after {TIMEOUT_SECONDS}s:\n{log.read_text()[-3000:]}")
        problem = http.post(
            "/problems",
            json={
                "slug": "hello",
                "title": "hello",
                "type": "pass-fail",
                "limits": {"timeMs": 2000, "memoryMb": 256},
                "checker": {"type": "tokens"},
            },
        )
        problem.raise_for_status()
        problem_id = problem.json()["id"]
        http.post(f"/problems/{problem_id}/tests", json={"input": "", "answer": "hello\n"}).raise_for_status()
        verdict = http.post(
            "/submissions",
            params={"wait": "true"},
            json={"problemId": problem_id, "language": "python3", "source": 'print("hello")\n'},
        )
        verdict.raise_for_status()
        if verdict.json()["verdict"] != "accepted":
            raise RuntimeError(f"unexpected result: {verdict.text}")
        marks["verdict"] = time.monotonic() - start
        return marks
    finally:
        http.close()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    print(f"fresh clone → first verdict via `make run`, no package cache, {runs} run(s)")
    print(f"{'run':<6}{'installed s':>14}{'server s':>10}{'worker s':>10}{'verdict s':>11}")
    verdicts: list[float] = []
    for index in range(runs):
        with tempfile.TemporaryDirectory(prefix="judge-setup-") as directory:
            marks = _once(Path(directory))
        verdicts.append(marks["verdict"])
        print(
            f"{index + 1:<6}{marks.get('installed', float('nan')):>14.1f}{marks['server']:>10.1f}"
            f"{marks['worker']:>10.1f}{marks['verdict']:>11.1f}"
        )
    best = sorted(verdicts)[len(verdicts) // 2]
    status = "met" if best <= TARGET_SECONDS else "NOT met"
    print(f"median {best:.1f} s vs target ≤ {TARGET_SECONDS:.0f} s: {status}")


if __name__ == "__main__":
    main()
