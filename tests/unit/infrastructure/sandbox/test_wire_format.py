"""The wire format to the zygote is read from helper/wire.h; the Python side follows it strictly."""

import pytest

from application.judging.verdicts import Kill, RunEnd
from infrastructure.sandbox import wire
from infrastructure.sandbox.wire import REPLY_INTS, REPLY_STRS, RUN_INTS, RunOrder, RunReply, WireError

ORDER = RunOrder(
    cpu_ms=1000,
    wall_ms=3000,
    file_size=1 << 20,
    open_files=64,
    stack=8 << 20,
    stdout_cap=100,
    stderr_cap=10,
    ncpu=1,
    merge=False,
    truncate=True,
    cpu_kind=2,
    clean=True,
    ro_box=False,
    keep_box=False,
    slot_cgroups=False,
    argv=["./main", "x"],
    env={"LANG": "C.UTF-8"},
    stdin_fd=10,
    stdout_fd=11,
    stderr_fd=12,
    cpu_fd=13,
    cgroup_fds=[14, 15],
)
REPLY = {
    **{key: "0" for key in REPLY_INTS},
    "status": "exited",
    "killed": "none",
    "sink_error": "",
    "reset_error": "",
    "err": "",
}


def _reply(fields: dict[str, str]) -> bytes:
    return b"\0".join([b"D", *(f"{k}={v}".encode() for k, v in fields.items())]) + b"\0"


def test_the_header_defines_every_key_the_service_sends_and_reads() -> None:
    assert "cpu_ms" in RUN_INTS
    assert "clean" in RUN_INTS
    assert "ro_box" in RUN_INTS
    assert "keep_box" in RUN_INTS
    assert len(RUN_INTS) == len(set(RUN_INTS)) == 15
    assert set(REPLY_STRS) == {"status", "killed", "sink_error", "reset_error", "err"}
    assert "wall_us" in REPLY_INTS


def test_key_lists_are_read_from_macro_blocks_with_comments() -> None:
    header = "#define SBX_A(X) \\\n    X(one) /* X(not_a_key) */ \\\n    X(two)\nint x; /* X(outside) */\n"
    assert wire._lists(header) == {"SBX_A": ("one", "two")}


def test_a_run_order_sends_every_key_once_then_argv_and_env_and_its_fds_in_order() -> None:
    payload, fds = ORDER.encode()
    kind, *fields, last = payload.split(b"\0")
    assert (kind, last) == (b"R", b"")
    keys = [field.split(b"=", 1)[0].decode() for field in fields]
    assert keys == [*RUN_INTS, "arg", "arg", "env"]
    assert b"truncate=1" in fields
    assert b"merge=0" in fields
    assert b"env=LANG=C.UTF-8" in fields
    assert fds == [10, 11, 12, 13, 14, 15]


def test_without_a_cpu_counter_no_cpu_fd_is_sent() -> None:
    from dataclasses import replace

    _payload, fds = replace(ORDER, cpu_fd=None, cpu_kind=0, cgroup_fds=[]).encode()
    assert fds == [10, 11, 12]


def test_a_complete_reply_is_decoded() -> None:
    reply = RunReply.decode(_reply({**REPLY, "code": "3", "status": "killed", "killed": "wall"}))
    assert (reply.code, reply.status, reply.killed) == (3, RunEnd.KILLED, Kill.WALL)


@pytest.mark.parametrize(
    "fields",
    [
        {k: v for k, v in REPLY.items() if k != "wall_us"},  # missing
        {**REPLY, "cpu_limit": "1"},  # unknown
        {**REPLY, "code": "three"},  # not a number
        {**REPLY, "status": "vanished"},  # not a status
        {**REPLY, "killed": "bored"},  # not a kill reason
    ],
)
def test_an_incomplete_or_unknown_reply_is_refused(fields: dict[str, str]) -> None:
    with pytest.raises(WireError):
        RunReply.decode(_reply(fields))


def test_a_repeated_reply_key_is_refused() -> None:
    with pytest.raises(WireError, match="repeating"):
        RunReply.decode(_reply(REPLY) + b"code=1\0")
