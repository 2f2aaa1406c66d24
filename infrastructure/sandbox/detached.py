"""Host files handed to a program without their host path.

A descriptor's name in `/proc/<pid>/fd/` is its path from the root of its mount's namespace: an input opened
at `DATA_DIR/cache/tests/<sha256>.in` would tell the program where the data dir is and which test it runs.
Opened instead through a detached clone of its mount rooted at the file itself (`open_tree(2)` with
`OPEN_TREE_CLONE`, then reopened through `/proc/self/fd`), the same file reads as `/`: the clone belongs to
no mount namespace and is the file's own root, so no directory or name of it shows, and it appears in no
`mountinfo`. The file stays the same regular file (seekable, mappable, its size in `fstat`), nothing is
copied; the clone goes away when the last descriptor closes. It costs ~45 µs per file (see
`bench/sandbox_bench.py`), most of it the kernel freeing the clone.
"""

import ctypes
import errno
import logging
import os

logger = logging.getLogger(__name__)

_NR_OPEN_TREE = 428  # the same number on every architecture (the unified syscall table)
_OPEN_TREE_CLONE = 1
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_refused: list[int] = []  # errno of the first refusal: open_tree is not tried again


def open_unnamed(path: str) -> int:
    """`path` opened read-only (close-on-exec), through a detached clone of it where the kernel allows one
    (root, Linux 5.2+); a plain descriptor otherwise (insecure mode runs as the worker's own uid)."""
    if not _refused:
        tree = _libc.syscall(_NR_OPEN_TREE, _AT_FDCWD, os.fsencode(path), _OPEN_TREE_CLONE | os.O_CLOEXEC)
        if tree >= 0:
            try:
                return os.open(f"/proc/self/fd/{tree}", os.O_RDONLY | os.O_CLOEXEC)
            finally:
                os.close(tree)
        code = ctypes.get_errno()
        if code not in (errno.ENOSYS, errno.EPERM):
            raise OSError(code, os.strerror(code), path)
        _refused.append(code)
        logger.warning("open_tree is refused (%s): program inputs show their host path", os.strerror(code))
    return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
