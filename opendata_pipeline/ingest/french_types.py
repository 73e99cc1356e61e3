"""Infer column types from French-formatted text and build the DuckDB expressions that cast them.

Decimal commas, space / non-breaking-space thousands separators, dd/mm/yyyy and dd/mm/yy dates
and `dd/mm/yyyy HH:MM[:SS]` timestamps are recognised; codes with leading zeros stay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

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


def is_code_header(header: str) -> bool:
    """Whether a column name says it holds identifiers or codes (kept as text)."""
    return bool(_CODE_HEADER.search(header))


@dataclass(frozen=True)
class ColumnType:
    """The inferred type of one column and how to parse it.

    The expression is as cheap as the sample allows (`padded`: spaces to strip, `dash`: "-"
    placeholders); `robust()` is the variant that copes with every French form of the type.
    """

    sql_type: str
    pattern: str = ""  # strptime format or decimal mark
    padded: bool = False
    dash: bool = False

    def robust(self) -> ColumnType:
        return replace(self, padded=True, dash=True)

    @property
    def is_robust(self) -> bool:
        return self.padded and self.dash

    @property
    def conversion(self) -> str | None:
        """What casting this column rewrites, for the « Traitements appliqués » paragraph:
        `decimal_comma`, `spaces_removed` or `date:<strptime pattern>` (None: nothing)."""
        if self.sql_type in (BIGINT, DOUBLE):
            return "decimal_comma" if self.pattern == "," else (
                "spaces_removed" if self.padded else None)  # fmt: skip
        if self.sql_type in (DATE, TIMESTAMP) and self.pattern not in ("", "iso"):
            return f"date:{self.pattern}"
        return None

    def expression(self, column: str, *, strict: bool = True) -> str:
        """DuckDB SQL turning the VARCHAR `column` into this type.

        Strict expressions raise on a value that does not fit; `strict=False` gives NULL instead
        (used to find which column failed).
        """
        if self.sql_type == TEXT:
            return column
        cast = "CAST" if strict else "TRY_CAST"
        v = column
        if self.padded:
            v = f"nullif(trim({v}, ' \t\u00a0\u202f'), '')"
        if self.dash:
            v = f"nullif({v}, '-')"  # spreadsheet exports write an empty amount as "-"
        if self.sql_type in (BIGINT, DOUBLE):
            if self.padded:
                v = f"replace(replace(replace({v}, ' ', ''), '\u00a0', ''), '\u202f', '')"
            if self.pattern == "," and self.is_robust:  # also "1.234,56": drop dot thousands
                v = f"replace(regexp_replace({v}, '\\.(\\d{{3}})', '\\1', 'g'), ',', '.')"
            elif self.pattern == ",":
                v = f"replace({v}, ',', '.')"
            return f"{cast}({v} AS {self.sql_type})"
        if self.sql_type in (DATE, TIMESTAMP) and self.pattern != "iso":
            parsed = f"{'strptime' if strict else 'try_strptime'}({v}, '{self.pattern}')"
            return f"CAST({parsed} AS DATE)" if self.sql_type == DATE else parsed
        if self.sql_type in (DATE, TIMESTAMP, TIMESTAMPTZ):
            return f"{cast}({v} AS {self.sql_type})"
        raise ValueError(f"unsupported type {self.sql_type}")


def _all(values: list[str], *patterns: re.Pattern[str]) -> bool:
    return all(map(_either(*patterns).match, values))  # C-speed: samples are 20,000 values


@cache
def _either(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One pattern matching where any of `patterns` (each anchored) matches."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def infer_type(header: str, values: Iterable[str | None], *, decimal: str = "auto",
               force_text: bool = False) -> ColumnType:  # fmt: skip
    """The narrowest type every non-empty sample value fits; text when unsure."""
    raw = [v for v in dict.fromkeys(values) if v is not None]  # distinct values suffice
    sample = list(dict.fromkeys([v.strip(_SPACES + "\t") for v in raw]))
    dash = "-" in sample
    sample = [v for v in sample if v and v != "-"]
    joined = "\n".join(raw)
    padded = any(c in joined for c in _SPACES + "\t")
    if force_text or not sample or is_code_header(header):
        return ColumnType(TEXT)
    if _all(sample, _INT, _INT_GROUPED):
        return ColumnType(BIGINT, "", padded, dash)
    if (
        decimal != "."
        and _all(sample, _INT, _INT_GROUPED, _DEC_COMMA)
        and any("," in v for v in sample)
    ):
        dotted = any("." in v for v in sample)
        return ColumnType(DOUBLE, ",", padded or dotted, dash or dotted)
    if decimal != "," and _all(sample, _INT, _DEC_DOT):
        return ColumnType(DOUBLE, ".", padded, dash)
    if _all(sample, _DATE_FR):
        return ColumnType(DATE, "%d/%m/%Y", padded, dash)
    if _all(sample, _DATE_FR_SHORT):
        return ColumnType(DATE, "%d/%m/%y", padded, dash)
    if _all(sample, _DATE_ISO):
        return ColumnType(DATE, "iso", padded, dash)
    if _all(sample, _TS_FR):
        fmt = "%d/%m/%Y %H:%M:%S" if sample[0].count(":") == 2 else "%d/%m/%Y %H:%M"
        if all(v.count(":") == sample[0].count(":") for v in sample):
            return ColumnType(TIMESTAMP, fmt, padded, dash)
    if _all(sample, _TS_ISO):
        if any(v.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", v) for v in sample):
            return ColumnType(TIMESTAMPTZ, "iso", padded, dash)
        return ColumnType(TIMESTAMP, "iso", padded, dash)
    return ColumnType(TEXT)
