"""Column-at-a-time operations on Arrow arrays: vectorized prefilters, Python only on candidates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .detectors import DETECTORS, Detector
from .masking import Finding, find_spans, mask_text

_INLINE_FLAGS = re.compile(r"^\(\?([a-z]+)\)")


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


def _lexicon_hits(array: pa.Array, detector: Detector, known: np.ndarray) -> np.ndarray:
    """Cells (not already in `known`) matching the detector's weak prefilter with a lexicon word."""
    out = np.zeros(len(array), dtype=bool)
    if detector.lexicon is None or detector.lexicon_prefilter is None:
        return out
    weak = _mask_of(pc.match_substring_regex(array, detector.lexicon_prefilter)) & ~known
    idx = np.flatnonzero(weak)
    if not len(idx):
        return out
    plain = pc.replace_substring_regex(
        pc.utf8_normalize(array.take(pa.array(idx)), "NFKD"), r"\p{Mn}", ""
    )
    words = pc.split_pattern_regex(plain, r"[^\p{L}]+")
    found = _mask_of(pc.is_in(pc.list_flatten(words), value_set=_lexicon_set(detector.kind)))
    parents = pc.list_parent_indices(words).to_numpy()
    out[idx[parents[found]]] = True
    return out


def candidates(array: pa.Array, detectors: Sequence[Detector]) -> np.ndarray:
    """Boolean mask of the cells that may hold a span of one of `detectors` (vectorized)."""
    kinds = tuple(d.kind for d in detectors)
    hit = _mask_of(pc.match_substring_regex(array, _combined(kinds)))
    for detector in detectors:
        hit |= _lexicon_hits(array, detector, hit)
    return hit


def _relevant(values: pa.Array, detectors: Sequence[Detector]) -> list[list[Detector]]:
    """For each candidate cell, the detectors whose own prefilter fires on it."""
    per_cell: list[list[Detector]] = [[] for _ in range(len(values))]
    for detector in detectors:
        mask = _mask_of(pc.match_substring_regex(values, _combined((detector.kind,))))
        mask |= _lexicon_hits(values, detector, mask)
        for idx in np.flatnonzero(mask):
            per_cell[idx].append(detector)
    return per_cell


def mask_array(
    array: pa.Array, detectors: Sequence[Detector] = DETECTORS
) -> tuple[pa.Array, Counter[str], int]:
    """Mask personal spans in every cell; returns (new array, spans per kind, cells changed)."""
    array = as_strings(array)
    return map_candidates(array, detectors, mask_text)


def map_candidates(
    array: pa.Array,
    detectors: Sequence[Detector],
    func: Callable[[str, Sequence[Detector]], tuple[str, list[str]]],
) -> tuple[pa.Array, Counter[str], int]:
    """Apply `func` once per distinct candidate text and splice the changes back (vectorized)."""
    counts: Counter[str] = Counter()
    idx = np.flatnonzero(candidates(array, detectors))
    if not len(idx):
        return array, counts, 0
    encoded = pc.dictionary_encode(array.take(pa.array(idx)))
    assert isinstance(encoded, pa.DictionaryArray)
    uniques = encoded.dictionary
    codes = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    multiplicity = np.bincount(codes, minlength=len(uniques))
    changed = np.zeros(len(uniques), dtype=bool)
    replacements: list[str | None] = []
    for pos, (text, dets) in enumerate(
        zip(uniques.to_pylist(), _relevant(uniques, detectors), strict=True)
    ):
        new, kinds = func(text, dets) if dets else (text, [])
        replacements.append(new)
        if kinds:
            changed[pos] = True
            for kind in kinds:
                counts[kind] += int(multiplicity[pos])
    if not changed.any():
        return array, counts, 0
    hit = changed[codes]
    mask = np.zeros(len(array), dtype=bool)
    mask[idx[hit]] = True
    new_values = pa.array(replacements, pa.string()).take(pa.array(codes[hit]))
    out = pc.replace_with_mask(array, pa.array(mask), new_values)
    return out, counts, int(hit.sum())


def spans_per_cell(array: pa.Array, detectors: Sequence[Detector]) -> list[list[Finding]]:
    """The findings of every cell (empty for cells the prefilters rule out)."""
    array = as_strings(array)
    out: list[list[Finding]] = [[] for _ in range(len(array))]
    idx = np.flatnonzero(candidates(array, detectors))
    if not len(idx):
        return out
    encoded = pc.dictionary_encode(array.take(pa.array(idx)))
    assert isinstance(encoded, pa.DictionaryArray)
    uniques = encoded.dictionary
    found = [
        find_spans(text, dets) if dets else []
        for text, dets in zip(uniques.to_pylist(), _relevant(uniques, detectors), strict=True)
    ]
    for pos, code in zip(idx, encoded.indices.to_pylist(), strict=True):
        out[int(pos)] = found[code]
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
