"""Birth dates in context: a date (12/03/1985, 12.03.1985, 3 mars 1962, 1962-03-03) after a cue."""

from __future__ import annotations

import re

from .base import Detector, Span

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec"
)
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:(?:19|20)\d{2}|\d{2}(?![\d/.\-]\d))"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}"
    rf"|(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}})"
)
_CUE = (
    r"(?:\bnée?s?\b|\bné\(e\)|\bnaissance\b|\bddn\b|\bdate\s+de\s+naiss\w*|\bborn\b|\bbirth\w*"
    r"|\bnaiss\.?)"
)
_PATTERN = re.compile(rf"{_CUE}[^\n.;]{{0,30}}?\b(?P<date>{DATE})", re.IGNORECASE)


def _find(text: str) -> list[Span]:
    return [m.span("date") for m in _PATTERN.finditer(text)]


_LABELS = (
    "naissance", "naiss", "nais", "ne le", "nee le", "ne e", "nes le", "dob", "ddn", "birth",
    "birthdate",
)  # fmt: skip
DETECTOR = Detector(
    kind="birth_date",
    tag="[DATE_NAISSANCE]",
    prefilter=r"(?i)\bn(?:é|É)|naiss|\bddn\b|\bborn\b|birth",
    find=_find,
    labels=_LABELS,
    strict_labels=_LABELS,
    positives=(
        "Mme X, née le 12/03/1985 à Sète",
        "né le 3 mars 1962",
        "date de naissance : 12.03.1985",
        "DDN 1985-03-12",
        "né(e) le 1er janvier 1970",
        "Naissance: 05-11-1990",
        "Né le 08/11/14, scolarisé en CP",
        "date de naissance : 23/02/94.",
    ),
    negatives=(
        "Séance du 12/03/2021",
        "Délibération du 3 mars 1962",
        "Maison de la naissance ouverte depuis 2019",
        "Né en Hérault, le projet date de 1998",
    ),
    direct=False,
)
