"""Who a run is and what it can learn of the host: one uid per slot (never a host account, never shared by two
sandboxes on a host), keyrings that hold nothing from one run to the next, and no host path of the data dir in
`/proc/self/fd/0` or `/proc/self/mountinfo`."""

import asyncio
import os
import re
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from application.judging.policy import COMPILE_LIMITS
from application.judging.sandbox import ExecuteRequest, RunLimits, RunOutcome
from domain.languages.entities import Language
from infrastructure.config import PROJECT_ROOT
from infrastructure.sandbox import IsolatedSandbox
from infrastructure.uid_scheme import DEFAULT_UID_BASE
from tests.integration.sandbox.helpers import compile_source, run_source

pytestmark = pytest.mark.usefixtures("clean_host")

WHO = """
import os, time
time.sleep(0.6)  # long enough that the concurrent run takes the other slot
print(os.getuid(), os.geteuid(), os.getgid(), os.getegid(), sorted(os.getgroups()))
"""


def _host_ids(path: str) -> set[int]:
    return {int(line.split(":")[2]) for line in Path(path).read_text().splitlines() if line.count(":") >= 3}


async def _in_both_slots(
    sandbox: IsolatedSandbox, language: Language, source: str, stdin: bytes = b""
) -> list[str]:
    """The stdout of `source` run twice at once: the two runs hold the two slots."""
    limits = RunLimits(wall_ms=10_000, cpu_ms=5_000)
    runs = await asyncio.gather(
        *(run_source(sandbox, language, source, stdin=stdin, limits=limits) for _ in range(2))
    )
    for run in runs:
        assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    return [run.stdout.decode() for run in runs]


