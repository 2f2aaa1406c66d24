"""Host files handed to a program without their host path.

A descriptor's name in `/proc/<pid>/fd/` is its path from the root of its mount's namespace: an input opened
at `DATA_DIR/cache/tests/<sha256>.in` would tell the program where the data dir is and which test it runs.
Opened instead through a detached clone of its mount rooted at the file itself (`open_tree(2)` with
`OPEN_TREE_CLONE`, then reopened through `/proc/self/fd`), the same file reads as `/`: the clone belongs to
no mount namespace and is the file's own root, so no directory or name of it shows, and it appears in no
`mountinfo`. The file stays the same regular file (seekable, mappable, its size in `fstat`), nothing is
copied; the clone goes away when the last descriptor closes. Closing the clone's own descriptor is most of
the cost (the kernel waits for an RCU grace period to free it: 25-65 µs here, growing with load), so a
background thread does it; the caller pays the clone and the reopen, ~17-30 µs.
"""

import ctypes
import errno
import logging
import os
import queue
import threading

logger = logging.getLogger(__name__)

_NR_OPEN_TREE = 428  # the same number on every architecture (the unified syscall table)
_OPEN_TREE_CLONE = 1
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_refused: list[int] = []  # errno of the first refusal: open_tree is not tried again
_to_close: "queue.SimpleQueue[int]" = queue.SimpleQueue()
_closer_lock = threading.Lock()
_closer: list[threading.Thread] = []


def _close_forever() -> None:
    while True:
        fd = _to_close.get()
        try:
            os.close(fd)
        except OSError:
            logger.exception("could not close a detached mount clone")


def _close_later(fd: int) -> None:
    """Only the closer thread closes `fd` from now on, so its number cannot be reused under anyone."""
    if not _closer:
        with _closer_lock:
            if not _closer:
                thread = threading.Thread(target=_close_forever, name="detached-closer", daemon=True)
                thread.start()
                _closer.append(thread)
    _to_close.put(fd)


def open_unnamed(path: str) -> int:
    """`path` opened read-only (close-on-exec), through a detached clone of it where the kernel allows one
    (root, Linux 5.2+); a plain descriptor otherwise (insecure mode runs as the worker's own uid)."""
    if not _refused:
        tree = _libc.syscall(_NR_OPEN_TREE, _AT_FDCWD, os.fsencode(path), _OPEN_TREE_CLONE | os.O_CLOEXEC)
        if tree >= 0:
            try:
                return os.open(f"/proc/self/fd/{tree}", os.O_RDONLY | os.O_CLOEXEC)
            finally:
                _close_later(tree)
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EPERM):
            raise OSError(code, os.strerror(code), path)
        _refused.append(code)
        logger.warning("open_tree is refused (%s): program inputs show their host path", os.strerror(code))
    return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
