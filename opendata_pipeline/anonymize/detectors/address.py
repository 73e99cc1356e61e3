"""Postal addresses: number (+ bis/ter) + street type + name (+ postcode + commune)."""

from __future__ import annotations

import re

from .base import Detector, Span
from .person_name.persons import is_legal_person
from .person_name.vocabulary import FACILITIES, lower_set
from .phone import CONTEXT, ORGANISATIONS, organisation_before

STREET_TYPES = (
    "rue|avenue|av\\.?|boulevard|bd|bld|place|allée|allee|allées|impasse|chemin|route|quai|cours"
    "|square|passage|lotissement|résidence|residence|montée|traverse|clos|hameau|esplanade"
    "|promenade|rond-point|voie|sentier|cité|cite|faubourg|chaussée|parvis|mail|lieu-dit|domaine"
    "|cour|chem|imp|rte|che|all|sq|crs|fg|fbg|prom|r"  # abbreviations (Chem., Imp., Rte)
)
_PARTICLE = r"(?:de|du|des|la|le|les|aux|au|d[’']|l[’'])"
_CAP_WORD = r"[A-ZÀ-ÖØ-Þ0-9](?:[^\W_]|[’'\-])*"
# A street's name ends at a line break: the line after it is the commune's (a signature block).
_NAME = (
    rf"(?:(?:{_PARTICLE}\s*)*{_CAP_WORD}(?:[^\S\r\n]+(?:{_PARTICLE}\s*)*{_CAP_WORD}){{0,5}}"
    rf"|(?:{_PARTICLE}\s*)*[a-zß-öø-ÿ](?:[^\W_]|[’'\-])*)"
)
_COMMUNE = r"\d{5}\s+[A-ZÀ-Þ](?:[^\W_]|[’'\-])*(?:[ \-][A-ZÀ-Þa-z](?:[^\W_]|[’'\-])*){0,3}"
_THEN_COMMUNE = rf"(?:(?:\s*[,–—]\s*|\s+-\s+|\s+){_COMMUNE})?"
# A street whose type is its name ("43 Grand'Rue").
_NAMED_STREET = r"grand['’ \-]?rue|grande[ \-]rue"
# The number opens the address: not the end of a date or a reference ("le 03/10/2025 boulevard
# Henri IV", "2025-04-29 avenue…"); a range of numbers is one ("12-14 rue …").
_NUMBER = r"(?<![\w,/\-])\d{1,4}(?:[ ]?[-–][ ]?\d{1,4})?(?:\s?(?i:bis|ter|quater|[a-d])\b)?"
_PATTERN = re.compile(
    rf"{_NUMBER},?\s+(?:(?i:{STREET_TYPES})\.?\s+{_NAME}|(?i:{_NAMED_STREET})){_THEN_COMMUNE}"
    r"(?=$|[\s,;.()_–—-])"
)
# A lieu-dit has no number: with its postcode and commune, or a street after it ("Mas de la
# Plaine, impasse Paul Cézanne"), it locates a home.
_HOMESTEAD = r"lieu[- ]dit|lieudit|mas|hameau|bastide|ferme"
_LIEU_DIT = re.compile(
    rf"(?<!\w)(?i:{_HOMESTEAD})\s+{_NAME}(?:,?\s+{_COMMUNE}"
    rf"|,\s*(?:\d{{1,4}}\s+)?(?i:{STREET_TYPES})\.?\s+{_NAME}{_THEN_COMMUNE})(?=$|[\s,;.()_–—-])"
)
# Named as a lieu-dit ("lieu-dit Les Sept Fonts"), a locality is the line of a postal address
# where a street would be: a home, with or without its commune (fail closed).
_NAMED_LIEU_DIT = re.compile(
    rf"(?<!\w)(?i:lieu[- ]?dit)\s+(?:{_PARTICLE}\s*)*{_CAP_WORD}"
    rf"(?:\s+(?:{_PARTICLE}\s*)*{_CAP_WORD}){{0,5}}{_THEN_COMMUNE}(?=$|[\s,;.()_–—-])"
)
_HOMESTEAD_KEY = re.compile(rf"(?i:{_HOMESTEAD})\s")
# A named house without a number after a word saying it is someone's home, then its postcode
# and commune ("demeurant Domaine des Pins, 34170 Castelnau", "domiciliée Villa Les Lauriers
# fleurie, 34000 …"): the name goes, the commune stays.
_HOME_WORDS = r"domicili[ée]e?s?|demeurant|r[ée]sidant"
_HOME_KEY = re.compile(rf"(?i:{_HOME_WORDS})")
_NAMED_HOME = re.compile(
    rf"(?<!\w)(?i:{_HOME_WORDS})[\s,:]+(?:(?i:au)\s+)?"
    rf"(?P<home>{_CAP_WORD}(?:\s+(?:{_PARTICLE}\s*)*(?:{_CAP_WORD}|[a-zß-öø-ÿ]+)){{0,5}}),?\s+"
    rf"(?={_COMMUNE})"
)


_STREET_WORD = re.compile(rf"(?i)\b(?:{STREET_TYPES}|{_HOMESTEAD}|{_NAMED_STREET})\b")


