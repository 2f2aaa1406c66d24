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


TAMPER_WITH_BOX = r"""
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

int main(int argc, char **argv) {
    (void)argc;
    DIR *d = opendir(".");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') printf("%s ", e->d_name);
    if (d) closedir(d);
    struct stat st;
    if (stat(argv[0], &st) == 0) printf("| %o %lld ", st.st_mode & 07777, (long long)st.st_size);
    char value[8];
    printf("| tmp %d xattr %d\n", access("/tmp/mark", F_OK) == 0, getxattr(".", "user.x", value, 8) > 0);
    close(open("/tmp/mark", O_WRONLY | O_CREAT, 0644));
    close(open(argv[0], O_WRONLY | O_TRUNC));
    chmod(argv[0], 0777);
    chmod(".", 0777);
    setxattr(".", "user.x", "1", 1, 0);
    setxattr(argv[0], "user.x", "1", 1, 0);
    close(open("left", O_WRONLY | O_CREAT, 0644));
    rename(argv[0], "moved");
    unlink(argv[0]);
    return 0;
}
"""


async def test_a_read_only_run_cannot_change_the_artifact_the_next_run_of_it_finds_in_the_box(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """The artifact's files stay in the box between read-only runs of it (they are not copied anew): a run
    that tries to truncate, chmod, tag, move or remove them, or to add files, must leave them as they were."""
    runs = [
        await run_source(sandbox, languages["c"], TAMPER_WITH_BOX, allow_file_writing=False) for _ in range(5)
    ]
    assert all(run.result.report.outcome is RunOutcome.OK for run in runs), runs[0].result
    first = runs[0].stdout
    assert b"| tmp 0 xattr 0" in first, first
    assert b"left" not in first, first
    assert b"moved" not in first, first
    assert {run.stdout for run in runs} == {first}
    # another program next (writable box): it finds only its own files, none of the kept ones
    other = await run_source(sandbox, languages["c"], TAMPER_WITH_BOX + "/* another build */\n")
    assert other.stdout == first, other.stdout
