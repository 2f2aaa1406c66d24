"""Per-run cost of the sandbox against a bare spawn, for a trivial C program and `python3 -c pass`.

Bare and sandboxed runs alternate so that machine noise hits both alike. The second round holds ~1 GiB of
touched memory in this process to show the spawn cost does not grow with the worker's RSS. The spaced-out
rounds sleep 20 ms or 50 ms before each measured run (as a worker does between tests while it checks
outputs): a cost that only idle gaps reveal (a cgroup join waiting for an RCU grace period) cannot hide.
Beside wall time, each row prints the CPU time a run costs (less noisy on a shared machine): bare, the
spawning process and the child (wait4); sandboxed, this process, the slot's zygote (its schedstat) and the
run's init and program (the slot cgroup's cpuacct.usage, when cgroup v1 has one).
Usage: python bench/sandbox_bench.py [runs]   (needs root, bubblewrap and the built helper, like the worker)
"""

import asyncio
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    ExecuteRequest,
    RunLimits,
    RunOutcome,
)
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox import SandboxConfig, create_sandbox, resolve_language
from infrastructure.sandbox.cgroups import files as cgroup_files
from infrastructure.sandbox.cgroups.base import PREFIX
from infrastructure.sandbox.detached import open_unnamed

C_SOURCE = b"int main(void) { return 0; }\n"
PY_SOURCE = b"pass\n"


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


class _CpuMeter:
    """CPU seconds a sandboxed run costs outside this process: the zygote's and its run's (init, program)."""

    def __init__(self, zygote_pid: int) -> None:
        self._schedstat = Path(f"/proc/{zygote_pid}/schedstat")
        self._usage: Path | None = None  # found after a first run: the slot's cgroup is made on first use

    def zygote(self) -> float:
        return int(self._schedstat.read_text().split()[0]) / 1e9

    def run(self) -> float | None:
        """The last run's init and program (the slot's counter is reset when a run begins)."""
        if self._usage is None:
            self._usage = _slot_cpu_file()
        return int(cgroup_files.read(self._usage)) / 1e9 if self._usage is not None else None


def _slot_cpu_file() -> Path | None:
    """slot 0's cpuacct.usage of the sandbox this process made, on cgroup v1; None elsewhere."""
    own = cgroup_files.own_paths(Path("/proc/self/cgroup").read_text())
    for mount in cgroup_files.mounts(Path("/proc/self/mountinfo").read_text()):
        if "cpuacct" in mount.options and "cpuacct" in own:
            base = cgroup_files.inside(mount, own["cpuacct"])
            found = sorted(base.glob(f"{PREFIX}{os.getpid()}-*/slot-0/cpuacct.usage"))
            return found[-1] if found else None
    return None


async def _measure(
    runs: int,
    bare: Callable[[], float],
    boxed: Callable[[], Awaitable[None]],
    gap: float = 0.0,
    meter: "_CpuMeter | None" = None,
) -> dict[str, list[float]]:
    """Wall seconds per run ("bare", "sandbox") and CPU seconds ("bare_cpu", "sandbox_cpu" when `meter`
    can count the run's own processes)."""
    samples: dict[str, list[float]] = {"bare": [], "sandbox": [], "bare_cpu": [], "sandbox_cpu": []}
    for _ in range(10):  # warm-up: page cache, first-use paths
        bare()
        await boxed()
    for _ in range(runs):
        if gap:
            await asyncio.sleep(gap)
        start, cpu = time.perf_counter(), time.process_time()
        child = bare()
        samples["bare"].append(time.perf_counter() - start)
        samples["bare_cpu"].append(time.process_time() - cpu + child)
        if gap:
            await asyncio.sleep(gap)
        zygote = meter.zygote() if meter else 0.0
        start, cpu = time.perf_counter(), time.process_time()
        await boxed()
        samples["sandbox"].append(time.perf_counter() - start)
        own = time.process_time() - cpu
        run = meter.run() if meter else None
        if meter and run is not None:
            samples["sandbox_cpu"].append(own + meter.zygote() - zygote + run)
    return samples