# The commune closing an address ("…, 34000 Montpellier", "… - 34170 Castelnau-le-Lez", "…,
# Lattes"): it locates no home, and stays when the street before it is redacted. RE2 (Arrow),
# at the end of a value; a commune without its postcode follows a comma.
LOCALITY = r"(?P<locality>(?:[,\s]*[-–—]?\s*\d{5}\s+|,\s*)[A-ZÀ-Þ][^\d,;()\[\]]{0,40})$"
LOCALITY_SCREEN = r",|\d{5}"  # RE2: in every `LOCALITY` match (a comma or a postcode)


def is_locality(text: str) -> bool:
    """A `LOCALITY` match names a commune, not a street or a lieu-dit ("…, impasse X")."""
    return not _STREET_WORD.search(text)


# A word saying the address that follows is someone's home ("Domicile, 12 rue X", "demeurant
# au 3 impasse Y"), at the end of the text before it.
_HOME_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:domicile|domicili[ée]e?s?|demeurant|r[ée]sidant|habitant)(?!\w)"
    r"[\s,:]*(?:au|à)?[\s,:]*\Z"
)


def home_cue(before: str) -> bool:
    """The text `before` an address names it as a home ("Domicile, ", "demeurant au ")."""
    return _HOME_BEFORE.search(before) is not None


NO_INSTITUTION = r"[0-9]"  # RE2: what `institution` always refuses (a value with a digit)


def institution(value: str) -> bool:
    """A facility or an organisation named without a street ("EHPAD Les Aubes", "Hôpital
    Saint-Éloi"): where a person lived in it, that is no home address of theirs."""
    return (
        not any(c.isdigit() for c in value)
        and not _STREET_WORD.search(value)
        and is_legal_person(value)
    )


# A capitalised organisation or facility word opening a name ("Espace X", "Régie Y"): the
# address right after that name, in a clause naming no person, is the organisation's seat.
_SEAT_CUE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        sorted(
            (re.escape(w[:1].upper() + w[1:]) for w in ORGANISATIONS | lower_set(FACILITIES)),
            key=len,
            reverse=True,
        )
    )
    + r")(?!\w)"
)


def _without_seats(text: str, spans: list[Span]) -> list[Span]:
    return [
        (a, b)
        for a, b in spans
        if not organisation_before(text[max(0, a - CONTEXT) : a], _SEAT_CUE)
    ]


def _find(text: str) -> list[Span]:
    spans = [m.span() for m in _PATTERN.finditer(text)]
    if _HOMESTEAD_KEY.search(text):
        found = [*_LIEU_DIT.finditer(text), *_NAMED_LIEU_DIT.finditer(text)]
        for a, b in sorted((m.span() for m in found), key=lambda ab: (ab[0], -ab[1])):
            spans = [(s, e) for s, e in spans if not (a <= s and e <= b)]  # the street inside it
            if all(b <= s or a >= e for s, e in spans):
                spans.append((a, b))
        spans.sort()
    if _HOME_KEY.search(text):
        homes = [m.span("home") for m in _NAMED_HOME.finditer(text)]
        spans = sorted(
            spans + [(a, b) for a, b in homes if all(b <= s or a >= e for s, e in spans)]
        )
    return _without_seats(text, spans) if spans and _SEAT_CUE.search(text) else spans


DETECTOR = Detector(
    kind="address",
    priority=90,
    tag="[ADRESSE]",
    prefilter=(
        rf"(?i)\b\d{{1,4}}(?:\s?(?:bis|ter|quater|[a-d]))?,?\s+(?:{STREET_TYPES})[\s.]"
        rf"|\b\d{{1,4}}(?:\s?(?:bis|ter|quater|[a-d]))?,?\s+(?:{_NAMED_STREET})"
        rf"|\b(?:{_HOMESTEAD})\s.*(?:\d{{5}}|,\s*(?:\d{{1,4}}\s+)?(?:{STREET_TYPES})[\s.])"
        r"|\blieu[- ]?dit\s+\S"
        rf"|\b(?:{_HOME_WORDS})[\s,:]+(?:au\s+)?[^\d\s][^\d\n]{{0,80}}\d{{5}}\s"
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
        "J'habite 121 Grand'Rue, les trottoirs sont défoncés.",
        "43 GRAND'RUE – 34570 Murviel-lès-Montpellier",
        "vit chez ses parents, Mas de la Plaine, impasse Paul Cézanne.",
        "J'habite au Mas de Rochet, chemin du Mas de Rochet depuis 2013.",
        "au 12-14 rue de la Loge",
        "demeurant lieu-dit La Jasse, Grabels, par acte du 3 mai",
        "Le voisin (lieu-dit Les Aires Hautes) signale une fuite.",
        "Je soussignée X, demeurant Domaine des Pins, 34170 Castelnau-le-Lez, conteste",
    ),
    negatives=(
        "avenue Jean Jaurès",
        "Collège Jean Moulin",
        "place de la Comédie",
        "Saint-Jean-de-Védas",
        "12 places de stationnement",
        "Terrain_x0001_Projet",
        "Mas de la Plaine",
        "un lieu-dit sans nom",
        "3 lots de 12 chaises",
        "T3, 2 ch avec balcon",
        "Intervention réalisée le 03/10/2025 boulevard Henri IV.",
        "Intervention réalisée le 2025-04-29 avenue du Professeur Grasset.",
        "Chem. des Mûriers",
        "demeurant à Lattes depuis 2019, 34970 Lattes",
        "Dossier transmis au service compétent, Espace Lamartine, 4 rue des Tilleuls.",
    ),
    direct=False,
)
