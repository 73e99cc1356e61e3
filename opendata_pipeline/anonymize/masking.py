"""Text-level decisions: personal spans in a text, their tags, whole-cell kinds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .detectors import BY_KIND, DETECTORS, Detector
from .detectors.person_name.persons import only_civility

NATURAL_PERSON = "Personne physique"
Finding = tuple[int, int, str]  # start, end, kind


def find_spans(text: str, detectors: Iterable[Detector] = DETECTORS) -> list[Finding]:
    """Non-overlapping personal spans; on overlap the earlier detector in DETECTORS wins."""
    return merge_spans((d.kind, d.find(text)) for d in detectors)


def merge_spans(per_detector: Iterable[tuple[str, Iterable[tuple[int, int]]]]) -> list[Finding]:
    """Spans found by successive detectors, as `find_spans` keeps them (earlier kind wins)."""
    found: list[Finding] = []
    for kind, spans in per_detector:
        for start, end in spans:
            if all(end <= s or start >= e for s, e, _ in found):
                found.append((start, end, kind))
    return sorted(found)


def apply_spans(text: str, spans: list[Finding]) -> str:
    """`text` with each of `spans` (sorted, non-overlapping) replaced by its kind's tag."""
    if len(spans) == 1:
        start, end, kind = spans[0]
        return text[:start] + BY_KIND[kind].tag + text[end:]
    out: list[str] = []
    pos = 0
    for start, end, kind in spans:
        out.append(text[pos:start])
        out.append(BY_KIND[kind].tag)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask_text(text: str, detectors: Iterable[Detector] = DETECTORS) -> tuple[str, list[str]]:
    """`text` with every personal span replaced by its tag, and the kinds replaced."""
    spans = find_spans(text, detectors)
    if not spans:
        return text, []
    return apply_spans(text, spans), [kind for _, _, kind in spans]


def cell_kind(value: str, spans: list[Finding] | None = None) -> str | None:
    """The kind of a cell that is one personal datum as a whole (blanks/punctuation around).

    `spans`, when given, are the findings of `find_spans` on the stripped value.
    """
    text = value.strip()
    if not text:
        return None
    if spans is None:
        spans = find_spans(text)
    if len(spans) == 1:
        start, end, kind = spans[0]
        rest = text[:start] + text[end:]
        if not re.search(r"\w", rest) or (kind == "person_name" and only_civility(rest)):
            return kind
    return None
