"""Column-at-a-time operations on Arrow arrays: vectorized prefilters, Python only on candidates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache
from itertools import compress
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .detectors import BY_KIND, DETECTORS, Detector, Span
from .masking import Finding, apply_spans, merge_spans

_INLINE_FLAGS = re.compile(r"^\(\?([a-z]+)\)")

SPLIT_ROWS = 32_768  # columns of at least twice this are prefiltered in two threads


def _byte_table(changes: dict[bytes, bytes]) -> np.ndarray:
    table = np.arange(256, dtype=np.uint8)
    for old, new in changes.items():
        table[np.frombuffer(old, np.uint8)] = ord(new)
    return table


# ASCII non-letters become spaces: splitting on " " then cuts where RE2 `[^\p{L}]` would.
_ASCII_NON_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_WORD_BYTES = _byte_table({_ASCII_NON_LETTERS: b" "})
# Every ASCII digit becomes "0" (same length, so spans found in the folded text still apply).
_FOLD_DIGITS = _byte_table({b"0123456789": b"0"})


def _translate(array: pa.Array, table: np.ndarray) -> pa.Array:
    """A string array with each byte mapped through `table` (ASCII to ASCII keeps valid UTF-8)."""
    validity, offsets, data = array.buffers()
    if data is None or not data.size:
        return array
    mapped = pa.py_buffer(table[np.frombuffer(data, dtype=np.uint8)])
    return pa.Array.from_buffers(
        pa.string(), len(array), [validity, offsets, mapped], array.null_count, array.offset
    )


def _re2_group(pattern: str) -> str:
    """`(?i)abc` -> `(?i:abc)` so prefilters can be OR-ed into one RE2 pattern."""
    m = _INLINE_FLAGS.match(pattern)
    if m:
        return f"(?{m.group(1)}:{pattern[m.end() :]})"
    return f"(?:{pattern})"


@cache
def _combined(kinds: tuple[str, ...]) -> str:
    return "|".join(_re2_group(d.prefilter) for d in DETECTORS if d.kind in kinds)


@cache
def _lexicon_set(kind: str) -> pa.Array:
    detector = next(d for d in DETECTORS if d.kind == kind)
    assert detector.lexicon is not None
    return pa.array(list(detector.lexicon()), pa.string())


def as_strings(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A single string Array (large/dictionary/chunked inputs normalised)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return array


def _mask_of(result: pa.Array) -> np.ndarray:
    return np.asarray(result.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _take(array: pa.Array, idx: np.ndarray) -> pa.Array:
    return array if len(idx) == len(array) else array.take(pa.array(idx))


def _any_by_parent(lists: pa.Array, flags: np.ndarray, length: int) -> np.ndarray:
    """For each of `length` lists, whether one of its flattened items is flagged."""
    out = np.zeros(length, dtype=bool)
    parents = np.asarray(pc.list_parent_indices(lists).to_numpy(zero_copy_only=False))
    out[parents[flags]] = True
    return out


def _lexicon_words(words: pa.Array, kind: str) -> np.ndarray:
    """Which `words` hold a lexicon entry once accents are stripped (words split on letters)."""
    plain = pc.replace_substring_regex(pc.utf8_normalize(words, "NFKD"), r"\p{Mn}", "")
    parts = pc.split_pattern_regex(plain, r"[^\p{L}]+")
    found = _mask_of(pc.is_in(pc.list_flatten(parts), value_set=_lexicon_set(kind)))
    return _any_by_parent(parts, found, len(words))


def _lexicon_hits(array: pa.Array, detector: Detector, known: np.ndarray) -> np.ndarray:
    """Cells (not already in `known`) matching the detector's weak prefilter with a lexicon word.

    Texts are cut at ASCII non-letters (a cheap byte mapping and a literal split), then only the
    distinct pieces go through accent stripping and the letter split: the same words as
    normalising and splitting each whole text, since NFKD never crosses an ASCII character.
    """
    out = np.zeros(len(array), dtype=bool)
    if detector.lexicon is None or detector.lexicon_prefilter is None:
        return out
    weak = _mask_of(pc.match_substring_regex(array, detector.lexicon_prefilter)) & ~known
    idx = np.flatnonzero(weak)
    if not len(idx):
        return out
    pieces = pc.split_pattern(_translate(_take(array, idx), _WORD_BYTES), " ")
    encoded = pc.dictionary_encode(pc.list_flatten(pieces))
    assert isinstance(encoded, pa.DictionaryArray)
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    found = _lexicon_words(encoded.dictionary, detector.kind)[codes]
    out[idx[_any_by_parent(pieces, found, len(idx))]] = True
    return out


def detector_hits(array: pa.Array, detectors: Sequence[Detector]) -> np.ndarray:
    """Per detector (rows) and cell (columns), whether its prefilter or lexicon selects the cell.

    One combined RE2 pass over the column; each detector's own prefilter then runs on its hits.
    """
    hits = np.zeros((len(detectors), len(array)), dtype=bool)
    if not len(detectors) or not len(array):
        return hits
    combined = _mask_of(
        pc.match_substring_regex(array, _combined(tuple(d.kind for d in detectors)))
    )
    idx = np.flatnonzero(combined)
    if len(idx):
        values = _take(array, idx)
        for row, detector in enumerate(detectors):
            if len(detectors) == 1:
                hits[row, idx] = True
            else:
                own = pc.match_substring_regex(values, _combined((detector.kind,)))
                hits[row, idx] = _mask_of(own)
    for row, detector in enumerate(detectors):
        hits[row] |= _lexicon_hits(array, detector, hits[row])
    return hits


def _hits_in_threads(array: pa.Array, detectors: Sequence[Detector]) -> np.ndarray:
    """`detector_hits` of a long column, its two halves in two threads (Arrow frees the GIL)."""
    if len(array) < 2 * SPLIT_ROWS:
        return detector_hits(array, detectors)
    half = len(array) // 2
    with ThreadPoolExecutor(max_workers=2) as threads:
        parts = threads.map(
            lambda part: detector_hits(part, detectors), [array.slice(0, half), array.slice(half)]
        )
        return np.concatenate(list(parts), axis=1)


def candidates(array: pa.Array, detectors: Sequence[Detector]) -> np.ndarray:
    """Boolean mask of the cells that may hold a span of one of `detectors` (vectorized)."""
    return np.asarray(detector_hits(as_strings(array), detectors).any(axis=0), dtype=bool)


class _Found(NamedTuple):
    """What one detector found among the distinct candidate texts."""

    kind: str
    cells: np.ndarray  # positions of the texts with spans
    spans: list[list[Span]]  # their spans, in the same order


@cache
def _remembering(detector: Detector) -> Callable[[str], list[Span]]:
    """`detector.find` remembering recent texts (folded phrases recur from batch to batch)."""
    return lru_cache(maxsize=1 << 15)(detector.find)


def _search(
    uniques: pa.Array, texts: list[str], hits: np.ndarray, detectors: Sequence[Detector]
) -> list[_Found]:
    """Each detector on the texts its prefilter selected (a digit-blind one on each
    digit-folded text once)."""
    folded: pa.Array | None = None
    out: list[_Found] = []
    for detector, mask in zip(detectors, hits, strict=True):
        idx = np.flatnonzero(mask)
        if not len(idx):
            continue
        if detector.digit_blind:
            if folded is None:
                folded = _translate(uniques, _FOLD_DIGITS)
            encoded = pc.dictionary_encode(_take(folded, idx))
            assert isinstance(encoded, pa.DictionaryArray)
            find = _remembering(detector)
            per_text = [find(t) for t in encoded.dictionary.to_pylist()]
            codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
            keep = np.array([bool(spans) for spans in per_text], dtype=bool)[codes]
            found = [per_text[c] for c in codes[keep].tolist()]
        else:
            per_cell = [detector.find(texts[i]) for i in idx.tolist()]
            keep = np.array([bool(spans) for spans in per_cell], dtype=bool)
            found = [spans for spans in per_cell if spans]
        if found:
            out.append(_Found(detector.kind, idx[keep], found))
    return out


def _among(found: _Found, cells: np.ndarray, inside: bool) -> _Found:
    """What `found` holds for the texts in `cells` (or, `inside` false, for the others)."""
    keep = np.isin(found.cells, cells) == inside
    return found._replace(cells=found.cells[keep], spans=list(compress(found.spans, keep)))


def _findings(found: list[_Found]) -> dict[int, list[Finding]]:
    """Text position -> findings, as `find_spans` gives them."""
    grouped: dict[int, list[tuple[str, list[Span]]]] = {}
    for kind, cells, spans in found:
        for cell, cell_spans in zip(cells.tolist(), spans, strict=True):
            grouped.setdefault(cell, []).append((kind, cell_spans))
    return {cell: merge_spans(items) for cell, items in grouped.items()}


def _candidates(array: pa.Array, detectors: Sequence[Detector]) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the candidate cells, and their hits per detector."""
    hits = _hits_in_threads(array, detectors)
    idx = np.flatnonzero(hits.any(axis=0))
    return idx, hits[:, idx]


