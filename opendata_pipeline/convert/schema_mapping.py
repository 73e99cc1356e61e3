"""An entry's `schema_mapping` applied in DuckDB: clean Parquet → the official schema's columns.

The mapped table has the schema's fields in its order (unmapped optional fields empty), typed
after the schema (Parquet) and written as the schema expects them (CSV: ISO dates or the field's
format, the first of `trueValues`/`falseValues`…). A present source value that cannot become its
field's type (a date that does not match the format, a value missing from a lookup) is never
turned into an empty cell silently: it is a `type-error` of that field with its row numbers,
which blocks publication (`table_schema` check) and refuses `publish_files`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from opendata_pipeline import schemas
from opendata_pipeline.catalog.mapping import FieldMapping, Scalar
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.storage.sql import (
    CSV_OPTIONS,
    copy_hashed,
    filled,
    ident,
    lit,
    parquet_options,
)
from opendata_pipeline.validate.table_schema import (
    DEFAULT_FALSE,
    DEFAULT_TRUE,
    FIRST_ROWS,
    ROW,
    SchemaError,
)

TYPED = {
    "string": "VARCHAR", "integer": "BIGINT", "year": "INTEGER", "number": "DOUBLE",
    "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP", "time": "TIME",
}  # fmt: skip
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
             "UINTEGER", "UBIGINT")  # fmt: skip
_TEXT = ("VARCHAR",)


@dataclass(frozen=True)
class MappedField:
    """One schema field of the mapped table: its typed value, its CSV text, its failures."""

    name: str
    typed: str  # SQL over the clean relation, typed after the schema
    render: str  # SQL over the typed relation: the text the CSV carries
    failing: str | None = None  # SQL over the clean relation: a value that did not convert
    reason: str = ""  # French, for the report: why such a value failed
    source: str | None = None  # the clean column read, if any


@dataclass(frozen=True)
class MappingPlan:
    """The whole mapping of one entry onto its schema, as SQL."""

    schema: str
    fields: tuple[MappedField, ...]

    def typed_sql(self, relation: str) -> str:
        cols = ", ".join(f"{f.typed} AS {ident(f.name)}" for f in self.fields)
        return f"SELECT {cols} FROM {relation}"

    def csv_sql(self, relation: str) -> str:
        return self.render_sql(f"({self.typed_sql(relation)})")

    def render_sql(self, typed: str) -> str:
        """The CSV text of `typed`, a relation of the mapped (typed) columns."""
        cols = ", ".join(f"{f.render} AS {ident(f.name)}" for f in self.fields)
        return f"SELECT {cols} FROM {typed}"


def _literal(value: Scalar) -> tuple[str, str]:
    """(SQL literal, its DuckDB type) of a constant from the catalogue entry."""
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), "BOOLEAN"
    if isinstance(value, int):
        return str(value), "BIGINT"
    if isinstance(value, float):
        return repr(value), "DOUBLE"
    return lit(value), "VARCHAR"


def _convert(expr: str, src: str, fld: dict[str, Any], formats: list[str]) -> str:
    """SQL turning `expr` (of DuckDB type `src`) into the field's type; NULL when it cannot."""
    ftype = fld.get("type", "string")
    src = src.upper()
    text = f"trim(CAST({expr} AS VARCHAR))"
    numeric = src.startswith(_INTEGERS) or src.startswith(("DOUBLE", "FLOAT", "DECIMAL", "REAL"))
    if ftype in ("integer", "year"):
        if src.startswith(("DATE", "TIMESTAMP")) and ftype == "year":
            return f"year({expr})"
        target = TYPED[ftype]
        if src.startswith(_INTEGERS):
            return f"TRY_CAST({expr} AS {target})"
        if numeric:
            return f"CASE WHEN {expr} = trunc({expr}) THEN TRY_CAST({expr} AS {target}) END"
        return f"TRY_CAST({text} AS {target})" if src in _TEXT else "NULL"
    if ftype == "number":
        if numeric:
            return f"CAST({expr} AS DOUBLE)"
        return f"TRY_CAST({text} AS DOUBLE)" if src in _TEXT else "NULL"
    if ftype == "boolean":
        if src == "BOOLEAN":
            return expr
        if numeric:
            return f"CASE WHEN {expr} = 1 THEN TRUE WHEN {expr} = 0 THEN FALSE END"
        trues = ", ".join(lit(str(v)) for v in fld.get("trueValues", DEFAULT_TRUE))
        falses = ", ".join(lit(str(v)) for v in fld.get("falseValues", DEFAULT_FALSE))
        return f"CASE WHEN {text} IN ({trues}) THEN TRUE WHEN {text} IN ({falses}) THEN FALSE END"
    if ftype in ("date", "datetime", "time"):
        target = TYPED[ftype]
        if src.startswith(("DATE", "TIMESTAMP", "TIME")):
            if src.startswith("TIMESTAMP WITH TIME ZONE") and ftype == "datetime":
                return expr  # keeps its offset
            return f"TRY_CAST({expr} AS {target})"
        if src not in _TEXT:
            return "NULL"
        if formats:
            listed = "[" + ", ".join(lit(f) for f in formats) + "]"
            return f"CAST(try_strptime({text}, {listed}) AS {target})"
        return f"TRY_CAST({text} AS {target})"
    if ftype == "yearmonth" and src.startswith(("DATE", "TIMESTAMP")):
        return f"strftime({expr}, '%Y-%m')"
    if src.startswith(("STRUCT", "MAP")) or src.endswith("[]"):
        return f"CAST(to_json({expr}) AS VARCHAR)"
    return f"CAST({expr} AS VARCHAR)"


