"""The one place where a secure sandbox and an insecure one (`SANDBOX_INSECURE=true`) differ.

Secure: every slot is a zygote inside bubblewrap's namespaces, programs run as the sandbox uid in a tmpfs box
the zygote empties. Insecure: the zygote runs on the host under the worker's uid, the box is a host directory
the service empties. Everything else (slots, cgroups, compiling, running, classifying) is the same code.
"""

import asyncio
import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from infrastructure.sandbox import box as boxfs
from infrastructure.sandbox.bwrap import account_files, bwrap_command
from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.zygote import Zygote, ZygoteError


class Isolation(Protocol):
    @property
    def isolated(self) -> bool:
        """Whether reports may claim the run was isolated."""
        ...

    @property
    def home(self) -> str:
        """HOME of every run."""
        ...

    @property
    def box_owner(self) -> tuple[int, int]:
        """uid and gid of the directories the service makes in a box (the program must write there)."""
        ...

    @property
    def cleans_with_reply(self) -> bool:
        """Whether the zygote can empty the slot's scratch directories as part of a run, before replying."""
        ...

    async def start_zygote(self, slot_dir: Path) -> tuple[Zygote, str]:
        """A started zygote for one slot, and its box as the service reaches it."""
        ...

    async def empty_box(self, zygote: Zygote, box: str) -> None:
        """Empties the box (and scratch directories) after a run the zygote did not clean up."""
        ...

    def set_tool_paths(self, tool_paths: Iterable[str]) -> bool:
        """The toolchains zygotes started from now on reach; True when that changes what they mount."""
        ...


class SecureIsolation(Isolation):
    def __init__(self, config: SandboxConfig, tool_paths: Iterable[str]) -> None:
        self._config = config
        self._command = bwrap_command(config, tool_paths)

    def set_tool_paths(self, tool_paths: Iterable[str]) -> bool:
        command = bwrap_command(self._config, tool_paths)
        changed, self._command = command != self._command, command
        return changed

    isolated = True
    home = "/box"
    cleans_with_reply = True

    @property
    def box_owner(self) -> tuple[int, int]:
        return self._config.uid, self._config.gid

    async def start_zygote(self, slot_dir: Path) -> tuple[Zygote, str]:
        config = self._config
        args = ["1", str(config.uid), str(config.gid), "/box", str(config.box_bytes)]
        fds: list[int] = []
        data: list[str] = []
        try:
            for destination, text in account_files(config).items():
                read, write = os.pipe()
                fds.append(read)
                os.write(write, text.encode())
                os.close(write)
                data += ["--perms", "0644", "--ro-bind-data", str(read), destination]
            end = self._command.index("--")
            command = [*self._command[:end], *data, *self._command[end:]]
            zygote = await Zygote.start(command, args, slot_dir / "zygote.log", pass_fds=fds)
        finally:
            for fd in fds:
                os.close(fd)
        return zygote, f"/proc/{zygote.pid}/root/box"

    async def empty_box(self, zygote: Zygote, box: str) -> None:
        if not zygote.alive:
            return  # the slot restarts with fresh tmpfs
        try:
            await zygote.clean()
        except ZygoteError:
            await zygote.close()
        except asyncio.CancelledError:
            await zygote.close()  # its late reply must not reach the slot's next run
            raise


class InsecureIsolation(Isolation):
    def __init__(self, config: SandboxConfig) -> None:
        self._config = config

    def set_tool_paths(self, tool_paths: Iterable[str]) -> bool:
        return False  # nothing is mounted: every path of the host is reachable

    isolated = False
    cleans_with_reply = False

    @property
    def home(self) -> str:
        return str(self._config.root)

    @property
    def box_owner(self) -> tuple[int, int]:
        return os.getuid(), os.getgid()

    async def start_zygote(self, slot_dir: Path) -> tuple[Zygote, str]:
        box = slot_dir / "box"
        box.mkdir(exist_ok=True)
        _empty(str(box))
        args = ["0", str(os.getuid()), str(os.getgid()), str(box), "0"]
        zygote = await Zygote.start([str(self._config.helper)], args, slot_dir / "zygote.log")
        return zygote, str(box)

    async def empty_box(self, zygote: Zygote, box: str) -> None:
        with contextlib.suppress(OSError):
            _empty(box)


def _empty(box: str) -> None:
    fd = boxfs.open_dir(box)
    try:
        boxfs.empty_dir(fd)
    finally:
        os.close(fd)


def isolation_problems(config: SandboxConfig) -> list[str]:
    """Why programs cannot be isolated on this machine (cgroups are checked when they are opened)."""
    problems = []
    if os.geteuid() != 0:
        problems.append(
            "the worker must run as root to create cgroups and drop programs to an unprivileged uid"
        )
    if shutil.which(config.bwrap) is None:
        problems.append(f"bubblewrap ({config.bwrap!r}) is not installed")
    return problems
