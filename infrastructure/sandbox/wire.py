"""The messages between the service and a slot's zygote, as `helper/wire.h` defines them.

The key names are read from that header, the one definition both sides share: `RunOrder` and `RunReply`
must have exactly its keys (checked when this module is imported), and the zygote refuses a request with
an unknown, repeated or missing key.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from application.judging.verdicts import Kill, RunEnd

WIRE_HEADER = Path(__file__).resolve().parent / "helper" / "wire.h"
MSG_MAX = 65536


class WireError(RuntimeError):
    """A message that does not follow the wire format."""


def _lists(header: str) -> dict[str, tuple[str, ...]]:
    """`#define NAME(X) X(a) X(b) ...` blocks (with their continuation lines) -> NAME: (a, b, ...)."""
    found: dict[str, tuple[str, ...]] = {}
    for match in re.finditer(r"^#define (SBX_\w+)\(X\)((?:.*\\\n)*.*)$", header, re.MULTILINE):
        body = re.sub(r"/\*.*?\*/", " ", match.group(2), flags=re.DOTALL)
        found[match.group(1)] = tuple(re.findall(r"\bX\((\w+)\)", body))
    return found


_KEYS = _lists(WIRE_HEADER.read_text())
RUN_INTS: tuple[str, ...] = _KEYS["SBX_RUN_INTS"]
RUN_LISTS: tuple[str, ...] = _KEYS["SBX_RUN_LISTS"]
REPLY_INTS: tuple[str, ...] = _KEYS["SBX_REPLY_INTS"]
REPLY_STRS: tuple[str, ...] = _KEYS["SBX_REPLY_STRS"]
_REPLY_KEYS = frozenset(REPLY_INTS) | frozenset(REPLY_STRS)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOrder:
    """One run request: the `SBX_RUN_INTS` keys (same names), the argv and environment, and the fds."""

    cpu_ms: int
    wall_ms: int
    file_size: int
    open_files: int
    stack: int
    stdout_cap: int
    stderr_cap: int
    ncpu: int
    merge: bool
    truncate: bool
    cpu_kind: int
    clean: bool
    ro_box: bool
    keep_box: bool
    slot_cgroups: bool
    argv: Sequence[str]
    env: Mapping[str, str]
    stdin_fd: int
    stdout_fd: int
    stderr_fd: int
    cpu_fd: int | None
    cgroup_fds: Sequence[int]

    def encode(self) -> tuple[bytes, list[int]]:
        """The message and the fds to send with it, in the order the zygote expects."""
        parts = [f"{key}={int(getattr(self, key))}" for key in RUN_INTS]  # integers: no NUL to check
        parts += [_field("arg", arg) for arg in self.argv]
        parts += [_field("env", f"{key}={value}") for key, value in self.env.items()]
        fds = [self.stdin_fd, self.stdout_fd, self.stderr_fd]
        if self.cpu_fd is not None:
            fds.append(self.cpu_fd)
        return _payload(b"R\0" + "\0".join(parts).encode()), [*fds, *self.cgroup_fds]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunReply:
    """Every key of a run reply (`SBX_REPLY_INTS`, then `SBX_REPLY_STRS`)."""

    code: int
    sig: int
    wall_us: int
    out_bytes: int
    err_bytes: int
    ru_cpu_us: int
    ru_maxrss_kib: int
    cg_cpu_us: int
    cg_mem_peak: int
    cg_oom_kills: int
    status: RunEnd
    killed: Kill
    sink_error: str
    reset_error: str
    err: str

    @classmethod
    def decode(cls, data: bytes) -> "RunReply":
        values = decode(data)
        if values.keys() != _REPLY_KEYS:
            raise WireError(f"a run reply with keys {sorted(values)}")
        try:
            return cls(
                code=int(values["code"]),
                sig=int(values["sig"]),
                wall_us=int(values["wall_us"]),
                out_bytes=int(values["out_bytes"]),
                err_bytes=int(values["err_bytes"]),
                ru_cpu_us=int(values["ru_cpu_us"]),
                ru_maxrss_kib=int(values["ru_maxrss_kib"]),
                cg_cpu_us=int(values["cg_cpu_us"]),
                cg_mem_peak=int(values["cg_mem_peak"]),
                cg_oom_kills=int(values["cg_oom_kills"]),
                status=RunEnd(values["status"]),
                killed=Kill(values["killed"]),
                sink_error=values["sink_error"],
                reset_error=values["reset_error"],
                err=values["err"],
            )
        except ValueError as error:
            raise WireError(f"a malformed run reply {values}") from error


def _field(key: str, value: object) -> str:
    text = f"{key}={value}"
    if "\0" in text:
        raise ValueError(f"NUL byte in {key}")
    return text


def _payload(message: bytes) -> bytes:
    payload = message + b"\0"
    if len(payload) > MSG_MAX:
        raise ValueError("command line and environment are too long")
    return payload


def encode(kind: bytes, values: Sequence[tuple[str, object]]) -> bytes:
    return _payload(b"\0".join([kind, *(_field(key, value).encode() for key, value in values)]))


def decode(data: bytes) -> dict[str, str]:
    """The fields of a "D" reply."""
    # One decode for the whole message: UTF-8 has no NUL inside a character, so splitting before or after
    # decoding gives the same fields, and an invalid byte is replaced the same way.
    parts = data.decode(errors="replace").split("\0")
    if parts[0] != "D":
        raise WireError(f"unexpected reply {data[:80]!r}")
    values = {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if sep:
            if key in values:
                raise WireError(f"a reply repeating {key}")
            values[key] = value
    return values


def _check_against_header() -> None:
    order = [f.name for f in fields(RunOrder)][: len(RUN_INTS)]
    reply = [f.name for f in fields(RunReply)]
    if order != list(RUN_INTS) or reply != [*REPLY_INTS, *REPLY_STRS] or RUN_LISTS != ("arg", "env"):
        raise WireError(f"{WIRE_HEADER} and infrastructure/sandbox/wire.py disagree on the keys")


_check_against_header()
