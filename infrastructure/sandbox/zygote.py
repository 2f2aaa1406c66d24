"""The service's side of one slot's zygote (helper/sbx.c): start it, send runs, read replies."""

import array
import asyncio
import contextlib
import os
import socket
import struct
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_START_TIMEOUT_S = 20
_MSG_MAX = 65536


class ZygoteError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOrder:
    argv: Sequence[str]
    env: Mapping[str, str]
    stdin_fd: int
    stdout_fd: int
    stderr_fd: int
    cpu_fd: int | None
    cpu_kind: int
    cgroup_fds: Sequence[int]
    cpu_ms: int
    wall_ms: int
    file_size: int
    open_files: int
    stack: int
    stdout_cap: int
    stderr_cap: int
    ncpu: int
    merge: bool = False
    truncate: bool = False
    clean: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReply:
    status: str  # exited | signaled | killed | setup_error
    code: int
    sig: int
    killed: str  # none | cpu | wall | stdout | stderr
    wall_us: int
    out_bytes: int
    err_bytes: int
    ru_cpu_us: int
    ru_maxrss_kib: int
    sink_error: str
    reset_error: str
    err: str


def _encode(kind: bytes, fields: Sequence[tuple[str, object]]) -> bytes:
    parts = [kind]
    for key, value in fields:
        text = str(value)
        if "\0" in text:
            raise ValueError(f"NUL byte in {key}")
        parts.append(f"{key}={text}".encode())
    payload = b"\0".join(parts) + b"\0"
    if len(payload) > _MSG_MAX:
        raise ValueError("command line and environment are too long")
    return payload


def _decode(data: bytes) -> dict[str, str]:
    fields = data.split(b"\0")
    if not fields or fields[0] != b"D":
        raise ZygoteError(f"unexpected reply {data[:80]!r}")
    result = {}
    for field in fields[1:]:
        key, sep, value = field.decode(errors="replace").partition("=")
        if sep:
            result[key] = value
    return result


class Zygote:
    def __init__(self, process: subprocess.Popen[bytes], sock: socket.socket, pid: int, box: str) -> None:
        self._process = process
        self._sock = sock
        self.pid = pid
        self.box_path = box

    @classmethod
    async def start(
        cls,
        argv_prefix: Sequence[str],
        helper: str,
        *,
        secure: bool,
        uid: int,
        gid: int,
        box: str,
        tmpfs_bytes: int,
        log_path: Path,
    ) -> "Zygote":
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        argv = [
            *argv_prefix,
            helper,
            str(theirs.fileno()),
            "1" if secure else "0",
            str(uid),
            str(gid),
            "/box" if secure else box,
            str(tmpfs_bytes),
        ]
        try:
            process = await asyncio.to_thread(_spawn, argv, theirs.fileno(), log_path)
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        zygote = cls(process, ours, 0, box)
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
        if secure:
            zygote.box_path = f"/proc/{zygote.pid}/root/box"
        return zygote

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    async def _wait(self, writable: bool) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        fd = self._sock.fileno()

        def ready() -> None:
            if not future.done():
                future.set_result(None)

        if writable:
            loop.add_writer(fd, ready)
        else:
            loop.add_reader(fd, ready)
        try:
            await future
        finally:
            if writable:
                loop.remove_writer(fd)
            else:
                loop.remove_reader(fd)

    async def _send(self, payload: bytes, fds: Sequence[int]) -> None:
        ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
        while True:
            try:
                self._sock.sendmsg([payload], ancillary)
                return
            except BlockingIOError:
                await self._wait(writable=True)
            except OSError as error:
                raise ZygoteError(f"the sandbox zygote is gone: {error}") from error

    async def _recv_hello(self) -> tuple[bytes, int]:
        """The greeting carries SCM_CREDENTIALS: the kernel gives the zygote's pid as this process sees it."""
        size = socket.CMSG_SPACE(struct.calcsize("3i"))
        while True:
            try:
                data, ancillary, _flags, _address = self._sock.recvmsg(_MSG_MAX, size)
            except BlockingIOError:
                await self._wait(writable=False)
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
                data = self._sock.recv(_MSG_MAX)
            except BlockingIOError:
                await self._wait(writable=False)
                continue
            except OSError as error:
                raise ZygoteError(f"the sandbox zygote is gone: {error}") from error
            if not data:
                raise ZygoteError("the sandbox zygote exited")
            return data

    async def run(self, order: RunOrder) -> RunReply:
        fields: list[tuple[str, object]] = [
            ("cpu_ms", order.cpu_ms),
            ("wall_ms", order.wall_ms),
            ("fsize", order.file_size),
            ("nofile", order.open_files),
            ("stack", order.stack),
            ("stdout_cap", order.stdout_cap),
            ("stderr_cap", order.stderr_cap),
            ("ncpu", order.ncpu),
            ("merge", int(order.merge)),
            ("truncate", int(order.truncate)),
            ("cpu_kind", order.cpu_kind),
            ("clean", int(order.clean)),
        ]
        fields += [("arg", arg) for arg in order.argv]
        fields += [("env", f"{key}={value}") for key, value in order.env.items()]
        fds = [order.stdin_fd, order.stdout_fd, order.stderr_fd]
        if order.cpu_fd is not None:
            fds.append(order.cpu_fd)
        fds += order.cgroup_fds
        await self._send(_encode(b"R", fields), fds)
        reply = _decode(await self._recv())
        try:
            return RunReply(
                status=reply["status"],
                code=int(reply["code"]),
                sig=int(reply["sig"]),
                killed=reply["killed"],
                wall_us=int(reply["wall_us"]),
                out_bytes=int(reply["out_bytes"]),
                err_bytes=int(reply["err_bytes"]),
                ru_cpu_us=int(reply["ru_cpu_us"]),
                ru_maxrss_kib=int(reply["ru_maxrss_kib"]),
                sink_error=reply["sink_error"],
                reset_error=reply["reset_error"],
                err=reply["err"],
            )
        except (KeyError, ValueError) as error:
            if reply.get("status") == "setup_error":
                return RunReply(
                    status="setup_error",
                    code=-1,
                    sig=0,
                    killed="none",
                    wall_us=0,
                    out_bytes=0,
                    err_bytes=0,
                    ru_cpu_us=0,
                    ru_maxrss_kib=0,
                    sink_error="",
                    reset_error="",
                    err=reply.get("err", "setup error"),
                )
            raise ZygoteError(f"malformed reply {reply}") from error

    async def clean(self) -> None:
        """Empties the box, /tmp and /dev/shm of the slot."""
        await self._send(_encode(b"B", []), [])
        reply = _decode(await self._recv())
        if "err" in reply:
            raise ZygoteError(reply["err"])

    async def close(self) -> None:
        self._sock.close()
        with contextlib.suppress(ProcessLookupError):
            self._process.kill()
        await asyncio.to_thread(self._process.wait)


def _spawn(argv: list[str], control_fd: int, log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            pass_fds=[control_fd],
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
