"""Birth dates in context: a date (12/03/1985, 12.03.1985, 3 mars 1962, 1962-03-03) after a cue."""

from __future__ import annotations

import re

from .base import Detector, Span
from .person_name.lexicon import is_first_name

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec"
)
# Years from 1800: a register of graves or deeds dates the births of people long dead.
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:(?:18|19|20)\d{2}|\d{2}(?![\d/.\-]\d))"
    r"|(?:18|19|20)\d{2}-\d{2}-\d{2}"
    rf"|(?:1er|\d{{1,2}})\s+(?:{_MONTHS})\.?\s+(?:18|19|20)\d{{2}})"
)
_CUE = (
    r"(?:\bnée?s?\b|\bné\(e\)|\bnaissance\b|\bddn\b|\bdate\s+de\s+naiss\w*|\bborn\b|\bbirth\w*"
    r"|\bnaiss\.?)"
)
# Between the cue and the date: a place, "le"… — not a new clause ("née Coulibaly, survenu le
# 21 mars 2023" dates a death) nor a death.
_GAP = r"(?:(?!\b(?:survenu|décéd|décès|deces|mort|inhum|obsèques|obseques))[^\n.;,])"
_PATTERN = re.compile(rf"{_CUE}(?:[ \t]*[,:])?{_GAP}{{0,30}}?\b(?P<date>{DATE})", re.IGNORECASE)
# A date right after a first name ("2 enfants : Dragana – 16/12/2017", "Noah (12/03/2015)").
_AFTER_NAME = re.compile(
    r"(?P<name>[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?)(?:[ \t]*[–—][ \t]*|[ \t]+-[ \t]+|[ \t]*\([ \t]*)"
    rf"(?P<date>{DATE})"
)


def _find(text: str) -> list[Span]:
    spans = [m.span("date") for m in _PATTERN.finditer(text)]
    named = [m.span("date") for m in _AFTER_NAME.finditer(text) if is_first_name(m.group("name"))]
    return sorted(set(spans + named)) if named else spans


_LABELS = (
    "naissance", "naiss", "nais", "ne le", "nee le", "ne e", "nes le", "dob", "ddn", "birth",
    "birthdate",
)  # fmt: skip
DETECTOR = Detector(
    kind="birth_date",
    priority=70,
    tag="[DATE_NAISSANCE]",
    prefilter=(
        r"(?i)\bn(?:é|É)|naiss|\bddn\b|\bborn\b|birth"
        r"|\pL(?:[ \t]*[–—][ \t]*|[ \t]+-[ \t]+|[ \t]*\([ \t]*)\d{1,2}(?:[/.\-]\d|[ \t]+\pL)"
    ),
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
        "2 enfants : Dragana – 16/12/2017 et Enzo",
        "Mère avec 1 enfant : Noah (12/03/2015)",
        "X, née le 9/4/1887, décédée en 1961",
    ),
    negatives=(
        "Séance du 12/03/2021",
        "Délibération du 3 mars 1962",
        "Maison de la naissance ouverte depuis 2019",
        "Né en Hérault, le projet date de 1998",
        "décès de Mme Jacquet née Coulibaly, survenu le 21 mars 2023",
        "Réunion – 16/12/2017",
    ),
    direct=False,
)
