"""Ad-hoc runs: hello in C and in Python, one worker with a slot per core.

1. Latency, sequential: `POST /api/v1/runs?wait=true` (native) and `POST /judge0/submissions?wait=true`
   (the Judge0 layer), p50/p95, beside the bare program started directly (no sandbox, no service).
2. Throughput: runs/s with 32 concurrent clients through the native API, beside the bare program started
   by as many concurrent loops as the worker has slots.
Nothing is asserted. Usage: python bench/runs_bench.py [runs per latency series] [runs for throughput]
"""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx
from _lib.service import ADMIN_KEY, median, percentile, running_service

PROGRAMS = {
    "c": ('#include <stdio.h>\nint main(void){puts("hello");return 0;}\n', 50),
    "python3": ('print("hello")\n', 71),
}
CLIENTS = 32
WARM_UPS = 3


def bare_runs(language: str, count: int, directory: Path) -> list[float]:
    source, _ = PROGRAMS[language]
    if language == "c":
        (directory / "main.c").write_text(source)
        subprocess.run(
            [shutil.which("gcc") or "gcc", "-O2", "-o", str(directory / "main"), str(directory / "main.c")],
            check=True,
        )
        command = [str(directory / "main")]
    else:
        python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
        (directory / "main.py").write_text(source)
        command = [python, "-S", str(directory / "main.py")]
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bare_throughput(directory: Path, count: int, parallel: int) -> float:
    async def loop(n: int) -> None:
        for _ in range(n):
            process = await asyncio.create_subprocess_exec(str(directory / "main"), stdout=subprocess.DEVNULL)
            await process.wait()

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(loop(count // parallel) for _ in range(parallel)))
        return (count // parallel * parallel) / (time.perf_counter() - start)

    return asyncio.run(main())


def timed(call: Callable[[], httpx.Response], count: int, server: list[float] | None = None) -> list[float]:
    """Client round trips in ms; `server` gets createdAt → finishedAt of native runs."""
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code not in (200, 201):
            raise RuntimeError(f"{response.status_code} {response.text}")
        body = response.json()
        if server is not None:
            created, finished = (datetime.fromisoformat(body[k]) for k in ("createdAt", "finishedAt"))
            server.append((finished - created).total_seconds() * 1000)
    return samples


async def service_throughput(base: str, count: int) -> float:
    body = {"language": "c", "source": PROGRAMS["c"][0]}
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=120, limits=httpx.Limits(max_connections=CLIENTS)
    ) as http:
        remaining = count

        async def client() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                response = await http.post("/runs", params={"wait": "60"}, json=body)
                if response.status_code != 200 or response.json()["outcome"] != "ok":
                    raise RuntimeError(f"{response.status_code} {response.text[:300]}")

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        return count / (time.perf_counter() - start)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 320
    cores = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory() as tmp, running_service(worker_concurrency=str(cores)) as service:
        directory = Path(tmp)
        service.start_server()
        service.start_worker("c", "python3")
        judge0 = httpx.Client(
            base_url=f"http://127.0.0.1:{service.port}/judge0",
            timeout=120,
            headers={"X-Auth-Token": ADMIN_KEY},
        )
        for language, (source, judge0_id) in PROGRAMS.items():
            bare = bare_runs(language, count, directory)

            def native(language: str = language, source: str = source) -> httpx.Response:
                return service.http.post(
                    "/runs", params={"wait": "60"}, json={"language": language, "source": source}
                )

            def layer(source: str = source, judge0_id: int = judge0_id) -> httpx.Response:
                return judge0.post(
                    "/submissions",
                    params={"wait": "true"},
                    json={"source_code": source, "language_id": judge0_id},
                )

            timed(native, WARM_UPS)
            timed(layer, WARM_UPS)
            rows.append((f"{language}: bare program", bare))
            server: list[float] = []
            rows.append((f"{language}: POST /api/v1/runs?wait=true", timed(native, count, server)))
            rows.append((f"{language}:   of which createdAt → finishedAt", server))
            rows.append((f"{language}: POST /judge0/submissions?wait=true", timed(layer, count)))
        bare_rate = bare_throughput(directory, total, cores)
        rate = asyncio.run(service_throughput(service.base, total))
        judge0.close()
    print(
        f"ad-hoc runs, hello world, {count} sequential runs per series ({WARM_UPS} warm-ups), {cores} slots"
    )
    print(f"{'':<48}{'p50 ms':>10}{'p95 ms':>10}")
    for name, samples in rows:
        print(f"{name:<48}{median(samples):>10.1f}{percentile(samples, 0.95):>10.1f}")
    print(
        f"throughput, C hello, {total} runs: {CLIENTS} clients through POST /runs?wait: {rate:.1f} runs/s; "
        f"bare program x{cores} loops: {bare_rate:.1f} runs/s; ratio {rate / bare_rate:.3f}"
    )


if __name__ == "__main__":
    main()