async def test_each_slot_runs_as_its_own_uid_that_no_host_account_has(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    outputs = await _in_both_slots(sandbox, languages["python3"], WHO)
    seen = [line.strip().split(maxsplit=4) for line in outputs]
    uids = sorted(int(uid) for uid, *_ in seen)
    assert uids == sorted(sandbox.slot_uids)
    assert len(set(uids)) == 2, "two slots, two uids"
    for ids in seen:
        assert len(set(ids[:4])) == 1, "real and effective uid and gid: one number"
        assert ids[4] == "[]"
    host_users, host_groups = _host_ids("/etc/passwd"), _host_ids("/etc/group")
    for uid in uids:
        assert uid != 65534
        assert uid >= DEFAULT_UID_BASE
        assert uid not in host_users
        assert uid not in host_groups


SLOW_TO_COMPILE = """
// %s
constexpr unsigned long long spin() {
    unsigned long long s = 0;
    for (unsigned long long i = 0; i < 200000; ++i)
        for (unsigned long long j = 0; j < 200000; ++j) s += i ^ (s >> 3) ^ j;
    return s;
}
constexpr unsigned long long value = spin();
int main() { return static_cast<int>(value & 1); }
"""


def _compiler_uids() -> set[int]:
    """Real uids of this session's compiler processes (cc1plus in a run cgroup of this worker), seen from
    the host."""
    marker = re.compile(rf"/sandbox-{os.getpid()}-\d+/(run|slot)-")
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if (
                not marker.search((entry / "cgroup").read_text())
                or (entry / "comm").read_text() != "cc1plus\n"
            ):
                continue
            status = (entry / "status").read_text()
        except OSError:
            continue
        found |= {int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:")}
    return found


async def test_the_compiler_runs_as_the_slot_uid_too(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    limits = replace(COMPILE_LIMITS, cpu_ms=2000, wall_ms=4000)
    source = SLOW_TO_COMPILE % uuid.uuid4()  # a new source: a remembered time-out would not compile
    compiling = asyncio.create_task(compile_source(sandbox, languages["cpp"], source, limits=limits))
    seen: set[int] = set()
    while not compiling.done() and not seen:
        seen = await asyncio.to_thread(_compiler_uids)
        await asyncio.sleep(0.05)
    compiled = await compiling
    assert compiled.report.outcome is RunOutcome.TIME_LIMIT, compiled.output
    assert len(seen) == 1, "the compiler was seen while it ran"
    assert seen <= set(sandbox.slot_uids)


STORE = r"""
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    char secret[256] = {0};
    size_t n = fread(secret, 1, sizeof secret - 1, stdin);
    /* the user, user-session and session keyrings, and a named session keyring another run could join */
    for (int ring = -3; ring >= -5; ring--) {
        long key = syscall(SYS_add_key, "user", "leak", secret, n, ring);
        printf("%s ", key < 0 ? strerrorname_np(errno) : "stored");
    }
    long named = syscall(SYS_keyctl, 1 /* JOIN_SESSION_KEYRING */, "leak-ring");
    printf("%s\n", named < 0 ? strerrorname_np(errno) : "joined");
    return 0;
}
"""

LOOK = """
import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
found = []
for ring in (-3, -4, -5):
    key = libc.syscall(249, b"user", b"leak", None, ring)  # request_key
    buffer = ctypes.create_string_buffer(256)
    if key >= 0 and libc.syscall(250, 11, key, buffer, 255) >= 0:  # keyctl READ
        found.append(buffer.value.decode(errors="replace"))
    else:
        found.append(os.strerror(ctypes.get_errno()))
keys = open("/proc/keys").read()
found.append("secret in /proc/keys" if "leak" in keys or "hidden-test" in keys else "nothing in /proc/keys")
time.sleep(0.6)
print(os.getuid(), "|".join(found))
"""


async def test_a_key_stored_by_one_users_run_is_found_by_no_later_run_in_either_slot(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """User A's submission tries to keep its hidden input in a keyring; user B's submissions, in the same slot
    and in the other one, look for it."""
    stored = await _in_both_slots(sandbox, languages["c"], STORE, stdin=b"hidden-test-input-of-user-a")
    assert [line.split() for line in stored] == [["EPERM"] * 4] * 2
    looked = await _in_both_slots(sandbox, languages["python3"], LOOK)
    uids = sorted(int(line.split()[0]) for line in looked)
    assert uids == sorted(sandbox.slot_uids), "looked in both slots, the ones that stored"
    for line in looked:
        assert "hidden-test-input" not in line
        assert line.split(maxsplit=1)[1].strip().split("|") == [
            "Operation not permitted",
            "Operation not permitted",
            "Operation not permitted",
            "nothing in /proc/keys",
        ]


KEYRING_AS = """
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
uid = int(sys.argv[1])
os.setgroups([])
os.setresgid(uid, uid, uid)
os.setresuid(uid, uid, uid)
for ring in (-4, -5):  # the uid's user and user-session keyrings
    if sys.argv[2] == "plant":
        key = libc.syscall(248, b"user", b"planted", b"hidden-test-input", 17, ring)  # add_key
        assert key > 0, os.strerror(ctypes.get_errno())
    buffer = ctypes.create_string_buffer(4096)
    size = libc.syscall(250, 11, ring, buffer, 4096)  # keyctl READ: the ids linked in the keyring
    assert size >= 0, os.strerror(ctypes.get_errno())
    print(len(struct.unpack(f"{size // 4}i", buffer.raw[:size])), end=" ")
"""


def _keys_of(uid: int, action: str) -> list[int]:
    """Keys linked in the user and user-session keyrings of `uid`, after planting one in each if asked."""
    done = subprocess.run(
        [sys.executable, "-c", KEYRING_AS, str(uid), action], capture_output=True, text=True, check=True
    )
    return [int(count) for count in done.stdout.split()]


async def test_keys_left_in_a_slot_uids_keyrings_are_cleared_by_the_next_run(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """The backstop behind the filter: keys the filter would never let a program add are planted from
    outside, as the slot's uid, and the zygote's clearing after a run removes them."""
    for uid in sandbox.slot_uids:
        assert _keys_of(uid, "plant")[0] >= 1
        assert _keys_of(uid, "list")[0] >= 1, "the planted keys are there before a run"
    await _in_both_slots(sandbox, languages["python3"], WHO)
    for uid in sandbox.slot_uids:
        assert _keys_of(uid, "list") == [0, 0]


PEEK = """
import os, sys
data = sys.stdin.buffer.read()
sys.stdin.buffer.seek(0)
print(os.readlink("/proc/self/fd/0"), os.fstat(0).st_size, data == sys.stdin.buffer.read(), len(data))
print(open("/proc/self/mountinfo").read())
"""


async def test_stdin_and_mountinfo_show_no_host_path_of_the_data_dir(
    sandbox: IsolatedSandbox, languages: dict[str, Language], tmp_path: Path
) -> None:
    data_dir = tmp_path / "judge-data-dir"
    inputs = data_dir / "cache" / "tests"
    inputs.mkdir(parents=True)
    test_input = inputs / f"{'ab' * 32}.in"
    test_input.write_bytes(b"12 34\n" * 1000)
    compiled = await compile_source(sandbox, languages["python3"], PEEK)
    assert compiled.artifact is not None, compiled.output
    output = tmp_path / "out"
    for _ in range(2):  # the second run's stdin comes from the clone the sandbox kept of the first's
        result = await sandbox.execute(
            ExecuteRequest(
                artifact=compiled.artifact,
                stdin_path=str(test_input),
                stdout_path=str(output),
                limits=RunLimits(),
            )
        )
        assert result.report.outcome is RunOutcome.OK, result.stderr
        shown = output.read_text()
        first, mountinfo = shown.split("\n", 1)
        assert first == "/ 6000 True 6000", "stdin is the file itself (sized, seekable), under no name"
        assert " /etc/passwd " in mountinfo, "the program read the real mountinfo"
        for secret in ("judge-data-dir", str(tmp_path), "ab" * 32, str(PROJECT_ROOT), "/.sbx"):
            assert secret not in shown


SANDBOX_PROCESS = """
import asyncio, sys
from pathlib import Path
from infrastructure.sandbox import SandboxConfig, create_sandbox

async def main() -> None:
    sandbox = await create_sandbox(SandboxConfig(root=Path(sys.argv[1]), slots=2), [])
    try:
        print(sandbox.instance, *sandbox.slot_uids, flush=True)
        await asyncio.to_thread(sys.stdin.read)  # hold the sandbox until the test lets go
    finally:
        await sandbox.close()

asyncio.run(main())
"""


def _start_sandbox_process(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SANDBOX_PROCESS, str(root)],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_sandboxes_started_at_once_in_two_processes_get_different_instances_and_uids(
    tmp_path: Path, sandbox: IsolatedSandbox
) -> None:
    """Both claim under the host's runtime dir, as this session's sandbox did: three instances at once."""
    processes = [_start_sandbox_process(tmp_path / f"root-{i}") for i in range(2)]
    try:
        lines = []
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line, process.communicate(timeout=30)[1]
            lines.append([int(field) for field in line.split()])
    finally:
        for process in processes:
            process.communicate(input="", timeout=30)
    instances = [instance for instance, *_ in lines]
    assert len({*instances, sandbox.instance}) == 3
    uids = [uid for _, *slot_uids in lines for uid in (*slot_uids, *sandbox.slot_uids)]
    assert len(set(uids)) == 6, "six slots, six uids"
    again = _start_sandbox_process(tmp_path / "root-again")
    try:
        assert again.stdout is not None
        line = again.stdout.readline()
        assert line, again.communicate(timeout=30)[1]
        assert int(line.split()[0]) <= min(instances), "the numbers are free again once their process ended"
    finally:
        again.communicate(input="", timeout=30)
