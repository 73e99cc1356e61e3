"""Byte-level edits of Arrow string arrays: same-length rewrites (digit folding, word bytes)
and the splicing of tags over spans, without a Python string per row."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from .detectors import DETECTORS
from .masking import Finding

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
    base = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset :]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)
    return _strings(size, data[concat_ranges(base[rows].astype(np.int64) + starts, size)])


def byte_spans(text: str, findings: list[Finding]) -> list[tuple[int, int, int]]:
    """Character spans as byte spans of the UTF-8 text, with their tag id."""
    if text.isascii():
        return [(s, e, _TAG_ID[kind]) for s, e, kind in findings]
    return [
        (len(text[:s].encode()), len(text[:e].encode()), _TAG_ID[kind]) for s, e, kind in findings
    ]


def splice(
    array: pa.Array, rows: np.ndarray, keys: np.ndarray, spans: list[list[tuple[int, int, int]]]
) -> pa.Array:
    """New values of `rows`: each takes the byte spans `spans[keys[i]]` (row-relative, sorted,
    non-overlapping) of its own text replaced by tags, by one gather over the bytes."""
    per_key = np.array([len(s) for s in spans], dtype=np.int64)
    flat = np.array([x for s in spans for x in s], dtype=np.int64).reshape(-1, 3)
    counts = per_key[keys]
    first_span = piece_starts(counts)  # each row's first span among the chosen ones
    span_row = np.repeat(np.arange(len(rows)), counts)
    local = np.arange(len(span_row)) - np.repeat(first_span, counts)
    chosen = flat[concat_ranges(piece_starts(per_key)[keys], counts)]
    base = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset :]
    row_start, row_end = base[rows].astype(np.int64), base[rows + 1].astype(np.int64)
    starts = row_start[span_row] + chosen[:, 0]
    ends = row_start[span_row] + chosen[:, 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8, count=int(row_end.max()))
    tag_off = len(data) + piece_starts(_TAG_LEN)
    # Pieces in output order: per row, its text up to the first span, then per span its tag
    # and the text up to the next span (or the row's end).
    is_last = local == counts[span_row] - 1
    next_start = np.where(is_last, row_end[span_row], np.roll(starts, -1))
    lead_end = starts[first_span]  # every row has a span
    pieces = len(rows) + 2 * len(span_row)
    row_piece = np.arange(len(rows)) + 2 * first_span
    src = np.empty(pieces, dtype=np.int64)
    size = np.empty(pieces, dtype=np.int64)
    src[row_piece], size[row_piece] = row_start, lead_end - row_start
    tag_piece = row_piece[span_row] + 1 + 2 * local
    src[tag_piece], size[tag_piece] = tag_off[chosen[:, 2]], _TAG_LEN[chosen[:, 2]]
    src[tag_piece + 1], size[tag_piece + 1] = ends, next_start - ends
    out = np.concatenate([data, _TAGS])[concat_ranges(src, size)]
    return _strings(np.add.reduceat(size, row_piece) if len(rows) else size[:0], out)
