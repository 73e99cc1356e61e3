"""Byte-level edits of Arrow string arrays: same-length rewrites (digit folding, word bytes)
and the splicing of tags over spans, without a Python string per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from .detectors import DETECTORS

_WORD_BYTES = np.arange(256, dtype=np.uint8)
_WORD_BYTES[[c for c in range(128) if not chr(c).isalpha()]] = ord(" ")


def _with_data(array: pa.Array, data: np.ndarray) -> pa.Array:
    """`array` (a string array) with its character bytes replaced by `data` (same length)."""
    validity, offsets, _ = array.buffers()
    return pa.Array.from_buffers(
        pa.string(), len(array), [validity, offsets, pa.py_buffer(data)], array.null_count,
        array.offset,
    )  # fmt: skip


def _mapped(array: pa.Array, transform: Callable[[np.ndarray, np.ndarray], None]) -> pa.Array:
    """`array` (strings) with the bytes of its values rewritten by `transform(source, target)`
    (same length: offsets and validity are shared; bytes outside the values stay unset)."""
    _, offsets, data = array.buffers()
    if data is None or not data.size or not len(array):
        return array
    bounds = np.frombuffer(offsets, dtype=np.int32)
    start, end = int(bounds[array.offset]), int(bounds[array.offset + len(array)])
    out = np.empty(end, dtype=np.uint8)
    transform(np.frombuffer(data, dtype=np.uint8, count=end)[start:], out[start:])
    return _with_data(array, out)


def _fold(source: np.ndarray, target: np.ndarray) -> None:
    np.subtract(source, np.uint8(ord("0")), out=target)
    target *= target < 10
    np.subtract(source, target, out=target)


def fold_digits(array: pa.Array) -> pa.Array:
    """Every ASCII digit turned to "0" (same byte length, so spans found in it still apply)."""
    return _mapped(array, _fold)


def _to_word_bytes(source: np.ndarray, target: np.ndarray) -> None:
    np.take(_WORD_BYTES, source, out=target)


def word_bytes(array: pa.Array) -> pa.Array:
    r"""Every ASCII non-letter turned to a space (splitting on " " then cuts where RE2's
    `[^\p{L}]` would, letters outside ASCII left whole)."""
    return _mapped(array, _to_word_bytes)


_TAG_ID = {d.kind: i for i, d in enumerate(DETECTORS)}
_TAGS = np.frombuffer(b"".join(d.tag.encode() for d in DETECTORS), dtype=np.uint8)
_TAG_LEN = np.array([len(d.tag.encode()) for d in DETECTORS], dtype=np.int64)


def tag_ids(kinds: Sequence[str]) -> np.ndarray:
    """The tag id (for `splice`) of each kind."""
    return np.array([_TAG_ID[k] for k in kinds], dtype=np.int64)


def piece_starts(sizes: np.ndarray) -> np.ndarray:
    """Where each of consecutive pieces of `sizes` starts (an exclusive running sum)."""
    starts: np.ndarray = np.cumsum(sizes) - sizes
    return starts


def concat_ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The integers `starts[i]` … `starts[i] + sizes[i] - 1` of every i, concatenated."""
    ranges: np.ndarray = np.repeat(starts - piece_starts(sizes), sizes) + np.arange(
        int(sizes.sum())
    )
    return ranges


def _offsets(array: pa.Array) -> np.ndarray:
    """The value offsets of a string array (its slice's own), as int64."""
    bounds = np.frombuffer(array.buffers()[1], dtype=np.int32)
    return bounds[array.offset : array.offset + len(array) + 1].astype(np.int64)


def _data(array: pa.Array) -> np.ndarray:
    data = array.buffers()[2]
    return np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)


