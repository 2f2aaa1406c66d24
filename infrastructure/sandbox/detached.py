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

`UnnamedFiles` keeps the clones of the files it opened last (a problem's test inputs are opened once per
submission): opening one again is a `stat` (is it still the same file?) and the reopen, and clones are
closed only when they leave it, handed to the closer thread in batches, so judging does not wake a thread
(and trade the GIL with it) per test.
"""

import ctypes
import errno
import logging
import os
import threading
import time
from collections import OrderedDict

logger = logging.getLogger(__name__)

_NR_OPEN_TREE = 428  # the same number on every architecture (the unified syscall table)
_OPEN_TREE_CLONE = 1
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_refused: list[int] = []  # errno of the first refusal: open_tree is not tried again
CLOSE_BATCH = 16  # clones handed to the closer thread at once
CLOSE_WITHIN_SECONDS = 1.0  # a clone waiting for a batch is closed after this at the latest


class _Closer:
    """The one thread that closes clones: it wakes for a batch of CLOSE_BATCH, or every
    CLOSE_WITHIN_SECONDS for what is left."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[int] = []
        self._batch = threading.Event()
        self._thread: threading.Thread | None = None

    def close_later(self, fd: int) -> None:
        """Only the closer thread closes `fd` from now on, so its number cannot be reused under anyone."""
        with self._lock:
            self._pending.append(fd)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="detached-closer", daemon=True)
                self._thread.start()
            if len(self._pending) >= CLOSE_BATCH:
                self._batch.set()

    def _run(self) -> None:
        while True:
            self._batch.wait(CLOSE_WITHIN_SECONDS)
            with self._lock:
                self._batch.clear()
                batch, self._pending = self._pending, []
            for fd in batch:
                try:
                    os.close(fd)
                except OSError:
                    logger.exception("could not close a detached mount clone")


_closer = _Closer()


def _clone(path: str) -> int | None:
    """A detached clone of `path` (an O_PATH descriptor), None where the kernel refuses them."""
    if _refused:
        return None
    tree = _libc.syscall(_NR_OPEN_TREE, _AT_FDCWD, os.fsencode(path), _OPEN_TREE_CLONE | os.O_CLOEXEC)
    if tree >= 0:
        return int(tree)
    code = ctypes.get_errno()
    if code not in (errno.ENOSYS, errno.EPERM):
        raise OSError(code, os.strerror(code), path)
    _refused.append(code)
    logger.warning("open_tree is refused (%s): program inputs show their host path", os.strerror(code))
    return None


def _reopen(tree: int) -> int:
    return os.open(f"/proc/self/fd/{tree}", os.O_RDONLY | os.O_CLOEXEC)


def open_unnamed(path: str) -> int:
    """`path` opened read-only (close-on-exec), through a detached clone of it where the kernel allows one
    (root, Linux 5.2+); a plain descriptor otherwise (insecure mode runs as the worker's own uid)."""
    tree = _clone(path)
    if tree is None:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return _reopen(tree)
    finally:
        _closer.close_later(tree)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class UnnamedFiles:
    """`open_unnamed` keeping the clones of the last `keep` files: a file opened again while it is the same
    file (device and inode) at its path is reopened from its clone. When all `keep` are in use, the least
    recently used clone makes room only once it was idle `idle_seconds`, so a cycle through more files than
    that (a problem with more tests) keeps the first ones instead of evicting every clone before its reuse.
    A clone unused for `expire_seconds` is closed (it pins its file, which may have been deleted since).
    Not thread-safe: one event loop uses it."""

    def __init__(self, keep: int = 256, idle_seconds: float = 5.0, expire_seconds: float = 60.0) -> None:
        self._keep = keep
        self._idle = idle_seconds
        self._expire = expire_seconds
        self._clones: OrderedDict[str, tuple[int, tuple[int, int], float]] = OrderedDict()

    def open(self, path: str) -> int:
        now = time.monotonic()
        self._expire_one(now)
        kept = self._clones.pop(path, None)
        if kept is not None:
            kept_tree, identity, _used = kept
            if _identity(path) == identity:
                self._clones[path] = (kept_tree, identity, now)
                return _reopen(kept_tree)
            _closer.close_later(kept_tree)  # replaced or gone: a new clone below (or the error it raises)
        tree = _clone(path)
        if tree is None:
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fd = _reopen(tree)
            info = os.fstat(tree)
        except BaseException:
            _closer.close_later(tree)
            raise
        if self._room(now):
            self._clones[path] = (tree, (info.st_dev, info.st_ino), now)
        else:
            _closer.close_later(tree)
        return fd

    def _expire_one(self, now: float) -> None:
        if self._clones:
            oldest = next(iter(self._clones))
            tree, _identity, used = self._clones[oldest]
            if now - used >= self._expire:
                del self._clones[oldest]
                _closer.close_later(tree)

    def _room(self, now: float) -> bool:
        if len(self._clones) < self._keep:
            return True
        oldest = next(iter(self._clones))
        tree, _identity, used = self._clones[oldest]
        if now - used < self._idle:
            return False
        del self._clones[oldest]
        _closer.close_later(tree)
        return True

    def close(self) -> None:
        for tree, _identity, _used in self._clones.values():
            _closer.close_later(tree)
        self._clones.clear()
