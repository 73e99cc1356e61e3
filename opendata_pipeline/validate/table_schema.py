"""Table Schema validation in DuckDB SQL, in frictionless' `schema_sync` mode (legal-rules R-SCHEMA).

Every cell check is one SQL predicate (`CellCheck`); all of them are counted in a single
aggregate pass, so a file of millions of rows costs one scan. The semantics follow frictionless
5 (missing values, type parsing, one `type-error` or one `constraint-error` per failed
constraint per cell, `unique-error`, `primary-key`); the test suite checks the verdict and the
failing fields against frictionless on every bundled example. Errors carry codes, field names,
counts and the first row number — never a cell value.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from opendata_pipeline.sql import connect

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas"
ROW = "__row"
Severity = Literal["BLOCK", "WARN"]
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")

_INT_RE = r"[+-]?\d+(_\d+)*"
_DEC_RE = (
    r"[+-]?((\d+(_\d+)*(\.(\d+(_\d+)*)?)?|\.\d+(_\d+)*)([eE][+-]?\d+(_\d+)*)?"
    r"|(?i:inf|infinity|nan|snan))"
)
_DATE_RE = r"\d{4}-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])"
_EMAIL_RE = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_URI_RE = r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*"
_NUM = r"\s*-?\d+(\.\d+)?\s*"
_GEOPOINT_RE = {"default": f"{_NUM},{_NUM}", "array": rf"\s*\[{_NUM},{_NUM}\]\s*"}


@dataclass(frozen=True)
class TableSchema:
    """A loaded Table Schema: its descriptor, where it came from and its version."""

    name: str
    path: Path
    descriptor: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "unknown"))

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("fields", []))

    @property
    def custom_checks(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("custom_checks", []))

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]


@dataclass(frozen=True)
class SchemaError:
    """A group of identical errors: code (frictionless/Validata), field, count, first row."""

    code: str
    field: str | None
    count: int
    note: str
    first_row: int | None = None
    severity: Severity = "BLOCK"
    hint: str | None = None


@dataclass
class SchemaReport:
    """Outcome of validating one file; `valid` is False when any BLOCK error exists."""

    schema: str
    version: str
    rows: int
    errors: list[SchemaError] = field(default_factory=list)

    @property
    def blocking(self) -> list[SchemaError]:
        return [e for e in self.errors if e.severity == "BLOCK"]

    @property
    def valid(self) -> bool:
        return not self.blocking

    @property
    def failing_fields(self) -> set[str]:
        return {e.field for e in self.blocking if e.field}

    def counts(self) -> dict[tuple[str, str | None], int]:
        """`{(code, field): count}` over blocking errors (what frictionless reports)."""
        out: dict[tuple[str, str | None], int] = {}
        for e in self.blocking:
            out[(e.code, e.field)] = out.get((e.code, e.field), 0) + e.count
        return out


@dataclass(frozen=True)
class CellCheck:
    """One SQL predicate over a field: `failing` is true on the rows that break it."""

    field: str
    code: str  # type-error, constraint-error, unique-error, primary-key
    constraint: str  # type, required, pattern, enum, minimum, ... unique
    failing: str
    spec: Any = None
    # uniqueness is counted as (parsed values - distinct values), not row by row
    distinct_of: tuple[str, str] | None = None  # (value expression, parsed predicate)
    projection: tuple[str, ...] = ()  # computed columns the predicates read


def load_schema(ref: str | Path) -> TableSchema:
    """A bundled schema by name (`scdl/subventions`) or a path to a `schema.json`."""
    path = Path(ref)
    if not path.is_file():
        bundled = SCHEMAS_DIR / str(ref) / "schema.json"
        if not bundled.is_file():
            known = ", ".join(bundled_schema_names())
            raise FileNotFoundError(f"schema '{ref}' not found (bundled: {known})")
        path = bundled
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(descriptor, dict) or "fields" not in descriptor:
        raise ValueError(f"{path}: not a Table Schema (no 'fields')")
    try:
        name = str(path.parent.relative_to(SCHEMAS_DIR))
    except ValueError:
        name = str(path)
    return TableSchema(name=name, path=path, descriptor=descriptor)


def bundled_schema_names() -> list[str]:
    return sorted(str(p.parent.relative_to(SCHEMAS_DIR)) for p in SCHEMAS_DIR.rglob("schema.json"))


def quote(name: str) -> str:
    """A DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    """A DuckDB literal for a schema constant (never for data)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


def fold(name: str) -> str:
    """Header folded for near-match hints: no case, accents, spaces or underscores."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.lower() if ch.isalnum())


# --- reading -------------------------------------------------------------------------------


@dataclass
class LoadedTable:
    """The file as a DuckDB relation named `t` (with a `__row` number) plus structure errors."""

    con: duckdb.DuckDBPyConnection
    headers: list[str]
    column_types: dict[str, str]
    rows: int
    errors: list[SchemaError]


