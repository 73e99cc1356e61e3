"""Table Schema validation in DuckDB SQL, in frictionless' `schema_sync` mode (legal-rules R-SCHEMA).

Every cell check is one SQL predicate (`CellCheck`); all of them are counted in a single
aggregate pass, so a file of millions of rows costs one scan. The semantics follow frictionless
5 (missing values, type parsing, one `type-error` or one `constraint-error` per failed
constraint per cell, `unique-error`, `primary-key`); the test suite checks the verdict and the
failing fields against frictionless on every bundled example and on cells of every field type.
Strings, integers, numbers, booleans, ISO dates and `lon,lat` points are parsed in SQL; the other
types and formats (datetime, time, year, yearmonth, duration, array, object, geojson, geopoint
array/object, e-mail, URI, UUID, custom date formats…) by frictionless' own cell reader, called
once per distinct value from the same scan: a type neither knows is a blocking `type non pris en
charge`. Errors carry codes, field names, counts and the first row numbers — never a cell value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from opendata_pipeline import schemas
from opendata_pipeline.storage.sql import connect

ROW = "__row"
FIRST_ROWS = 5  # row numbers reported per failing check (the compliance report shows them)
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
_GEOPOINT_RE = f"{_NUM},{_NUM}"
# (type, format) pairs parsed in SQL, checked equal to frictionless by the test suite; every
# other pair goes through frictionless' cell reader (`_reader_checks`).
_SQL_TYPES = {
    ("string", "default"), ("integer", "default"), ("number", "default"),
    ("boolean", "default"), ("date", "default"), ("geopoint", "default"), ("any", "default"),
}  # fmt: skip
_BOUNDS = {"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}
_TEMPORAL = {"date": "DATE", "datetime": "TIMESTAMP", "time": "TIME"}
# A native Parquet type already holds values of these field types.
_NATIVE = {
    "datetime": ("TIMESTAMP",), "date": ("DATE",), "time": ("TIME",),
    "year": ("INTEGER", "BIGINT", "SMALLINT", "HUGEINT", "TINYINT"),
}  # fmt: skip


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
    """A group of identical errors: code (frictionless/Validata), field, count, first rows."""

    code: str
    field: str | None
    count: int
    note: str
    first_row: int | None = None
    severity: Severity = "BLOCK"
    hint: str | None = None
    rows: tuple[int, ...] = ()  # the first FIRST_ROWS offending row numbers (first_row first)


# What each error means for a steward (French, as Validata words them); keyed by code, or by
# constraint for `constraint-error`.
LABELS_FR = {
    "type-error": "valeur au mauvais type ou format",
    "required": "valeur obligatoire manquante",
    "pattern": "valeur ne respectant pas le motif attendu",
    "enum": "valeur hors de la liste autorisée",
    "minimum": "valeur inférieure au minimum",
    "maximum": "valeur supérieure au maximum",
    "exclusiveMinimum": "valeur inférieure ou égale au minimum",
    "exclusiveMaximum": "valeur supérieure ou égale au maximum",
    "minLength": "texte trop court",
    "maxLength": "texte trop long",
    "jsonSchema": "valeur non conforme à son schéma JSON",
    "unique-error": "valeur en double",
    "primary-key": "identifiant manquant ou en double",
    "missing-label": "colonne obligatoire absente",
    "missing-header-warn": "colonne facultative absente",
    "extra-header-warn": "colonne hors schéma",
    "disordered-header-warn": "colonnes dans un autre ordre que le schéma",
    "duplicate-label": "colonne en double",
    "blank-row": "ligne vide",
    "extra-cell": "cellule en trop",
    "missing-cell": "cellule manquante",
    "type-non-pris-en-charge": "type de champ non pris en charge (bloquant)",
    "french-siret-value": "numéro SIRET invalide",
    "nomenclature-actes-value": "matière hors de la nomenclature ACTES",
    "compare-columns-value": "comparaison entre colonnes non respectée",
    "sum-columns-value": "somme de colonnes incorrecte",
    "cohesive-columns-value": "colonnes à remplir ensemble",
    "year-interval-value": "année ou intervalle d'années invalide",
    "one-of-required": "une des deux colonnes doit être remplie",
}


def label_fr(code: str, note: str = "") -> str:
    """The French wording of an error (a mapping failure keeps its own explanation)."""
    if note.startswith("correspondance"):
        return note
    if code == "constraint-error":
        return LABELS_FR.get(note, f"contrainte « {note} » non respectée")
    return LABELS_FR.get(code, code)


@dataclass(frozen=True)
class FieldSummary:
    """One schema field over the whole file: rows breaking at least one of its rules."""

    field: str
    required: bool
    present: bool
    invalid: int
    first_rows: tuple[int, ...] = ()


@dataclass
class SchemaReport:
    """Outcome of validating one file; `valid` is False when any BLOCK error exists."""

    schema: str
    version: str
    rows: int
    errors: list[SchemaError] = field(default_factory=list)
    fields: list[FieldSummary] = field(default_factory=list)
    custom_errors: list[SchemaError] = field(default_factory=list)  # R-SCHEMA-CUSTOM

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
    readers: tuple[tuple[str, str], ...] = ()  # (SQL function, field descriptor) to register
    severity: Severity = "BLOCK"

    def error(self, count: int, rows: tuple[int, ...]) -> SchemaError:
        """The grouped error of `count` failing rows (primary keys: on the row, no field)."""
        fld = None if self.code == "primary-key" else self.field
        first = rows[0] if rows else None
        return SchemaError(self.code, fld, count, self.constraint, first, self.severity,
                           rows=rows)  # fmt: skip


def load_schema(ref: str | Path) -> TableSchema:
    """A bundled schema by name (`scdl/subventions`) or a path to a `schema.json`."""
    path = schemas.resolve(ref)
    descriptor = json.loads(json.dumps(schemas.descriptor(path)))  # a private copy
    return TableSchema(name=schemas.schema_name(path), path=path, descriptor=descriptor)


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
        # the sniffer misses doubled quotes ("") in CRLF files: RFC 4180 quoting unless an
        # escape character was found
        dialect.doublequote = dialect.doublequote or not dialect.escapechar
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
        SchemaError(code, fld, len(rows), code, rows[0], rows=tuple(rows[:FIRST_ROWS]))
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


def _type_and_value(fld: dict[str, Any], col: str, column_type: str) -> tuple[str, str] | None:
    """(SQL predicate "cell parses", SQL expression of the parsed value) for a non-missing cell,
    or None when frictionless' cell reader decides (see `_SQL_TYPES`)."""
    ftype = fld.get("type", "string")
    fmt = fld.get("format", "default") or "default"
    native = column_type.upper()
    if not _is_text(native):
        numeric = any(k in native for k in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL"))
        if ftype == "integer" and numeric:
            return f"{col} = trunc({col})", col
        if ftype == "number" and numeric:
            return "TRUE", f"CAST({col} AS DOUBLE)"
        if ftype == "boolean" and native == "BOOLEAN":
            return "TRUE", col
        if native.startswith(_NATIVE.get(ftype, ("-",))):
            return "TRUE", col
        col = f"CAST({col} AS VARCHAR)"
    if (ftype, fmt) not in _SQL_TYPES or fld.get("bareNumber") is False:
        return None
    if ftype in ("string", "any"):
        return "TRUE", col
    if ftype == "integer":
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
        parsed = f"try_strptime({col}, '%Y-%m-%d')"
        return f"(regexp_full_match({col}, {literal(_DATE_RE)}) AND {parsed} IS NOT NULL)", (
            f"CAST({parsed} AS DATE)"
        )
    # geopoint "lon,lat"
    nums = f"regexp_extract_all({col}, '-?\\d+(\\.\\d+)?')"
    in_range = f"abs(CAST({nums}[1] AS DOUBLE)) <= 180 AND abs(CAST({nums}[2] AS DOUBLE)) <= 90"
    return f"(regexp_full_match({col}, {literal(_GEOPOINT_RE)}) AND {in_range})", col


def _missing(col: str, column_type: str, missing_values: list[str]) -> str:
    if not _is_text(column_type):
        return f"({col} IS NULL)"
    listed = ", ".join(literal(v) for v in missing_values)
    return f"({col} IS NULL OR {col} IN ({listed}))" if listed else f"({col} IS NULL)"


def field_checks(
    fld: dict[str, Any], column_type: str, missing_values: list[str], primary_key: list[str]
) -> list[CellCheck]:
    """The SQL checks of one present field, in frictionless' order."""
    name = fld["name"]
    col = quote(name)
    typed = _type_and_value(fld, col, column_type)
    if typed is None:
        return _reader_checks(fld, column_type, missing_values, primary_key)
    # parse each cell once: the checks below read these projected columns
    aliases = [quote(f"__{kind}__{name}") for kind in ("missing", "ok", "value")]
    projection = tuple(
        f"{expr} AS {alias}"
        for expr, alias in zip(
            (_missing(col, column_type, missing_values), *typed), aliases, strict=True
        )
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
        elif cname in ("minLength", "maxLength") and ftype == "string":
            op = "<" if cname == "minLength" else ">"
            failing = f"({parsed} AND length({text}) {op} {int(spec)})"
        elif cname in _BOUNDS and ftype in ("integer", "number", "year", *_TEMPORAL):
            op = _BOUNDS[cname]
            if ftype in _TEMPORAL:
                failing = (
                    f"({parsed} AND {value} {op} TRY_CAST({literal(spec)} AS {_TEMPORAL[ftype]}))"
                )
            else:  # NaN never satisfies a bound (frictionless)
                bound = literal(spec)
                failing = f"({parsed} AND ({value} {op} {bound} OR isnan(CAST({value} AS DOUBLE))))"
        if failing:
            checks.append(CellCheck(name, "constraint-error", cname, failing, spec=spec))
    checks.extend(_key_checks(name, constraints, primary_key, value, parsed, is_missing))
    return checks


def _key_checks(
    name: str,
    constraints: dict[str, Any],
    primary_key: list[str],
    value: str,
    parsed: str,
    is_missing: str,
) -> list[CellCheck]:
    checks = []
    if constraints.get("unique"):
        checks.append(CellCheck(name, "unique-error", "unique", "FALSE", True, (value, parsed)))
    if primary_key == [name]:  # frictionless: a null key or a repeated key
        checks.append(
            CellCheck(name, "primary-key", "primaryKey", is_missing, True, (value, parsed))
        )
    return checks


def reader_function(fld: dict[str, Any]) -> str:
    """The SQL name of the function reading one field's cells with frictionless."""
    digest = hashlib.sha256(json.dumps(fld, sort_keys=True).encode()).hexdigest()[:16]
    return f"__fl_{digest}"


def unsupported(fld: dict[str, Any]) -> str | None:
    """Why neither SQL nor frictionless can read the field's cells (None: it can be read)."""
    if (fld.get("type", "string"), fld.get("format", "default") or "default") in _SQL_TYPES:
        return None
    return _unreadable(json.dumps(fld, sort_keys=True))


@lru_cache(maxsize=256)
def _unreadable(descriptor: str) -> str | None:
    try:
        _frictionless_field(descriptor)
    except Exception as exc:  # an unknown type or format, whatever frictionless raises
        return str(exc).split(": ", 1)[-1][:200]
    return None


def _frictionless_field(descriptor: str) -> Any:
    from frictionless import Field  # heavy import, only for the types SQL does not parse

    fld = Field.from_descriptor(json.loads(descriptor))
    fld.missing_values = []  # missing values are decided in SQL
    fld.create_value_reader()  # an unknown format fails here
    return fld


def _notes_reader(descriptor: str) -> Callable[[pa.Array], pa.Array]:
    """Arrow function: per cell, '' when frictionless reads it, else the failed note names
    ('type', or the constraints: 'minimum,enum'); 'error' when frictionless itself raised."""
    read = _frictionless_field(descriptor).create_cell_reader()
    seen: dict[str, str] = {}

    def notes_of(cell: str) -> str:
        try:
            _, notes = read(cell)
        except Exception:  # e.g. comparing naive and aware times: fail closed
            return "error"
        return ",".join(notes) if notes else ""

    def function(cells: pa.Array) -> pa.Array:
        out: list[str | None] = []
        for cell in cells.to_pylist():
            if cell is None:
                out.append(None)
                continue
            notes = seen.get(cell)
            if notes is None:
                notes = notes_of(cell)
                if len(seen) < 1_000_000:  # distinct values are usually few; memory stays bounded
                    seen[cell] = notes
            out.append(notes)
        return pa.array(out, type=pa.string())

    return function


def _reader_checks(
    fld: dict[str, Any], column_type: str, missing_values: list[str], primary_key: list[str]
) -> list[CellCheck]:
    """Checks of a field whose cells frictionless reads: one function call per row, notes
    counted per constraint like frictionless' `type-error` / `constraint-error`."""
    name = fld["name"]
    col = quote(name)
    text = col if _is_text(column_type) else f"CAST({col} AS VARCHAR)"
    function = reader_function(fld)
    missing, notes = (quote(f"__{kind}__{name}") for kind in ("missing", "notes"))
    is_missing = _missing(col, column_type, missing_values)
    projection = (
        f"{is_missing} AS {missing}",
        f"CASE WHEN {is_missing} THEN NULL ELSE {function}({text}) END AS {notes}",
    )
    parsed = f"(NOT {missing} AND {notes} NOT IN ('type', 'error'))"
    checks = [
        CellCheck(
            name,
            "type-error",
            "type",
            f"({notes} IN ('type', 'error'))",
            spec=f"{fld.get('type', 'string')}/{fld.get('format', 'default')}",
            projection=projection,
            readers=((function, json.dumps(fld)),),
        )
    ]
    constraints = dict(fld.get("constraints", {}))
    for cname, spec in constraints.items():
        if cname == "required":
            if spec:
                checks.append(CellCheck(name, "constraint-error", cname, missing, spec=spec))
        elif cname != "unique":
            failing = f"list_contains(string_split({notes}, ','), {literal(cname)})"
            checks.append(CellCheck(name, "constraint-error", cname, failing, spec=spec))
    checks.extend(_key_checks(name, constraints, primary_key, text, parsed, missing))
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
        if fld["name"] in column_types and unsupported(fld) is None:
            out.extend(field_checks(fld, column_types[fld["name"]], missing, primary_key))
    return out


def register_function(
    con: duckdb.DuckDBPyConnection,
    name: str,
    function: Callable[[pa.Array], pa.Array],
    returns: str = "VARCHAR",
) -> None:
    """A Python function of one text argument, called on Arrow batches, as a SQL function
    (nothing happens when this connection already has it)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_functions() WHERE function_name = ?", [name]
    ).fetchall()
    if found[0][0]:
        return
    from duckdb import func

    con.create_function(
        name,
        function,
        ["VARCHAR"],
        returns,
        type=func.ARROW,
        null_handling=func.SPECIAL,
        side_effects=False,
    )


def register_readers(con: duckdb.DuckDBPyConnection, checks: list[CellCheck]) -> None:
    """Create the frictionless reader functions the checks call (once per connection)."""
    for name, desc in {n: d for c in checks for n, d in c.readers}.items():
        register_function(con, name, _notes_reader(desc))


def count_failures(
    con: duckdb.DuckDBPyConnection, checks: list[CellCheck]
) -> list[tuple[CellCheck, int, tuple[int, ...]]]:
    """One scan of `t` counts every check's failing rows; a second scan, only when something
    failed, finds the first FIRST_ROWS failing rows of each failed row check."""
    if not checks:
        return []
    register_readers(con, checks)
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
    first: dict[int, tuple[int, ...]] = {}
    if failed:
        mins = ", ".join(
            f"min({ROW}, {FIRST_ROWS}) FILTER (WHERE {checks[i].failing})" for i in failed
        )
        found = con.execute(f"SELECT {mins} FROM {source}").fetchone()
        assert found is not None
        first = {i: tuple(sorted(rows or ())) for i, rows in zip(failed, found, strict=True)}
    return [(c, counts[i], first.get(i, ())) for i, c in enumerate(checks)]


def _iter_errors(results: list[tuple[CellCheck, int, tuple[int, ...]]]) -> Iterator[SchemaError]:
    for check, count, rows in results:
        if count:
            yield check.error(count, rows)


def unsupported_errors(schema: TableSchema, headers: list[str]) -> list[SchemaError]:
    """A present field of a type (or format) neither SQL nor frictionless reads: blocking."""
    errors = []
    for f in schema.fields:
        reason = unsupported(f) if f["name"] in headers else None
        if reason is not None:
            kind = f"{f.get('type', 'string')}/{f.get('format', 'default')}"
            note = f"type non pris en charge : {kind} ({reason})"
            errors.append(SchemaError("type-non-pris-en-charge", f["name"], 1, note))
    return errors


def field_summaries(
    schema: TableSchema,
    headers: list[str],
    results: list[tuple[CellCheck, int, tuple[int, ...]]],
    rows_by_field: dict[str, tuple[int, tuple[int, ...]]],
) -> list[FieldSummary]:
    """Per schema field: rows with at least one error (row checks counted once per row; a
    repeated value of a unique field counts once per repetition)."""
    repeats = {c.field: n for c, n, _ in results if c.distinct_of and c.code == "unique-error"}
    out = []
    for f in schema.fields:
        name = f["name"]
        required = bool(f.get("constraints", {}).get("required"))
        if name not in headers:
            out.append(FieldSummary(name, required, False, 0))
            continue
        invalid, first = rows_by_field.get(name, (0, ()))
        out.append(FieldSummary(name, required, True, invalid + repeats.get(name, 0), first))
    return out


def _row_checks(checks: list[CellCheck]) -> list[CellCheck]:
    """One check per field: any of its blocking row-level checks fails (reads their
    projections)."""
    by_field: dict[str, list[str]] = {}
    for c in checks:
        if not c.distinct_of and c.code != "primary-key" and c.severity == "BLOCK":
            by_field.setdefault(c.field, []).append(c.failing)
    return [
        CellCheck(name, "field-rows", "rows", " OR ".join(f"({p})" for p in preds))
        for name, preds in by_field.items()
    ]


def validate_table(
    path: Path,
    schema: TableSchema | str | Path,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    custom: bool = False,
) -> SchemaReport:
    """Validate a CSV or Parquet file against a Table Schema (headers matched by name); with
    `custom`, the schema's Validata custom checks too, in the same scan (`custom_errors`)."""
    schema = schema if isinstance(schema, TableSchema) else load_schema(schema)
    table = load_table(path, con)
    errors = [
        *label_errors(schema, table.headers),
        *table.errors,
        *unsupported_errors(schema, table.headers),
    ]
    checks = schema_checks(schema, table.column_types)
    extra: list[CellCheck] = []
    custom_errors: list[SchemaError] = []
    if custom and schema.custom_checks:
        from opendata_pipeline.validate.custom_checks import (
            custom_checks,
            register_value_functions,
        )

        extra, custom_errors = custom_checks(schema, set(table.headers))
        register_value_functions(table.con)
    every = [*checks, *extra]
    counted = count_failures(table.con, [*every, *_row_checks(every)])
    errors.extend(_iter_errors(counted[: len(checks)]))
    custom_errors.extend(_iter_errors(counted[len(checks) : len(every)]))
    blank = sum(e.count for e in table.errors if e.code == "blank-row")
    if blank and schema.descriptor.get("primaryKey"):  # a blank row has a null key too
        errors.append(SchemaError("primary-key", None, blank, "primaryKey"))
    rows_by_field = {c.field: (n, rows) for c, n, rows in counted[len(every) :]}
    summary = field_summaries(schema, table.headers, counted[: len(checks)], rows_by_field)
    return SchemaReport(schema.name, schema.version, table.rows, errors, summary, custom_errors)
