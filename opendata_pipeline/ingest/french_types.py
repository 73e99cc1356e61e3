"""Infer column types from French-formatted text and build the DuckDB expressions that cast them.

Decimal commas, space / non-breaking-space thousands separators, dd/mm/yyyy and dd/mm/yy dates
and `dd/mm/yyyy HH:MM[:SS]` timestamps are recognised; codes with leading zeros stay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPACES = " \u00a0\u202f"
_INT = re.compile(r"^[+-]?(?:0|[1-9]\d{0,17})$")
_INT_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+$")
_DEC_COMMA = re.compile(r"^[+-]?(?:0|[1-9]\d{0,2}(?:[ \u00a0\u202f.]?\d{3})*|[1-9]\d*),\d+$")
_DEC_DOT = re.compile(r"^[+-]?(?:0|[1-9]\d*)?\.\d+$")
_DATE_FR = re.compile(r"^(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/\d{4}$")
_DATE_FR_SHORT = re.compile(r"^(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/\d{2}$")
_DATE_ISO = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_TS_FR = re.compile(r"^(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/\d{4} \d{1,2}:\d{2}(:\d{2})?$")
_TS_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
# Headers that name identifiers or codes: kept as text whatever their values look like.
_CODE_HEADER = re.compile(
    r"(^|[^a-z])(code|cp|insee|siret|siren|postal|tel|t[ée]l[ée]phone|phone|fax|iban|rna|"
    r"zip|n°|numero|num[ée]ro de t)",
    re.IGNORECASE,
)

TEXT, BIGINT, DOUBLE, DATE, TIMESTAMP, TIMESTAMPTZ = (
    "VARCHAR", "BIGINT", "DOUBLE", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
)  # fmt: skip


@dataclass(frozen=True)
class ColumnType:
    """The inferred type of one column and how to parse it."""

    sql_type: str
    pattern: str = ""  # strptime format or decimal mark

    def expression(self, column: str) -> str:
        """DuckDB SQL turning the VARCHAR `column` (quoted identifier) into this type."""
        v = f"nullif(trim({column}, ' \t\u00a0\u202f'), '')"
        if self.sql_type == TEXT:
            return v
        v = f"nullif({v}, '-')"  # spreadsheet exports write an empty amount as "-"
        if self.sql_type == BIGINT:
            return f"CAST(regexp_replace({v}, '[ \u00a0\u202f]', '', 'g') AS BIGINT)"
        if self.sql_type == DOUBLE:
            cleaned = f"regexp_replace({v}, '[ \u00a0\u202f]', '', 'g')"
            if self.pattern == ",":
                cleaned = f"replace(replace({cleaned}, '.', ''), ',', '.')"
            return f"CAST({cleaned} AS DOUBLE)"
        if self.sql_type in (DATE, TIMESTAMP):
            if self.pattern == "iso":
                return f"CAST({v} AS {self.sql_type})"
            parsed = f"strptime({v}, '{self.pattern}')"
            return f"CAST({parsed} AS DATE)" if self.sql_type == DATE else parsed
        if self.sql_type == TIMESTAMPTZ:
            return f"CAST({v} AS TIMESTAMPTZ)"
        raise ValueError(f"unsupported type {self.sql_type}")


def _all(values: list[str], *patterns: re.Pattern[str]) -> bool:
    return all(any(p.match(v) for p in patterns) for v in values)


def infer_type(header: str, values: Iterable[str | None], *, decimal: str = "auto",
               force_text: bool = False) -> ColumnType:  # fmt: skip
    """The narrowest type every non-empty sample value fits; text when unsure."""
    sample = [v.strip(_SPACES + "\t") for v in values if v is not None]
    sample = [v for v in sample if v and v != "-"]
    if force_text or not sample or _CODE_HEADER.search(header):
        return ColumnType(TEXT)
    if _all(sample, _INT, _INT_GROUPED):
        return ColumnType(BIGINT)
    if (
        decimal != "."
        and _all(sample, _INT, _INT_GROUPED, _DEC_COMMA)
        and any("," in v for v in sample)
    ):
        return ColumnType(DOUBLE, ",")
    if decimal != "," and _all(sample, _INT, _DEC_DOT):
        return ColumnType(DOUBLE, ".")
    if _all(sample, _DATE_FR):
        return ColumnType(DATE, "%d/%m/%Y")
    if _all(sample, _DATE_FR_SHORT):
        return ColumnType(DATE, "%d/%m/%y")
    if _all(sample, _DATE_ISO):
        return ColumnType(DATE, "iso")
    if _all(sample, _TS_FR):
        fmt = "%d/%m/%Y %H:%M:%S" if sample[0].count(":") == 2 else "%d/%m/%Y %H:%M"
        if all(v.count(":") == sample[0].count(":") for v in sample):
            return ColumnType(TIMESTAMP, fmt)
    if _all(sample, _TS_ISO):
        if any(v.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", v) for v in sample):
            return ColumnType(TIMESTAMPTZ, "iso")
        return ColumnType(TIMESTAMP, "iso")
    return ColumnType(TEXT)