def load_table(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> LoadedTable:
    """Register `path` (CSV or Parquet) as view `t`; CSV cells stay text, Parquet keeps types."""
    con = con or connect()
    if path.suffix.lower() == ".parquet":
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW t AS SELECT * EXCLUDE (file_row_number), "
            f"file_row_number + 2 AS {ROW} "
            f"FROM read_parquet({literal(str(path))}, file_row_number = true)"
        )
        described = con.execute("DESCRIBE t").fetchall()
        types = {str(r[0]): str(r[1]) for r in described if r[0] != ROW}
        count_row = con.execute("SELECT count(*) FROM t").fetchone()
        rows = int(count_row[0]) if count_row else 0
        return LoadedTable(con, list(types), types, rows, [])
    headers, table, errors = _read_csv(path)
    con.register("t_arrow", table)
    con.execute("CREATE OR REPLACE TEMP VIEW t AS SELECT * FROM t_arrow")
    types = dict.fromkeys(headers, "VARCHAR")
    return LoadedTable(con, headers, types, table.num_rows, errors)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(path: Path) -> tuple[list[str], pa.Table, list[SchemaError]]:
    """Rows as text columns keyed by header, with frictionless' structure errors."""
    text = _decode(path)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    headers = next(reader, [])
    columns: list[list[str | None]] = [[] for _ in headers]
    numbers: list[int] = []
    structure: dict[tuple[str, str | None], list[int]] = {}
    for row_number, cells in enumerate(reader, start=2):
        if not any(cells):
            structure.setdefault(("blank-row", None), []).append(row_number)
            continue
        if len(cells) > len(headers):
            structure.setdefault(("extra-cell", None), []).append(row_number)
        for i, values in enumerate(columns):
            if i < len(cells):
                values.append(cells[i])
            else:
                values.append(None)
                structure.setdefault(("missing-cell", headers[i]), []).append(row_number)
        numbers.append(row_number)
    arrays = [pa.array(values, type=pa.string()) for values in columns]
    table = pa.table([*arrays, pa.array(numbers, type=pa.int64())], names=[*headers, ROW])
    errors = [
        SchemaError(code, fld, len(rows), code, first_row=rows[0])
        for (code, fld), rows in structure.items()
    ]
    return headers, table, errors


# --- labels (schema_sync) ------------------------------------------------------------------


def label_errors(schema: TableSchema, headers: list[str]) -> list[SchemaError]:
    """Name-matched headers: missing required → BLOCK; missing optional / extra → WARN."""
    errors: list[SchemaError] = []
    seen: set[str] = set()
    for header in headers:
        if header in seen:
            errors.append(SchemaError("duplicate-label", header, 1, "duplicate header"))
        seen.add(header)
    folded = {fold(h): h for h in headers if h not in schema.field_names}
    for f in schema.fields:
        name = f["name"]
        if name in seen:
            continue
        near = folded.get(fold(name))
        required = bool(f.get("constraints", {}).get("required"))
        errors.append(
            SchemaError(
                "missing-label" if required else "missing-header-warn",
                name,
                1,
                "required column missing" if required else "optional column missing",
                severity="BLOCK" if required else "WARN",
                hint=near,
            )
        )
    for header in headers:
        if header not in schema.field_names:
            errors.append(
                SchemaError("extra-header-warn", header, 1, "column not in schema", severity="WARN")
            )
    present = [n for n in schema.field_names if n in seen]
    if present != [h for h in headers if h in schema.field_names]:
        errors.append(SchemaError("disordered-header-warn", None, 1, "order", severity="WARN"))
    return errors


# --- cell checks ---------------------------------------------------------------------------


def _is_text(column_type: str) -> bool:
    return column_type.upper() in ("VARCHAR", "TEXT", "STRING")