async def _measure_pair(
    runs: int, first: Callable[[], Awaitable[None]], second: Callable[[], Awaitable[None]]
) -> dict[str, float]:
    """Median ms of two sandboxed variants, alternated so noise hits both alike."""
    samples: dict[str, list[float]] = {"a": [], "b": []}
    for _ in range(10):
        await first()
        await second()
    for _ in range(runs):
        for key, run in (("a", first), ("b", second)):
            start = time.perf_counter()
            await run()
            samples[key].append(time.perf_counter() - start)
    return {key: statistics.median(values) * 1000 for key, values in samples.items()}


def _open_costs(path: str, rounds: int = 2000) -> tuple[float, float]:
    """Median µs to open (and close) `path` plainly and as the sandbox opens stdin (`open_unnamed`)."""

    def plain() -> int:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)

    def unnamed() -> int:
        return open_unnamed(path)

    medians = []
    for opener in (plain, unnamed):
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            os.close(opener())
            samples.append(time.perf_counter() - start)
        medians.append(statistics.median(samples) * 1e6)
    return medians[0], medians[1]


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _report(title: str, samples: dict[str, list[float]]) -> float:
    """Prints one row (and its CPU row when measured); returns the median overhead in ms."""
    bare_median, bare_p95 = _stats(samples["bare"])
    box_median, box_p95 = _stats(samples["sandbox"])
    print(
        f"{title:<34} bare median {bare_median:6.2f} ms  p95 {bare_p95:6.2f} ms | "
        f"sandbox median {box_median:6.2f} ms  p95 {box_p95:6.2f} ms | "
        f"overhead median {box_median - bare_median:+6.2f} ms  p95 {box_p95 - bare_p95:+6.2f} ms"
    )
    if samples.get("sandbox_cpu"):
        bare_cpu = statistics.median(samples["bare_cpu"]) * 1000
        box_cpu = statistics.median(samples["sandbox_cpu"]) * 1000
        print(
            f"{'':<34} CPU per run: bare {bare_cpu:6.2f} ms, sandbox {box_cpu:6.2f} ms "
            f"(this process, zygote, init and program): {box_cpu - bare_cpu:+6.2f} ms (medians)"
        )
    return box_median - bare_median


def _p95_overhead(samples: dict[str, list[float]]) -> float:
    return _stats(samples["sandbox"])[1] - _stats(samples["bare"])[1]


