"""Interactive runs: the solution and the interactor in two slots at once, cross-wired through the worker.

Each side's zygote pumps its program's stdout into a pipe the worker drains at once, and the worker copies
it, buffered and non-blocking, into the other side's stdin pipe. The zygotes therefore never block on a
peer that stops reading: a deadlock (both sides waiting to read) ends at each side's own wall limit, and a
flood ends at the writer's output cap. When one side's run is over, the worker closes the other side's
stdin (it reads EOF); writes to a side that went away are dropped, so nobody dies of a broken pipe because
of the peer. Both slots are taken under one lock so that two interactive runs never hold one slot each
while waiting for a second.
"""

import asyncio
import errno
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from infrastructure.sandbox.runner import RunResult
from infrastructure.sandbox.slots import Slot, SlotPool
from infrastructure.sandbox.zygote import close_fds

_CHUNK = 64 * 1024
_DRAIN_SECONDS = 5.0


@dataclass(slots=True)
class _Relay:
    """Copies `source` (a read end) into `target` (a write end), keeping its first `keep` bytes."""

    source: int
    target: int
    keep: int
    transcript: bytearray = field(default_factory=bytearray)
    pending: bytearray = field(default_factory=bytearray)
    source_done: bool = False
    target_gone: bool = False
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        os.set_blocking(self.source, False)
        os.set_blocking(self.target, False)
        loop.add_reader(self.source, self._read, loop)

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            data = os.read(self.source, _CHUNK)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            loop.remove_reader(self.source)
            self.source_done = True
            self._finish_if_flushed(loop)
            return
        if len(self.transcript) < self.keep:
            self.transcript += data[: self.keep - len(self.transcript)]
        if self.target_gone:
            return
        if not self.pending:
            loop.add_writer(self.target, self._write, loop)
        self.pending += data

    def _write(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            written = os.write(self.target, self.pending)
        except BlockingIOError:
            return
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise
            written = len(self.pending)
            self._drop_target(loop)
        del self.pending[:written]
        if not self.pending:
            loop.remove_writer(self.target)
            self._finish_if_flushed(loop)

    def _drop_target(self, loop: asyncio.AbstractEventLoop) -> None:
        self.target_gone = True
        self.pending.clear()
        loop.remove_writer(self.target)

    def _finish_if_flushed(self, loop: asyncio.AbstractEventLoop) -> None:
        if self.source_done and not self.pending:
            self.close_target(loop)
            self.done.set()

    def close_target(self, loop: asyncio.AbstractEventLoop) -> None:
        """The reading side is gone (or got all there is): it reads EOF, later data is dropped."""
        if self.target >= 0:
            loop.remove_writer(self.target)
            os.close(self.target)
            self.target = -1
        self.target_gone = True
        self.pending.clear()

    def close(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.remove_reader(self.source)
        self.close_target(loop)
        os.close(self.source)


@dataclass(frozen=True, slots=True)
class SideStreams:
    """One side's ends of the pipes, handed to its zygote: its stdin and the sink of its stdout."""

    stdin: int
    stdout: int


@dataclass(frozen=True, slots=True)
class PairResult:
    solution: RunResult
    interactor: RunResult
    interactor_first: bool
    to_interactor: bytes
    to_solution: bytes


RunIn = Callable[[Slot, SideStreams], Awaitable[RunResult]]


class PairRunner:
    """Takes two slots and runs both sides, relaying between them."""

    def __init__(self, pool: SlotPool) -> None:
        self._pool = pool
        self._lock = asyncio.Lock()

    async def run(self, solution: RunIn, interactor: RunIn, transcript_bytes: int) -> PairResult | str:
        """Both runs' results, or why they could not start."""
        if len(self._pool) < 2:
            return "an interactive run needs two sandbox slots"
        async with self._lock:
            first = await self._pool.acquire()
            try:
                second = await self._pool.acquire()
            except BaseException:
                self._pool.release(first)
                raise
        try:
            return await self._run(first, second, solution, interactor, transcript_bytes)
        finally:
            self._pool.release(first)
            self._pool.release(second)

    async def _run(
        self, first: Slot, second: Slot, solution: RunIn, interactor: RunIn, keep: int
    ) -> PairResult:
        loop = asyncio.get_running_loop()
        fds: list[int] = []

        def pipe() -> tuple[int, int]:
            read, write = os.pipe()
            fds.extend([read, write])
            return read, write

        try:
            solution_out_r, solution_out_w = pipe()
            interactor_in_r, interactor_in_w = pipe()
            interactor_out_r, interactor_out_w = pipe()
            solution_in_r, solution_in_w = pipe()
        except OSError:
            close_fds(fds)
            raise
        # The relays own the worker's ends from here on; the zygotes' ends are closed after their runs.
        up = _Relay(solution_out_r, interactor_in_w, keep)
        down = _Relay(interactor_out_r, solution_in_w, keep)
        order: list[str] = []
        try:
            up.start(loop)
            down.start(loop)

            async def side(
                name: str, run: RunIn, slot: Slot, streams: SideStreams, peer: _Relay
            ) -> RunResult:
                try:
                    return await run(slot, streams)
                finally:
                    order.append(name)
                    close_fds([streams.stdin, streams.stdout])  # our copies: the relay sees EOF
                    peer.close_target(loop)

            solution_result, interactor_result = await asyncio.gather(
                side("solution", solution, first, SideStreams(solution_in_r, solution_out_w), down),
                side("interactor", interactor, second, SideStreams(interactor_in_r, interactor_out_w), up),
            )
            # Both zygotes have closed their ends by now; the rest of the data is already in the pipes.
            await asyncio.wait_for(asyncio.gather(up.done.wait(), down.done.wait()), _DRAIN_SECONDS)
        except TimeoutError:
            pass
        finally:
            up.close(loop)
            down.close(loop)
        return PairResult(
            solution=solution_result,
            interactor=interactor_result,
            interactor_first=order[0] == "interactor",
            to_interactor=bytes(up.transcript),
            to_solution=bytes(down.transcript),
        )