def _render(col: str, fld: dict[str, Any], typed_type: str) -> str:
    """The CSV text of a typed value, in the field's lexical form."""
    ftype = fld.get("type", "string")
    fmt = fld.get("format", "default") or "default"
    custom = fmt not in ("default", "any")
    if ftype == "boolean":
        true = str(fld.get("trueValues", DEFAULT_TRUE)[0])
        false = str(fld.get("falseValues", DEFAULT_FALSE)[0])
        return f"CASE WHEN {col} THEN {lit(true)} WHEN NOT {col} THEN {lit(false)} END"
    if ftype == "date":
        return f"strftime({col}, {lit(fmt if custom else '%Y-%m-%d')})"
    if ftype == "datetime":
        if custom:
            return f"strftime({col}, {lit(fmt)})"
        if typed_type.startswith("TIMESTAMP WITH TIME ZONE"):
            return f"strftime(timezone('UTC', {col}), '%Y-%m-%dT%H:%M:%SZ')"
        return f"strftime({col}, '%Y-%m-%dT%H:%M:%S')"
    if ftype == "time":
        return f"strftime(DATE '2000-01-01' + {col}, {lit(fmt if custom else '%H:%M:%S')})"
    if ftype == "number" and fld.get("decimalChar", ".") != ".":
        return f"replace(CAST({col} AS VARCHAR), '.', {lit(fld['decimalChar'])})"
    return f"CAST({col} AS VARCHAR)"


def _source(spec: FieldMapping, columns: dict[str, str]) -> tuple[str, str, str | None, str]:
    """(SQL expression, its type, the lookup's unmatched-value predicate, reason if failing)."""
    if spec.value is not None:
        value, kind = _literal(spec.value)
        return value, kind, None, "constante incompatible avec le type du champ"
    column = spec.source
    assert column is not None
    expr = ident(column)
    if spec.map is None:
        reason = (
            f"valeur ne respectant pas le format {' ou '.join(spec.formats)}"
            if spec.formats
            else "valeur non convertible dans le type du champ"
        )
        return expr, columns[column], None, reason
    values = [_literal(v) for v in spec.map.values()]
    kinds = {k for _, k in values}
    kind = kinds.pop() if len(kinds) == 1 else "VARCHAR"
    key = f"CAST({expr} AS VARCHAR)"
    cases = " ".join(
        f"WHEN {key} = {lit(k)} THEN CAST({v} AS {kind})"
        for k, (v, _) in zip(spec.map, values, strict=True)
    )
    default = f"CAST({_literal(spec.default)[0]} AS {kind})" if spec.default is not None else "NULL"
    known = ", ".join(lit(k) for k in spec.map)
    unmatched = None if spec.default is not None else f"({filled(expr)} AND {key} NOT IN ({known}))"
    return (
        f"(CASE {cases} ELSE {default} END)",
        kind,
        unmatched,
        ("valeur absente de la table de correspondance"),
    )


