"""Postal addresses: number (+ bis/ter) + street type + name (+ postcode + commune)."""

from __future__ import annotations

import re

from .base import Detector, Span

STREET_TYPES = (
    "rue|avenue|av\\.?|boulevard|bd|bld|place|allée|allee|allées|impasse|chemin|route|quai|cours"
    "|square|passage|lotissement|résidence|residence|montée|traverse|clos|hameau|esplanade"
    "|promenade|rond-point|voie|sentier|cité|cite|faubourg|chaussée|parvis|mail|lieu-dit|domaine"
)
_PARTICLE = r"(?:de|du|des|la|le|les|aux|au|d[’']|l[’'])"
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ0-9](?:[^\W_]|[’'\-])*"
_NAME = (
    rf"(?:(?:{_PARTICLE}\s*)*{_CAP_WORD}(?:\s+(?:{_PARTICLE}\s*)*{_CAP_WORD}){{0,5}}"
    rf"|(?:{_PARTICLE}\s*)*[a-zß-öø-ÿ](?:[^\W_]|[’'\-])*)"
)
_PATTERN = re.compile(
    rf"(?<![\w,])\d{{1,4}}(?:\s?(?i:bis|ter|quater|[a-d])\b)?,?\s+(?i:{STREET_TYPES})\.?\s+"
    rf"{_NAME}(?:,?\s+\d{{5}}\s+[A-ZÀ-Þ](?:[^\W_]|[’'\-])*(?:[ \-][A-ZÀ-Þa-z](?:[^\W_]|[’'\-])*){{0,3}})?"
    r"(?=$|[\s,;.()_])"
)


def _find(text: str) -> list[Span]:
    return [m.span() for m in _PATTERN.finditer(text)]


DETECTOR = Detector(
    kind="address",
    tag="[ADRESSE]",
    prefilter=rf"(?i)\b\d{{1,4}}(?:\s?(?:bis|ter|quater|[a-d]))?,?\s+(?:{STREET_TYPES})[\s.]",
    find=_find,
    positives=(
        "12 bis rue des Lilas 34000 Montpellier",
        "domicilié au 3, avenue Jean Jaurès",
        "5 ter Impasse du Moulin, 34170 Castelnau-le-Lez",
        "7 allée d'Arcadie",
        "145 chemin de la Rauze",
        "Terrain 11 rue Jules Ferry_x0001_Résolution",
    ),
    negatives=(
        "avenue Jean Jaurès",
        "Collège Jean Moulin",
        "place de la Comédie",
        "Saint-Jean-de-Védas",
        "12 places de stationnement",
        "Terrain_x0001_Projet",
    ),
    direct=False,
)
