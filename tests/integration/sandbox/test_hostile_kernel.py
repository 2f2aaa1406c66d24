"""Hostile programs against the seccomp filter the helper installs before every exec: each refused call
fails with its errno (the program keeps running), and runs in different slots share no lock state."""

import asyncio
import json
from pathlib import Path

import pytest

from application.judging.sandbox import RunLimits, RunOutcome
from domain.languages.entities import Language
from infrastructure.sandbox import IsolatedSandbox
from tests.integration.sandbox.helpers import run_source

pytestmark = pytest.mark.usefixtures("clean_host")

PROBE = r"""
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/sched.h>

static void show(const char *name, long rc) {
    printf("%s\"%s\": \"%s\"", name[0] == 'a' && name[1] == 'd' ? "" : ", ", name,
           rc >= 0 ? "ok" : strerrorname_np(errno));
}

int main(void) {
    char stack[64];
    int pair[2];
    printf("{");
    show("add_key", syscall(SYS_add_key, "user", "secret", "hidden", 6, -4 /* user keyring */));
    show("keyctl", syscall(SYS_keyctl, 0 /* GET_KEYRING_ID */, -4, 0));
    show("request_key", syscall(SYS_request_key, "user", "secret", NULL, 0));
    show("unshare_user", syscall(SYS_unshare, CLONE_NEWUSER));
    show("unshare_ns", syscall(SYS_unshare, CLONE_NEWNS));
    show("setns", syscall(SYS_setns, 0, 0));
    long cloned = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
    if (cloned == 0) _exit(0);
    show("clone_newuser", cloned);
    struct clone_args args = {.flags = CLONE_NEWUSER, .exit_signal = SIGCHLD};
    cloned = syscall(SYS_clone3, &args, sizeof args);
    if (cloned == 0) _exit(0);
    show("clone3", cloned);
    show("mount", syscall(SYS_mount, "none", "/tmp", "tmpfs", 0, NULL));
    show("umount2", syscall(SYS_umount2, "/tmp", MNT_DETACH));
    show("pivot_root", syscall(SYS_pivot_root, "/tmp", "/tmp"));
    show("chroot", syscall(SYS_chroot, "/tmp"));
    show("io_uring_setup", syscall(SYS_io_uring_setup, 8, stack));
    show("bpf", syscall(SYS_bpf, 0, stack, 0));
    show("perf_event_open", syscall(SYS_perf_event_open, stack, 0, -1, -1, 0));
    show("userfaultfd", syscall(SYS_userfaultfd, 0));
    show("ptrace", syscall(SYS_ptrace, 16 /* ATTACH */, getppid(), 0, 0));
    show("process_vm_readv", syscall(SYS_process_vm_readv, getpid(), NULL, 0, NULL, 0, 0));
    show("finit_module", syscall(SYS_finit_module, 0, "", 0));
    show("delete_module", syscall(SYS_delete_module, "x", 0));
    show("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0));
    show("socket_vsock", syscall(SYS_socket, 40 /* AF_VSOCK */, SOCK_STREAM, 0));
    show("socket_inet", syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0));
    show("socket_inet6", syscall(SYS_socket, AF_INET6, SOCK_STREAM, 0));
    show("socket_netlink", syscall(SYS_socket, AF_NETLINK, SOCK_RAW, 0));
    show("socketpair_inet", syscall(SYS_socketpair, AF_INET, SOCK_STREAM, 0, pair));
    show("socketpair_unix", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, pair));
    show("socket_unix", syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0));
    show("x32_getpid", syscall(0x40000000 | SYS_getpid));
    pid_t child = fork();
    if (child == 0) _exit(0);
    show("fork", child);
    printf("}\n");
    return 0;
}
"""

