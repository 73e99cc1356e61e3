"""Column-at-a-time operations on Arrow arrays: vectorized prefilters, Python only on candidates.

A text column is first folded (every ASCII digit becomes "0") and, when it repeats, reduced to
its distinct folded texts: "dossier n° 12" and "dossier n° 57" are prefiltered, and searched by
the detectors that ignore digit values, once. Detectors that read digits (phone, NIR, IBAN…)
confirm on the original texts of the rows their folded prefilter selected.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from itertools import chain
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .byte_edits import (
    Chars,
    char_bytes,
    concat_ranges,
    fold_digits,
    piece_starts,
    slices,
    splice,
    tag_ids,
    word_bytes,
)
from .detectors import DETECTORS, Detector, Span
from .detectors.base import RegexFinder
from .masking import Finding

SPLIT_ROWS = 32_768  # columns of at least twice this are prefiltered in two threads
DEDUPE_PROBE = 4096  # rows probed to decide whether a column repeats
DEDUPE_MAX_SHARE = 0.5  # above this share of distinct probed texts, no de-duplication
HIT_MEMO = 1 << 17  # folded texts whose prefilter verdicts are remembered across batches
MEMO_CHARS = 1 << 25  # characters of texts whose spans are remembered, per detector


PATTERN_PART_CHARS = 4000  # RE2 patterns longer than this are searched in several passes


def _prefilter(detector: Detector, folded: bool) -> str:
    return (detector.folded_prefilter if folded else None) or detector.prefilter


def alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of the RE2 `pattern` (`a|b(c|d)` -> `a`, `b(c|d)`), or None
    when they cannot be read apart: a flag set for the rest of the pattern (`(?i)a|b`), an
    unbalanced group."""
    parts: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # a class: `]` right after `[` or `[^` is a member, `[:alpha:]` too
            i += 2 if pattern.startswith("[^", i) else 1
            i += 1 if i < n and pattern[i] == "]" else 0
            while i < n and pattern[i] != "]":
                if pattern[i] == "\\":
                    i += 1
                elif pattern.startswith("[:", i):
                    i = pattern.find(":]", i + 2) + 1 or n
                i += 1
        elif char == "(":
            if pattern.startswith("(?", i) and re.match(r"\(\?[a-zA-Z-]*\)", pattern[i:]):
                return None  # flags for the rest of the pattern, across `|`
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth:
        return None
    return [*parts, pattern[start:]]


@cache
def pattern_parts(pattern: str) -> tuple[str, ...]:
    """`pattern` as a few RE2 patterns, each of its top-level alternatives grouped up to
    PATTERN_PART_CHARS: a text matches one of them exactly when it matches `pattern`. A long
    alternation outgrows RE2's automaton memory and runs many times slower than its parts."""
    found = alternatives(pattern) if len(pattern) > PATTERN_PART_CHARS else None
    if found is None:
        return (pattern,)
    groups: list[list[str]] = [[]]
    for part in found:
        if groups[-1] and sum(map(len, groups[-1])) + len(part) > PATTERN_PART_CHARS:
            groups.append([])
        groups[-1].append(part)
    return tuple("|".join(g) for g in groups)


def matches(array: pa.Array, pattern: str) -> np.ndarray:
    """Per cell of a string `array`, whether the RE2 `pattern` matches in it (nulls: False),
    a long pattern in parts (`pattern_parts`)."""
    found = np.zeros(len(array), dtype=bool)
    for part in pattern_parts(pattern):
        found |= mask_of(pc.match_substring_regex(array, part))
    return found


@cache
def _lexicon_set(kind: str) -> frozenset[str]:
    """The detector's lexicon, for membership tests: the distinct words of a batch are few
    (hundreds), and Arrow's `is_in` would hash the whole lexicon again at every call."""
    detector = next(d for d in DETECTORS if d.kind == kind)
    assert detector.lexicon is not None
    return frozenset(detector.lexicon())


