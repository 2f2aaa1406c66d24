"""Judging throughput: 200-test pass-fail problems (tokens checker), a trivial C++ solution and a trivial
Python 3 one, judged by one worker with WORKER_CONCURRENCY = number of cores and one fewer, against two
bounds measured in the same run, alternating with the submissions so that machine noise hits all alike:

- the bare bound: slots ÷ median run of the same program on the same input spawned directly (posix_spawn,
  the cheapest spawn; stdin from the input file, stdout to a file), no sandbox;
- the sandboxed bound: slots ÷ median time of one sandboxed run of the same program (a sandbox of this
  process, request to result, stdin and stdout files as the worker gives them).
Targets: ≥ 85 % of the sandboxed bound and ≥ 40 % of the bare bound.

The first submission compiles; later ones are identical resubmissions, which the compile cache serves, so
the measured submissions are test runs, checks and writes only. Throughput of a submission =
200 ÷ (finishedAt - createdAt) from its response (server clock: queued → final result written).
Usage: python bench/judging_bench.py [measured submissions]
Environment: BENCH_LANGUAGES (default "cpp,python3"), WORKER_ROLES passed to the worker if set.
"""

import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _lib.service import median, running_service

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import BoxFile, CompileRequest, ExecuteRequest, RunLimits, RunOutcome
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox import IsolatedSandbox, SandboxConfig, create_sandbox, resolve_language

TESTS = 200
RUNS_PER_ROUND = 60  # bare and sandboxed runs between two measured submissions
TARGET_SANDBOXED = 0.85
TARGET_BARE = 0.40
SOURCES = {
    "cpp": """#include <cstdio>
int main() {
    long long x;
    if (std::scanf("%lld", &x) == 1) std::printf("%lld\\n", x);
    return 0;
}
""",
    "python3": "print(int(input()))\n",
}
LIMITS = RunLimits(cpu_ms=1000, wall_ms=3000, memory_kib=256 * 1024, processes=1, stdout_bytes=1 << 20)


@dataclass
class Figures:
    language: str
    slots: int
    rates: list[float]
    bare: list[float]
    boxed: list[float]
    wall_ms: float

    def report(self) -> None:
        rate = median(self.rates)
        bare_bound = self.slots / statistics.median(self.bare)
        boxed_bound = self.slots / statistics.median(self.boxed)
        print(f"{self.language}, {TESTS} tests, tokens checker, 1 worker, {self.slots} slots")
        print(
            f"  tests/s per submission (createdAt→finishedAt)  median {rate:7.1f}  "
            f"min {min(self.rates):7.1f}  max {max(self.rates):7.1f}  ({len(self.rates)} submissions)"
        )
        print(f"  sandbox wall time per test (worker's report, last submission) median {self.wall_ms:.1f} ms")
        met = "met" if rate / bare_bound >= TARGET_BARE else "NOT met"
        print(
            f"  bare run (posix_spawn)       median {statistics.median(self.bare) * 1000:6.2f} ms  "
            f"bound {bare_bound:7.1f} tests/s  ratio {rate / bare_bound * 100:5.1f} % "
            f"(target ≥ {TARGET_BARE * 100:.0f} %: {met})"
        )
        ratio = rate / boxed_bound
        print(
            f"  sandboxed run (this process) median {statistics.median(self.boxed) * 1000:6.2f} ms  "
            f"bound {boxed_bound:7.1f} tests/s  ratio {ratio * 100:5.1f} % "
            f"(target ≥ {TARGET_SANDBOXED * 100:.0f} %: {'met' if ratio >= TARGET_SANDBOXED else 'NOT met'})"
        )