EXPECTED = {
    **dict.fromkeys(
        (
            "add_key",
            "keyctl",
            "request_key",
            "unshare_user",
            "unshare_ns",
            "setns",
            "clone_newuser",
            "mount",
            "umount2",
            "pivot_root",
            "chroot",
            "io_uring_setup",
            "bpf",
            "perf_event_open",
            "userfaultfd",
            "ptrace",
            "process_vm_readv",
            "finit_module",
            "delete_module",
            "kexec_load",
        ),
        "EPERM",
    ),
    "clone3": "ENOSYS",
    "x32_getpid": "ENOSYS",
    **dict.fromkeys(
        ["socket_vsock", "socket_inet", "socket_inet6", "socket_netlink", "socketpair_inet"], "EAFNOSUPPORT"
    ),
    "socketpair_unix": "ok",
    "socket_unix": "ok",
    "fork": "ok",
}


async def test_refused_calls_fail_with_their_errno_and_the_program_goes_on(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    run = await run_source(sandbox, languages["c"], PROBE, limits=RunLimits(processes=4))
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    assert json.loads(run.stdout) == EXPECTED


async def test_unshare_r_cannot_become_root_in_a_user_namespace(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = """
import subprocess
done = subprocess.run(["unshare", "-r", "id", "-u"], capture_output=True, text=True)
print(done.returncode, done.stdout.strip(), done.stderr.strip())
"""
    run = await run_source(sandbox, languages["python3"], source, limits=RunLimits(processes=4))
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    code, _, message = run.stdout.decode().partition(" ")
    assert code != "0"
    assert "Operation not permitted" in message


async def test_rlimits_inside_a_run_forbid_locked_memory_and_core_dumps(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = "import resource as r\nprint(r.getrlimit(r.RLIMIT_MEMLOCK), r.getrlimit(r.RLIMIT_CORE))"
    run = await run_source(sandbox, languages["python3"], source)
    assert run.stdout.decode().split() == ["(0,", "0)", "(0,", "0)"]


async def test_a_key_stored_by_one_run_is_not_found_by_the_next(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    store = r"""
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    char secret[256] = {0};
    size_t n = fread(secret, 1, sizeof secret - 1, stdin);
    long key = syscall(SYS_add_key, "user", "leak", secret, n, -4);
    long session = syscall(SYS_add_key, "user", "leak", secret, n, -3);
    printf("%s ", key < 0 ? strerrorname_np(errno) : "stored");
    printf("%s\n", session < 0 ? strerrorname_np(errno) : "stored");
    return 0;
}
"""
    look = r"""
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    char found[256] = {0};
    for (int ring = -4; ring <= -3; ring++) {
        long key = syscall(SYS_request_key, "user", "leak", NULL, ring);
        long n = key < 0 ? -1 : syscall(SYS_keyctl, 11 /* READ */, key, found, sizeof found - 1);
        printf("%s ", n < 0 ? strerrorname_np(errno) : found);
    }
    printf("\n");
    return 0;
}
"""
    first = await run_source(sandbox, languages["c"], store, stdin=b"hidden-test-input")
    assert first.result.report.outcome is RunOutcome.OK, first.result.stderr
    assert first.stdout.decode().split() == ["EPERM", "EPERM"]
    second = await run_source(sandbox, languages["c"], look)
    assert second.stdout.decode().split() == ["EPERM", "EPERM"]


LOCKER = """
import fcntl, os, sys, time
target = os.path.realpath(sys.executable)
fd = os.open(target, os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
try:
    fcntl.lockf(fd, fcntl.LOCK_SH)  # F_SETLK: a read lock is allowed on a read-only descriptor
except OSError:
    pass
print("locked", flush=True)
time.sleep(3)
"""

PROBER = """
import fcntl, json, os, struct, sys, time
target = os.path.realpath(sys.executable)
seen = set()
deadline = time.monotonic() + 2.5
while time.monotonic() < deadline:
    fd = os.open(target, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        seen.add("flock held elsewhere")
    query = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0)
    if struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, query))[0] != fcntl.F_UNLCK:
        seen.add("posix lock held elsewhere")
    os.close(fd)
    time.sleep(0.05)
print(json.dumps(sorted(seen)))
"""


async def test_two_concurrent_runs_in_two_slots_cannot_signal_through_locks_on_a_shared_file(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    python = languages["python3"]
    limits = RunLimits(wall_ms=10_000, cpu_ms=5_000)
    locker, prober = await asyncio.gather(
        run_source(sandbox, python, LOCKER, limits=limits), run_source(sandbox, python, PROBER, limits=limits)
    )
    assert locker.stdout == b"locked\n", locker.result.stderr
    assert prober.result.report.outcome is RunOutcome.OK, prober.result.stderr
    assert json.loads(prober.stdout) == []


async def test_including_etc_passwd_shows_only_root_and_the_sandbox_user(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    source = """
import grp, pwd
print(sorted(p.pw_name for p in pwd.getpwall()), sorted(g.gr_name for g in grp.getgrall()))
print(open("/etc/passwd").read().count(chr(10)))
"""
    run = await run_source(sandbox, languages["python3"], source)
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    assert run.stdout.decode().splitlines() == ["['root', 'sandbox'] ['root', 'sandbox']", "2"]


async def test_mountinfo_does_not_show_the_sandbox_data_dir(
    sandbox: IsolatedSandbox, languages: dict[str, Language], sandbox_root: Path
) -> None:
    source = "print(open('/proc/self/mountinfo').read())"
    run = await run_source(sandbox, languages["python3"], source)
    assert run.result.report.outcome is RunOutcome.OK, run.result.stderr
    assert b" /etc/passwd " in run.stdout
    assert str(sandbox_root).encode() not in run.stdout


MARK_SCRATCH_ROOTS = r"""
import os, struct, sys
secret = sys.stdin.buffer.read()
acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in
    [(1, 7, 0xFFFFFFFF), (2, 7, 4242), (4, 5, 0xFFFFFFFF), (0x10, 7, 0xFFFFFFFF), (0x20, 5, 0xFFFFFFFF)])
done = []
for root in ("/box", "/tmp", "/dev/shm"):
    for name, value in (("user.leak", secret), ("system.posix_acl_access", acl)):
        try:
            os.setxattr(root, name, value)
            done.append(f"{root} {name}")
        except OSError:
            pass
    try:
        os.utime(root, (1234567, 7654321))
        done.append(f"{root} times")
    except OSError:
        pass
    try:
        os.chmod(root, 0o700)
        done.append(f"{root} mode")
    except OSError:
        pass
print("\n".join(done))
"""

LOOK_AT_SCRATCH_ROOTS = r"""
import os
for root in ("/box", "/tmp", "/dev/shm"):
    st = os.stat(root)
    print(root, sorted(os.listxattr(root)), oct(st.st_mode & 0o7777), int(st.st_mtime) in (1234567, 7654321))
"""


async def test_what_a_run_sets_on_the_scratch_roots_is_gone_in_the_next(
    sandbox: IsolatedSandbox, languages: dict[str, Language]
) -> None:
    """The program owns /box: it can set extended attributes (a user.* value, an ACL), its times and its mode,
    which emptying the directory would keep. Each run on every slot must find the roots as mounted."""
    python = languages["python3"]
    for _ in range(4):  # sequential runs: every slot gets one
        marked = await run_source(sandbox, python, MARK_SCRATCH_ROOTS, stdin=b"hidden-test-input")
        assert marked.result.report.outcome is RunOutcome.OK, marked.result.stderr
        assert {"/box user.leak", "/box times", "/box mode"} <= set(marked.stdout.decode().splitlines())
    for _ in range(4):
        looked = await run_source(sandbox, python, LOOK_AT_SCRATCH_ROOTS)
        assert looked.stdout.decode().splitlines() == [
            "/box [] 0o755 False",
            "/tmp [] 0o1777 False",
            "/dev/shm [] 0o1777 False",
        ], looked.result.stderr
