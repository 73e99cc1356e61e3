"""Coarsening of one column (`generalize` action) with the levels of `hierarchies.py`, plus
grid cells for projected coordinates."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .hierarchies import GRID, family, ladder, named_level, parse_when
from .vector import as_strings

REDACTED = "[MASQUÉ]"


class GeneralizeError(ValueError):
    """The requested generalization does not fit the column's type or values."""


def parse_date(text: str) -> tuple[int, int] | None:
    """(year, month) of a date written in a usual French form to the month or the day, or None
    (not a date, or an impossible one such as 31/02)."""
    when = parse_when(text)
    return (when.year, when.month) if when is not None and when.month else None


def date_share(values: list[str]) -> float:
    """Share of `values` (non-empty texts) that parse as dates."""
    return sum(parse_date(v) is not None for v in values) / len(values) if values else 0.0


def _distinct_texts(array: pa.Array) -> list[str]:
    strings = as_strings(array).drop_null()
    return [v for v in pc.unique(strings).to_pylist() if v.strip()]


def default_level(array: pa.Array, kind: str, header: str = "") -> str:
    """The level a bare `generalize` uses, from the column's type, values and header."""
    dtype = array.type
    if pa.types.is_date(dtype) or pa.types.is_timestamp(dtype):
        return "year" if kind == "birth_date" else "month"
    values = _distinct_texts(array)
    fam = family(values, header)
    if fam == "date":
        return "year" if kind == "birth_date" else "month"
    if fam in ("age", "number"):
        steps = ladder(values, header)
        if len(steps) > 1:
            return steps[1].name
    by_family = {
        "postcode": "postcode_department",
        "commune": "commune_epci",
        "profession": "pcs_group",
        "couple": "couple",
    }
    if fam in by_family:
        return by_family[fam]
    raise GeneralizeError(
        "aucune généralisation connue pour cette colonne (dates, âges et nombres, codes postaux, "
        "communes, professions, situation familiale) : indiquez un niveau ou une autre action"
    )


class Generalized(NamedTuple):
    """A coarsened column and what it cost (counts only)."""

    array: pa.Array
    changed: int  # non-empty cells whose text changed
    unmapped: int  # cells outside the hierarchy (an impossible date…), replaced by a label


def _grid(array: pa.Array, size: int) -> pa.Array:
    if not (pa.types.is_integer(array.type) or pa.types.is_floating(array.type)):
        raise GeneralizeError("la généralisation en grille exige des coordonnées projetées")
    cell = pc.floor(pc.divide(pc.cast(array, pa.float64()), size))
    return pc.add(pc.multiply(cell, size), size / 2)


def generalize_column(array: pa.Array, level: str, *, unmapped_as: str = REDACTED) -> Generalized:
    """`array` coarsened to `level` (a `hierarchies` level name or grid_<m>m); each distinct
    value is coarsened once; a value outside the hierarchy becomes `unmapped_as`."""
    grid = GRID.fullmatch(level)
    if grid:
        out = _grid(array, int(grid.group(1)))
        return Generalized(out, changed_cells(array, out), 0)
    step = named_level(level)
    if step is None:
        raise GeneralizeError(f"niveau de généralisation inconnu : {level}")
    encoded = pc.dictionary_encode(as_strings(array))
    assert isinstance(encoded, pa.DictionaryArray)
    mapped: list[str] = []
    outside = []
    for text in encoded.dictionary.to_pylist():
        coarse = text if not text.strip() else step.coarsen(text)
        outside.append(coarse is None)
        mapped.append(unmapped_as if coarse is None else coarse)
    out = pc.take(pa.array(mapped, pa.string()), encoded.indices)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(pc.is_null(encoded.indices).to_numpy(zero_copy_only=False), dtype=bool)
    unmapped = int(np.count_nonzero(np.asarray(outside, dtype=bool)[codes[valid].astype(np.int64)]))
    return Generalized(out, changed_cells(array, out), unmapped)


def changed_cells(before: pa.Array, after: pa.Array) -> int:
    """Non-null cells whose text differs after generalization."""
    left = as_strings(before)
    right = as_strings(after)
    diff = pc.fill_null(pc.not_equal(left, right), False)
    return int(np.count_nonzero(np.asarray(diff.to_numpy(zero_copy_only=False), dtype=bool)))
