"""The slot pool: one long-lived zygote per slot, handed to one run at a time, restarted when it died."""

import asyncio
import os
from dataclasses import dataclass

from infrastructure.sandbox.config import SandboxConfig
from infrastructure.sandbox.isolation import Isolation
from infrastructure.sandbox.zygote import Zygote


@dataclass(slots=True)
class Slot:
    index: int
    core: int | None  # the core every process of its runs is pinned to, when pinning is possible
    cpus: int  # how many CPUs its runs can use at once
    zygote: Zygote
    box: str  # the box as the service reaches it
    owner: tuple[int, int]  # uid and gid its programs run as (its own: no other slot on the host has them)
    # What the box holds, left by the last run (see RunSpec.keep): its key, or None when the box is empty.
    kept: str | None = None
    kept_files: tuple[str, ...] = ()
    # The generation of the slot cgroup's files its zygote holds (SlotCgroup.zygote_fds), 0 for none.
    cgroups_sent: int = 0


def slot_total(config: SandboxConfig) -> int:
    return config.slots or len(os.sched_getaffinity(0))


def plan_cores(config: SandboxConfig) -> list[int] | None:
    """One core per slot when pinning is wanted and there are enough cores, else None."""
    cores = sorted(os.sched_getaffinity(0))
    if not config.pin_cpus or len(cores) < slot_total(config):
        return None
    return cores[: slot_total(config)]


class SlotPool:
    def __init__(self, config: SandboxConfig, isolation: Isolation) -> None:
        self._root = config.root / "slots"
        self._total = slot_total(config)
        self._isolation = isolation
        self.cores = plan_cores(config)
        self._all_cpus = len(os.sched_getaffinity(0))
        self._slots: list[Slot] = []
        self._free: asyncio.Queue[Slot] = asyncio.Queue()

    def __len__(self) -> int:
        return len(self._slots)

    @property
    def zygote_pids(self) -> list[int]:
        return [slot.zygote.pid for slot in self._slots]

    @property
    def owners(self) -> list[tuple[int, int]]:
        return [slot.owner for slot in self._slots]

    async def start(self) -> None:
        """Starts every slot; raises OSError or ZygoteError (after closing those started) if one fails."""
        try:
            for index in range(self._total):
                slot = await self._start(index)
                self._slots.append(slot)
                self._free.put_nowait(slot)
        except BaseException:
            await self.close()
            raise

    async def _start(self, index: int) -> Slot:
        slot_dir = self._root / str(index)
        slot_dir.mkdir(parents=True, exist_ok=True)
        zygote, box = await self._isolation.start_zygote(slot_dir, index)
        core = self.cores[index] if self.cores else None
        if core is not None:
            # The zygote on its run's core: the init it clones is born there and never migrates when it
            # joins the slot's cpuset, and every wake-up of a run stays on one core. Unpinned, the init
            # waited 0.05-2 ms for a core (the other one, busy or idle) before it first ran.
            try:
                os.sched_setaffinity(zygote.pid, {core})
            except OSError:
                await zygote.close()
                raise
        return Slot(
            index=index,
            core=core,
            cpus=1 if core is not None else self._all_cpus,
            zygote=zygote,
            box=box,
            owner=self._isolation.owner(index),
        )

    async def acquire(self) -> Slot:
        """A free slot with a live zygote; raises OSError or ZygoteError when a dead one cannot restart."""
        slot = await self._free.get()
        if not slot.zygote.alive:
            try:
                await slot.zygote.close()
                slot = await self._start(slot.index)
            except BaseException:
                self._free.put_nowait(slot)  # still dead: the next run tries to restart it again
                raise
            self._slots[slot.index] = slot
        return slot

    async def restart_all(self) -> None:
        """Every slot gets a new zygote, started as the isolation is now (new toolchain mounts), one slot
        at a time as each comes free: runs in progress finish on their old zygote, a run waits for at most
        one restart, and a run that holds one slot while it waits for a second (interactive) is never
        starved, since this holds no more than one."""
        pending = {slot.index for slot in self._slots}
        while pending:
            slot = await self._free.get()
            if slot.index not in pending:
                self._free.put_nowait(slot)
                await asyncio.sleep(0.01)  # the others are busy: wait for one of them
                continue
            try:
                await slot.zygote.close()
                slot = await self._start(slot.index)
            finally:
                self._free.put_nowait(slot)  # a dead one is restarted by the next acquire
            self._slots[slot.index] = slot
            pending.discard(slot.index)

    def release(self, slot: Slot) -> None:
        self._free.put_nowait(slot)

    async def close(self) -> None:
        for slot in self._slots:
            await slot.zygote.close()
        self._slots.clear()