class Baselines:
    """The bare and sandboxed runs of one language's program, on the first test's input."""

    def __init__(self, sandbox: IsolatedSandbox, language: str, directory: Path) -> None:
        self._sandbox = sandbox
        self._language = language
        self._dir = directory
        self.input = directory / "input.txt"
        self.input.write_text("1\n")
        self.output = directory / "output.txt"
        self._argv: list[str] = []
        self._artifact = ""

    async def prepare(self) -> None:
        spec = SPECS_BY_ID[self._language]
        language = resolve_language(spec)
        if language is None:
            raise SystemExit(f"{self._language} is not installed")
        source = SOURCES[self._language].encode()
        built = await self._sandbox.compile(
            CompileRequest(
                language=language,
                files=[BoxFile(name=spec.source_name, content=source)],
                limits=COMPILE_LIMITS,
            )
        )
        if built.artifact is None:
            raise SystemExit(f"compilation failed: {built.output}")
        self._artifact = built.artifact
        if self._language == "cpp":
            binary = self._dir / "main"
            (self._dir / "main.cpp").write_bytes(source)
            gpp = language.tools["cxx"]
            process = await asyncio.create_subprocess_exec(
                gpp, "-O2", "-std=gnu++20", "-pipe", "-o", str(binary), str(self._dir / "main.cpp")
            )
            if await process.wait() != 0:
                raise SystemExit("g++ failed")
            self._argv = [str(binary)]
        else:
            (self._dir / "main.py").write_bytes(source)
            self._argv = [language.tools["python"], "-S", str(self._dir / "main.py")]

    def bare(self) -> float:
        stdin = os.open(self.input, os.O_RDONLY)
        stdout = os.open(self.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            start = time.perf_counter()
            pid = os.posix_spawn(
                self._argv[0],
                self._argv,
                {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"},
                file_actions=[(os.POSIX_SPAWN_DUP2, stdin, 0), (os.POSIX_SPAWN_DUP2, stdout, 1)],
            )
            _, status = os.waitpid(pid, 0)
            elapsed = time.perf_counter() - start
        finally:
            os.close(stdin)
            os.close(stdout)
        if status != 0:
            raise SystemExit(f"bare run failed: status {status}")
        return elapsed

    async def boxed(self) -> float:
        start = time.perf_counter()
        result = await self._sandbox.execute(
            ExecuteRequest(
                artifact=self._artifact,
                stdin_path=str(self.input),
                stdout_path=str(self.output),
                limits=LIMITS,
            )
        )
        elapsed = time.perf_counter() - start
        if result.report.outcome is not RunOutcome.OK:
            raise SystemExit(f"sandboxed run failed: {result.report}")
        return elapsed

    async def round(self, bare: list[float], boxed: list[float], runs: int) -> None:
        for _ in range(runs):
            bare.append(self.bare())
            boxed.append(await self.boxed())


async def judge(language: str, slots: int, measured: int, baselines: Baselines) -> Figures:
    settings = {"worker_concurrency": str(slots)}
    if os.environ.get("WORKER_ROLES"):
        settings["worker_roles"] = os.environ["WORKER_ROLES"]
    # running_service runs its own event loops (database set-up): it is entered and left in a thread
    context = running_service(**settings)
    service = await asyncio.to_thread(context.__enter__)
    try:
        await asyncio.to_thread(service.start_server)
        await asyncio.to_thread(service.start_worker, language)
        cases = [(f"{i}\n", f"{i}\n") for i in range(1, TESTS + 1)]
        problem_id = await asyncio.to_thread(service.problem, cases)
        source = SOURCES[language]
        first = await asyncio.to_thread(service.submit, problem_id, language, source, "60")
        if first.get("verdict") != "accepted":
            raise RuntimeError(f"first submission: {first}")
        bare: list[float] = []
        boxed: list[float] = []
        await baselines.round([], [], 10)  # warm-up
        rates: list[float] = []
        body: dict[str, object] = {}
        for _ in range(measured):
            await baselines.round(bare, boxed, RUNS_PER_ROUND // 2)
            body = await asyncio.to_thread(service.submit, problem_id, language, source, "60")
            tests = body.get("tests")
            if body.get("verdict") != "accepted" or not isinstance(tests, list) or len(tests) != TESTS:
                raise RuntimeError(f"unexpected result: {body.get('status')} {body.get('verdict')}")
            judged = datetime.fromisoformat(str(body["finishedAt"])) - datetime.fromisoformat(
                str(body["createdAt"])
            )
            rates.append(TESTS / judged.total_seconds())
            await baselines.round(bare, boxed, RUNS_PER_ROUND // 2)
        tests = body["tests"]
        assert isinstance(tests, list)
        wall = statistics.median(float(test["wallTimeMs"]) for test in tests)
    finally:
        await asyncio.to_thread(context.__exit__, None, None, None)
    return Figures(language, slots, rates, bare, boxed, wall)


async def main() -> None:
    measured = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    cores = len(os.sched_getaffinity(0))
    languages = os.environ.get("BENCH_LANGUAGES", "cpp,python3").split(",")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {cores} cores")
    sandbox = await create_sandbox(SandboxConfig(slots=1), [])
    try:
        for language in languages:
            with tempfile.TemporaryDirectory(prefix="judging-bench-") as directory:
                language_info = resolve_language(SPECS_BY_ID[language])
                if language_info is not None:
                    await sandbox.set_languages([language_info])
                baselines = Baselines(sandbox, language, Path(directory))
                await baselines.prepare()
                results = []
                for slots in sorted({cores, max(cores - 1, 1)}, reverse=True):
                    results.append(await judge(language, slots, measured, baselines))
                    results[-1].report()
                if len(results) == 2:
                    a, b = results
                    print(
                        f"  {language}: {a.slots} slots {median(a.rates):.1f} tests/s, "
                        f"{b.slots} slots {median(b.rates):.1f} tests/s"
                    )
    finally:
        await sandbox.close()
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    asyncio.run(main())
