"""Generalization hierarchies: named levels that coarsen a value written as text, and the
ladder of levels (finest to coarsest) that fits a column — for the `generalize` action and
for k-anonymity.

Dates → month → quarter → year → decade; ages → bands of 5, 10, 20, 40 years (other numbers:
bands from the column's range); postcodes → département; communes (names or INSEE codes) →
EPCI → département; professions → PCS 2020 group; family situation → in a couple or not.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import reference
from .lexicon import header_tokens, strip_accents

Coarsen = Callable[[str], str | None]


@dataclass(frozen=True)
class Level:
    """One step of a hierarchy; `coarsen` gives a value's coarser text, or None when the value
    lies outside the hierarchy (an impossible date, an unknown profession)."""

    name: str  # as a policy writes it: month, age_band_20, commune_epci
    label: str  # French, for reports
    coarsen: Coarsen


IDENTITY = Level("value", "valeur exacte", lambda value: value)

# -- dates ----------------------------------------------------------------------------------

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12,
    "dec": 12,
}  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\S*)?)?")
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")
_DMY_TEXT = re.compile(r"(1er|\d{1,2})\s+([a-z]+)\.?\s+(\d{4}|\d{2})")
_MY = re.compile(r"(\d{1,2})/(\d{4})")
_MY_TEXT = re.compile(r"([a-z]+)\.?\s+(\d{4})")
_QUARTER = re.compile(r"(\d{4})-t([1-4])")
_DECADE = re.compile(r"(\d{3})0-(\d{3})9")
_YEAR = re.compile(r"\d{4}")


class When(NamedTuple):
    """A date at the precision it was written (0 = not given)."""

    year: int
    month: int = 0
    day: int = 0
    quarter: int = 0
    decade: bool = False


def _full_year(year: str) -> int:
    """Four-digit year; a two-digit one is in the last hundred years (26 -> 2026, 27 -> 1927)."""
    if len(year) == 4:
        return int(year)
    pivot = datetime.date.today().year % 100
    return (2000 if int(year) <= pivot else 1900) + int(year)


def _valid(year: int, month: int, day: int) -> When | None:
    """The date if it exists (month and day 0 = not written)."""
    if not 1000 <= year <= 2999:
        return None
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return When(year, month, day, (month + 2) // 3 if month else 0)


@lru_cache(maxsize=1 << 16)  # each distinct value is read by every level of its ladder
def parse_when(text: str) -> When | None:
    """A date written in a usual French form, at its precision; None when it is not a date or
    is impossible (31/02, month 13)."""
    value = strip_accents(text.strip().lower())
    # A written 0 (00/04/1988, 2024-00) is impossible, not "not given": 13 and 32 fail.
    if m := _ISO.fullmatch(value):
        day = (int(m.group(3)) or 32) if m.group(3) else 0
        return _valid(int(m.group(1)), int(m.group(2)) or 13, day)
    if m := _DMY.fullmatch(value):
        return _valid(_full_year(m.group(4)), int(m.group(3)) or 13, int(m.group(1)) or 32)
    if (m := _DMY_TEXT.fullmatch(value)) and m.group(2) in _MONTHS:
        day = 1 if m.group(1) == "1er" else int(m.group(1)) or 32
        return _valid(_full_year(m.group(3)), _MONTHS[m.group(2)], day)
    if m := _MY.fullmatch(value):
        return _valid(int(m.group(2)), int(m.group(1)) or 13, 0)
    if (m := _MY_TEXT.fullmatch(value)) and m.group(1) in _MONTHS:
        return _valid(int(m.group(2)), _MONTHS[m.group(1)], 0)
    if m := _QUARTER.fullmatch(value):
        return When(int(m.group(1)), quarter=int(m.group(2)))
    if (m := _DECADE.fullmatch(value)) and m.group(1) == m.group(2):
        return When(int(m.group(1)) * 10, decade=True)
    if _YEAR.fullmatch(value):
        return _valid(int(value), 0, 0)
    return None


_PRECISION = ("month", "quarter", "year", "decade")


def _date_at(precision: str) -> Coarsen:
    rank = _PRECISION.index(precision)

    def coarsen(text: str) -> str | None:
        when = parse_when(text)
        if when is None:
            return None
        if when.decade or rank == 3:
            start = when.year // 10 * 10
            return f"{start}-{start + 9}"
        if when.month and rank == 0:
            return f"{when.year:04d}-{when.month:02d}"
        if when.quarter and rank <= 1:
            return f"{when.year:04d}-T{when.quarter}"
        return f"{when.year:04d}"

    return coarsen


MONTH = Level("month", "mois", _date_at("month"))
QUARTER = Level("quarter", "trimestre", _date_at("quarter"))
YEAR = Level("year", "année", _date_at("year"))
DECADE = Level("decade", "décennie", _date_at("decade"))

# -- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_BAND = re.compile(r"(-?\d+)\s*-\s*(-?\d+)")
AGE_WIDTHS = (5, 10, 20, 40)


@lru_cache(maxsize=1 << 16)
def parse_band(text: str) -> tuple[float, float] | None:
    """(low, high) of a number or of a band such as « 20-24 »."""
    value = text.strip()
    if _NUMBER.fullmatch(value):
        number = float(value.replace(",", "."))
        return number, number
    if (m := _BAND.fullmatch(value)) and int(m.group(1)) <= int(m.group(2)):
        return float(m.group(1)), float(m.group(2))
    return None


def band_level(width: int, *, age: bool = True) -> Level:
    """Bands of `width` starting at multiples of it (« 20-24 »); a wider band stays as is."""

    def coarsen(text: str) -> str | None:
        parsed = parse_band(text)
        if parsed is None:
            return None
        low, high = parsed
        if high - low + 1 >= width:
            return f"{int(low)}-{int(high)}"
        start = math.floor(low / width) * width
        return f"{start}-{start + width - 1}"

    name = ("age_band" if width == 5 else f"age_band_{width}") if age else f"band_{width}"
    label = f"tranches d'âge de {width} ans" if age else f"tranches de {width}"
    return Level(name, label, coarsen)


def _number_widths(values: Sequence[str]) -> tuple[int, ...]:
    """Nested band widths for a number column that is not an age: from about 1/64 of its range
    to half of it."""
    bounds = [b for b in map(parse_band, values) if b is not None]
    span = max(b[1] for b in bounds) - min(b[0] for b in bounds) if bounds else 0
    if span < 2:
        return ()
    step = 10 ** math.floor(math.log10(span / 64)) if span >= 64 else 1
    first = next(w for w in (step, 2 * step, 5 * step, 10 * step) if w >= span / 64)
    widths = [int(first)]
    while widths[-1] * 2 <= span / 2:
        widths.append(widths[-1] * 2)
    return tuple(w for w in widths if w > 1)


# -- categories -----------------------------------------------------------------------------

POSTCODE_DEPARTMENT = Level("postcode_department", "département", reference.department_of_code)
COMMUNE_EPCI = Level("commune_epci", "EPCI (intercommunalité)", reference.commune_epci)
COMMUNE_DEPARTMENT = Level("commune_department", "département", reference.commune_department)
PCS_GROUP = Level("pcs_group", "groupe socioprofessionnel (PCS 2020)", reference.pcs_group)
COUPLE = Level("couple", "en couple ou non", reference.couple_status)

_NAMED = {
    level.name: level
    for level in (
        MONTH, QUARTER, YEAR, DECADE, band_level(5), POSTCODE_DEPARTMENT, COMMUNE_EPCI,
        COMMUNE_DEPARTMENT, PCS_GROUP, COUPLE,
    )
}  # fmt: skip
_BAND_NAME = re.compile(r"(age_)?band_(\d{1,9})")
GRID = re.compile(r"grid_(\d+)m")
LEVEL_SPELLINGS = (*_NAMED, "age_band_<n>", "band_<n>", "grid_<m>m")


def named_level(name: str) -> Level | None:
    """The level a policy names (`grid_<m>m` is numeric-only: see `generalize.py`)."""
    if name in _NAMED:
        return _NAMED[name]
    if (m := _BAND_NAME.fullmatch(name)) and int(m.group(2)) >= 1:
        return band_level(int(m.group(2)), age=bool(m.group(1)))
    return None


def is_level_name(name: str) -> bool:
    """Whether a policy may write `generalize:<name>`."""
    return named_level(name) is not None or GRID.fullmatch(name) is not None


# -- which ladder fits a column -------------------------------------------------------------

_FAMILY_HEADERS = {
    "date": {"date", "dates", "naissance", "annee", "mois", "periode", "jour"},
    "age": {"age", "ages"},
    "postcode": {"postal", "postale", "cp"},
    "commune": {"commune", "communes", "ville", "localite", "insee", "cog", "depcom"},
    "profession": {"profession", "metier", "emploi", "csp", "pcs", "socioprofessionnelle"},
    "couple": {"matrimoniale", "matrimonial", "familiale", "famille", "conjugale"},
}
SHARE = 0.9  # share of a column's distinct values that must fit a family without its header
HEADER_SHARE = 0.5  # the same when the header names the family


def _share(values: Sequence[str], fits: Callable[[str], object]) -> float:
    return sum(fits(v) is not None for v in values) / len(values) if values else 0.0


def family(values: Sequence[str], header: str) -> str | None:
    """The kind of hierarchy a column's distinct non-empty texts call for, or None."""
    words = set(header_tokens(header))
    named = {name for name, cues in _FAMILY_HEADERS.items() if words & cues}

    def fits(name: str, test: Callable[[str], object]) -> bool:
        return _share(values, test) >= (HEADER_SHARE if name in named else SHARE)

    if not values:
        return None
    if all(reference.is_code(v) for v in values) and (
        named & {"postcode", "commune"}
        or "code" in words
        or any(v.strip()[:1] == "0" or not v.strip().isdigit() for v in values)
    ):
        return "commune" if "commune" in named and "postcode" not in named else "postcode"
    # Bare four-digit numbers are years only under a date header (else amounts, counts…).
    bare_years = all(_YEAR.fullmatch(v.strip()) for v in values)
    if (not bare_years or "date" in named) and fits("date", parse_when):
        return "date"
    if _share(values, parse_band) >= SHARE:
        return "age" if "age" in named else "number"
    for name, test in (
        ("commune", reference.commune_code),
        ("profession", reference.pcs_group),
        ("couple", reference.couple_status),
    ):
        if fits(name, test):
            return name
    return None


def ladder(values: Sequence[str], header: str) -> list[Level]:
    """Levels from the value itself to the coarsest known, for a column's distinct texts."""
    kind = family(values, header)
    if kind == "date":
        return [IDENTITY, MONTH, QUARTER, YEAR, DECADE]
    if kind == "age":
        return [IDENTITY, *(band_level(w) for w in AGE_WIDTHS)]
    if kind == "number":
        return [IDENTITY, *(band_level(w, age=False) for w in _number_widths(values))]
    coarser = {
        "postcode": [POSTCODE_DEPARTMENT],
        "commune": [COMMUNE_EPCI, COMMUNE_DEPARTMENT],
        "profession": [PCS_GROUP],
        "couple": [COUPLE],
    }
    return [IDENTITY, *coarser.get(kind or "", [])]