def _distinct(
    array: pa.Array, idx: np.ndarray, hits: np.ndarray
) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """Codes of the candidate cells into their distinct texts, those texts and their hits."""
    encoded = pc.dictionary_encode(_take(array, idx))
    assert isinstance(encoded, pa.DictionaryArray)
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    some = np.empty(len(encoded.dictionary), dtype=np.int64)
    some[codes] = np.arange(len(codes))  # one cell per distinct text (same hits in every copy)
    return codes, encoded.dictionary, hits[:, some]


class Masked(NamedTuple):
    """What `mask_array` did to a column."""

    array: pa.Array
    spans: Counter[str]  # spans masked, per kind
    changed: int  # cells changed


def mask_array(array: pa.Array, detectors: Sequence[Detector] = DETECTORS) -> Masked:
    """Mask personal spans in every cell of a string column."""
    array = as_strings(array)
    counts: Counter[str] = Counter()
    idx, hits = _candidates(array, detectors)
    if not len(idx):
        return Masked(array, counts, 0)
    codes, uniques, unique_hits = _distinct(array, idx, hits)
    texts = uniques.to_pylist()
    found = _search(uniques, texts, unique_hits, detectors)
    if not found:
        return Masked(array, counts, 0)
    multiplicity = np.bincount(codes, minlength=len(uniques))
    replacements: list[str | None] = [None] * len(uniques)
    cells, times = np.unique(np.concatenate([f.cells for f in found]), return_counts=True)
    shared = cells[times > 1]  # texts where several kinds found spans: merged below
    for kind, kind_cells, spans in (_among(f, shared, False) for f in found):
        tag = BY_KIND[kind].tag
        for cell, cell_spans in zip(kind_cells.tolist(), spans, strict=True):
            text = texts[cell]
            if len(cell_spans) == 1:
                ((start, end),) = cell_spans
                replacements[cell] = text[:start] + tag + text[end:]
                counts[kind] += int(multiplicity[cell])
            else:
                kept = merge_spans([(kind, cell_spans)])
                replacements[cell] = apply_spans(text, kept)
                counts[kind] += len(kept) * int(multiplicity[cell])
    if len(shared):
        merged = _findings([_among(f, shared, True) for f in found])
        for cell, findings in merged.items():
            replacements[cell] = apply_spans(texts[cell], findings)
            for _, _, kind in findings:
                counts[kind] += int(multiplicity[cell])
    changed = np.zeros(len(uniques), dtype=bool)
    changed[cells] = True
    hit = changed[codes]
    mask = np.zeros(len(array), dtype=bool)
    mask[idx[hit]] = True
    new_values = pa.array(replacements, pa.string()).take(pa.array(codes[hit]))
    out = pc.replace_with_mask(array, pa.array(mask), new_values)
    return Masked(out, counts, int(hit.sum()))


