"""The output store's room: a hold that does not fit waits until outputs in flight are released; released
outputs are deleted and their room freed."""

import asyncio
import os
from pathlib import Path

from infrastructure.judging.files import BoundedOutputStore


async def test_holds_wait_for_room_in_order(tmp_path: Path) -> None:
    store = BoundedOutputStore(tmp_path / "outputs", capacity=10)
    order: list[str] = []
    release_first = asyncio.Event()

    async def hold(name: str, size: int, until: asyncio.Event | None = None) -> None:
        async with store.hold(size) as output:
            order.append(name)
            assert os.path.exists(output.path)  # noqa: ASYNC240 - a stat in a test
            assert output.max_bytes == size
            if until is not None:
                await until.wait()

    first = asyncio.create_task(hold("first", 8, release_first))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(hold("waiting", 8))
    await asyncio.sleep(0)
    await asyncio.sleep(0.01)
    assert order == ["first"]
    release_first.set()
    await asyncio.gather(first, waiting)
    assert order == ["first", "waiting"]
    assert store._held == 0
    assert list((store.directory).iterdir()) == []
    store.close()
