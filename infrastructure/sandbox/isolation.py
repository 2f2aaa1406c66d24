"""The one place where a secure sandbox and an insecure one (`SANDBOX_INSECURE=true`) differ.

Secure: every slot is a zygote inside bubblewrap's namespaces, programs run as the slot's own uid (claimed
per instance, `instance.py`) in a tmpfs box the zygote empties. Insecure: the zygote runs on the host under
the worker's uid, the box is a host directory the service empties. Everything else (slots, cgroups,
compiling, running, classifying) is the same code.
"""

import asyncio
import contextlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from infrastructure.sandbox import box as boxfs
from infrastructure.sandbox.bwrap import HELPER_IN_SLOT, account_files, bwrap_command
from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.instance import InstanceClaim
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
    def instance(self) -> int | None:
        """The instance number claimed on the host, which picks the slots' uids."""
        ...

    def owner(self, slot: int) -> tuple[int, int]:
        """uid and gid the programs of `slot` run as; directories the service makes in its box are theirs."""
        ...

    @property
    def cleans_with_reply(self) -> bool:
        """Whether the zygote can empty the slot's scratch directories as part of a run, before replying."""
        ...

    async def start_zygote(self, slot_dir: Path, slot: int) -> tuple[Zygote, str]:
        """A started zygote for one slot, and its box as the service reaches it."""
        ...

    async def empty_box(self, zygote: Zygote, box: str) -> None:
        """Empties the box (and scratch directories) after a run the zygote did not clean up."""
        ...

    def set_tool_paths(self, tool_paths: Iterable[str]) -> bool:
        """The toolchains zygotes started from now on reach; True when that changes what they mount."""
        ...

    def close(self) -> None:
        """Gives up what the isolation holds for the sandbox's lifetime (its instance number)."""
        ...


class SecureIsolation(Isolation):
    def __init__(self, config: SandboxConfig, tool_paths: Iterable[str], instance: InstanceClaim) -> None:
        self._config = config
        self._instance = instance
        self._command = bwrap_command(config, tool_paths)

    def set_tool_paths(self, tool_paths: Iterable[str]) -> bool:
        command = bwrap_command(self._config, tool_paths)
        changed, self._command = command != self._command, command
        return changed

    isolated = True
    home = "/box"
    cleans_with_reply = True

    @property
    def instance(self) -> int:
        return self._instance.number

    def owner(self, slot: int) -> tuple[int, int]:
        uid = self._instance.slot_id(slot)
        return uid, uid

    async def start_zygote(self, slot_dir: Path, slot: int) -> tuple[Zygote, str]:
        config = self._config
        uid, gid = self.owner(slot)
        args = ["1", str(uid), str(gid), "/box", str(config.box_bytes)]
        fds: list[int] = []
        data: list[str] = []
        try:
            for destination, text in account_files(uid, gid).items():
                read, write = os.pipe()
                fds.append(read)
                os.write(write, text.encode())
                os.close(write)
                data += ["--perms", "0644", "--ro-bind-data", str(read), destination]
            helper = os.open(config.helper, os.O_RDONLY)  # bwrap copies it into the slot's root
            fds.append(helper)
            data += ["--perms", "0555", "--file", str(helper), HELPER_IN_SLOT]
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

    def close(self) -> None:
        self._instance.release()


class InsecureIsolation(Isolation):
    def __init__(self, config: SandboxConfig) -> None:
        self._config = config

    def set_tool_paths(self, tool_paths: Iterable[str]) -> bool:
        return False  # nothing is mounted: every path of the host is reachable

    isolated = False
    cleans_with_reply = False
    instance = None

    @property
    def home(self) -> str:
        return str(self._config.root)

    def owner(self, slot: int) -> tuple[int, int]:
        return os.getuid(), os.getgid()

    async def start_zygote(self, slot_dir: Path, slot: int) -> tuple[Zygote, str]:
        box = slot_dir / "box"
        box.mkdir(exist_ok=True)
        _empty(str(box))
        args = ["0", str(os.getuid()), str(os.getgid()), str(box), "0"]
        zygote = await Zygote.start([str(self._config.helper)], args, slot_dir / "zygote.log")
        return zygote, str(box)

    async def empty_box(self, zygote: Zygote, box: str) -> None:
        with contextlib.suppress(OSError):
            _empty(box)

    def close(self) -> None:
        pass


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
