"""French reference tables behind the categorical hierarchies: INSEE PCS 2020 groups of
professions, communes of the Hérault and their EPCI, living in a couple or not.

Sources and licences: `data/PROVENANCE.md`.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from .lexicon import strip_accents

PCS_GROUPS = {
    "1": "Agriculteurs exploitants",
    "2": "Artisans, commerçants et chefs d'entreprise",
    "3": "Cadres et professions intellectuelles supérieures",
    "4": "Professions intermédiaires",
    "5": "Employés",
    "6": "Ouvriers",
    "7": "Retraités",
    "8": "Autres personnes sans activité professionnelle",
}
METROPOLE_SIREN = "243400017"
METROPOLE = "Montpellier Méditerranée Métropole"
HERAULT = "Hérault"
HERAULT_OUTSIDE_METROPOLE = "Hérault hors Métropole"
IN_COUPLE, NOT_IN_COUPLE = "En couple", "Pas en couple"

_CODE = re.compile(r"(?:\d{5}|2[AB]\d{3})")
_WORD = re.compile(r"[a-z0-9]+")
# Feminine and plural endings folded onto the masculine singular (« infirmières » = infirmier);
# labels and values are folded alike, so an over-eager rule only merges two spellings.
_ENDINGS = (
    ("trice", "teur"),
    ("euse", "eur"),
    ("eure", "eur"),
    ("ienne", "ien"),
    ("ere", "er"),
    ("ee", "e"),
    ("ante", "ant"),
    ("ente", "ent"),
    ("elle", "el"),
    ("ale", "al"),
    ("ive", "if"),
    ("ate", "at"),
)


def _fold_word(word: str) -> str:
    if len(word) > 3 and word.endswith(("s", "x")):
        word = word[:-1]
    for ending, masculine in _ENDINGS:
        if len(word) > len(ending) + 1 and word.endswith(ending):
            return word[: -len(ending)] + masculine
    return word


def fold(text: str) -> tuple[str, ...]:
    """Lower-case words without accents, inclusive spellings (« (e) », « /veuve ») and
    feminine or plural endings: the key labels are matched on."""
    plain = strip_accents(text.replace("œ", "oe").replace("Œ", "OE")).lower()
    plain = re.sub(r"\((?:e|ne|se|le)\)", "", plain).split("/")[0]
    return tuple(_fold_word(w) for w in _WORD.findall(plain))


@lru_cache(maxsize=1)
def _professions() -> dict[tuple[str, ...], str]:
    text = resources.files(__package__).joinpath("data/pcs2020_groups.csv").read_text("utf-8")
    table = {fold(row["libelle"]): row["groupe"] for row in csv.DictReader(text.splitlines())}
    table.update({fold(label): code for code, label in PCS_GROUPS.items()})
    return table


def pcs_group(label: str) -> str | None:
    """The PCS 2020 group of a profession label (its longest known leading words), or None."""
    words = fold(label)
    table = _professions()
    for end in range(len(words), 0, -1):
        code = table.get(words[:end])
        if code is not None:
            return PCS_GROUPS[code]
    return None


def _commune_key(name: str) -> str:
    plain = strip_accents(name).upper().replace("Œ", "OE")
    plain = re.sub(r"[^A-Z0-9]+", " ", plain)
    plain = re.sub(r"\bSAINTE\b", "STE", re.sub(r"\bSAINT\b", "ST", plain))
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def _communes() -> tuple[dict[str, str], dict[str, str]]:
    """({INSEE code: EPCI SIREN or ""}, {name key: INSEE code})."""
    text = resources.files(__package__).joinpath("data/communes_herault.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return (
        {r["code_insee"]: r["epci"] for r in rows},
        {_commune_key(r["nom"]): r["code_insee"] for r in rows},
    )


def is_code(value: str) -> bool:
    """A five-character French code: postcode or INSEE commune code (2A/2B for Corsica)."""
    return _CODE.fullmatch(value.strip().upper()) is not None


def department_of_code(value: str) -> str | None:
    """Département of a postcode or INSEE code: 34, 2A, 974…"""
    code = value.strip().upper()
    if not _CODE.fullmatch(code):
        return None
    return code[:3] if code.startswith("97") else code[:2]


@lru_cache(maxsize=1 << 16)
def commune_code(value: str) -> str | None:
    """The INSEE code of a Hérault commune written as its code or its name, or None."""
    by_code, by_name = _communes()
    code = value.strip().upper()
    return code if code in by_code else by_name.get(_commune_key(value))


def commune_epci(value: str) -> str | None:
    """Montpellier Méditerranée Métropole, the rest of the Hérault, or (for a code of another
    département) that département; None for a name outside the Hérault."""
    by_code, _ = _communes()
    code = commune_code(value)
    if code is not None:
        return METROPOLE if by_code[code] == METROPOLE_SIREN else HERAULT_OUTSIDE_METROPOLE
    return department_of_code(value)


def commune_department(value: str) -> str | None:
    """Département of a commune: its code for a code, « Hérault » for a Hérault name."""
    if is_code(value):
        return department_of_code(value)
    return HERAULT if commune_code(value) is not None else None


_COUPLE = {
    fold(w)[0]
    for w in (
        "marié",
        "pacsé",
        "couple",
        "concubin",
        "concubine",
        "concubinage",
        "union",
        "maritale",
    )
}
_SINGLE = {
    fold(w)[0]
    for w in ("célibataire", "divorcé", "séparé", "veuf", "veuve", "seul", "seule", "isolé",
              "monoparentale")
}  # fmt: skip
_NEGATION = {"non", "pas", "sans", "hors"}


def couple_status(value: str) -> str | None:
    """« En couple » or « Pas en couple » (INSEE's census notion) from a family situation."""
    words = set(fold(value))
    if words & _SINGLE or (words & _COUPLE and words & _NEGATION):
        return NOT_IN_COUPLE
    if words & _COUPLE:
        return IN_COUPLE
    return None
