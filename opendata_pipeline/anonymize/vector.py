"""Column-at-a-time operations on Arrow arrays: vectorized prefilters, Python only on candidates.

A text column is first folded (every ASCII digit becomes "0") and, when it repeats, reduced to
its distinct folded texts: "dossier n° 12" and "dossier n° 57" are prefiltered, and searched by
the detectors that ignore digit values, once. Detectors that read digits (phone, NIR, IBAN…)
confirm on the original texts of the rows their folded prefilter selected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .byte_edits import (
    byte_spans,
    concat_ranges,
    fold_digits,
    piece_starts,
    slices,
    splice,
    word_bytes,
)
from .detectors import DETECTORS, Detector, Span
from .masking import Finding, merge_spans

_INLINE_FLAGS = re.compile(r"^\(\?([a-z]+)\)")

SPLIT_ROWS = 32_768  # columns of at least twice this are prefiltered in two threads
DEDUPE_PROBE = 4096  # rows probed to decide whether a column repeats
DEDUPE_MAX_SHARE = 0.5  # above this share of distinct probed texts, no de-duplication
HIT_MEMO = 1 << 17  # folded texts whose prefilter verdicts are remembered across batches


def _re2_group(pattern: str) -> str:
    """`(?i)abc` -> `(?i:abc)` so prefilters can be OR-ed into one RE2 pattern."""
    m = _INLINE_FLAGS.match(pattern)
    if m:
        return f"(?{m.group(1)}:{pattern[m.end() :]})"
    return f"(?:{pattern})"


def _prefilter(detector: Detector, folded: bool) -> str:
    return (detector.folded_prefilter if folded else None) or detector.prefilter


@cache
def _combined(kinds: tuple[str, ...], folded: bool = False) -> str:
    return "|".join(_re2_group(_prefilter(d, folded)) for d in DETECTORS if d.kind in kinds)


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


def _distinct(array: pa.Array) -> tuple[pa.Array, np.ndarray]:
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
    found = _mask_of(pc.is_in(pc.list_flatten(parts), value_set=_lexicon_set(kind)))
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
    weak = _mask_of(pc.match_substring_regex(array, detector.lexicon_prefilter)) & ~known
    idx = np.flatnonzero(weak)
    if not len(idx):
        return out
    # A first name inside a saint's compound names a place ("Saint-Jean-de-Védas", "rue
    # Sainte-Marie"): it makes no candidate.
    places = pc.replace_substring_regex(_take(array, idx), _SAINT_COMPOUND, " ")
    pieces = pc.split_pattern(word_bytes(places), " ")
    words, codes = _distinct(pc.list_flatten(pieces))
    found = _lexicon_words(words, detector.kind)[codes]
    out[idx[_any_by_parent(pieces, found, len(idx))]] = True
    return out


def detector_hits(
    array: pa.Array, detectors: Sequence[Detector], *, folded: bool = False
) -> np.ndarray:
    """Per detector (rows) and cell (columns), whether its prefilter or lexicon selects the cell.

    One combined RE2 pass over the column; each detector's own prefilter then runs on its hits.
    `folded`: the cells are digit-folded texts (folded prefilters apply).
    """
    hits = np.zeros((len(detectors), len(array)), dtype=bool)
    if not len(detectors) or not len(array):
        return hits
    kinds = tuple(d.kind for d in detectors)
    combined = _mask_of(pc.match_substring_regex(array, _combined(kinds, folded)))
    idx = np.flatnonzero(combined)
    if len(idx):
        values = _take(array, idx)
        for row, detector in enumerate(detectors):
            if len(detectors) == 1:
                hits[row, idx] = True
            else:
                own = pc.match_substring_regex(values, _combined((detector.kind,), folded))
                hits[row, idx] = _mask_of(own)
    for row, detector in enumerate(detectors):
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
                codes[_mask_of(folded.is_null())] = -1
            return _Keys(folded, codes, False)
    return _Keys(*_distinct(folded), True)


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


@cache
def _remembering(detector: Detector) -> Callable[[str], list[Span]]:
    """`detector.find` remembering recent texts (folded phrases recur from batch to batch)."""
    return lru_cache(maxsize=1 << 15)(detector.find)


_Item = tuple[int, str, Sequence[Span]]  # detector rank, kind, spans


def _merge(items: list[_Item]) -> list[Finding]:
    if len(items) == 1 and len(items[0][2]) == 1:
        ((_, kind, ((start, end),)),) = items
        return [(start, end, kind)]
    return merge_spans((kind, spans) for _, kind, spans in sorted(items))


def _digit_aware(
    array: pa.Array, rows: np.ndarray, detector: Detector
) -> tuple[np.ndarray, list[list[Span]]]:
    """A detector reading digit values, on the rows its folded prefilter selected: its own
    prefilter confirms on the original texts, each distinct text is searched once."""
    values = _take(array, rows)
    if detector.folded_prefilter is not None:
        own = _mask_of(pc.match_substring_regex(values, detector.prefilter))
        rows, values = rows[own], values.filter(pa.array(own))
    if not len(rows):
        return rows, []
    texts, codes = _distinct(values)
    per_text = detector.find_all(texts.to_pylist())
    found = np.array([bool(spans) for spans in per_text], dtype=bool)[codes]
    return rows[found], [per_text[c] for c in codes[found].tolist()]


_DIGIT = re.compile(r"\d")


@cache
def _run_pattern(runs: str) -> re.Pattern[str]:
    return re.compile(f"{runs}+")


@lru_cache(maxsize=1 << 15)
def _windows(detector: Detector, text: str) -> tuple[tuple[int, int, int, int], ...]:
    """The runs of `detector.runs` in a folded text holding enough digits, each widened by one
    character of context: (character start, character end, byte start, byte end)."""
    out = []
    for m in _run_pattern(detector.runs or "").finditer(text):
        if len(_DIGIT.findall(m.group())) < detector.min_digits:
            continue
        start, end = max(m.start() - 1, 0), min(m.end() + 1, len(text))
        byte_start = len(text[:start].encode())
        out.append((start, end, byte_start, byte_start + len(text[start:end].encode())))
    return tuple(out)


class _Hits(NamedTuple):
    """Spans digit-reading detectors found: per hit, its row, the character offset its spans
    are relative to, and the id of (detector rank, kind, relative spans) among `_Found`'s."""

    rows: np.ndarray
    shifts: np.ndarray
    ids: np.ndarray