def plan(entry: DatasetEntry, columns: dict[str, str]) -> MappingPlan:
    """The mapping of `entry` over a clean table with these columns (name → DuckDB type).

    A mapped source column the clean table lacks (dropped by the personal-data policy, renamed
    upstream) is a `DatasetError` naming the schema field and the column.
    """
    assert entry.schema_ and entry.schema_mapping is not None
    desc = schemas.descriptor(entry.schema_)
    mapping = entry.schema_mapping
    fields: list[MappedField] = []
    for fld in desc["fields"]:
        name = fld["name"]
        ftype = fld.get("type", "string")
        typed_type = TYPED.get(ftype, "VARCHAR")
        spec = mapping.get(name)
        if spec is None:
            fields.append(MappedField(name, f"CAST(NULL AS {typed_type})", "NULL"))
            continue
        if spec.source is not None and spec.source not in columns:
            raise DatasetError(
                entry.id,
                f"schema_mapping.{name}: source column '{spec.source}' absent from the clean "
                f"data (columns: {', '.join(columns)})",
            )
        expr, kind, unmatched, reason = _source(spec, columns)
        typed = _convert(expr, kind, fld, spec.formats)
        if ftype == "datetime" and kind.startswith("TIMESTAMP WITH TIME ZONE"):
            typed_type = kind
        failing = f"({filled(expr)} AND ({typed}) IS NULL)"
        if unmatched:
            failing = f"({failing} OR {unmatched})"
        fields.append(
            MappedField(name, typed, _render(ident(name), fld, typed_type), failing, reason,
                        spec.source)
        )  # fmt: skip
    return MappingPlan(str(entry.schema_), tuple(fields))


def clean_relation(clean: Path) -> str:
    """The clean file with the row numbers of the mapped CSV (header = row 1)."""
    return (
        f"(SELECT *, file_row_number + 2 AS {ROW} "
        f"FROM read_parquet({lit(clean)}, file_row_number = true))"
    )


def conversion_errors(
    con: duckdb.DuckDBPyConnection, mapping: MappingPlan, clean: Path
) -> list[SchemaError]:
    """Source values that did not become their field's type: a blocking `type-error` per
    field, with counts and the first row numbers (never the values)."""
    checked = [f for f in mapping.fields if f.failing]
    if not checked:
        return []
    relation = clean_relation(clean)
    parts = ", ".join(
        f"count(*) FILTER (WHERE {f.failing}), min({ROW}, {FIRST_ROWS}) FILTER (WHERE {f.failing})"
        for f in checked
    )
    row = con.execute(f"SELECT {parts} FROM {relation}").fetchone()
    assert row is not None
    errors = []
    for i, f in enumerate(checked):
        count, rows = int(row[2 * i]), tuple(sorted(row[2 * i + 1] or ()))
        if count:
            errors.append(
                SchemaError("type-error", f.name, count, f"correspondance : {f.reason}",
                            rows[0] if rows else None, rows=rows)
            )  # fmt: skip
    return errors


@dataclass(frozen=True)
class MappedFiles:
    """What `write_mapped` produced."""

    parquet: Path | None
    csv: Path
    rows: int
    columns: list[tuple[str, str]]
    errors: list[SchemaError]
    sha256: dict[str, str] = field(default_factory=dict)  # "parquet", "csv": of the files written


def write_mapped(
    con: duckdb.DuckDBPyConnection,
    entry: DatasetEntry,
    clean: Path,
    *,
    csv: Path,
    parquet: Path | None = None,
    kv: dict[str, str] | None = None,
    keep_going: bool = False,
) -> MappedFiles:
    """Write the mapped table as CSV (and Parquet) from the clean file. Conversion failures are
    returned; unless `keep_going` (validation: the other fields are still checked, failed cells
    empty) nothing is written then."""
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit(clean)})").fetchall()
    columns = {str(r[0]): str(r[1]) for r in described}
    mapping = plan(entry, columns)
    errors = conversion_errors(con, mapping, clean)
    source = f"read_parquet({lit(clean)})"
    typed = mapping.typed_sql(source)
    out_columns = [(str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE {typed}").fetchall()]
    count = con.execute(f"SELECT count(*) FROM {source}").fetchone()
    rows = int(count[0]) if count else 0
    if errors and not keep_going:
        return MappedFiles(None, csv, rows, out_columns, errors)
    if parquet is None:  # for validation: a scratch CSV, no checksum needed
        con.execute(f"COPY ({mapping.csv_sql(source)}) TO {lit(csv)} ({CSV_OPTIONS})")
        return MappedFiles(None, csv, rows, out_columns, errors)
    # the CSV renders the typed values just written: the clean file is mapped once
    digests = {"parquet": copy_hashed(con, typed, parquet, parquet_options(kv))}
    rendered = mapping.render_sql(f"read_parquet({lit(parquet)})")
    digests["csv"] = copy_hashed(con, rendered, csv, CSV_OPTIONS)
    return MappedFiles(parquet, csv, rows, out_columns, errors, digests)


def describe(entry: DatasetEntry) -> dict[str, Any]:
    """The mapping as the manifest and the compliance report record it (no data)."""
    assert entry.schema_mapping is not None
    return {
        name: json.loads(spec.model_dump_json(by_alias=True, exclude_unset=True))
        for name, spec in entry.schema_mapping.items()
    }
