"""Vehicle licence plates: SIV (AB-123-CD, since 2009) and old FNI (1234 AB 34)."""

from __future__ import annotations

import re

from .base import Detector, Span

_L = "A-HJ-NP-TV-Z"
_SIV = re.compile(rf"(?<![\w])([{_L}]{{2}})([ \-]?)(\d{{3}})([ \-]?)([{_L}]{{2}})(?![\w])", re.I)
_DEPT = r"(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])"
_FNI = re.compile(rf"(?<![\w/.,])(\d{{1,4}})([ \-]?)([A-Z]{{1,3}})([ \-]?){_DEPT}(?![\w/])", re.I)
_NOT_A_PLATE = re.compile(
    r"(?:\blots?|parcelles?|sections?|cadastr\w*|réf\w*\.?|ref\w*\.?|n°|articles?)\s*:?\s*$",
    re.IGNORECASE,
)
_UNITS = frozenset(
    [
        "h",
        "km",
        "kg",
        "cm",
        "mm",
        "m",
        "ha",
        "kw",
        "mw",
        "mn",
        "min",
        "ans",
        "an",
        "av",
        "bd",
        "bis",
        "ter",
        "rue",
        "fr",
        "eur",
        "lot",
        "ha",
        "a",
        "de",
        "du",
        "le",
        "la",
        "et",
    ]
)


def _find(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _SIV.finditer(text):
        letters = m.group(1) + m.group(5)
        spaced = " " in (m.group(2) + m.group(4))
        if m.group(1).upper() == "SS" or (spaced and not letters.isupper()):
            continue
        if not (letters.isupper() or letters.islower()):
            continue
        spans.append(m.span())
    for m in _FNI.finditer(text):
        letters = m.group(3)
        if _NOT_A_PLATE.search(text, max(0, m.start() - 25), m.start()):
            continue  # "lot 12 AB 34", "parcelle 172 AB 34": land registry references
        if letters.isupper():
            if letters in {"CM", "H", "M", "KM"}:  # "2021 CM 12": a council meeting
                continue
        elif len(letters) < 2 or letters.lower() in _UNITS or m.group(2) + m.group(4) != "--":
            continue  # lower case only in the dashed form ("123-ab-34"), never "2024 au 03"
        spans.append(m.span())
    return spans


DETECTOR = Detector(
    kind="plate",
    priority=80,
    tag="[IMMAT]",
    prefilter=r"(?i)\b[a-z]{2}[ \-]?\d{3}[ \-]?[a-z]{2}\b|\b\d{1,4}[ \-]?[a-z]{1,3}[ \-]?(?:\d{2}|2[ab]|97\d)\b",
    folded_prefilter=(
        r"(?i)\b[a-z]{2}[ \-]?\d{3}[ \-]?[a-z]{2}\b|\b\d{1,4}[ \-]?[a-z]{1,3}[ \-]?(?:\d{2,3}|\d[ab])\b"
    ),
    find=_find,
    labels=("immat", "immatriculation", "plaque"),
    shape=r"(?i)[a-z]{1,3}[ \-]?\d{1,4}[ \-]?[a-z0-9]{1,3}",
    positives=(
        "véhicule AB-123-CD stationné",
        "AB123CD",
        "immatriculé ab-123-cd",
        "FG 456 HJ",
        "ancienne plaque 1234 AB 34",
        "123-ABC-2A",
        "45 XY 13",
        "1191 KG 34",
        "123-ab-34",
    ),
    negatives=(
        "parcours de 123 km le dimanche",
        "AB 123 cd",
        "SS-123-AB",
        "12 rue 34",
        "Délibération 2021 CM 12",
        "à 5 km 30 du centre",
        "réservé du 01/02/2024 au 03/02/2024",
        "Lot 12 AB 34",
        "Réf. cadastrale 172 AB 34",
    ),
    direct=True,
)