def _in_runs(
    array: pa.Array,
    keys: _Keys,
    selected: np.ndarray,
    detector: Detector,
    intern: Callable[[Sequence[Span]], int],
) -> _Hits:
    """A `runs` detector on the rows of the `selected` keys, searching each distinct run once:
    rows sharing a folded text share their runs' positions."""
    windows = [_windows(detector, t) for t in _take(keys.texts, selected).to_pylist()]
    per_key = np.array([len(w) for w in windows], dtype=np.int64)
    count = np.zeros(len(keys.texts), dtype=np.int64)
    first = np.zeros(len(keys.texts), dtype=np.int64)
    count[selected], first[selected] = per_key, piece_starts(per_key)
    rows = _rows_of(keys, count > 0)
    if not len(rows):
        return _Hits(rows, rows, rows)
    flat = np.array([w for ws in windows for w in ws], dtype=np.int64).reshape(-1, 4)
    n = count[keys.codes[rows]]
    window = flat[concat_ranges(first[keys.codes[rows]], n)]
    pair_row = np.repeat(rows, n)
    pieces, codes = _distinct(slices(array, pair_row, window[:, 2], window[:, 3]))
    find = _remembering(detector)
    ids = np.array([intern(s) if (s := find(t)) else -1 for t in pieces.to_pylist()], np.int64)
    hit = np.flatnonzero(ids[codes] >= 0)
    return _Hits(pair_row[hit], window[hit, 0], ids[codes[hit]])


