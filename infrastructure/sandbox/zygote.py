"""The service's side of one slot's zygote (helper/sbx.c): start it, send runs, read replies."""

import array
import asyncio
import contextlib
import os
import socket
import struct
import subprocess
from collections.abc import Sequence
from pathlib import Path

from infrastructure.sandbox.wire import MSG_MAX, RunOrder, RunReply, WireError, decode, encode

_START_TIMEOUT_S = 20


class ZygoteError(RuntimeError):
    pass


class Zygote:
    """Use `start`. Requests are answered in order, one at a time."""

    def __init__(self, process: subprocess.Popen[bytes], sock: socket.socket) -> None:
        self._process = process
        self._sock = sock
        self._closing: asyncio.Future[int] | None = None
        self._reply: asyncio.Future[None] | None = None  # what a run's reply wakes (see _await_reply)
        self._watched = False  # the socket is registered with the event loop for reading
        self.pid = 0
        """The zygote's pid as this process sees it."""

    @classmethod
    async def start(
        cls, command: Sequence[str], helper_args: Sequence[str], log_path: Path, pass_fds: Sequence[int] = ()
    ) -> "Zygote":
        """Runs `command` (the helper, or a launcher ending with it) with the control socket's fd and then
        `helper_args`; waits for the greeting. The helper's stderr goes to `log_path`."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        argv = [*command, str(theirs.fileno()), *helper_args]
        try:
            process = await asyncio.to_thread(_spawn, argv, [theirs.fileno(), *pass_fds], log_path)
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        zygote = cls(process, ours)
        try:
            hello, pid = await asyncio.wait_for(zygote._recv_hello(), _START_TIMEOUT_S)
        except (TimeoutError, ZygoteError) as error:
            await zygote.close()
            detail = await asyncio.to_thread(log_path.read_text, errors="replace")
            raise ZygoteError(f"the sandbox did not start: {detail.strip() or error}") from error
        if hello.rstrip(b"\0") != b"READY" or pid <= 0:
            await zygote.close()
            raise ZygoteError(f"unexpected greeting {hello!r}")
        zygote.pid = pid
        return zygote

    @property
    def alive(self) -> bool:
        """False from the moment a close begins: a zygote being killed never takes another run."""
        return self._closing is None and self._process.poll() is None

    async def run(self, order: RunOrder) -> RunReply:
        payload, fds = order.encode()
        await self._send(payload, fds)
        await self._await_reply()  # a run takes far longer than a send: no recv is tried before
        try:
            return RunReply.decode(await self._recv())
        except WireError as error:
            raise ZygoteError(str(error)) from error

    async def set_cgroups(self, cpu_kind: int, fds: Sequence[int]) -> None:
        """The slot's cgroup files: the zygote holds them for runs with `slot_cgroups`, until a next call."""
        await self._send(encode(b"G", [("cpu_kind", cpu_kind)]), fds)
        try:
            reply = decode(await self._recv())
        except WireError as error:
            raise ZygoteError(str(error)) from error
        if "ok" not in reply:
            raise ZygoteError(f"the zygote refused the slot's cgroups: {reply}")

    async def clean(self) -> None:
        """Empties the box, /tmp and /dev/shm of the slot."""
        await self._send(encode(b"B", []), [])
        try:
            reply = decode(await self._recv())
        except WireError as error:
            raise ZygoteError(str(error)) from error
        if "err" in reply:
            raise ZygoteError(reply["err"])

    async def close(self) -> None:
        """Kills the zygote (and so every process of its runs) and reaps it. Idempotent: later callers wait
        for the same close. A second cancellation of the caller cannot cut it short (the close goes on in
        its own task), and the zygote counts as dead from the first call on, so its slot restarts."""
        if self._closing is None:
            self._unwatch(asyncio.get_running_loop())
            self._sock.close()
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            self._closing = asyncio.ensure_future(asyncio.to_thread(self._process.wait))
        closing = self._closing
        cancelled = False
        while not closing.done():
            try:
                await asyncio.shield(closing)
            except asyncio.CancelledError:
                cancelled = True  # finish reaping first; the cancellation is raised below
        if cancelled:
            raise asyncio.CancelledError

    async def _await_reply(self) -> None:
        """Until the socket is readable. The socket stays registered with the loop from one run to the next
        (two epoll_ctl calls less per run); woken with no run waiting (the zygote died), it unregisters."""
        loop = asyncio.get_running_loop()
        self._reply = future = loop.create_future()
        if not self._watched:
            loop.add_reader(self._sock.fileno(), self._readable, loop)
            self._watched = True
        try:
            await future
        finally:
            self._reply = None

    def _readable(self, loop: asyncio.AbstractEventLoop) -> None:
        future = self._reply
        if future is not None:
            if not future.done():
                future.set_result(None)
            return
        self._unwatch(loop)

    def _unwatch(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._watched:
            self._watched = False
            with contextlib.suppress(ValueError, OSError):  # the socket may be closed already
                loop.remove_reader(self._sock.fileno())

    async def _wait_writable(self) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        fd = self._sock.fileno()

        def ready() -> None:
            if not future.done():
                future.set_result(None)

        loop.add_writer(fd, ready)
        try:
            await future
        finally:
            loop.remove_writer(fd)

    async def _send(self, payload: bytes, fds: Sequence[int]) -> None:
        ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
        while True:
            try:
                self._sock.sendmsg([payload], ancillary)
                return
            except BlockingIOError:
                await self._wait_writable()
            except OSError as error:
                raise ZygoteError(f"the sandbox zygote is gone: {error}") from error

    async def _recv_hello(self) -> tuple[bytes, int]:
        """The greeting carries SCM_CREDENTIALS: the kernel gives the zygote's pid as this process sees it."""
        size = socket.CMSG_SPACE(struct.calcsize("3i"))
        while True:
            try:
                data, ancillary, _flags, _address = self._sock.recvmsg(MSG_MAX, size)
            except BlockingIOError:
                await self._await_reply()
                continue
            if not data:
                raise ZygoteError("the sandbox zygote exited")
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid, _uid, _gid = struct.unpack("3i", payload[: struct.calcsize("3i")])
                    return data, pid
            return data, 0

    async def _recv(self) -> bytes:
        while True:
            try:
                data = self._sock.recv(MSG_MAX)
            except BlockingIOError:
                await self._await_reply()
                continue
            except OSError as error:
                raise ZygoteError(f"the sandbox zygote is gone: {error}") from error
            if not data:
                raise ZygoteError("the sandbox zygote exited")
            return data


def _spawn(argv: list[str], fds: list[int], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            pass_fds=fds,
            env={"PATH": "/usr/bin:/bin"},
        )


def open_fds(paths: Sequence[str], flags: int) -> list[int]:
    fds: list[int] = []
    try:
        for path in paths:
            fds.append(os.open(path, flags | os.O_CLOEXEC))
    except OSError:
        close_fds(fds)
        raise
    return fds


def close_fds(fds: Sequence[int]) -> None:
    for fd in fds:
        with contextlib.suppress(OSError):
            os.close(fd)