def _strings(sizes: np.ndarray, data: np.ndarray) -> pa.Array:
    """A string array of consecutive values of `sizes` bytes taken from `data`."""
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
    return pa.Array.from_buffers(
        pa.string(), len(sizes), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def slices(array: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> pa.Array:
    """The bytes `starts[i]:ends[i]` (row-relative, on character boundaries) of each of `rows`
    (non-null rows of a string array), by one gather."""
    size = ends - starts
    return _strings(size, _data(array)[concat_ranges(_offsets(array)[rows] + starts, size)])


class Chars:
    """The characters of a string array's values, found from their UTF-8 lead bytes (no Python
    string per value)."""

    def __init__(self, texts: pa.Array) -> None:
        offsets = _offsets(texts)
        self.data = _data(texts)[offsets[0] : offsets[-1]]
        self.offsets = offsets - offsets[0]
        self.ascii = not len(self.data) or int(self.data.max()) < 0x80
        self.leads = (
            np.arange(len(self.data)) if self.ascii else np.flatnonzero((self.data & 0xC0) != 0x80)
        )  # the byte position of each character
        self.first = np.searchsorted(self.leads, self.offsets[:-1])  # each text's first character
        self.lengths = np.searchsorted(self.leads, self.offsets[1:]) - self.first

    def code_points(self) -> np.ndarray:
        """The code point of every character, text after text."""
        points = self.data[self.leads].astype(np.int64)
        wide = np.flatnonzero(points >= 0x80)
        if len(wide):
            data = np.concatenate([self.data, np.zeros(3, dtype=np.uint8)]).astype(np.int64)
            at, lead = self.leads[wide], points[wide]
            size = np.where(lead < 0xE0, 2, np.where(lead < 0xF0, 3, 4))
            point = lead & np.array([0, 0, 0x1F, 0x0F, 0x07])[size]
            for k in range(1, 4):
                point = np.where(size > k, (point << 6) | (data[at + k] & 0x3F), point)
            points[wide] = point
        return points

    def text_of(self) -> np.ndarray:
        """The index of the text of every character."""
        return np.repeat(np.arange(len(self.lengths)), self.lengths)


def char_bytes(texts: pa.Array, idx: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """Byte offsets, from the start of `texts[idx[i]]` (non-null), of its character offsets
    `chars[i]` (at most its length): only the texts concerned are read."""
    if not len(idx):
        return np.zeros(0, dtype=np.int64)
    units, unit = np.unique(idx, return_inverse=True)
    unit = unit.reshape(-1)
    offsets = _offsets(texts)
    size = offsets[units + 1] - offsets[units]
    found = Chars(_strings(size, _data(texts)[concat_ranges(offsets[units], size)]))
    if found.ascii:
        return chars
    inside = chars < found.lengths[unit]
    at = np.where(inside, found.first[unit] + chars, 0)
    begin = found.offsets[unit]
    out: np.ndarray = np.where(
        inside, found.leads[np.minimum(at, len(found.leads) - 1)] - begin, size[unit]
    )
    return out


def splice(
    array: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, tags: np.ndarray
) -> pa.Array:
    """New values of the cells holding spans: span i (of row `rows[i]`, bytes `starts[i]` to
    `ends[i]` of the cell, entries sorted by row then start, not overlapping) replaced by the
    tag `tags[i]`, by one gather over the bytes; one value per distinct row, ascending."""
    cells, first_span, counts = np.unique(rows, return_index=True, return_counts=True)
    cell = np.repeat(np.arange(len(cells)), counts)  # each span's cell
    local = np.arange(len(rows)) - first_span[cell]
    offsets = _offsets(array)
    row_start, row_end = offsets[cells], offsets[cells + 1]
    starts = row_start[cell] + starts
    ends = row_start[cell] + ends
    data = _data(array)[: int(row_end.max()) if len(cells) else 0]
    tag_off = len(data) + piece_starts(_TAG_LEN)
    # Pieces in output order: per cell, its text up to the first span, then per span its tag
    # and the text up to the next span (or the cell's end).
    is_last = local == counts[cell] - 1
    next_start = np.where(is_last, row_end[cell], np.roll(starts, -1))
    cell_piece = np.arange(len(cells)) + 2 * first_span
    pieces = len(cells) + 2 * len(rows)
    src = np.empty(pieces, dtype=np.int64)
    size = np.empty(pieces, dtype=np.int64)
    src[cell_piece], size[cell_piece] = row_start, starts[first_span] - row_start
    tag_piece = cell_piece[cell] + 1 + 2 * local
    src[tag_piece], size[tag_piece] = tag_off[tags], _TAG_LEN[tags]
    src[tag_piece + 1], size[tag_piece + 1] = ends, next_start - ends
    out = np.concatenate([data, _TAGS])[concat_ranges(src, size)]
    return _strings(np.add.reduceat(size, cell_piece) if len(cells) else size[:0], out)