class _Found(NamedTuple):
    """What the detectors found in a column: rows sharing their findings form a group."""

    keys: _Keys
    rows: np.ndarray  # rows holding findings, ascending
    groups: np.ndarray  # per such row: its group
    findings: list[list[Finding]]  # per group (character spans, valid on every row of it)
    group_keys: np.ndarray  # per group: the key its rows share (same text layout)


def _find(array: pa.Array, detectors: Sequence[Detector]) -> _Found:
    """Spans of `detectors` in a string column, for the rows their prefilters select.

    Digit-blind findings are a key's; rows where digit-reading detectors found spans form a
    group per key and set of those spans.
    """
    keys = _keys(array)
    key_hits = _key_hits(keys, detectors)
    by_key: dict[int, list[_Item]] = {}
    items: dict[_Item, int] = {}  # digit-reading detectors' (rank, kind, relative spans): ids
    hits: list[_Hits] = []
    for rank, (detector, mask) in enumerate(zip(detectors, key_hits, strict=True)):
        selected = np.flatnonzero(mask)
        if not len(selected):
            continue
        if detector.digit_blind:
            find = _remembering(detector)
            texts = _take(keys.texts, selected).to_pylist()
            for key, text in zip(selected.tolist(), texts, strict=True):
                if spans := find(text):
                    by_key.setdefault(key, []).append((rank, detector.kind, spans))
            continue

        def intern(spans: Sequence[Span], rank: int = rank, kind: str = detector.kind) -> int:
            return items.setdefault((rank, kind, tuple(spans)), len(items))

        if detector.runs is not None and keys.repeated:
            hits.append(_in_runs(array, keys, selected, detector, intern))
        else:
            rows, spans_of = _digit_aware(array, _rows_of(keys, mask), detector)
            ids = np.array([intern(s) for s in spans_of], dtype=np.int64)
            hits.append(_Hits(rows, np.zeros(len(rows), dtype=np.int64), ids))
    findings = [_merge(found) for found in by_key.values()]
    group_keys = list(by_key)
    group_of_key = np.full(len(keys.texts) + 1, -1, dtype=np.int64)  # codes -1 read the last
    group_of_key[group_keys] = np.arange(len(group_keys))
    groups = group_of_key[keys.codes]
    if hits:
        _row_groups(
            keys,
            by_key,
            list(items),
            _Hits(*(np.concatenate(h) for h in zip(*hits, strict=True))),
            groups,
            findings,
            group_keys,
        )
    rows = np.flatnonzero(groups >= 0)
    return _Found(keys, rows, groups[rows], findings, np.array(group_keys, dtype=np.int64))


def _row_groups(
    keys: _Keys,
    by_key: dict[int, list[_Item]],
    items: list[_Item],
    hits: _Hits,
    groups: np.ndarray,
    findings: list[list[Finding]],
    group_keys: list[int],
) -> None:
    """Set the group of every row with `hits`: one per key and set of shifted items (rows with
    a single hit, nearly all, grouped by numpy), appending each new group's findings."""
    order = np.argsort(hits.rows, kind="stable")
    rows, shifts, ids = hits.rows[order], hits.shifts[order], hits.ids[order]
    hit_rows, first, counts = np.unique(rows, return_index=True, return_counts=True)

    def shifted(item_id: int, shift: int) -> _Item:
        rank, kind, spans = items[item_id]
        return rank, kind, tuple((s + shift, e + shift) for s, e in spans)

    single = counts == 1
    one = first[single]
    table = np.stack([keys.codes[rows[one]], shifts[one], ids[one]], axis=1)
    signatures, inverse = np.unique(table, axis=0, return_inverse=True)
    groups[hit_rows[single]] = len(findings) + inverse.reshape(-1)
    for key, shift, item_id in signatures.tolist():
        findings.append(_merge([*by_key.get(key, []), shifted(item_id, shift)]))
        group_keys.append(key)
    variants: dict[tuple[int, tuple[_Item, ...]], int] = {}
    for row, start, n in zip(
        hit_rows[~single].tolist(), first[~single].tolist(), counts[~single].tolist(), strict=True
    ):
        key = int(keys.codes[row])
        found = tuple(
            shifted(i, s)
            for i, s in zip(
                ids[start : start + n].tolist(), shifts[start : start + n].tolist(), strict=True
            )
        )
        group = variants.setdefault((key, found), len(findings))
        if group == len(findings):
            findings.append(_merge([*by_key.get(key, []), *found]))
            group_keys.append(key)
        groups[row] = group


