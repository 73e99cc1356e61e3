"""Coarsening of one column (`generalize` action): dates, ages, postcodes, grid cells."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .lexicon import strip_accents
from .vector import as_strings

_GRID = re.compile(r"^grid_(\d+)m$")
_POSTCODE = r"^\d{5}$"

# Dates as French files write them: 1962-03-03, 03/03/1962, 3.3.1962, 03-03-62, 3 mars 1962.
_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12,
    "dec": 12,
}  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\S*)?)?")
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})")
_DMY_TEXT = re.compile(r"(1er|\d{1,2})\s+([a-z]+)\.?\s+(\d{4}|\d{2})")


class GeneralizeError(ValueError):
    """The requested generalization does not fit the column's type or values."""


def _full_year(year: str) -> int:
    """Four-digit year; a two-digit one is in the last hundred years (26 -> 2026, 27 -> 1927)."""
    if len(year) == 4:
        return int(year)
    pivot = datetime.date.today().year % 100
    return (2000 if int(year) <= pivot else 1900) + int(year)


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> tuple[int, int] | None:
    """(year, month) of a date written in a usual French form, or None."""
    value = strip_accents(text.strip().lower())
    if m := _ISO.fullmatch(value):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    elif m := _DMY.fullmatch(value):
        day, month, year = int(m.group(1)), int(m.group(3)), _full_year(m.group(4))
    elif (m := _DMY_TEXT.fullmatch(value)) and m.group(2) in _MONTHS:
        day = 1 if m.group(1) == "1er" else int(m.group(1))
        month, year = _MONTHS[m.group(2)], _full_year(m.group(3))
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1000 <= year <= 2999):
        return None
    return year, month


def date_share(values: list[str]) -> float:
    """Share of `values` (non-empty texts) that parse as dates."""
    return sum(parse_date(v) is not None for v in values) / len(values) if values else 0.0


def _generalize_dates(strings: pa.Array, level: str, unparsed_as: str | None) -> pa.Array:
    """Text dates coarsened to "YYYY" or "YYYY-MM"; blanks stay; other texts become
    `unparsed_as`, or are an error when it is None."""
    encoded = pc.dictionary_encode(strings)
    assert isinstance(encoded, pa.DictionaryArray)
    out: list[str] = []
    unparsed = 0
    for text in encoded.dictionary.to_pylist():
        parsed = parse_date(text)
        if parsed is None:
            blank = text.strip() == ""
            unparsed += not blank
            out.append(text if blank or unparsed_as is None else unparsed_as)
        else:
            out.append(
                f"{parsed[0]:04d}" if level == "year" else f"{parsed[0]:04d}-{parsed[1]:02d}"
            )
    if unparsed and unparsed_as is None:
        raise GeneralizeError(
            f"{unparsed} distinct value(s) are not dates in a known format "
            "(dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy, dd/mm/yy, yyyy-mm-dd, '3 mars 1962')"
        )
    return pc.take(pa.array(out, pa.string()), encoded.indices)


def default_level(array: pa.Array, kind: str) -> str:
    """The level used by a bare `generalize` for this column."""
    dtype = array.type
    if pa.types.is_date(dtype) or pa.types.is_timestamp(dtype):
        return "year" if kind == "birth_date" else "month"
    if pa.types.is_integer(dtype) or pa.types.is_floating(dtype):
        return "age_band"
    strings = as_strings(array).drop_null()
    if len(strings) and pc.all(pc.match_substring_regex(strings, _POSTCODE)).as_py():
        return "postcode_department"
    texts = [v for v in pc.unique(strings).to_pylist() if v.strip()]
    if texts and date_share(texts) == 1.0:
        return "year" if kind == "birth_date" else "month"
    raise GeneralizeError("no generalization known for this column (use a level or another action)")


def _band(values: pa.Array, width: int) -> pa.Array:
    low = pc.multiply(pc.floor(pc.divide(pc.cast(values, pa.float64()), width)), width)
    low_int = pc.cast(low, pa.int64())
    high = pc.add(low_int, width - 1)
    return pc.binary_join_element_wise(
        pc.cast(low_int, pa.string()), pc.cast(high, pa.string()), "-"
    )


def generalize_array(array: pa.Array, level: str, *, unparsed_as: str | None = None) -> pa.Array:
    """The column coarsened to `level` (year, month, age_band, postcode_department, grid_<m>m).

    Text dates that do not parse raise `GeneralizeError`, or become `unparsed_as` when given.
    """
    dtype = array.type
    temporal = pa.types.is_date(dtype) or pa.types.is_timestamp(dtype)
    numeric = pa.types.is_integer(dtype) or pa.types.is_floating(dtype)
    if level in ("year", "month"):
        if temporal:
            fmt = "%Y" if level == "year" else "%Y-%m"
            return pc.strftime(array, format=fmt)
        return _generalize_dates(as_strings(array), level, unparsed_as)
    if level == "age_band":
        if not numeric:
            raise GeneralizeError("age_band needs a numeric column")
        return _band(array, 5)
    if level == "postcode_department":
        strings = pc.utf8_trim_whitespace(as_strings(array))
        overseas = pc.starts_with(strings, "97")
        return pc.if_else(
            overseas,
            pc.utf8_slice_codeunits(strings, 0, 3),
            pc.utf8_slice_codeunits(strings, 0, 2),
        )
    grid = _GRID.match(level)
    if grid:
        if not numeric:
            raise GeneralizeError("grid generalization needs projected numeric coordinates")
        size = int(grid.group(1))
        cell = pc.floor(pc.divide(pc.cast(array, pa.float64()), size))
        return pc.add(pc.multiply(cell, size), size / 2)
    raise GeneralizeError(f"unknown generalize level '{level}'")


def changed_cells(before: pa.Array, after: pa.Array) -> int:
    """Non-null cells whose text differs after generalization."""
    left = as_strings(before)
    right = as_strings(after)
    diff = pc.fill_null(pc.not_equal(left, right), False)
    return int(np.count_nonzero(np.asarray(diff.to_numpy(zero_copy_only=False), dtype=bool)))