def as_strings(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A single string Array (large/dictionary/chunked inputs normalised)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if not pa.types.is_string(array.type):
        array = pc.cast(array, pa.string())
    return array


def mask_of(result: pa.Array) -> np.ndarray:
    """A boolean Arrow array as a NumPy mask (null: False)."""
    return np.asarray(result.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def _take(array: pa.Array, idx: np.ndarray) -> pa.Array:
    """`array` at the ascending positions `idx` (all of them: the array itself)."""
    return array if len(idx) == len(array) else array.take(pa.array(idx))


def distinct_values(array: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The distinct non-null values of `array`, and each row's position among them (-1: null)."""
    encoded = pc.dictionary_encode(array)
    assert isinstance(encoded, pa.DictionaryArray)
    indices = encoded.indices
    codes = pc.fill_null(indices, pa.scalar(-1, indices.type)).to_numpy(zero_copy_only=False)
    return encoded.dictionary, codes.astype(np.int64)


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
    lexicon = _lexicon_set(kind)
    pieces = pc.list_flatten(parts).to_pylist()
    found = np.fromiter((p in lexicon for p in pieces), dtype=bool, count=len(pieces))
    return _any_by_parent(parts, found, len(words))


_SAINT_COMPOUND = (
    r"(?:^|[^\p{L}\p{N}_])(?:Saint|Sainte|SAINT|SAINTE|St|Ste)-[\p{L}'’]+(?:-[\p{L}'’]+)*"
)


def _lexicon_hits(array: pa.Array, detector: Detector, known: np.ndarray) -> np.ndarray:
    """Cells (not already in `known`) matching the detector's weak prefilter with a lexicon word.

    Texts are cut at ASCII non-letters (a cheap byte mapping and a literal split), then only the
    distinct pieces go through accent stripping and the letter split: the same words as
    normalising and splitting each whole text, since NFKD never crosses an ASCII character.
    """
    out = np.zeros(len(array), dtype=bool)
    if detector.lexicon is None or detector.lexicon_prefilter is None:
        return out
    weak = matches(array, detector.lexicon_prefilter) & ~known
    idx = np.flatnonzero(weak)
    if not len(idx):
        return out
    # A first name inside a saint's compound names a place ("Saint-Jean-de-Védas", "rue
    # Sainte-Marie"): it makes no candidate.
    places = pc.replace_substring_regex(_take(array, idx), _SAINT_COMPOUND, " ")
    pieces = pc.split_pattern(word_bytes(places), " ")
    words, codes = distinct_values(pc.list_flatten(pieces))
    found = _lexicon_words(words, detector.kind)[codes]
    out[idx[_any_by_parent(pieces, found, len(idx))]] = True
    return out


def detector_hits(
    array: pa.Array, detectors: Sequence[Detector], *, folded: bool = False
) -> np.ndarray:
    """Per detector (rows) and cell (columns), whether its prefilter or lexicon selects the cell.

    One RE2 pass per detector: the prefilters OR-ed into one pattern outgrow RE2's automaton
    memory and run several times slower than all of them apart.
    `folded`: the cells are digit-folded texts (folded prefilters apply).
    """
    hits = np.zeros((len(detectors), len(array)), dtype=bool)
    if not len(detectors) or not len(array):
        return hits
    for row, detector in enumerate(detectors):
        hits[row] = matches(array, _prefilter(detector, folded))
        hits[row] |= _lexicon_hits(array, detector, hits[row])
    return hits


def _hits_in_threads(
    array: pa.Array, detectors: Sequence[Detector], *, folded: bool = False
) -> np.ndarray:
    """`detector_hits` of a long column, its two halves in two threads (Arrow frees the GIL)."""
    if len(array) < 2 * SPLIT_ROWS:
        return detector_hits(array, detectors, folded=folded)
    half = len(array) // 2
    with ThreadPoolExecutor(max_workers=2) as threads:
        parts = threads.map(
            lambda part: detector_hits(part, detectors, folded=folded),
            [array.slice(0, half), array.slice(half)],
        )
        return np.concatenate(list(parts), axis=1)


def candidates(array: pa.Array, detectors: Sequence[Detector]) -> np.ndarray:
    """Boolean mask of the cells that may hold a span of one of `detectors` (vectorized)."""
    return np.asarray(detector_hits(as_strings(array), detectors).any(axis=0), dtype=bool)


class _Keys(NamedTuple):
    """A column's digit-folded texts (distinct ones when that pays) and each row's among them."""

    texts: pa.Array
    codes: np.ndarray  # per row: position of its folded text in `texts`, -1 for nulls
    repeated: bool  # `texts` are the distinct folded texts (else one per row)


def _keys(array: pa.Array) -> _Keys:
    """Fold the digits, then keep each folded text once unless the column barely repeats
    (probed on its first rows: distinct texts then skip the de-duplication)."""
    folded = fold_digits(array)
    if len(folded) >= 2 * DEDUPE_PROBE:
        probe = folded.slice(0, DEDUPE_PROBE)
        if pc.count_distinct(probe).as_py() > DEDUPE_MAX_SHARE * DEDUPE_PROBE:
            codes = np.arange(len(folded), dtype=np.int64)
            if folded.null_count:
                codes[mask_of(folded.is_null())] = -1
            return _Keys(folded, codes, False)
    return _Keys(*distinct_values(folded), True)


@cache
def _hit_memo(kinds: tuple[str, ...]) -> dict[str, int]:
    """Prefilter verdicts of folded texts already seen (one bit per detector)."""
    return {}


def _key_hits(keys: _Keys, detectors: Sequence[Detector]) -> np.ndarray:
    """`detector_hits` of the folded texts; distinct ones recur from batch to batch, so their
    verdicts are remembered (up to HIT_MEMO texts) and only new texts are prefiltered."""
    if not keys.repeated or len(detectors) > 62:
        return _hits_in_threads(keys.texts, detectors, folded=True)
    memo = _hit_memo(tuple(d.kind for d in detectors))
    texts = keys.texts.to_pylist()
    bits = np.array([memo.get(t, -1) for t in texts], dtype=np.int64)
    missing = np.flatnonzero(bits < 0)
    rank = np.arange(len(detectors), dtype=np.int64)
    if len(missing):
        fresh = _hits_in_threads(_take(keys.texts, missing), detectors, folded=True)
        bits[missing] = (fresh.astype(np.int64) << rank[:, None]).sum(axis=0)
        if len(memo) + len(missing) > HIT_MEMO:
            memo.clear()
        memo.update(zip([texts[i] for i in missing.tolist()], bits[missing].tolist(), strict=True))
    hits: np.ndarray = (bits[None, :] >> rank[:, None]) & 1 == 1
    return hits


def _rows_of(keys: _Keys, key_mask: np.ndarray) -> np.ndarray:
    """Rows whose key `key_mask` selects (null rows never are)."""
    return np.flatnonzero(np.append(key_mask, False)[keys.codes])


class _Memo:
    """`find` results of texts seen in earlier batches (folded phrases and runs recur): at most
    MEMO_CHARS characters of texts, emptied when full."""

    def __init__(self, detector: Detector) -> None:
        self.detector = detector
        self.found: dict[str, tuple[Span, ...]] = {}
        self.chars = 0

    def find(self, texts: list[str]) -> list[tuple[Span, ...]]:
        """The spans of each of `texts` (distinct), new ones searched at once (`find_all`)."""
        found = self.found
        missing = [t for t in texts if t not in found]
        if not missing:
            return [found[t] for t in texts]
        fresh = dict(zip(missing, map(tuple, self.detector.find_all(missing)), strict=True))
        out = [found[t] if t in found else fresh[t] for t in texts]
        size = sum(map(len, missing))
        if self.chars + size > MEMO_CHARS:
            found.clear()
            self.chars = 0
        found.update(fresh)
        self.chars += size
        return out


@cache
def _memo(detector: Detector) -> _Memo:
    return _Memo(detector)


class _Spans(NamedTuple):
    """Spans found in some texts ("units": distinct folded texts, runs, values)."""

    counts: np.ndarray  # per unit: its number of spans
    first: np.ndarray  # per unit: the index of its first span
    starts: np.ndarray  # per span: character offsets in its unit
    ends: np.ndarray
    byte_starts: np.ndarray  # per span: byte offsets in its unit
    byte_ends: np.ndarray


def _search(detector: Detector, texts: pa.Array, *, recurring: bool = False) -> _Spans:
    """The spans of `texts` (distinct, non-null), text by text in `find`'s order. `recurring`
    texts (folded ones, that come back batch after batch) and those of a pattern that cannot
    be searched joined are remembered across batches, new ones searched once; others are
    searched at once, joined."""
    finder = detector.find
    if not recurring and isinstance(finder, RegexFinder) and finder.joinable:
        idx, starts, ends = finder.spans_of(texts.to_pylist())
    else:
        found = _memo(detector).find(texts.to_pylist())
        per_text = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        flat = np.fromiter(chain.from_iterable(chain.from_iterable(found)), dtype=np.int64)
        flat = flat.reshape(-1, 2)
        idx, starts, ends = np.repeat(np.arange(len(found)), per_text), flat[:, 0], flat[:, 1]
    counts = np.bincount(idx, minlength=len(texts))
    in_bytes = char_bytes(texts, np.concatenate([idx, idx]), np.concatenate([starts, ends]))
    byte_starts, byte_ends = np.split(in_bytes, 2)
    return _Spans(counts, piece_starts(counts), starts, ends, byte_starts, byte_ends)


class _Found(NamedTuple):
    """Spans of a column's cells before they are merged, one entry per span: detector by
    detector (rank: position in the detectors given), row by row, a cell's spans in the order
    its detector's `find` gives them."""

    rows: np.ndarray
    starts: np.ndarray  # character offsets in the cell
    ends: np.ndarray
    byte_starts: np.ndarray  # byte offsets in the cell
    byte_ends: np.ndarray
    ranks: np.ndarray

    def take(self, idx: np.ndarray) -> _Found:
        return _Found(*(a[idx] for a in self))


_NO_SPAN = _Found(*(np.zeros(0, dtype=np.int64) for _ in range(6)))


def _occurrences(
    rows: np.ndarray,
    units: np.ndarray,
    spans: _Spans,
    rank: int,
    shifts: tuple[np.ndarray, np.ndarray] | None = None,
) -> _Found:
    """The spans of the units found in `rows` (ascending; `units[i]` in `rows[i]`, at the
    character and byte `shifts` of the cell, else at its start)."""
    n = spans.counts[units]
    idx = concat_ranges(spans.first[units], n)
    char_shift, byte_shift = (np.repeat(s, n) for s in shifts) if shifts else (0, 0)
    return _Found(
        np.repeat(rows, n),
        spans.starts[idx] + char_shift,
        spans.ends[idx] + char_shift,
        spans.byte_starts[idx] + byte_shift,
        spans.byte_ends[idx] + byte_shift,
        np.full(len(idx), rank, dtype=np.int64),
    )


@cache
def _class_table(pattern: str) -> np.ndarray:
    """Per code point, whether the one-character `pattern` matches it: 1, 0, or -1 (not asked
    yet)."""
    return np.full(sys.maxunicode + 1, -1, dtype=np.int8)


def _members(pattern: str, points: np.ndarray) -> np.ndarray:
    """Which code points the one-character `pattern` matches (each point asked once)."""
    table = _class_table(pattern)
    verdicts = table[points]
    if (verdicts < 0).any():
        for point in np.unique(points[verdicts < 0]).tolist():
            table[point] = re.fullmatch(pattern, chr(point)) is not None
        verdicts = table[points]
    out: np.ndarray = verdicts == 1
    return out


def _windows(detector: Detector, texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The runs of `detector.runs` characters in `texts` (folded, non-null) holding at least
    `min_digits` digits, each widened by one character of context: per run its text and
    (character start, character end, byte start, byte end). Characters are classed once per
    distinct code point, the runs found by numpy."""
    chars = Chars(texts)
    points = chars.code_points()
    member = _members(detector.runs or "", points)
    text = chars.text_of()
    opens = member.copy()
    opens[1:] &= ~member[:-1] | (text[1:] != text[:-1])
    run = np.cumsum(opens) - 1
    where = np.flatnonzero(opens)
    digits = np.bincount(run[member & _members(r"\d", points)], minlength=len(where))
    length = np.bincount(run[member], minlength=len(where))
    keep = digits >= detector.min_digits
    where, length = where[keep], length[keep]
    idx = text[where]
    start = where - chars.first[idx]
    end = np.minimum(start + length + 1, chars.lengths[idx])
    start = np.maximum(start - 1, 0)
    in_bytes = char_bytes(texts, np.concatenate([idx, idx]), np.concatenate([start, end]))
    return idx, np.stack([start, end, *np.split(in_bytes, 2)], axis=1)


def _digit_aware(array: pa.Array, rows: np.ndarray, detector: Detector, rank: int) -> _Found:
    """A detector reading digit values, on the rows its folded prefilter selected: its own
    prefilter confirms on the original texts, each distinct text is searched once."""
    values = _take(array, rows)
    if detector.folded_prefilter is not None:
        own = matches(values, detector.prefilter)
        rows, values = rows[own], values.filter(pa.array(own))
    if not len(rows):
        return _NO_SPAN
    texts, codes = distinct_values(values)
    spans = _search(detector, texts)
    has = spans.counts[codes] > 0
    return _occurrences(rows[has], codes[has], spans, rank)


def _in_runs(
    array: pa.Array, keys: _Keys, selected: np.ndarray, detector: Detector, rank: int
) -> _Found:
    """A `runs` detector on the rows of the `selected` keys, searching each distinct run once:
    rows sharing a folded text share their runs' positions."""
    unit, windows = _windows(detector, _take(keys.texts, selected))
    count = np.bincount(selected[unit], minlength=len(keys.texts))
    rows = _rows_of(keys, count > 0)
    if not len(rows):
        return _NO_SPAN
    n = count[keys.codes[rows]]
    window = windows[concat_ranges(piece_starts(count)[keys.codes[rows]], n)]
    pair_row = np.repeat(rows, n)
    pieces, codes = distinct_values(slices(array, pair_row, window[:, 2], window[:, 3]))
    spans = _search(detector, pieces)
    has = spans.counts[codes] > 0
    shifts = (window[has, 0], window[has, 2])
    return _occurrences(pair_row[has], codes[has], spans, rank, shifts)


def _by_key(keys: _Keys, selected: np.ndarray, detector: Detector, rank: int) -> _Found:
    """A digit-blind detector: each selected distinct folded text searched once, its spans
    valid on every row sharing it."""
    spans = _search(detector, _take(keys.texts, selected), recurring=keys.repeated)
    unit_of_key = np.full(len(keys.texts), -1, dtype=np.int64)
    unit_of_key[selected] = np.arange(len(selected))
    has = np.zeros(len(keys.texts), dtype=bool)
    has[selected] = spans.counts > 0
    rows = _rows_of(keys, has)
    return _occurrences(rows, unit_of_key[keys.codes[rows]], spans, rank)


def _find(array: pa.Array, detectors: Sequence[Detector]) -> _Found:
    """Spans of `detectors` in a string column, for the rows their prefilters select.

    Digit-blind detectors search each distinct folded text once; digit-reading ones search
    each distinct run (or text) once.
    """
    keys = _keys(array)
    key_hits = _key_hits(keys, detectors)
    parts = []
    for rank, (detector, mask) in enumerate(zip(detectors, key_hits, strict=True)):
        selected = np.flatnonzero(mask)
        if not len(selected):
            continue
        if detector.digit_blind:
            parts.append(_by_key(keys, selected, detector, rank))
        elif detector.runs is not None and keys.repeated:
            whole = np.zeros(len(selected), dtype=bool)
            if detector.cue is not None:  # context words count there: no run by run
                whole = mask_of(pc.match_substring_regex(_take(keys.texts, selected), detector.cue))
            if not whole.all():
                parts.append(_in_runs(array, keys, selected[~whole], detector, rank))
            if whole.any():
                cued = np.zeros(len(keys.texts), dtype=bool)
                cued[selected[whole]] = True
                parts.append(_digit_aware(array, _rows_of(keys, cued), detector, rank))
        else:
            parts.append(_digit_aware(array, _rows_of(keys, mask), detector, rank))
    if not parts:
        return _NO_SPAN
    return _Found(*(np.concatenate(a) for a in zip(*parts, strict=True)))


def _merged(found: _Found) -> _Found:
    """The spans `merge_spans` keeps (on overlap the earlier detector, then the earlier span,
    wins), sorted by row and start. Only rows where spans overlap are merged in Python."""
    found = found.take(np.argsort(found.rows, kind="stable"))  # row, rank, find's order
    by_start = np.lexsort((found.starts, found.rows))
    rows, starts, ends = found.rows[by_start], found.starts[by_start], found.ends[by_start]
    clash = (rows[1:] == rows[:-1]) & (starts[1:] < ends[:-1])
    tangled = np.unique(np.concatenate([rows[1:][clash], found.rows[found.starts >= found.ends]]))
    if len(tangled):
        keep = np.ones(len(found.rows), dtype=bool)
        entries = np.flatnonzero(np.isin(found.rows, tangled))
        kept: list[tuple[int, int]] = []
        row = -1
        for i, r, a, b in zip(
            entries.tolist(),
            found.rows[entries].tolist(),
            found.starts[entries].tolist(),
            found.ends[entries].tolist(),
            strict=True,
        ):
            if r != row:
                row, kept = r, []
            if all(b <= s or a >= e for s, e in kept):
                kept.append((a, b))
            else:
                keep[i] = False
        found = found.take(np.flatnonzero(keep))
    return found.take(np.lexsort((found.starts, found.rows)))


def _cell_findings(found: _Found, kinds: Sequence[str]) -> tuple[np.ndarray, list[list[Finding]]]:
    """Merged spans as each cell's findings (rows ascending)."""
    cells, first = np.unique(found.rows, return_index=True)
    findings: list[list[Finding]] = [[] for _ in cells]
    cell = np.repeat(np.arange(len(cells)), np.diff(np.append(first, len(found.rows))))
    for c, start, end, rank in zip(
        cell.tolist(), found.starts.tolist(), found.ends.tolist(), found.ranks.tolist(), strict=True
    ):
        findings[c].append((start, end, kinds[rank]))
    return cells, findings


def _kind_counts(found: _Found, kinds: Sequence[str]) -> Counter[str]:
    per_rank = np.bincount(found.ranks, minlength=len(kinds))
    return Counter({kinds[r]: int(n) for r, n in enumerate(per_rank.tolist()) if n})


def row_findings(
    array: pa.Array, detectors: Sequence[Detector]
) -> tuple[np.ndarray, list[list[Finding]]]:
    """The rows of a string column holding personal spans, and their findings: what
    `find_spans` gives with the detectors whose prefilter selects the row."""
    found = _merged(_find(as_strings(array), detectors))
    return _cell_findings(found, [d.kind for d in detectors])


class Masked(NamedTuple):
    """What `mask_array` did to a column."""

    array: pa.Array
    spans: Counter[str]  # spans masked, per kind
    changed: int  # cells changed


def mask_array(array: pa.Array, detectors: Sequence[Detector] = DETECTORS) -> Masked:
    """Mask personal spans in every cell of a string column."""
    array = as_strings(array)
    found = _merged(_find(array, detectors))
    if not len(found.rows):
        return Masked(array, Counter(), 0)
    kinds = [d.kind for d in detectors]
    tags = tag_ids(kinds)[found.ranks]
    new_values = splice(array, found.rows, found.byte_starts, found.byte_ends, tags)
    mask = np.zeros(len(array), dtype=bool)
    mask[found.rows] = True
    masked = pc.replace_with_mask(array, pa.array(mask), new_values)
    return Masked(masked, _kind_counts(found, kinds), len(new_values))


def spans_per_cell(array: pa.Array, detectors: Sequence[Detector]) -> list[list[Finding]]:
    """The findings of every cell (empty for cells the prefilters rule out)."""
    out: list[list[Finding]] = [[] for _ in range(len(array))]
    rows, findings = row_findings(array, detectors)
    for row, spans in zip(rows.tolist(), findings, strict=True):
        out[row] = spans
    return out


def count_spans(array: pa.Array, detectors: Sequence[Detector]) -> Counter[str]:
    """Spans per kind in a column, without changing it."""
    found = _merged(_find(as_strings(array), detectors))
    return _kind_counts(found, [d.kind for d in detectors])


def map_unique(array: pa.Array, func: Callable[[str], str | None]) -> tuple[pa.Array, int]:
    """Apply `func` once per distinct non-null value (None = unchanged); returns changed count."""
    return map_distinct(array, lambda values: [func(v) for v in values])


def rows_where(
    array: pa.Array,
    func: Callable[[list[str]], list[bool]],
    *,
    unless: str | None = None,
    among: np.ndarray | None = None,
) -> np.ndarray:
    """Per row, `func`'s verdict on its value, asked once for all distinct non-null values
    (null rows: False), only of the ascending row positions `among` if given (others: False).
    Values matching the RE2 pattern `unless` are False without asking `func` (it must say
    False for them)."""
    strings = as_strings(array)
    out = np.zeros(len(strings), dtype=bool)
    rows = np.arange(len(strings)) if among is None else among
    strings = _take(strings, rows)
    if unless is not None:  # only the other rows are encoded (most match it, all distinct)
        other = np.flatnonzero(~mask_of(pc.match_substring_regex(strings, unless)))
        rows, strings = rows[other], _take(strings, other)
    distinct, codes = distinct_values(strings)
    if len(distinct):
        verdicts = np.append(np.array(func(distinct.to_pylist()), dtype=bool), False)  # -1: null
        out[rows] = verdicts[codes]
    return out


def map_distinct(
    array: pa.Array, func: Callable[[list[str]], list[str | None]]
) -> tuple[pa.Array, int]:
    """`func` on the distinct non-null values at once (None = unchanged); returns changed count."""
    array = as_strings(array)
    distinct, codes = distinct_values(array)
    uniques = distinct.to_pylist()
    mapped = func(uniques)
    if all(m is None for m in mapped):
        return array, 0
    new_dict = pa.array([v if m is None else m for v, m in zip(uniques, mapped, strict=True)])
    changed_codes = np.array([m is not None for m in mapped], dtype=bool)
    valid = codes >= 0
    changed = int(np.count_nonzero(changed_codes[codes[valid]]))
    out = pc.take(new_dict, pa.array(codes, mask=~valid))
    return out, changed