def row_findings(
    array: pa.Array, detectors: Sequence[Detector]
) -> tuple[np.ndarray, list[list[Finding]]]:
    """The rows of a string column holding personal spans, and their findings: what
    `find_spans` gives with the detectors whose prefilter selects the row."""
    found = _find(as_strings(array), detectors)
    return found.rows, [found.findings[g] for g in found.groups.tolist()]


class Masked(NamedTuple):
    """What `mask_array` did to a column."""

    array: pa.Array
    spans: Counter[str]  # spans masked, per kind
    changed: int  # cells changed


def mask_array(array: pa.Array, detectors: Sequence[Detector] = DETECTORS) -> Masked:
    """Mask personal spans in every cell of a string column."""
    array = as_strings(array)
    found = _find(array, detectors)
    counts: Counter[str] = Counter()
    if not len(found.rows):
        return Masked(array, counts, 0)
    times = np.bincount(found.groups, minlength=len(found.findings))
    for findings, n in zip(found.findings, times.tolist(), strict=True):
        for _, _, kind in findings:
            counts[kind] += n
    # Rows of a group share their key's text layout: its folded text gives the byte offsets.
    texts = _take(found.keys.texts, found.group_keys).to_pylist()
    spans = [byte_spans(t, f) for t, f in zip(texts, found.findings, strict=True)]
    new_values = splice(array, found.rows, found.groups, spans)
    mask = np.zeros(len(array), dtype=bool)
    mask[found.rows] = True
    return Masked(pc.replace_with_mask(array, pa.array(mask), new_values), counts, len(found.rows))


def spans_per_cell(array: pa.Array, detectors: Sequence[Detector]) -> list[list[Finding]]:
    """The findings of every cell (empty for cells the prefilters rule out)."""
    out: list[list[Finding]] = [[] for _ in range(len(array))]
    rows, findings = row_findings(array, detectors)
    for row, spans in zip(rows.tolist(), findings, strict=True):
        out[row] = spans
    return out


def count_spans(array: pa.Array, detectors: Sequence[Detector]) -> Counter[str]:
    """Spans per kind in a column, without changing it."""
    _, findings = row_findings(array, detectors)
    return Counter(kind for spans in findings for _, _, kind in spans)


def map_unique(array: pa.Array, func: Callable[[str], str | None]) -> tuple[pa.Array, int]:
    """Apply `func` once per distinct non-null value (None = unchanged); returns changed count."""
    return map_distinct(array, lambda values: [func(v) for v in values])


def rows_where(array: pa.Array, func: Callable[[list[str]], list[bool]]) -> np.ndarray:
    """Per row, `func`'s verdict on its value, asked once for all distinct non-null values
    (null rows: False)."""
    distinct, codes = _distinct(as_strings(array))
    verdicts = np.append(np.array(func(distinct.to_pylist()), dtype=bool), False)
    out: np.ndarray = verdicts[codes]  # code -1 (null) reads the appended False
    return out


def map_distinct(
    array: pa.Array, func: Callable[[list[str]], list[str | None]]
) -> tuple[pa.Array, int]:
    """`func` on the distinct non-null values at once (None = unchanged); returns changed count."""
    array = as_strings(array)
    distinct, codes = _distinct(array)
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
