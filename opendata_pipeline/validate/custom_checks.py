"""The Validata `custom_checks` of SCDL/etalab schemas that frictionless ignores (R-SCHEMA-CUSTOM).

Each check runs on the view `t` registered by `table_schema.load_table` and returns
`SchemaError`s (counts and first row only). A check this module does not implement fails closed.
"""

from __future__ import annotations

from typing import Any

import duckdb
from stdnum.fr import siret

from opendata_pipeline.validate.table_schema import ROW, SchemaError, TableSchema, literal, quote

# R-SUBV-BENEFICIARY: the constant that replaces a masked natural-person beneficiary.
NATURAL_PERSON_PLACEHOLDER = "Personne physique"
_OPS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=", "=": "=", "!=": "<>"}


def _filled(col: str) -> str:
    return f"({col} IS NOT NULL AND trim(CAST({col} AS VARCHAR)) <> '')"


def _count(con: duckdb.DuckDBPyConnection, failing: str) -> tuple[int, int | None]:
    row = con.execute(f"SELECT count(*), min({ROW}) FROM t WHERE {failing}").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def _as_comparable(col: str) -> str:
    text = f"trim(CAST({col} AS VARCHAR))"
    return f"coalesce(TRY_CAST({text} AS DOUBLE), epoch(TRY_CAST({text} AS DATE)))"


def _siret(con: duckdb.DuckDBPyConnection, column: str) -> tuple[int, int | None]:
    """Distinct non-empty values checked with python-stdnum (14 digits, Luhn, La Poste rule)."""
    col = quote(column)
    rows = con.execute(
        f"SELECT trim(CAST({col} AS VARCHAR)) AS v, count(*), min({ROW}) FROM t "
        f"WHERE {_filled(col)} GROUP BY v"
    ).fetchall()
    bad = [(n, first) for value, n, first in rows if not siret.is_valid(value)]
    return sum(n for n, _ in bad), min((f for _, f in bad), default=None)


def run_custom_check(
    con: duckdb.DuckDBPyConnection, check: dict[str, Any], columns: set[str]
) -> list[SchemaError]:
    """Errors of one declared custom check (empty list = passed)."""
    name = str(check.get("name"))
    params: dict[str, Any] = dict(check.get("params", {}))
    involved = [
        str(v)
        for k, v in params.items()
        if k in ("column", "column1", "column2") and isinstance(v, str)
    ] + [str(c) for k in ("othercolumns", "columns") for c in params.get(k, [])]
    absent = [c for c in involved if c not in columns]
    field = str(params.get("column") or params.get("column1") or "")
    if name in ("french-siret-value", "year-interval-value") and absent:
        return []  # an absent optional column has no value to check (a missing required is R-SCHEMA)
    if name == "french-siret-value":
        count, first = _siret(con, field)
        return [SchemaError(name, field, count, name, first)] if count else []
    if name == "one-of-required":
        pair = [c for c in (params["column1"], params["column2"]) if c in columns]
        both_empty = " AND ".join(f"NOT {_filled(quote(c))}" for c in pair) or "TRUE"
        if "nomBeneficiaire" not in columns:
            count, first = _count(con, both_empty)
            return [SchemaError(name, field, count, name, first)] if count else []
        masked = f"{quote('nomBeneficiaire')} = {literal(NATURAL_PERSON_PLACEHOLDER)}"
        errors = []
        count, first = _count(con, f"({both_empty}) AND NOT ({masked})")
        if count:
            errors.append(SchemaError(name, field, count, name, first))
        count, first = _count(con, f"({both_empty}) AND ({masked})")
        if count:  # legal-rules precedence 3: a masked natural person → WARN
            errors.append(SchemaError(name, field, count, name, first, severity="WARN"))
        return errors
    if absent:
        return [SchemaError(name, field, 1, f"columns missing: {', '.join(absent)}")]
    if name == "compare-columns-value":
        a, b = quote(params["column"]), quote(params["column2"])
        op = _OPS.get(str(params.get("op")))
        if op is None:
            return [SchemaError(name, field, 1, "unknown operator")]
        left, right = _as_comparable(a), _as_comparable(b)
        failing = f"{left} IS NOT NULL AND {right} IS NOT NULL AND NOT ({left} {op} {right})"
        count, first = _count(con, failing)
        return [SchemaError(name, field, count, name, first)] if count else []
    if name == "cohesive-columns-value":
        cols = [quote(c) for c in [params["column"], *params["othercolumns"]]]
        filled = " + ".join(f"CAST({_filled(c)} AS INTEGER)" for c in cols)
        count, first = _count(con, f"({filled}) NOT IN (0, {len(cols)})")
        return [SchemaError(name, field, count, name, first)] if count else []
    if name == "sum-columns-value":
        total = _as_comparable(quote(params["column"]))
        parts = [_as_comparable(quote(c)) for c in params["columns"]]
        known = " AND ".join(f"{p} IS NOT NULL" for p in [total, *parts])
        count, first = _count(con, f"{known} AND {total} <> {' + '.join(parts)}")
        return [SchemaError(name, field, count, name, first)] if count else []
    if name == "year-interval-value":
        col = quote(field)
        text = f"trim(CAST({col} AS VARCHAR))"
        year_only = str(params.get("allow-year-only", "no")).lower() == "yes"
        interval = (
            f"(regexp_full_match({text}, '\\d{{4}}/\\d{{4}}') "
            f"AND split_part({text}, '/', 1) < split_part({text}, '/', 2))"
        )
        ok = f"({interval} OR regexp_full_match({text}, '\\d{{4}}'))" if year_only else interval
        count, first = _count(con, f"{_filled(col)} AND NOT {ok}")
        return [SchemaError(name, field, count, name, first)] if count else []
    # e.g. nomenclature-actes-value: the ACTES list is not shipped → fail closed
    return [SchemaError(name, field, 1, "check not available in the pipeline (fail closed)")]


def run_custom_checks(
    con: duckdb.DuckDBPyConnection, schema: TableSchema, columns: set[str]
) -> list[SchemaError]:
    """All custom checks the schema declares."""
    out: list[SchemaError] = []
    for check in schema.custom_checks:
        out.extend(run_custom_check(con, check, columns))
    return out
