"""French social-security numbers (NIR), key checked, Corsica 2A/2B, spaced or compact."""

from __future__ import annotations

import re

from stdnum.fr import nir

from .base import Detector, RegexFinder, Span

_S = r"[ .\-\u00a0\u202f]?"
_PATTERN = re.compile(
    rf"(?<![\w])[1-478]{_S}\d{{2}}{_S}(?:0[1-9]|1[0-2]|[2-9]\d){_S}(?:\d{{2}}|2[AaBb])"
    rf"{_S}\d{{3}}{_S}\d{{3}}(?:(?:{_S}|[ ]?/[ ]?)\d{{2}})?(?![\w])"  # key after a slash too
)
# Written in the NIR's own groups ("2 55 08 34 123 456 78", "… 456 / 78"), a number is a NIR
# even when its key is mistyped or left out: nothing else is grouped so. A key of 00 or above 97
# cannot be one (placeholders).
_GROUPED = re.compile(
    r"\d(?P<s>[ .\-\u00a0\u202f])\d\d(?P=s)\d\d(?P=s)[\dAaBb]\d(?P=s)\d{3}(?P=s)\d{3}"
    r"(?:(?:(?P=s)|[ ]?/[ ]?)(?P<key>\d\d))?"
)


# Written without its key (13 characters) and ungrouped, a number is a NIR after a label
# naming it ("NIR 2710434172005", "n° sécu : …"): other 13-digit codes exist (meters, EAN).
_LABEL = r"\b(?:nir|s[ée]cu|s[ée]curit[ée]\s+sociale|insee)\b"
CUE = rf"(?i){_LABEL}"  # RE2
_CUE_BEFORE = re.compile(rf"(?i){_LABEL}[\s:°n.]*\Z")
_CONTEXT = 60  # characters before a number where its label is looked for
# Later in the clause the label opens (no digit, no sentence end between), 13 to 15 digits
# however spaced are a NIR mistyped (« sécurité sociale de l'élève : 1 13 07 34 164 55 13 »).
_GAP = r"[^.;!?\d]{0,50}"
_LABEL_BEFORE = re.compile(rf"(?i){_LABEL}{_GAP}\Z")
_LOOSE = re.compile(r"(?<![\w])[1-478](?:[ .\-\u00a0\u202f]?\d){12,14}(?![\w])")
_LOOSE_RE2 = rf"(?i:{_LABEL}){_GAP}[1-478](?:[ .\-\x{{a0}}\x{{202f}}]?\d){{12,14}}(?:[^\d]|$)"


def _valid(text: str) -> bool:
    if nir.is_valid(re.sub(r"[^0-9AaBb]", "", text).upper()):
        return True
    if not (grouped := _GROUPED.fullmatch(text)):
        return False
    return grouped["key"] is None or 1 <= int(grouped["key"]) <= 97


_FINDER = RegexFinder(_PATTERN, _valid, joinable=True)


def _labelled(text: str, found: list[Span]) -> list[Span]:
    """`found`, the keyless 13-character numbers a NIR label precedes and the 13 to 15 digits
    later in its clause."""
    extra = [
        m.span()
        for m in _PATTERN.finditer(text)
        if m.span() not in found
        and len(re.sub(r"[^0-9AaBb]", "", m.group())) == 13
        and _CUE_BEFORE.search(text[max(0, m.start() - _CONTEXT) : m.start()])
    ]
    spans = found + extra
    extra += [
        m.span()
        for m in _LOOSE.finditer(text)
        if all(m.end() <= a or m.start() >= b for a, b in spans)
        and _LABEL_BEFORE.search(text[max(0, m.start() - _CONTEXT) : m.start()])
    ]
    return sorted(found + extra) if extra else found


_CUE_SEARCH = re.compile(CUE.removeprefix("(?i)"), re.IGNORECASE)


def _find(text: str) -> list[Span]:
    found = _FINDER(text)
    return _labelled(text, found) if _CUE_SEARCH.search(text) else found


def _find_many(texts: list[str]) -> list[list[Span]]:
    return [
        _labelled(t, found) if _CUE_SEARCH.search(t) else found
        for t, found in zip(texts, _FINDER.many(texts), strict=True)
    ]


DETECTOR = Detector(
    kind="nir",
    priority=30,
    tag="[NIR]",
    prefilter=(
        r"(?:^|[^\d])[1-478][ .\-\x{a0}\x{202f}]?\d{2}[ .\-\x{a0}\x{202f}]?\d{2}[ .\-\x{a0}\x{202f}]?"
        r"(?:\d{2}|2[AaBb])[ .\-\x{a0}\x{202f}]?\d{3}[ .\-\x{a0}\x{202f}]?\d{3}"
        r"(?:(?:[ .\-\x{a0}\x{202f}]?|[ ]?/[ ]?)\d{2})?(?:[^\d]|$)|" + _LOOSE_RE2
    ),
    folded_prefilter=(
        r"(?:^|[^\d])\d[ .\-\x{a0}\x{202f}]?\d{2}[ .\-\x{a0}\x{202f}]?\d{2}[ .\-\x{a0}\x{202f}]?"
        r"(?:\d{2}|\d[AaBb])[ .\-\x{a0}\x{202f}]?\d{3}[ .\-\x{a0}\x{202f}]?\d{3}"
        r"(?:(?:[ .\-\x{a0}\x{202f}]?|[ ]?/[ ]?)\d{2})?(?:[^\d]|$)|"
        + _LOOSE_RE2.replace("[1-478]", r"\d")
    ),
    find=_find,
    find_many=_find_many,
    cue=CUE,
    runs=r"[\dAaBb .\-/\u00a0\u202f]",
    min_digits=13,
    labels=("nir", "secu", "securite sociale", "ssn"),
    shape=r"\d(?:[ .\-/\x{a0}]*\d){11,14}",
    positives=(
        "185057800608491",
        "N° sécu : 1 85 05 78 006 084 91",
        "2 55 08 2A 123 456 46",
        "255082B12345673",
        "nir 1.85.05.78.006.084.91",
        "numéro de sécurité sociale : 1 85 05 78 006 084 / 91.",
        # in its own groups, a mistyped or missing key is still a NIR
        "N° sécu : 2 71 04 34 172 005 13",
        "N° sécu : 2 71 04 34 172 005",
        # without its key, after a label naming it
        "Attestation reçue, NIR 2710434172005.",
        "numéro de sécurité sociale : 1850578006084 (sans clé)",
        # 13 to 15 digits mistyped, later in the clause a label opens
        "N° de sécurité sociale de l'enfant (mutuelle) : 27104341720051.",
        "sécu du patient, pour le dossier : 1 71 04 34 172 00 51",
    ),
    negatives=(
        "185057800608492",
        "SIRET 21340172201787",
        "Numéro 123456789012345",
        "2 55 08 2A 123 456 00",
        "Réf. 2710434172005",
        "NIR vérifié ; compteur n° 2710434172005",
        "NIR vérifié. SIRET 21340172201787",
        "Code INSEE 34172, SIRET 21340172201787",
        "Tél. 2 71 04 34 172 005 99 98",
    ),
)
