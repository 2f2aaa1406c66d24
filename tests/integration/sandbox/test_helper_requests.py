"""The real helper and wire.py agree on every key, and the helper refuses what it does not know."""

import array
import os
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from application.judging.verdicts import RunEnd
from infrastructure.sandbox.config import HELPER_DIR
from infrastructure.sandbox.wire import RunOrder, RunReply

HELPER = HELPER_DIR / "build" / "sbx"


class Helper:
    """The helper in insecure mode (no namespaces) on a socket of our own: raw requests, decoded replies."""

    def __init__(self, box: Path) -> None:
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        args = [str(theirs.fileno()), "0", str(os.getuid()), str(os.getgid()), str(box), "0"]
        self.process = subprocess.Popen([str(HELPER), *args], pass_fds=[theirs.fileno()])
        theirs.close()
        self.sock.settimeout(10)
        assert self.sock.recv(64).rstrip(b"\0") == b"READY"
        self.null = os.open(os.devnull, os.O_RDWR)

    def order(self, argv: list[str]) -> RunOrder:
        return RunOrder(
            cpu_ms=2000,
            wall_ms=5000,
            file_size=1 << 20,
            open_files=64,
            stack=8 << 20,
            stdout_cap=1024,
            stderr_cap=1024,
            ncpu=1,
            merge=False,
            truncate=False,
            cpu_kind=0,
            clean=False,
            ro_box=False,
            keep_box=False,
            slot_cgroups=False,
            argv=argv,
            env={},
            stdin_fd=self.null,
            stdout_fd=self.null,
            stderr_fd=self.null,
            cpu_fd=None,
            cgroup_fds=[],
        )

    def ask(self, payload: bytes, fds: list[int]) -> RunReply:
        self.sock.sendmsg([payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
        return RunReply.decode(self.sock.recv(65536))

    def close(self) -> None:
        self.sock.close()
        self.process.wait(timeout=10)
        os.close(self.null)


@pytest.fixture
def helper(tmp_path: Path) -> Iterator[Helper]:
    running = Helper(tmp_path)
    yield running
    running.close()


def test_an_order_from_wire_py_runs_and_its_reply_has_every_key(helper: Helper) -> None:
    reply = helper.ask(*helper.order(["/bin/sh", "-c", "exit 7"]).encode())  # decode demands every key
    assert (reply.status, reply.code, reply.err) == (RunEnd.EXITED, 7, "")


def _request(fields: list[bytes]) -> bytes:
    return b"\0".join([b"R", *fields]) + b"\0"


def _valid_fields(order: RunOrder) -> list[bytes]:
    payload, _fds = order.encode()
    return payload.split(b"\0")[1:-1]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda f: [kv for kv in f if not kv.startswith(b"cpu_ms=")], "missing key cpu_ms"),
        (lambda f: [*f, b"cpu_limit=5"], "unknown key cpu_limit"),
        (lambda f: [*f, b"wall_ms=1"], "repeated key wall_ms"),
        (
            lambda f: [b"stack=8M" if kv.startswith(b"stack=") else kv for kv in f],
            "a bad value for key stack",
        ),
        (lambda f: [kv for kv in f if not kv.startswith(b"arg=")], "no arg"),
        (lambda f: [*f, b"novalue"], "a field without '=': novalue"),
    ],
)
def test_the_helper_refuses_a_request_with_an_unknown_missing_or_bad_key(
    helper: Helper, change: Callable[[list[bytes]], list[bytes]], problem: str
) -> None:
    fields = change(_valid_fields(helper.order(["/bin/true"])))
    reply = helper.ask(_request(fields), [helper.null] * 3)
    assert (reply.status, reply.err) == (RunEnd.SETUP_ERROR, f"bad request: {problem}")
    # the helper keeps serving after a refused request
    assert helper.ask(*helper.order(["/bin/true"]).encode()).status is RunEnd.EXITED


def test_the_helper_wants_the_cpu_counter_fd_the_order_announces(helper: Helper) -> None:
    order = replace(helper.order(["/bin/true"]), cpu_kind=2)
    payload, _fds = order.encode()
    reply = helper.ask(payload, [helper.null] * 3)
    assert (reply.status, reply.err) == (RunEnd.SETUP_ERROR, "bad request: 3 fds, 4 needed")
