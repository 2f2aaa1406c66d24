"""What contestants' programs meet in a run: the stacks they get (issue #9)."""

from pathlib import Path

import pytest

from application.judging.sandbox import RunLimits, RunOutcome
from domain.languages.entities import Language
from infrastructure.sandbox import IsolatedSandbox
from tests.integration.sandbox.helpers import run_source

THREAD_STACK = (Path(__file__).parents[2] / "e2e" / "programs" / "contest" / "thread_stack.c").read_text()
MEMORY = RunLimits(cpu_ms=10_000, wall_ms=20_000, memory_kib=512 * 1024)


@pytest.mark.parametrize("depth_mib", [1, 300])
async def test_threads_get_the_platform_default_stack_while_main_grows_to_the_memory_limit(
    sandbox: IsolatedSandbox, languages: dict[str, Language], depth_mib: int
) -> None:
    run = await run_source(
        sandbox, languages["c"], THREAD_STACK, stdin=f"{depth_mib}\n".encode(), limits=MEMORY
    )
    assert run.result.report.outcome is RunOutcome.OK, run.result
    thread_kib, depth = run.stdout.split()
    assert int(thread_kib) == 2048  # glibc's x86-64 default, not a stack as large as the memory limit
    assert int(depth) == depth_mib


async def test_recursion_past_the_memory_limit_is_stopped_by_it(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    run = await run_source(sandbox, languages["c"], THREAD_STACK, stdin=b"700\n", limits=MEMORY)
    assert run.result.report.outcome in (RunOutcome.MEMORY_LIMIT, RunOutcome.RUNTIME_ERROR), run.result


WRITE_FILE = (Path(__file__).parents[2] / "e2e" / "programs" / "contest" / "write_file.c").read_text()


@pytest.mark.parametrize(("allowed", "in_box"), [(False, b"EROFS"), (True, b"created")])
async def test_the_working_directory_is_writable_only_when_the_problem_allows_file_writing(
    sandbox: IsolatedSandbox, languages: dict[str, Language], allowed: bool, in_box: bytes
) -> None:
    run = await run_source(sandbox, languages["c"], WRITE_FILE, allow_file_writing=allowed)
    assert run.result.report.outcome is RunOutcome.OK, run.result
    assert run.stdout.split() == [in_box, b"created"]  # /tmp stays writable either way


async def test_a_read_only_run_leaves_the_box_writable_for_the_next_compilation(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    for _ in range(3):  # more runs than slots would be needed to reuse a slot; the tests share one sandbox
        await run_source(sandbox, languages["c"], WRITE_FILE, allow_file_writing=False)
    run = await run_source(sandbox, languages["c"], WRITE_FILE + "\n/* another build */\n")
    assert run.stdout.split() == [b"created", b"created"]