async def main(runs: int) -> None:
    c_lang = resolve_language(SPECS_BY_ID["c"])
    py_lang = resolve_language(SPECS_BY_ID["python3"])
    if c_lang is None or py_lang is None:
        raise SystemExit("gcc and python3 are needed for the benchmark")
    config = SandboxConfig(slots=1)
    sandbox = await create_sandbox(config, [c_lang, py_lang])
    try:
        c_build = await sandbox.compile(
            CompileRequest(
                language=c_lang,
                files=[BoxFile(name="main.c", content=C_SOURCE)],
                limits=COMPILE_LIMITS,
            )
        )
        py_build = await sandbox.compile(
            CompileRequest(
                language=py_lang,
                files=[BoxFile(name="main.py", content=PY_SOURCE)],
                limits=COMPILE_LIMITS,
            )
        )
        if c_build.artifact is None or py_build.artifact is None:
            raise SystemExit(f"compilation failed: {c_build.output} {py_build.output}")
        workdir = Path(tempfile.mkdtemp(prefix="sandbox-bench-"))
        await asyncio.to_thread(
            subprocess.run,
            [c_lang.tools["cc"], "-O2", "-o", str(workdir / "main"), "-x", "c", "-"],
            input=C_SOURCE,
            check=True,
        )
        (workdir / "main.py").write_bytes(PY_SOURCE)
        python = py_lang.tools["python"]
        limits = RunLimits()

        def spawn(argv: list[str]) -> Callable[[], float]:
            # posix_spawn (vfork-style) is the cheapest bare spawn; fork-based spawns grow with RSS.
            def run() -> float:
                """Runs it; the child's CPU seconds."""
                pid = os.posix_spawn(argv[0], argv, {"PATH": "/usr/bin:/bin"})
                _, status, usage = os.wait4(pid, 0)
                if status != 0:
                    raise SystemExit(f"bare run failed: {argv} status {status}")
                return usage.ru_utime + usage.ru_stime

            return run

        bare_c = spawn([str(workdir / "main")])
        bare_py = spawn([python, "-S", str(workdir / "main.py")])

        stdin_file = workdir / "1.in"
        stdin_file.write_bytes(b"1 2\n" * 256)

        def boxed(artifact: str, stdin: Path | None = None) -> Callable[[], Awaitable[None]]:
            path = str(stdin) if stdin is not None else None
            # a read-only box, as a problem has by default (ICPC's format): what judging runs
            request = ExecuteRequest(artifact=artifact, stdin_path=path, stdout_path=None, limits=limits)
            request = dataclasses.replace(request, allow_file_writing=False)

            async def run() -> None:
                result = await sandbox.execute(request)
                if result.report.outcome is not RunOutcome.OK:
                    raise SystemExit(f"sandboxed run failed: {result.report}")

            return run

        c_run, py_run = boxed(c_build.artifact), boxed(py_build.artifact)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"runs per case: {runs}; cgroup v{sandbox.cgroup_version}; pinned cores: {sandbox.cores}; "
            "box read-only (the problems' default)"
        )
        print(f"load average at start: {load}")
        meter = _CpuMeter(sandbox.zygote_pids[0])
        c_overhead = _report("C trivial program", await _measure(runs, bare_c, c_run, meter=meter))
        py_samples = await _measure(runs, bare_py, py_run, meter=meter)
        py_overhead = _report("python3 -c pass (-S main.py)", py_samples)
        py_p95 = _p95_overhead(py_samples)
        with_stdin = boxed(c_build.artifact, stdin_file)
        c_stdin = await _measure_pair(runs, c_run, with_stdin)
        print(
            f"{'C trivial, stdin from a 1 KiB file':<34} median {c_stdin['b']:6.3f} ms against "
            f"{c_stdin['a']:6.3f} ms without stdin: {c_stdin['b'] - c_stdin['a']:+.3f} ms"
        )
        plain_us, unnamed_us = _open_costs(str(stdin_file))
        print(f"{'':<34} opening it: open_unnamed {unnamed_us:.1f} us, os.open {plain_us:.1f} us (medians)")
        spaced = max(runs // 3, 30)
        spaced_c: dict[int, float] = {}
        for gap_ms in (20, 50):
            gap = gap_ms / 1000
            title = f"C trivial, {gap_ms} ms gaps"
            spaced_c[gap_ms] = _report(title, await _measure(spaced, bare_c, c_run, gap, meter)) - c_overhead
            print(f"{'':<34} spaced - back-to-back: {spaced_c[gap_ms]:+.2f} ms (target within 0.3 ms)")
        spaced_py = _report("python3, 50 ms gaps", await _measure(spaced, bare_py, py_run, 0.05, meter))
        print(f"{'':<34} spaced - back-to-back: {spaced_py - py_overhead:+.2f} ms")
        print("targets:")
        met = _met(c_overhead <= 0.8)
        print(f"  C trivial overhead median {c_overhead:+.2f} ms (target <= +0.8 ms): {met}")
        print(f"  python3 overhead p95 {py_p95:+.2f} ms (target <= +5 ms): {_met(py_p95 <= 5)}")
        for gap_ms, extra in spaced_c.items():
            print(
                f"  C trivial overhead with {gap_ms} ms gaps - back-to-back {extra:+.2f} ms "
                f"(target within 0.3 ms): {_met(abs(extra) <= 0.3)}"
            )
        ballast = b"\x01" * (1 << 30)  # 1 GiB, every page touched
        _report("C trivial, worker holds +1 GiB", await _measure(runs, bare_c, c_run))
        _report("python3, worker holds +1 GiB", await _measure(runs, bare_py, py_run))
        del ballast
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average at the end: {load}")
    finally:
        await sandbox.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
