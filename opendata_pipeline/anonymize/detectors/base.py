"""What a detector is: validated spans in a text, a vectorizable prefilter, its own examples."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

Span = tuple[int, int]

SEP = r"[ .\-\u00a0\u202f]"  # separators allowed inside numbers (space, dot, dash, NBSP, NNBSP)


@dataclass(frozen=True)
class Detector:
    """One kind of personal data.

    `prefilter` is an RE2 pattern (Arrow `match_substring_regex`) matching every text that may
    hold a span: only those texts reach `find` (Python). `positives` must each yield a span,
    `negatives` none. `direct` marks validated direct identifiers (re-scanned before publishing);
    a text matching `lexicon_prefilter` is a candidate too when it holds a `lexicon` word.
    `digit_blind` promises that `find` gives the same spans whatever the values of the ASCII
    digits (only classes like `\\d` look at them, no validation): texts differing only in their
    digits are then searched once.
    `cue` (RE2): on texts it matches, `find` may also read words before a span (a label naming
    the identifier): those texts are searched whole, never run by run (see `runs`).
    `priority` orders the detectors: on overlapping spans, and between header labels, the lower
    wins (the bundled ones use 10-100).
    `labels` are the header tokens or token pairs (accent-free lower case, see
    `lexicon.header_tokens`) that suggest the kind, like csv-detective's labels; a header holding
    one of `strict_labels` names a direct identifier: the column is that kind whatever value
    validation says (a NIR with a wrong key is a typo, not a non-identifier), provided most of
    its values have the kind's `shape` (an RE2 pattern matching invalid values too).
    Prefilters first run on texts whose ASCII digits are all folded to "0": a prefilter that
    names particular digits (`[1-9]`, `33`) gives `folded_prefilter`, matching the folded text
    whenever `prefilter` matches the original (`prefilter` then confirms on the original).
    `runs` (a Python character class) promises that every span is made of those characters and
    that `find` reads at most one character on each side of a span: a text may then be searched
    run by run of them (each with one character of context), runs with fewer than `min_digits`
    digits skipped. Texts differing only in their digits share their runs' positions, and the
    runs themselves (a phone number, a SIRET) recur: each distinct run is searched once.
    """

    kind: str
    tag: str
    prefilter: str
    find: Callable[[str], list[Span]]
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    direct: bool = True
    lexicon: Callable[[], Sequence[str]] | None = None
    lexicon_prefilter: str | None = None  # RE2: a candidate too when a lexicon word is present
    digit_blind: bool = False
    folded_prefilter: str | None = None  # RE2 for digit-folded texts when `prefilter` names digits
    runs: str | None = None  # Python character class holding every span (see above)
    min_digits: int = 0  # digits a span holds at least (with `runs`)
    labels: tuple[str, ...] = ()  # header tokens suggesting the kind
    strict_labels: tuple[str, ...] | None = None  # naming a direct identifier (None: `labels`
    # of a direct kind)
    shape: str | None = None  # RE2: what a value of the kind looks like, valid or not
    find_many: Callable[[list[str]], list[list[Span]]] | None = None  # `find` on many texts
    cue: str | None = None  # RE2: texts where `find` reads context words (searched whole)
    priority: int = 1000  # detectors run in increasing priority: the first wins an overlap

    @property
    def identifier_labels(self) -> tuple[str, ...]:
        """Header labels that make a column this kind whatever its values' validation says."""
        if self.strict_labels is not None:
            return self.strict_labels
        return self.labels if self.direct else ()

    def find_all(self, texts: list[str]) -> list[list[Span]]:
        """`find` on each of `texts` (one search over them all when the finder allows it)."""
        if isinstance(self.find, RegexFinder) and self.find.joinable:
            return self.find.many(texts)
        if self.find_many is not None:
            return self.find_many(texts)
        return [self.find(t) for t in texts]


_JOIN = "\n\x00\n"


class RegexFinder:
    """Spans of `pattern` matches whose text passes `valid` (asked once per distinct match).

    `joinable` promises that the pattern never matches across a newline and treats one like the
    start or end of the text (lookarounds on word characters or digits, no anchors): `many`
    may then search texts joined by newlines at once instead of one call per text.
    `valid_many`, when given, decides many matches at once: 1 (valid), 0 (not), or -1 where
    `valid` must be asked; it must agree with `valid` wherever it decides.
    """

    def __init__(
        self,
        pattern: re.Pattern[str],
        valid: Callable[[str], bool],
        *,
        joinable: bool = False,
        valid_many: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        self.pattern = pattern
        self.valid = lru_cache(maxsize=1 << 16)(valid)
        self.joinable = joinable
        self.valid_many = valid_many

    def __call__(self, text: str) -> list[Span]:
        return [m.span() for m in self.pattern.finditer(text) if self.valid(m.group())]

    def many(self, texts: list[str]) -> list[list[Span]]:
        """The spans of each of `texts`, by one search over them joined (`joinable` only)."""
        out: list[list[Span]] = [[] for _ in texts]
        idx, starts, ends = self.spans_of(texts)
        for i, start, end in zip(idx.tolist(), starts.tolist(), ends.tolist(), strict=True):
            out[i].append((start, end))
        return out

    def spans_of(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every span of `texts` as arrays: its text's index, its start and end in that text
        (text by text, in order), by one search over them joined (`joinable` only)."""
        joined = _JOIN.join(texts)
        found = [m.span() for m in self.pattern.finditer(joined)]
        spans = np.array(found, dtype=np.int64).reshape(-1, 2)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        begins = np.cumsum(lengths + len(_JOIN)) - lengths - len(_JOIN)
        idx = np.searchsorted(begins, spans[:, 0], side="right") - 1
        valid = self._verdicts([joined[a:b] for a, b in found])
        local = spans[valid] - begins[idx[valid], None]
        return idx[valid], local[:, 0], local[:, 1]

    def _verdicts(self, matches: list[str]) -> np.ndarray:
        if self.valid_many is None:
            return np.array([self.valid(m) for m in matches], dtype=bool)
        verdicts = np.asarray(self.valid_many(matches), dtype=np.int8)
        for i in np.flatnonzero(verdicts < 0).tolist():
            verdicts[i] = self.valid(matches[i])
        out: np.ndarray = verdicts == 1
        return out


def digits_only(text: str) -> str:
    """Keep digits and letters, drop separators and parentheses."""
    return re.sub(r"[^0-9A-Za-z]", "", text)
