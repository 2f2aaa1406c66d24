"""This sandbox's instance number on the host, and so its slots' uids (`infrastructure/uid_scheme.py`).

A number is claimed with an exclusive `flock` on `<runtime dir>/instance-<n>.lock`, the first free n. The
kernel drops the lock when its descriptor closes, also when the worker is killed, so a number is never held
by a dead process and never by two live ones. The descriptor is close-on-exec: no zygote or program keeps it.
"""

import contextlib
import fcntl
import grp
import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from infrastructure.uid_scheme import UidScheme


class InstanceError(RuntimeError):
    """No instance number (and so no uid) could be claimed; the message says why."""


@dataclass(slots=True)
class InstanceClaim:
    """A claimed instance number; `release` (or the process's death) frees it."""

    number: int
    scheme: UidScheme
    _fd: int

    def slot_id(self, slot: int) -> int:
        return self.scheme.slot_id(self.number, slot)

    def release(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1


def claim_instance(runtime_dir: Path, scheme: UidScheme, slots: int) -> InstanceClaim:
    """The first free instance number under `runtime_dir`, locked. Raises InstanceError when the scheme cannot
    hold `slots` slots, every number is taken, or a slot's id belongs to a host account or group."""
    problems = scheme.problems()
    if slots > scheme.stride:
        problems.append(f"{slots} slots do not fit a uid stride of {scheme.stride}")
    if problems:
        raise InstanceError("; ".join(problems))
    try:
        runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(runtime_dir, follow_symlinks=False)
    except OSError as error:
        raise InstanceError(f"cannot create the sandbox runtime directory {runtime_dir}: {error}") from error
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        # whoever else may write there could hold every lock (no worker starts) or plant links
        raise InstanceError(f"{runtime_dir} must be a directory of uid {os.geteuid()} writable by it alone")
    for number in range(scheme.instances):
        path = runtime_dir / f"instance-{number}.lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            raise InstanceError(f"cannot open {path}: {error}") from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        except OSError as error:
            os.close(fd)
            raise InstanceError(f"cannot lock {path}: {error}") from error
        claim = InstanceClaim(number, scheme, fd)
        taken = host_accounts_among([claim.slot_id(slot) for slot in range(slots)])
        if taken:
            claim.release()
            raise InstanceError(
                f"sandbox uids of instance {number} belong to host accounts ({', '.join(taken)}): "
                "choose another SANDBOX_UID_BASE"
            )
        return claim
    raise InstanceError(f"all {scheme.instances} sandbox instance numbers under {runtime_dir} are taken")


def host_accounts_among(ids: list[int]) -> list[str]:
    """The users and groups of this host (as NSS resolves them) whose id is one of `ids`."""
    found = []
    for number in ids:
        with contextlib.suppress(KeyError):
            found.append(f"user {pwd.getpwuid(number).pw_name}={number}")
        with contextlib.suppress(KeyError):
            found.append(f"group {grp.getgrgid(number).gr_name}={number}")
    return found
