"""Coarsening of one column (`generalize` action): dates, ages, postcodes, grid cells."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .vector import as_strings

_GRID = re.compile(r"^grid_(\d+)m$")
_POSTCODE = r"^\d{5}$"
_ISO_DATE = r"^\d{4}-\d{2}(-\d{2})?"


class GeneralizeError(ValueError):
    """The requested generalization does not fit the column's type or values."""


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
    if len(strings) and pc.all(pc.match_substring_regex(strings, _ISO_DATE)).as_py():
        return "year" if kind == "birth_date" else "month"
    raise GeneralizeError("no generalization known for this column (use a level or another action)")


def _band(values: pa.Array, width: int) -> pa.Array:
    low = pc.multiply(pc.floor(pc.divide(pc.cast(values, pa.float64()), width)), width)
    low_int = pc.cast(low, pa.int64())
    high = pc.add(low_int, width - 1)
    return pc.binary_join_element_wise(
        pc.cast(low_int, pa.string()), pc.cast(high, pa.string()), "-"
    )


def generalize_array(array: pa.Array, level: str) -> pa.Array:
    """The column coarsened to `level` (year, month, age_band, postcode_department, grid_<m>m)."""
    dtype = array.type
    temporal = pa.types.is_date(dtype) or pa.types.is_timestamp(dtype)
    numeric = pa.types.is_integer(dtype) or pa.types.is_floating(dtype)
    if level in ("year", "month"):
        if temporal:
            fmt = "%Y" if level == "year" else "%Y-%m"
            return pc.strftime(array, format=fmt)
        strings = as_strings(array)
        return pc.utf8_slice_codeunits(strings, 0, 4 if level == "year" else 7)
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
