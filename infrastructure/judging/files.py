"""Local files for judging: cached test data, per-judging scratch space, built-in checkers over files."""

import asyncio
import contextlib
import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from uuid import UUID

from application.judging.ports import (
    HeldOutput,
    OutputChecker,
    OutputStore,
    OutputStoreError,
    TestFiles,
    TestPaths,
)
from domain.judging.checkers import BuiltinChecker, CheckResult
from domain.problems.entities import TestCase
from domain.problems.repositories import ProblemTestReader

PRIVATE = 0o700
# The data dir that holds the embedded PostgreSQL: its system user must pass through (x) to reach
# DATA_DIR/postgres, but nobody else lists or reads it; what lies below is 0700 on its own.
TRAVERSE_ONLY = 0o711
INLINE_TOUCHES = 16  # test files touched without a thread (a hand-off costs more than a few utime calls)


def private_dir(path: Path, mode: int = PRIVATE) -> Path:
    """`path` as a directory only its owner (root, for a worker) can open: hidden test data and compiled
    artifacts live below it. Made if missing, tightened if it exists."""
    path.mkdir(mode=mode, parents=True, exist_ok=True)
    os.chmod(path, mode)
    return path


class CachedTestFiles(TestFiles):
    """Test data fetched from PostgreSQL once per content hash and kept under DATA_DIR/cache/tests.
    Files are written to a temporary name and renamed, so a concurrent reader never sees half a file; they
    are 0600 in 0700 directories (the sandbox reads them through the worker, never by path)."""

    def __init__(self, tests: ProblemTestReader, cache_dir: Path) -> None:
        self._tests = tests
        self._dir = cache_dir

    async def prepare(self, tests: Sequence[TestCase]) -> dict[UUID, TestPaths]:
        private_dir(self._dir)  # two system calls: cheaper here than a hand-off to a thread and back
        paths: dict[UUID, TestPaths] = {}
        reused: list[Path] = []
        for test in tests:
            input_path = self._dir / f"{test.input_sha256}.in"
            answer_path = self._dir / f"{test.answer_sha256}.ans"
            if input_path.exists() and answer_path.exists():
                reused += [input_path, answer_path]
            else:
                data = await self._tests.get_data(test.id)
                if data is None:
                    raise LookupError(f"test {test.id} vanished while judging")
                await asyncio.to_thread(_write_atomically, input_path, data.input)
                await asyncio.to_thread(_write_atomically, answer_path, data.answer)
            paths[test.id] = TestPaths(input=str(input_path), answer=str(answer_path))
        # Recently used files are kept by pruning; a few are touched here, many in a thread.
        if len(reused) <= INLINE_TOUCHES:
            _touch(*reused)
        else:
            await asyncio.to_thread(_touch, *reused)
        return paths


def _touch(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.utime(path)


def _write_atomically(path: Path, content: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")  # 0600
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(temporary, path)


def scratch_root(data_dir: Path) -> Path:
    """Where program outputs go while they are checked: RAM (/dev/shm) when there is one, because creating a
    file per test on a journaled disk shared with PostgreSQL costs ~0.5 ms; else DATA_DIR/work."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        return shm / f"judge-work-{os.getuid()}"
    return data_dir / "work"


class BoundedOutputStore(OutputStore):
    """Program outputs of the tests in flight, under one directory of this process, `capacity` bytes at most
    in all: each output reserves its cap before the run (the sandbox stops a program at that cap, so no file
    outgrows its reservation) and is deleted, its reservation freed, as soon as its test was checked."""

    def __init__(self, root: Path, capacity: int) -> None:
        self._root = root
        self.capacity = capacity
        self._held = 0
        self._room = asyncio.Condition()
        self._waiting = 0  # holds waiting for room (while any does, a new hold takes the lock too)
        self._directory: Path | None = None
        self._count = itertools.count()

    @property
    def directory(self) -> Path:
        """This process's own directory (0700), made on first use."""
        if self._directory is None:
            self._root.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._directory = Path(tempfile.mkdtemp(dir=self._root, prefix=f"outputs-{os.getpid()}-"))
        return self._directory

    @contextlib.asynccontextmanager
    async def hold(self, max_bytes: int) -> AsyncIterator[HeldOutput]:
        size = max(0, min(max_bytes, self.capacity))
        if self._held + size <= self.capacity and not self._waiting:
            self._held += size  # room and nobody waiting: no lock to take (one event loop)
        else:
            self._waiting += 1
            try:
                async with self._room:
                    await self._room.wait_for(lambda: self._held + size <= self.capacity)
                    self._held += size
            finally:
                self._waiting -= 1
        try:
            try:
                path = f"{self.directory}/{next(self._count)}.out"
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
            except OSError as error:
                raise OutputStoreError(f"cannot create an output file: {error}") from error
            try:
                yield HeldOutput(path=path, max_bytes=size)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(path)
        finally:
            self._held -= size
            if self._waiting:
                async with self._room:
                    self._room.notify_all()

    def close(self) -> None:
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None


# Below this many bytes (output and answer together) a check takes microseconds: handing it to a thread
# would cost more than it saves (thread hand-off, GIL ping-pong with the event loop).
INLINE_CHECK_BYTES = 64 * 1024


class FileOutputChecker(OutputChecker):
    """Built-in checkers stream both files in a thread: huge outputs neither block the loop nor fill RAM.
    Small files are read whole and checked inline (`check_bytes`: the same judgement, and an output equal
    to its answer is accepted without a scan)."""

    def __init__(self, inline_bytes: int = INLINE_CHECK_BYTES) -> None:
        self._inline_bytes = inline_bytes

    async def check(self, checker: BuiltinChecker, output_path: str, answer_path: str) -> CheckResult:
        output = _read_small(output_path, self._inline_bytes, missing_ok=True)  # missing: wrote nothing
        if output is not None:
            answer = _read_small(answer_path, self._inline_bytes - len(output), missing_ok=False)
            if answer is not None:
                return checker.check_bytes(output, answer)
        return await asyncio.to_thread(_check_files, checker, output_path, answer_path)


def _read_small(path: str, limit: int, *, missing_ok: bool) -> bytes | None:
    """The file's bytes, or None when it holds more than `limit`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        if missing_ok:
            return b""
        raise
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            return None
        data = os.read(fd, size + 1)  # one more: a file that grew since shows it
        if len(data) <= size:
            return data
        chunks = [data]
        total = len(data)
        while total <= limit and (chunk := os.read(fd, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks) if total <= limit else None
    finally:
        os.close(fd)


def _check_files(checker: BuiltinChecker, output_path: str, answer_path: str) -> CheckResult:
    if not os.path.exists(output_path):  # the program wrote nothing
        Path(output_path).touch()
    with open(output_path, "rb") as output, open(answer_path, "rb") as answer:
        return checker.check(output, answer)