def _type_and_value(fld: dict[str, Any], col: str, column_type: str) -> tuple[str, str]:
    """(SQL predicate "cell parses", SQL expression of the parsed value) for a non-missing cell."""
    ftype = fld.get("type", "string")
    fmt = fld.get("format", "default")
    native = column_type.upper()
    if not _is_text(native):
        numeric = any(k in native for k in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL"))
        if ftype == "integer" and numeric:
            return f"{col} = trunc({col})", col
        if ftype == "number" and numeric:
            return "TRUE", f"CAST({col} AS DOUBLE)"
        if ftype == "boolean" and native == "BOOLEAN":
            return "TRUE", col
        if ftype == "date" and native == "DATE":
            return "TRUE", col
        if ftype == "datetime" and native.startswith("TIMESTAMP"):
            return "TRUE", col
        col = f"CAST({col} AS VARCHAR)"
    if ftype == "string":
        if fmt == "email":
            return f"regexp_full_match({col}, {literal(_EMAIL_RE)})", col
        if fmt == "uri":
            return f"regexp_full_match({col}, {literal(_URI_RE)})", col
        return "TRUE", col
    if ftype in ("integer", "year"):
        clean = f"replace(trim({col}), '_', '')"
        return (
            f"regexp_full_match(trim({col}), {literal(_INT_RE)})",
            f"TRY_CAST({clean} AS HUGEINT)",
        )
    if ftype == "number":
        text = f"trim({col})"
        if "groupChar" in fld:
            text = f"replace({text}, {literal(fld['groupChar'])}, '')"
        if fld.get("decimalChar", ".") != ".":
            decimal = literal(fld["decimalChar"])
            ok = f"(NOT contains({text}, '.') AND regexp_full_match(replace({text}, {decimal}, '.'), {literal(_DEC_RE)}))"
            text = f"replace({text}, {decimal}, '.')"
        else:
            ok = f"regexp_full_match({text}, {literal(_DEC_RE)})"
        return ok, f"TRY_CAST(replace({text}, '_', '') AS DOUBLE)"
    if ftype == "boolean":
        true_values = [str(v) for v in fld.get("trueValues", DEFAULT_TRUE)]
        false_values = [str(v) for v in fld.get("falseValues", DEFAULT_FALSE)]
        allowed = ", ".join(literal(v) for v in [*true_values, *false_values])
        trues = ", ".join(literal(v) for v in true_values)
        return f"{col} IN ({allowed})", f"({col} IN ({trues}))"
    if ftype == "date":
        if fmt in ("default", None):
            parsed = f"try_strptime({col}, '%Y-%m-%d')"
            return f"(regexp_full_match({col}, {literal(_DATE_RE)}) AND {parsed} IS NOT NULL)", (
                f"CAST({parsed} AS DATE)"
            )
        if fmt == "any":
            return f"TRY_CAST({col} AS DATE) IS NOT NULL", f"TRY_CAST({col} AS DATE)"
        parsed = f"try_strptime({col}, {literal(fmt)})"
        return f"{parsed} IS NOT NULL", f"CAST({parsed} AS DATE)"
    if ftype == "datetime":
        pattern = "%Y-%m-%dT%H:%M:%S%z" if fmt in ("default", None) else fmt
        parsed = f"try_strptime({col}, {literal(pattern)})"
        return f"{parsed} IS NOT NULL", parsed
    if ftype == "geopoint":
        regex = _GEOPOINT_RE.get(fmt)
        if regex is None:
            return "TRUE", col
        nums = f"regexp_extract_all({col}, '-?\\d+(\\.\\d+)?')"
        in_range = f"abs(CAST({nums}[1] AS DOUBLE)) <= 180 AND abs(CAST({nums}[2] AS DOUBLE)) <= 90"
        return f"(regexp_full_match({col}, {literal(regex)}) AND {in_range})", col
    return "TRUE", col


def field_checks(
    fld: dict[str, Any], column_type: str, missing_values: list[str], primary_key: list[str]
) -> list[CellCheck]:
    """The SQL checks of one present field, in frictionless' order."""
    name = fld["name"]
    col = quote(name)
    if _is_text(column_type):
        missing_list = ", ".join(literal(v) for v in missing_values)
        is_missing = (
            f"({col} IS NULL OR {col} IN ({missing_list}))"
            if missing_list
            else (f"({col} IS NULL)")
        )
    else:
        is_missing = f"({col} IS NULL)"
    type_ok, value = _type_and_value(fld, col, column_type)
    # parse each cell once: the checks below read these projected columns
    aliases = [quote(f"__{kind}__{name}") for kind in ("missing", "ok", "value")]
    projection = tuple(
        f"{expr} AS {alias}"
        for expr, alias in zip((is_missing, type_ok, value), aliases, strict=True)
    )
    is_missing, type_ok, value = aliases
    parsed = f"(NOT {is_missing} AND {type_ok})"
    checks = [
        CellCheck(
            name,
            "type-error",
            "type",
            f"(NOT {is_missing} AND NOT ({type_ok}))",
            spec=f"{fld.get('type', 'string')}/{fld.get('format', 'default')}",
            projection=projection,
        ),
    ]
    constraints = dict(fld.get("constraints", {}))
    ftype = fld.get("type", "string")
    text = col if _is_text(column_type) else f"CAST({col} AS VARCHAR)"
    for cname, spec in constraints.items():
        failing: str | None = None
        if cname == "required" and spec:
            failing = is_missing
        elif cname == "pattern" and ftype == "string":
            failing = f"({parsed} AND NOT regexp_full_match({text}, {literal(spec)}))"
        elif cname == "enum" and isinstance(spec, list):
            values = ", ".join(literal(_enum_constant(ftype, v)) for v in spec)
            failing = f"({parsed} AND {value} NOT IN ({values}))" if values else parsed
        elif cname in ("minLength", "maxLength") and ftype in ("string", "array", "object"):
            op = "<" if cname == "minLength" else ">"
            failing = f"({parsed} AND length({text}) {op} {int(spec)})"
        elif cname in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and ftype in (
            "integer",
            "number",
            "year",
            "date",
            "datetime",
        ):
            op = {
                "minimum": "<",
                "maximum": ">",
                "exclusiveMinimum": "<=",
                "exclusiveMaximum": ">=",
            }[cname]
            if ftype in ("date", "datetime"):
                failing = f"({parsed} AND {value} {op} {literal(spec)}::DATE)"
            else:  # NaN never satisfies a bound (frictionless)
                bound = literal(spec)
                failing = f"({parsed} AND ({value} {op} {bound} OR isnan(CAST({value} AS DOUBLE))))"
        if failing:
            checks.append(CellCheck(name, "constraint-error", cname, failing, spec=spec))
    if constraints.get("unique"):
        checks.append(CellCheck(name, "unique-error", "unique", "FALSE", True, (value, parsed)))
    if primary_key == [name]:  # frictionless: a null key or a repeated key
        checks.append(
            CellCheck(name, "primary-key", "primaryKey", is_missing, True, (value, parsed))
        )
    return checks


def _enum_constant(ftype: str, value: object) -> object:
    if ftype in ("integer", "number", "year"):
        return float(str(value))
    return value


def schema_checks(schema: TableSchema, column_types: dict[str, str]) -> list[CellCheck]:
    """All cell checks of the fields present in the file."""
    missing = [str(v) for v in schema.descriptor.get("missingValues", [""])]
    pk = schema.descriptor.get("primaryKey", [])
    primary_key = [pk] if isinstance(pk, str) else list(pk)
    out: list[CellCheck] = []
    for fld in schema.fields:
        if fld["name"] in column_types:
            out.extend(field_checks(fld, column_types[fld["name"]], missing, primary_key))
    return out


def count_failures(
    con: duckdb.DuckDBPyConnection, checks: list[CellCheck]
) -> list[tuple[CellCheck, int, int | None]]:
    """One scan of `t` counts every check's failing rows; a second scan, only when something
    failed, finds the first failing row of each failed row check."""
    if not checks:
        return []
    parts = []
    for c in checks:
        part = f"count(*) FILTER (WHERE {c.failing})"
        if c.distinct_of:
            value, parsed = c.distinct_of
            part = (
                f"{part} + count(*) FILTER (WHERE {parsed}) "
                f"- count(DISTINCT {value}) FILTER (WHERE {parsed})"
            )
        parts.append(part)
    projected = ", ".join(p for c in checks for p in c.projection)
    source = f"(SELECT *, {projected} FROM t)" if projected else "t"
    row = con.execute(f"SELECT {', '.join(parts)} FROM {source}").fetchone()
    assert row is not None
    counts = [int(v) for v in row]
    failed = [i for i, c in enumerate(checks) if counts[i] and not c.distinct_of]
    first: dict[int, int | None] = {}
    if failed:
        mins = ", ".join(f"min({ROW}) FILTER (WHERE {checks[i].failing})" for i in failed)
        found = con.execute(f"SELECT {mins} FROM {source}").fetchone()
        assert found is not None
        first = dict(zip(failed, found, strict=True))
    return [(c, counts[i], first.get(i)) for i, c in enumerate(checks)]


def _iter_errors(results: list[tuple[CellCheck, int, int | None]]) -> Iterator[SchemaError]:
    for check, count, first in results:
        if count:
            # frictionless reports primary-key errors on the row, not on a field
            fld = None if check.code == "primary-key" else check.field
            yield SchemaError(check.code, fld, count, check.constraint, first_row=first, hint=None)


def validate_table(
    path: Path, schema: TableSchema | str | Path, *, con: duckdb.DuckDBPyConnection | None = None
) -> SchemaReport:
    """Validate a CSV or Parquet file against a Table Schema (headers matched by name)."""
    schema = schema if isinstance(schema, TableSchema) else load_schema(schema)
    table = load_table(path, con)
    errors = [*label_errors(schema, table.headers), *table.errors]
    results = count_failures(table.con, schema_checks(schema, table.column_types))
    errors.extend(_iter_errors(results))
    blank = sum(e.count for e in table.errors if e.code == "blank-row")
    if blank and schema.descriptor.get("primaryKey"):  # a blank row has a null key too
        errors.append(SchemaError("primary-key", None, blank, "primaryKey"))
    return SchemaReport(schema.name, schema.version, table.rows, errors)