def spans_per_cell(array: pa.Array, detectors: Sequence[Detector]) -> list[list[Finding]]:
    """The findings of every cell (empty for cells the prefilters rule out)."""
    array = as_strings(array)
    out: list[list[Finding]] = [[] for _ in range(len(array))]
    idx, hits = _candidates(array, detectors)
    if not len(idx):
        return out
    codes, uniques, unique_hits = _distinct(array, idx, hits)
    found = _findings(_search(uniques, uniques.to_pylist(), unique_hits, detectors))
    for pos, code in zip(idx.tolist(), codes.tolist(), strict=True):
        if code in found:
            out[pos] = found[code]
    return out


def count_spans(array: pa.Array, detectors: Sequence[Detector]) -> Counter[str]:
    """Spans per kind in a column, without changing it."""
    return Counter(kind for spans in spans_per_cell(array, detectors) for _, _, kind in spans)


def map_unique(array: pa.Array, func: Callable[[str], str | None]) -> tuple[pa.Array, int]:
    """Apply `func` once per distinct non-null value (None = unchanged); returns changed count."""
    array = as_strings(array)
    encoded = pc.dictionary_encode(array)
    assert isinstance(encoded, pa.DictionaryArray)
    uniques = encoded.dictionary.to_pylist()
    mapped = [func(v) for v in uniques]
    if all(m is None for m in mapped):
        return array, 0
    new_dict = pa.array([v if m is None else m for v, m in zip(uniques, mapped, strict=True)])
    changed_codes = np.array([m is not None for m in mapped], dtype=bool)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(encoded.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    changed = int(np.count_nonzero(changed_codes[codes[valid].astype(np.int64)]))
    out = pc.take(new_dict, encoded.indices)
    return out, changed
