import asyncio
from pathlib import Path

from application.runs.ports import RunFiles


def _read(path: str, max_bytes: int) -> bytes:
    with open(path, "rb") as file:
        return file.read(max_bytes)


class LocalRunFiles(RunFiles):
    async def write(self, path: str, content: bytes) -> None:
        await asyncio.to_thread(Path(path).write_bytes, content)

    async def read(self, path: str, max_bytes: int) -> bytes:
        return await asyncio.to_thread(_read, path, max_bytes)
