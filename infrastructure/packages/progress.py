"""Import progress: nothing on the server; a bar on stderr at the command line."""

import sys
import time
from typing import TextIO

from application.packages.archive import ImportProgress


class SilentProgress(ImportProgress):
    def start(self, total_bytes: int) -> None:
        pass

    def advance(self, done_bytes: int) -> None:
        pass

    def finish(self) -> None:
        pass


class TextProgressBar(ImportProgress):
    """`[#####.....]  42% 1.2 GiB of 2.9 GiB packed`, redrawn at most 10 times a second."""

    WIDTH = 40

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self._label = label
        self._stream = stream
        self._total = 0
        self._done = 0
        self._drawn = 0.0

    def start(self, total_bytes: int) -> None:
        self._total, self._done = max(total_bytes, 1), 0
        self._draw(force=True)

    def advance(self, done_bytes: int) -> None:
        self._done += done_bytes
        self._draw()

    def finish(self) -> None:
        self._done = self._total
        self._draw(force=True)
        self._stream.write("\n")
        self._stream.flush()

    def _draw(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._drawn < 0.1:
            return
        self._drawn = now
        share = min(self._done / self._total, 1.0)
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self._stream.write(
            f"\r[{bar}] {share:4.0%} {_size(self._done)} of {_size(self._total)} {self._label}"
        )
        self._stream.flush()


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.1f} {unit}" if unit != "B" else f"{int(value)} B"
        value /= 1024
    return f"{value:.1f} GiB"
