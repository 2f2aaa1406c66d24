"""Incremental reading of outputs that may be far larger than memory.

Everything here holds at most a few chunks at a time: a token or whitespace run that grows past
`MAX_ITEM_BYTES` is folded into a running digest instead of being kept.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

CHUNK_BYTES = 1 << 16
MAX_ITEM_BYTES = 1 << 16
SHOWN_BYTES = 64

_WHITESPACE = b" \t\n\r\x0b\x0c"  # C isspace() in the "C" locale, as the Kattis validator uses
_FIRST_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]")
_RUNS = re.compile(rb"[ \t\n\r\x0b\x0c]+|[^ \t\n\r\x0b\x0c]+")


@runtime_checkable
class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


ByteSource = Readable | Iterable[bytes]
"""A binary file (anything with `read(n)`) or an iterable of byte chunks of any size."""


def iter_chunks(source: ByteSource, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Yields non-empty chunks of at most `chunk_bytes`, whatever sizes the source hands out."""
    if isinstance(source, Readable):
        while chunk := source.read(chunk_bytes):
            yield chunk
        return
    for chunk in source:
        for start in range(0, len(chunk), chunk_bytes):
            yield bytes(chunk[start : start + chunk_bytes])


def show(data: bytes, total_length: int | None = None) -> str:
    """A token as a message shows it: quoted, escaped, cut at `SHOWN_BYTES` bytes (so the same token shows
    the same way however it was read)."""
    length = len(data) if total_length is None else total_length
    text = data[:SHOWN_BYTES].decode("utf-8", "replace")
    return repr(text + "...") if length > SHOWN_BYTES else repr(text)


class LongItem:
    """A token or whitespace run longer than `MAX_ITEM_BYTES`, kept as length + digest + a shown prefix.

    It compares equal to another long item or to plain bytes with the same content, so where a chunk
    boundary happened to fall never changes a comparison.
    """

    __slots__ = ("digest", "length", "newlines", "prefix", "space")

    def __init__(self, *, space: bool, length: int, digest: bytes, prefix: bytes, newlines: int) -> None:
        self.space = space
        self.length = length
        self.digest = digest
        self.prefix = prefix
        self.newlines = newlines

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LongItem):
            return self.length == other.length and self.digest == other.digest
        if isinstance(other, bytes):
            return self.length == len(other) and self.digest == hashlib.sha256(other).digest()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


Item = bytes | LongItem


class _LongItemBuilder:
    def __init__(self, *, space: bool, fold_case: bool) -> None:
        self._space = space
        self._fold = fold_case and not space
        self._hash = hashlib.sha256()
        self._length = 0
        self._prefix = b""
        self._newlines = 0

    @property
    def space(self) -> bool:
        return self._space

    def feed(self, data: bytes) -> None:
        self._hash.update(data.lower() if self._fold else data)
        self._length += len(data)
        if len(self._prefix) < SHOWN_BYTES:
            self._prefix += data[: SHOWN_BYTES - len(self._prefix)]
        if self._space:
            self._newlines += data.count(b"\n")

    def build(self) -> LongItem:
        return LongItem(
            space=self._space,
            length=self._length,
            digest=self._hash.digest(),
            prefix=self._prefix,
            newlines=self._newlines,
        )


@dataclass(frozen=True, slots=True)
class Batch:
    """Consecutive items of one stream. `text` is the original bytes they were split from (empty for a
    long item); `line` and `line_tokens` locate the batch's start: its line (from 1) and how many tokens
    precede it on that line."""

    items: list[Item]
    text: bytes
    line: int
    line_tokens: int


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    token: int
    shown: str
    space: bool


def locate(batch: Batch, index: int, *, keep_space: bool) -> Position:
    """Where item `index` of `batch` starts in its stream and how it looks there. Rescans the batch, so it
    is only for building a message."""
    item = batch.items[index]
    if isinstance(item, LongItem):
        return Position(batch.line, batch.line_tokens + 1, show(item.prefix, item.length), item.space)
    line, tokens, seen = batch.line, batch.line_tokens, -1
    for run in _RUNS.finditer(batch.text):
        data = run.group()
        space = data[:1].isspace()
        if keep_space or not space:
            seen += 1
        if seen == index:
            return Position(line, tokens + 1, show(data), space)
        if space:
            newlines = data.count(b"\n")
            if newlines:
                line, tokens = line + newlines, 0
        else:
            tokens += 1
    raise AssertionError("item index outside its batch")


def _space_run_end(chunk: bytes) -> int:
    return len(chunk) - len(chunk.lstrip(_WHITESPACE))


def _token_run_end(chunk: bytes) -> int:
    found = _FIRST_SPACE.search(chunk)
    return len(chunk) if found is None else found.start()


def _last_run_start(text: bytes, *, keep_space: bool) -> int:
    """Where the run that may continue in the next chunk starts. Without `keep_space` a trailing
    whitespace run is never kept back: only its end matters."""
    if text[-1:].isspace():
        return len(text.rstrip(_WHITESPACE)) if keep_space else len(text)
    return max(text.rfind(space) for space in (b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c")) + 1


def scan(source: ByteSource, *, keep_space: bool, fold_case: bool) -> Iterator[Batch]:
    """Splits a stream into batches of items: tokens, plus whitespace runs when `keep_space`. With
    `fold_case` the items are ASCII-lowercased (the batch text keeps the original spelling). The last batch
    is always empty and marks where the stream ended."""
    line, line_tokens = 1, 0
    pending = b""
    long: _LongItemBuilder | None = None

    def split(text: bytes) -> Batch:
        nonlocal line, line_tokens
        folded = text.lower() if fold_case else text
        items: list[Item] = list(_RUNS.findall(folded)) if keep_space else list(folded.split())
        batch = Batch(items, text, line, line_tokens)
        newlines = text.count(b"\n")
        if newlines:
            line += newlines
            line_tokens = len(text[text.rfind(b"\n") + 1 :].split())
        else:
            line_tokens += len(items) if not keep_space else len(text.split())
        return batch

    def finish(builder: _LongItemBuilder) -> Batch:
        nonlocal line, line_tokens
        item = builder.build()
        batch = Batch([item], b"", line, line_tokens)
        if item.space:
            if item.newlines:
                line, line_tokens = line + item.newlines, 0
        else:
            line_tokens += 1
        return batch

    for chunk in iter_chunks(source):
        if long is not None:
            end = _space_run_end(chunk) if long.space else _token_run_end(chunk)
            long.feed(chunk[:end])
            if end == len(chunk):
                continue
            yield finish(long)
            long = None
            chunk = chunk[end:]
        text = pending + chunk
        cut = _last_run_start(text, keep_space=keep_space)
        if cut:
            yield split(text[:cut])
        pending = text[cut:]
        if len(pending) > MAX_ITEM_BYTES:
            long = _LongItemBuilder(space=pending[:1].isspace(), fold_case=fold_case)
            long.feed(pending)
            pending = b""
    if long is not None:
        yield finish(long)
    elif pending:
        yield split(pending)
    yield Batch([], b"", line, line_tokens)
