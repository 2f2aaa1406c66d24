"""Per-test cost of an interactive run (two sandboxes, pipes relayed by the worker) beside a standard run,
for a C program that answers one query and an interactor in C that asks it.

Standard and interactive runs alternate so that machine noise hits both alike; the ratio is what counts.
Usage: python bench/interactive_bench.py [runs]   (needs root, bubblewrap and the built helper)
"""

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.judging.sandbox import (
    BoxFile,
    CompileRequest,
    ExecuteRequest,
    InteractiveRequest,
    RunLimits,
    RunOutcome,
)
from domain.languages.specs import SPECS_BY_ID
from infrastructure.sandbox import SandboxConfig, create_sandbox, resolve_language

SOLUTION = (
    b'#include <stdio.h>\nint main(void){int x; if (scanf("%d",&x)==1) printf("%d\\n",x+1); return 0;}\n'
)
INTERACTOR = (
    b'#include <stdio.h>\nint main(void){int y; printf("41\\n"); fflush(stdout);\n'
    b' return scanf("%d",&y)==1 && y==42 ? 42 : 43;}\n'
)


async def main(runs: int) -> None:
    spec = SPECS_BY_ID["c"]
    language = resolve_language(spec)
    if language is None:
        raise SystemExit("no C compiler")
    with tempfile.TemporaryDirectory() as root:
        sandbox = await create_sandbox(SandboxConfig(root=Path(root), slots=2), [language])
        try:
            limits = RunLimits(cpu_ms=2000, wall_ms=5000)
            artifacts = []
            for source in (SOLUTION, INTERACTOR):
                compiled = await sandbox.compile(
                    CompileRequest(
                        language=language,
                        files=[BoxFile(name=spec.source_name, content=source)],
                        limits=RunLimits(cpu_ms=30_000, wall_ms=60_000, processes=64),
                    )
                )
                assert compiled.artifact is not None, compiled.output
                artifacts.append(compiled.artifact)
            solution, interactor = artifacts
            stdin, stdout = Path(root, "in"), Path(root, "out")
            await asyncio.to_thread(stdin.write_text, "41\n")

            async def standard() -> None:
                result = await sandbox.execute(
                    ExecuteRequest(
                        artifact=solution, stdin_path=str(stdin), stdout_path=str(stdout), limits=limits
                    )
                )
                assert result.report.outcome is RunOutcome.OK

            async def interactive() -> None:
                result = await sandbox.execute_interactive(
                    InteractiveRequest(
                        solution=ExecuteRequest(
                            artifact=solution, stdin_path=None, stdout_path=None, limits=limits
                        ),
                        interactor=ExecuteRequest(
                            artifact=interactor, stdin_path=None, stdout_path=None, limits=limits
                        ),
                    )
                )
                assert result.interactor.report.exit_code == 42, result

            samples: dict[str, list[float]] = {"standard": [], "interactive": []}
            for _ in range(5):
                await standard()
                await interactive()
            for _ in range(runs):
                for name, run in (("standard", standard), ("interactive", interactive)):
                    start = time.perf_counter()
                    await run()
                    samples[name].append(time.perf_counter() - start)
        finally:
            await sandbox.close()
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:12} median {value:7.2f} ms per test ({runs} runs)")
    print(f"interactive / standard: {medians['interactive'] / medians['standard']:.2f}x")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
