"""Postal addresses: number (+ bis/ter) + street type + name (+ postcode + commune)."""

from __future__ import annotations

import re

from .base import Detector, Span

STREET_TYPES = (
    "rue|avenue|av\\.?|boulevard|bd|bld|place|allée|allee|allées|impasse|chemin|route|quai|cours"
    "|square|passage|lotissement|résidence|residence|montée|traverse|clos|hameau|esplanade"
    "|promenade|rond-point|voie|sentier|cité|cite|faubourg|chaussée|parvis|mail|lieu-dit|domaine"
    "|cour|chem|imp|rte|che|all|sq|crs|fg|fbg|prom|r"  # abbreviations (Chem., Imp., Rte)
)
_PARTICLE = r"(?:de|du|des|la|le|les|aux|au|d[’']|l[’'])"
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ0-9](?:[^\W_]|[’'\-])*"
_NAME = (
    rf"(?:(?:{_PARTICLE}\s*)*{_CAP_WORD}(?:\s+(?:{_PARTICLE}\s*)*{_CAP_WORD}){{0,5}}"
    rf"|(?:{_PARTICLE}\s*)*[a-zß-öø-ÿ](?:[^\W_]|[’'\-])*)"
)
_COMMUNE = r"\d{5}\s+[A-ZÀ-Þ](?:[^\W_]|[’'\-])*(?:[ \-][A-ZÀ-Þa-z](?:[^\W_]|[’'\-])*){0,3}"
_PATTERN = re.compile(
    rf"(?<![\w,])\d{{1,4}}(?:\s?(?i:bis|ter|quater|[a-d])\b)?,?\s+(?i:{STREET_TYPES})\.?\s+"
    rf"{_NAME}(?:,?\s+{_COMMUNE})?"
    r"(?=$|[\s,;.()_])"
)
# A lieu-dit has no number: with its postcode and commune it locates a home.
_LIEU_DIT = re.compile(rf"(?<!\w)(?i:lieu[- ]dit|lieudit)\s+{_NAME},?\s+{_COMMUNE}(?=$|[\s,;.()_])")


def _find(text: str) -> list[Span]:
    spans = [m.span() for m in _PATTERN.finditer(text)]
    if "ieu" in text:
        for m in _LIEU_DIT.finditer(text):
            a, b = m.span()
            if all(b <= s or a >= e for s, e in spans):
                spans.append((a, b))
        spans.sort()
    return spans


DETECTOR = Detector(
    kind="address",
    tag="[ADRESSE]",
    prefilter=(
        rf"(?i)\b\d{{1,4}}(?:\s?(?:bis|ter|quater|[a-d]))?,?\s+(?:{STREET_TYPES})[\s.]"
        r"|lieu[- ]?dit\s.*\d{5}"
    ),
    find=_find,
    digit_blind=True,
    labels=("adresse", "adr", "domicile"),
    strict_labels=("domicile", "adresse personnelle", "adresse domicile"),
    positives=(
        "12 bis rue des Lilas 34000 Montpellier",
        "domicilié au 3, avenue Jean Jaurès",
        "5 ter Impasse du Moulin, 34170 Castelnau-le-Lez",
        "7 allée d'Arcadie",
        "145 chemin de la Rauze",
        "Terrain 11 rue Jules Ferry_x0001_Résolution",
        "domicilié lieu-dit La Jasse, 34790 Grabels",
        "au 362 bis Chem. du Mas Drevon.",
        "devant le 153B Imp. de Fontcouverte 34090 Montpellier",
        "369 BIS, Rte des Violettes, 34990 Juvignac",
        "12 R des Lilas",
    ),
    negatives=(
        "avenue Jean Jaurès",
        "Collège Jean Moulin",
        "place de la Comédie",
        "Saint-Jean-de-Védas",
        "12 places de stationnement",
        "Terrain_x0001_Projet",
        "lieu-dit La Jasse",
        "3 lots de 12 chaises",
        "T3, 2 ch avec balcon",
        "Chem. des Mûriers",
    ),
    direct=False,
)
