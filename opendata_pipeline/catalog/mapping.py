"""`schema_mapping`: how a dataset's own columns become the fields of an official schema.

Declarative, no Python per dataset. Each schema field is one of:

    DELIB_ID: "Numéro de délibération"                   # a source column (renamed, retyped)
    DELIB_DATE: {column: "Date CM", format: "%d/%m/%Y"}  # text parsed with a strptime format
    COLL_NOM: {value: "Ville de Montpellier"}            # a constant
    DELIB_MATIERE_CODE: {from: Direction, map: {…}, default: …}  # a lookup the steward provides

`mapping_problems` is what `catalog check` reports (and what makes the pipeline skip the entry):
a required field of the schema left unmapped, a key that is not a field of the schema, a source
column that the source file does not have (or that the personal-data policy drops).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from opendata_pipeline import schemas

Scalar = bool | int | float | str
TEMPORAL_TYPES = ("date", "datetime", "time")


class FieldMapping(BaseModel):
    """Where one schema field's values come from: a column, a constant or a lookup."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    column: str | None = Field(default=None, min_length=1)
    format: str | list[str] | None = None  # strptime format(s) of a text date/time column
    value: Scalar | None = None
    from_: str | None = Field(default=None, alias="from", min_length=1)
    map: dict[str, Scalar] | None = None
    default: Scalar | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"column": data}
        if isinstance(data, dict) and isinstance(data.get("map"), dict):
            keys = data["map"]
            if any(isinstance(k, bool) for k in keys):
                raise ValueError(
                    "quote the keys of map: YAML reads yes/no/on/off/true/false as booleans"
                )
            data = {**data, "map": {str(k): v for k, v in keys.items()}}
        return data

    @model_validator(mode="after")
    def _one_form(self) -> FieldMapping:
        # values, not the fields set: the catalogue cache dumps every field, None included
        forms = [v for v in (self.column, self.value, self.from_) if v is not None]
        if len(forms) != 1:
            raise ValueError(
                "give exactly one of: a column name, {column: …}, {value: …} or {from: …, map: …}"
            )
        if self.format is not None and self.column is None:
            raise ValueError("format applies to a column ({column: …, format: …})")
        if self.from_ is not None and not self.map:
            raise ValueError("a lookup needs a non-empty map: {from: column, map: {value: …}}")
        if (self.map is not None or self.default is not None) and self.from_ is None:
            raise ValueError("map and default belong to a lookup ({from: column, map: …})")
        return self

    @property
    def source(self) -> str | None:
        """The source column read, if any."""
        return self.column or self.from_

    @property
    def formats(self) -> list[str]:
        if self.format is None:
            return []
        return [self.format] if isinstance(self.format, str) else list(self.format)


SchemaMapping = dict[str, FieldMapping]


def mapping_problems(
    schema_ref: str,
    mapping: SchemaMapping,
    *,
    source_columns: list[str] | None = None,
    source_file: str = "the source",
    dropped: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """(field path, problem) pairs: unmapped required fields, keys outside the schema, formats
    on non-temporal fields, source columns absent from the source (when its header is known)
    or dropped by the personal-data policy."""
    try:
        desc = schemas.descriptor(schema_ref)
    except (FileNotFoundError, ValueError) as exc:
        return [("schema", str(exc))]
    ref = schemas.reference(schema_ref)
    label = f"schema {ref.name} {ref.version}"
    fields = {f["name"]: f for f in desc["fields"]}
    problems: list[tuple[str, str]] = []
    for name, fld in fields.items():
        if fld.get("constraints", {}).get("required") and name not in mapping:
            problems.append((f"schema_mapping.{name}", f"required field of {label} is not mapped"))
    for name, spec in mapping.items():
        where = f"schema_mapping.{name}"
        fld = fields.get(name)
        if fld is None:
            problems.append((where, f"not a field of {label} (fields: {', '.join(fields)})"))
            continue
        if spec.formats and fld.get("type", "string") not in TEMPORAL_TYPES:
            problems.append(
                (where, f"format applies to date, datetime or time fields, not {fld.get('type')}")
            )
        column = spec.source
        if column is None:
            continue
        if column in dropped:
            problems.append((where, f"source column '{column}' is dropped by personal_data"))
        elif source_columns is not None and column not in source_columns:
            known = ", ".join(source_columns)
            problems.append(
                (where, f"source column '{column}' not found in {source_file} (columns: {known})")
            )
    return problems


def local_source_columns(kind: str, path: Path, options: dict[str, Any]) -> list[str] | None:
    """The column names a local CSV or Parquet source will have once read (clean names), or
    None when they cannot be known before ingestion (remote, other kinds, file absent)."""
    if not path.is_file():
        return None
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return list(pq.read_schema(path).names)
        if kind == "csv":
            from opendata_pipeline.ingest.csv_reader import clean_headers
            from opendata_pipeline.ingest.sniff import sniff

            skip = options.get("skip_rows") or None
            dialect = sniff(path, encoding=options.get("encoding", "auto"),
                            delimiter=options.get("delimiter", "auto"),
                            quote=options.get("quote", '"'), skip_rows=skip)  # fmt: skip
            if not options.get("header", True):
                return [f"column_{i + 1}" for i in range(len(dialect.header))]
            return clean_headers(dialect.header, dbf_headers=options.get("dbf_headers", True))
    except (OSError, ValueError, UnicodeDecodeError):
        return None  # the raw stage reports an unreadable source with its own error
    return None
