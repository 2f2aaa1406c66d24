"""Judging throughput: a 200-test pass-fail problem (tokens checker) with a trivial C++ solution, judged by
one worker with WORKER_CONCURRENCY = number of cores, against the bare bound measured in the same run:
slots ÷ median run time of the same binary on the same input run directly with subprocess (no sandbox).
Target: ≥ 80 % of the bound.

The first submission compiles; later ones are identical resubmissions, which the compile cache serves, so
the measured submissions are test runs, checks and writes only. Throughput of a submission =
200 ÷ (finishedAt - createdAt) from its response (server clock: queued → final result written).
Usage: python bench/judging_bench.py [measured submissions]
"""

import os
import stat
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from _lib.service import median, running_service

TESTS = 200
BARE_RUNS = 300  # in total, split evenly between the measured submissions
TARGET_RATIO = 0.80
SOURCE = """#include <cstdio>
int main() {
    long long x;
    if (std::scanf("%lld", &x) == 1) std::printf("%lld\\n", x);
    return 0;
}
"""


def _find_binary(data_dir: Path) -> Path | None:
    """The worker's compiled artifact (an executable named `main` in its compile cache)."""
    for path in data_dir.rglob("main"):
        mode = path.stat().st_mode
        if stat.S_ISREG(mode) and mode & stat.S_IXUSR:
            return path
    return None


def _compile_bare(directory: Path) -> Path:
    source = directory / "main.cpp"
    source.write_text(SOURCE)
    binary = directory / "main"
    subprocess.run(["g++", "-O2", "-std=gnu++20", "-pipe", "-o", str(binary), str(source)], check=True)
    return binary


def _bare_runs(binary: Path, input_path: Path, output_path: Path, runs: int) -> list[float]:
    """Wall time of each run, from spawn to exit, stdin from the input file and stdout to a file."""
    samples: list[float] = []
    for _ in range(runs):
        with input_path.open("rb") as stdin, output_path.open("wb") as stdout:
            start = time.perf_counter()
            subprocess.run([str(binary)], stdin=stdin, stdout=stdout, check=True)
            samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    measured = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    slots = os.cpu_count() or 1
    with running_service(worker_concurrency=str(slots)) as service:
        service.start_server()
        service.start_worker("cpp")
        problem_id = service.problem([(f"{i}\n", f"{i}\n") for i in range(1, TESTS + 1)])

        start = time.perf_counter()
        first = service.submit(problem_id, "cpp", SOURCE, wait="60")
        first_s = time.perf_counter() - start
        if first.get("verdict") != "accepted":
            raise RuntimeError(f"first submission: {first}")

        binary = _find_binary(Path(service.env["DATA_DIR"]))
        source_of_binary = "the worker's cached artifact"
        scratch = service.log.parent / "bare"
        scratch.mkdir()
        if binary is None:
            binary = _compile_bare(scratch)
            source_of_binary = "compiled here with the same flags"
        input_path = scratch / "input.txt"
        input_path.write_text("100\n")
        output_path = scratch / "output.txt"
        _bare_runs(binary, input_path, output_path, 10)  # warm-up

        # Bare runs and submissions alternate, so that machine noise hits both alike.
        server_rates: list[float] = []
        client_rates: list[float] = []
        bare: list[float] = []
        for _ in range(measured):
            bare += _bare_runs(binary, input_path, output_path, -(-BARE_RUNS // measured))
            start = time.perf_counter()
            body = service.submit(problem_id, "cpp", SOURCE, wait="60")
            elapsed = time.perf_counter() - start
            if body.get("verdict") != "accepted" or len(body["tests"]) != TESTS:
                raise RuntimeError(f"unexpected result: {body.get('status')} {body.get('verdict')}")
            judged = datetime.fromisoformat(body["finishedAt"]) - datetime.fromisoformat(body["createdAt"])
            server_rates.append(TESTS / judged.total_seconds())
            client_rates.append(TESTS / elapsed)
        sandbox_wall = [float(test["wallTimeMs"]) for test in body["tests"]]

    bare_median = statistics.median(bare)
    bound = slots / bare_median
    rate = median(server_rates)
    print(f"judging throughput: {TESTS}-test C++ problem, tokens checker, 1 worker, {slots} slots")
    print(f"  first submission (with compile), round trip       {first_s * 1000:8.0f} ms")
    print(f"  measured resubmissions (compile cached)           {measured:8d}")
    print(
        f"  tests/s per submission, server (createdAt→finishedAt)  median {rate:7.1f}  "
        f"min {min(server_rates):7.1f}  max {max(server_rates):7.1f}"
    )
    print(f"  tests/s per submission, client round trip              median {median(client_rates):7.1f}")
    print(f"  sandbox wall time per test (last submission)  median {statistics.median(sandbox_wall):6.1f} ms")
    print(f"  bare run ({source_of_binary}), {len(bare)} runs     median {bare_median * 1000:6.2f} ms")
    print(f"  bare bound = {slots} slots / bare median                       {bound:7.1f} tests/s")
    ratio = rate / bound
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"  ratio {ratio * 100:.1f} % of the bound (target ≥ {TARGET_RATIO * 100:.0f} %): {verdict}")


if __name__ == "__main__":
    main()
