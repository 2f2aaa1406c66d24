"""Zip files on local disk under DATA_DIR/tmp (not /tmp, which may live in memory): uploads streamed to
a file as they arrive, and exported packages written before they are sent."""

import asyncio
import contextlib
import os
import uuid
import zipfile
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from application.packages.archive import PackageSink, PackageWriter
from domain.exceptions import TooLargeError


class TempFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def new(self, suffix: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.directory / f"{uuid.uuid4().hex}{suffix}"

    @staticmethod
    def remove(path: str | Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)

    async def spool(self, chunks: AsyncIterable[bytes], limit: int) -> Path:
        """Writes the stream to a new file; over `limit` bytes it is removed and TooLargeError raised."""
        path = self.new(".upload")
        size = 0
        try:
            with path.open("wb") as output:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > limit:
                        raise TooLargeError(f"the upload is over {limit} bytes", details={"limit": limit})
                    await asyncio.to_thread(output.write, chunk)
        except BaseException:
            self.remove(path)
            raise
        return path


class _ZipSink(PackageSink):
    def __init__(self, path: Path) -> None:
        self._path = path
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)

    @property
    def location(self) -> str:
        return str(self._path)

    async def write(self, path: str, data: bytes) -> None:
        await asyncio.to_thread(self._zip.writestr, path, data)

    def close(self) -> None:
        self._zip.close()


class ZipPackageWriter(PackageWriter):
    def __init__(self, files: TempFiles) -> None:
        self._files = files

    @asynccontextmanager
    async def create(self) -> AsyncIterator[PackageSink]:
        path = self._files.new(".zip")
        sink = _ZipSink(path)
        try:
            yield sink
            await asyncio.to_thread(sink.close)
        except BaseException:
            sink.close()
            self._files.remove(path)
            raise
