"""Submit→verdict latency: `POST /submissions?wait=true` for a 1-test Python "hello" problem, one worker,
100 sequential submissions after a few warm-ups. Target: p50 ≤ 40 ms (issue #14).

Breakdown per submission, from the response: `finishedAt - createdAt` (queued → final result written: broker
wake-up, claim, sandbox run, check, writes), the test's wall time in the sandbox, and the rest of the round
trip (HTTP, validation, insert, dispatch, LISTEN/NOTIFY wake-up, final read and rendering). Wall times are
the machine's under shared load; the CPU time the worker and the server processes spent per submission (their
own, not the sandboxed runs') measures their fixed cost without the noise.
Usage: python bench/latency_bench.py [submissions]
"""

import os
import sys
import time
from datetime import datetime
from pathlib import Path

from _lib.service import median, percentile, running_service

SOURCE = 'print("hello")\n'
WARM_UPS = 5
TARGET_P50_MS = 40.0
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid: int) -> float:
    """The process's own user + system CPU time so far (not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    cores = os.cpu_count() or 1
    with running_service(worker_concurrency=str(cores)) as service:
        server = service.start_server()
        worker = service.start_worker("python3")
        problem_id = service.problem([("", "hello\n")])
        for _ in range(WARM_UPS):
            warm = service.submit(problem_id, "python3", SOURCE, wait="true")
            assert warm["verdict"] == "accepted", warm
        total: list[float] = []
        judged: list[float] = []
        run_wall: list[float] = []
        cpu_before = cpu_ms(worker.pid), cpu_ms(server.pid)
        for _ in range(count):
            start = time.perf_counter()
            body = service.submit(problem_id, "python3", SOURCE, wait="true")
            elapsed = (time.perf_counter() - start) * 1000
            if body["verdict"] != "accepted":
                raise RuntimeError(f"unexpected result: {body}")
            total.append(elapsed)
            created = datetime.fromisoformat(body["createdAt"])
            finished = datetime.fromisoformat(body["finishedAt"])
            judged.append((finished - created).total_seconds() * 1000)
            run_wall.append(float(body["tests"][0]["wallTimeMs"]))
        worker_cpu = (cpu_ms(worker.pid) - cpu_before[0]) / count
        server_cpu = (cpu_ms(server.pid) - cpu_before[1]) / count
    rest = [t - j for t, j in zip(total, judged, strict=True)]
    print(
        f"submit→verdict latency, 1-test Python hello, {count} sequential submissions ({WARM_UPS} warm-ups)"
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min; 2 cores shared)")
    print(f"{'':<44}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, samples in [
        ("POST /submissions?wait=true (client)", total),
        ("  createdAt → finishedAt (server, judging)", judged),
        ("    of which the test's wall time in sandbox", run_wall),
        ("  rest (HTTP, insert, dispatch, wake, read)", rest),
    ]:
        print(f"{name:<44}{median(samples):>10.1f}{percentile(samples, 0.95):>10.1f}{max(samples):>10.1f}")
    print(f"CPU per submission: worker {worker_cpu:.2f} ms, server {server_cpu:.2f} ms (their own processes)")
    p50 = median(total)
    print(
        f"p50 {p50:.1f} ms vs target ≤ {TARGET_P50_MS:.0f} ms: {'met' if p50 <= TARGET_P50_MS else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
