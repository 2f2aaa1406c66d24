"""The bubblewrap command line that builds a slot: its namespaces and its read-only mount tree."""

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.toolchains import toolchain_prefix

HELPER_IN_SLOT = "/.sbx"
# What the zygote keeps to mount the slot's tmpfs, switch uids and clean up; programs never get them.
_ZYGOTE_CAPS = ("CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_DAC_OVERRIDE", "CAP_FOWNER")


def bwrap_command(config: SandboxConfig, tool_paths: Iterable[str]) -> list[str]:
    """bwrap with fresh network, UTS, IPC and pid namespaces, `/usr`, the configured host paths and the
    toolchain prefixes outside `/usr` mounted read-only; it runs the helper at HELPER_IN_SLOT, which the
    caller puts there as a copy (`--file`) before the `--`: a bind mount would show the project's host path
    (and so the data dir's) in the slot's mountinfo."""
    argv = [
        config.bwrap,
        "--unshare-net",
        "--unshare-uts",
        "--unshare-ipc",
        "--unshare-pid",
        "--hostname",
        "sandbox",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
    ]
    for cap in _ZYGOTE_CAPS:
        argv += ["--cap-add", cap]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = "/" + name
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    mounted: list[str] = []
    created: set[str] = set()

    def bind(path: str) -> None:
        # bwrap would create missing parents with mode 0700, which the sandbox user could not traverse
        parents = [str(p) for p in reversed(Path(path).parents) if str(p) != "/"]
        for parent in parents:
            if parent not in created:
                created.add(parent)
                argv.extend(["--perms", "0755", "--dir", parent])
        mounted.append(path)
        argv.extend(["--ro-bind", path, path])

    for pattern in config.host_paths:
        for path in sorted(glob.glob(pattern)):
            bind(path)
    for tool in tool_paths:
        prefix = toolchain_prefix(tool)
        if prefix and not any(prefix == m or prefix.startswith(m + "/") for m in mounted):
            bind(prefix)
    argv += ["--dev", "/dev", "--proc", "/proc", "--dir", "/box", "--dir", "/tmp"]
    argv += ["--chdir", "/", "--", HELPER_IN_SLOT]
    return argv


def account_files(uid: int, gid: int) -> dict[str, str]:
    """/etc/passwd and /etc/group naming only root and the slot's sandbox user, nothing of the host's
    accounts. They reach bwrap as `--ro-bind-data` pipes, so no host path of them shows in the slot's
    mountinfo."""
    return {
        "/etc/passwd": f"root:x:0:0:root:/root:/bin/sh\nsandbox:x:{uid}:{gid}:sandbox:/box:/bin/sh\n",
        "/etc/group": f"root:x:0:\nsandbox:x:{gid}:\n",
    }
