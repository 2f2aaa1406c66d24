import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from unittest import mock

from hypothesis import strategies as st

from domain.judging import streams
from domain.judging.checkers import tokens as tokens_checker

WHITESPACE = " \t\n\r\x0b\x0c"


def pieces(data: bytes, cuts: Sequence[int]) -> list[bytes]:
    """`data` split at the given offsets (taken modulo its length), as a chunked source would hand it out."""
    offsets = sorted({cut % (len(data) + 1) for cut in cuts} | {0, len(data)})
    return [data[start:end] for start, end in itertools.pairwise(offsets)]


@contextmanager
def tiny_items(max_item: int = 8) -> Iterator[None]:
    """Makes the "too long to keep" paths reachable with small examples."""
    with (
        mock.patch.object(streams, "MAX_ITEM_BYTES", max_item),
        mock.patch.object(tokens_checker, "MAX_NUMBER_BYTES", max_item - 1),
    ):
        yield


def repeated(unit: bytes, total: int) -> Iterator[bytes]:
    """`total` bytes of `unit` repeated, produced lazily in ~64 KiB blocks."""
    block = unit * max(1, (1 << 16) // len(unit))
    sent = 0
    while sent < total:
        yield block
        sent += len(block)


tokens = st.lists(st.text(alphabet="abcXYZ019.-+eE", min_size=1, max_size=12).map(str.encode), max_size=30)
whitespace = st.text(alphabet=WHITESPACE, min_size=1, max_size=4).map(str.encode)
any_bytes = (
    st.binary(max_size=200)
    | st.text(alphabet="ab AB\n\t\r1.", max_size=200).map(str.encode)
    | st.text(alphabet="aA \x0b\x0c\n", max_size=60).map(str.encode)
)
cuts = st.lists(st.integers(min_value=0, max_value=10_000), max_size=20)
