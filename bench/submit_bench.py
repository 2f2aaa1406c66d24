"""`POST /submissions` (no wait) requests/s with 32 concurrent keep-alive clients, against a bare Starlette
+ asyncpg endpoint doing the same JSON parsing and the same INSERT into the same `submissions` table,
measured in the same run on the same machine with the same uvicorn settings (one process each).
Target: ≥ 40 % of the bare (issue #14), with latency p50/p99 under the 32 clients. Beside requests/s, each
process's CPU time per request (user + system, from /proc) is printed: on a shared machine the rate moves
with the neighbours' load, the CPU a request costs much less.

No worker runs: with one, the 2 cores would also be judging thousands of submissions, and that is not POST's
work. The server still does all of POST's work, including the dispatch: the PostgreSQL broker stores and
NOTIFYs each task whether or not a worker listens. Bare and service alternate in rounds so that noise hits
both.
Usage: python bench/submit_bench.py [requests per round] [concurrency]
"""

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from _lib.load import LoadResult, post_load
from _lib.service import ROOT, Service, median, percentile, running_service

from tests.processes import free_port

ROUNDS = 3
WARM_UP = 200
TARGET_RATIO = 0.40
SOURCE = 'print("hello")\n'


def _start_bare(service: Service) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = dict(service.env, BARE_DATABASE_URL=service.database_url, PORT=str(port))
    env["POOL_SIZE"] = str(2 * int(env.get("DB_POOL_SIZE", "10")))  # the service's pool_size + max_overflow
    with service.log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "_lib" / "bare_submit.py")], env=env, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bare endpoint exited ({process.returncode}); see {service.log}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            return process, port
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the bare endpoint did not start")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _load(port: int, problem_id: str, total: int, concurrency: int, headers: dict[str, str]) -> LoadResult:
    return asyncio.run(
        post_load(
            "127.0.0.1",
            port,
            "/api/v1/submissions",
            lambda _: {"problemId": problem_id, "language": "python3", "source": SOURCE},
            total=total,
            concurrency=concurrency,
            headers=headers,
        )
    )


def _check(name: str, result: LoadResult) -> None:
    if set(result.statuses) != {201}:
        raise RuntimeError(f"{name}: unexpected statuses {result.statuses}")


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    with running_service() as service:
        server = service.start_server()
        problem_id = service.problem([("", "hello\n")])
        bare, bare_port = _start_bare(service)
        try:
            results: dict[str, list[LoadResult]] = {"bare": [], "service": []}
            cpu: dict[str, list[float]] = {"bare": [], "service": []}
            targets = {"bare": (bare_port, bare.pid), "service": (service.port, server.pid)}
            for name, (port, _) in targets.items():
                _check(name, _load(port, problem_id, WARM_UP, concurrency, service.headers))
            for _ in range(ROUNDS):
                for name, (port, pid) in targets.items():
                    before = _cpu_seconds(pid)
                    result = _load(port, problem_id, total, concurrency, service.headers)
                    cpu[name].append((_cpu_seconds(pid) - before) * 1000 / total)
                    _check(name, result)
                    results[name].append(result)
        finally:
            bare.terminate()
            bare.wait(timeout=20)

    print(
        f"POST /submissions, no wait: {ROUNDS} rounds × {total} requests, {concurrency} concurrent "
        f"keep-alive clients (after {WARM_UP} warm-ups each), no worker running"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min; 2 cores shared)")
    print(
        f"{'':<34}{'rps (median round)':>20}{'rounds':>22}{'latency p50':>14}{'p99':>9}{'CPU ms/request':>16}"
    )
    rps: dict[str, float] = {}
    for name, label in [
        ("bare", "bare Starlette + asyncpg INSERT"),
        ("service", "service POST /submissions"),
    ]:
        rounds = [r.rps for r in results[name]]
        latencies = [ms * 1000 for r in results[name] for ms in r.latencies]
        rps[name] = median(rounds)
        print(
            f"{label:<34}{rps[name]:>20.0f}{' / '.join(f'{x:.0f}' for x in rounds):>22}"
            f"{median(latencies):>11.1f} ms{percentile(latencies, 0.99):>6.1f} ms{median(cpu[name]):>16.2f}"
        )
    ratio = rps["service"] / rps["bare"]
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"ratio {ratio * 100:.1f} % of the bare endpoint (target ≥ {TARGET_RATIO * 100:.0f} %): {verdict}")
    cpu_ratio = median(cpu["bare"]) / median(cpu["service"])
    print(f"CPU per request: the bare endpoint's is {cpu_ratio * 100:.1f} % of the service's")


if __name__ == "__main__":
    main()
