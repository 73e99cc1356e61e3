"""The field dictionary of a published dataset: type, French label and description, unit, facet,
map point and record key of each column, from the table schema, the catalogue entry and the data.

The portals render it their own way: OpenDataSoft field configurations (portal-apis.md §9.2),
a Table Schema JSON referenced by DKAN 7's `field_data_dictionary` (§9.4.1).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.publish import crosswalk as cw
from opendata_pipeline.publish.errors import MappingError
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.storage.sql import connect, ident, lit

log = logging.getLogger(__name__)
GEO_POINT = "geo_point_2d"  # the field OpenDataSoft draws its map from
FACET_MAX_VALUES = 50  # a text column with at most this many distinct values is a facet...
FACET_MAX_SHARE = 0.5  # ...when they repeat (distinct values <= half the rows)
_INTEGER = re.compile(r"^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|INT\d*)$")
_NUMBER = re.compile(r"^(DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)$")
_GEO_NAME = re.compile(r"^(geo_?point(_2d)?|coordonnees|coordinates|geopoint)$", re.IGNORECASE)
# Table Schema type -> the OpenDataSoft field type (portal-apis §9.2.2 `type_param`)
SCHEMA_TO_ODS = {"integer": "int", "number": "double", "date": "date", "datetime": "datetime",
                 "geopoint": GEO_POINT, "year": "int"}  # fmt: skip


def ods_field_name(column: str) -> str:
    """The technical field name ODS derives from a CSV header (lower-case ASCII, `_`)."""
    return re.sub(r"[^a-z0-9]+", "_", cw.normalise(column)).strip("_")


@dataclass(frozen=True)
class FieldDoc:
    """One column as the portals describe it."""

    column: str  # name in the published files (or of the derived map point)
    schema_type: (
        str  # Table Schema type: integer, number, date, datetime, string, boolean, geopoint
    )
    label: str | None = None
    description: str | None = None
    unit: str | None = None
    facet: bool = False
    derived: bool = False  # added for the portal map (lat,lon from the coordinate columns)

    @property
    def name(self) -> str:
        """The OpenDataSoft technical name."""
        return ods_field_name(self.column)

    @property
    def ods_type(self) -> str:
        return SCHEMA_TO_ODS.get(self.schema_type, "text")


@dataclass(frozen=True)
class Dictionary:
    """Every published column, plus the map point and the record key."""

    fields: tuple[FieldDoc, ...]
    geo_point: str | None  # column typed as a map point (existing or derived)
    coordinates: tuple[str, str] | None  # (longitude, latitude) the derived point is built from
    unique_key: tuple[str, ...]

    @property
    def derived(self) -> FieldDoc | None:
        return next((f for f in self.fields if f.derived), None)

    def field(self, column: str) -> FieldDoc:
        return next(f for f in self.fields if f.column == column)

    def table_schema(self, entry: DatasetEntry) -> dict[str, Any]:
        """A Table Schema descriptor of the published CSV (DKAN 7's data dictionary)."""
        fields = []
        for doc in self.fields:
            if doc.derived:
                continue
            spec: dict[str, Any] = {"name": doc.column, "type": doc.schema_type}
            if doc.label:
                spec["title"] = doc.label
            if doc.description:
                spec["description"] = doc.description
            if doc.unit:
                spec["unit"] = doc.unit
            fields.append(spec)
        descriptor: dict[str, Any] = {
            "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
            "name": entry.id,
            "title": entry.title,
            "fields": fields,
            "missingValues": [""],
        }
        if self.unique_key:
            descriptor["primaryKey"] = list(self.unique_key)
        if entry.schema_:
            descriptor["description"] = f"Conforme au schéma {entry.schema_}"
        return descriptor


def _schema_type(duckdb_type: str) -> str:
    upper = duckdb_type.upper()
    if _INTEGER.match(upper):
        return "integer"
    if _NUMBER.match(upper):
        return "number"
    if upper == "DATE":
        return "date"
    if upper.startswith("TIMESTAMP"):
        return "datetime"
    if upper == "BOOLEAN":
        return "boolean"
    return "string"


def _schema_fields(entry: DatasetEntry) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The entry's table schema fields by name, and its primary key (none without a schema)."""
    if not entry.schema_:
        return {}, []
    from opendata_pipeline.validate.table_schema import load_schema

    try:
        schema = load_schema(entry.schema_)
    except (OSError, ValueError) as exc:  # the validate step already blocks on a bad schema
        log.warning("%s: schema %s unreadable (%s)", entry.id, entry.schema_, type(exc).__name__)
        return {}, []
    key = schema.descriptor.get("primaryKey") or []
    return {str(f["name"]): f for f in schema.fields}, [key] if isinstance(key, str) else list(key)


def schema_url(entry: DatasetEntry) -> str | None:
    """The public URL of the entry's official table schema (its descriptor's `path`), if any."""
    if not entry.schema_:
        return None
    from opendata_pipeline.validate.table_schema import load_schema

    try:
        path = load_schema(entry.schema_).descriptor.get("path")
    except (OSError, ValueError):
        return None
    return str(path) if isinstance(path, str) and path.startswith("https://") else None


def _distinct_counts(published: PublishedDataset, columns: list[str]) -> dict[str, int]:
    """Distinct values of `columns` in the published data (approximate, one DuckDB pass)."""
    if not columns:
        return {}
    item = published.files.get("parquet") or published.files["csv"]
    source = (
        f"read_parquet({lit(item.path)})"
        if item.kind == "parquet"
        else f"read_csv({lit(item.path)}, header = true, all_varchar = true)"
    )
    select = ", ".join(f"approx_count_distinct({ident(c)})" for c in columns)
    con = connect()
    try:
        row = con.execute(f"SELECT {select} FROM {source}").fetchone()
    finally:
        con.close()
    return {c: int(n) for c, n in zip(columns, row or (), strict=False)}


def _coordinates(entry: DatasetEntry, published: PublishedDataset) -> tuple[str, str] | None:
    if entry.geo == "none":
        return None
    names = set(published.column_names)
    if entry.geo != "auto":
        pair = (entry.geo.longitude, entry.geo.latitude)
        return pair if set(pair) <= names else None
    return published.geo


def build_dictionary(entry: DatasetEntry, published: PublishedDataset) -> Dictionary:
    """The dictionary of `published`: schema first, then the catalogue's `columns`, then the data."""
    schema, primary_key = _schema_fields(entry)
    coordinates = _coordinates(entry, published)
    types = {c.name: _schema_type(c.type) for c in published.columns}
    for name, spec in schema.items():
        if name in types and spec.get("type") in SCHEMA_TO_ODS:
            types[name] = str(spec["type"])
    geo_point = next(
        (c for c, t in types.items() if t == "geopoint" or (t == "string" and _GEO_NAME.match(c))),
        None,
    )
    if geo_point:
        types[geo_point] = "geopoint"
    key = _unique_key(entry, published, primary_key)
    candidates = [
        c
        for c, t in types.items()
        if t == "string" and c not in key and c != geo_point
        and (entry.columns.get(c) is None or entry.columns[c].facet is None)
    ]  # fmt: skip
    distinct = _distinct_counts(published, candidates)
    fields: list[FieldDoc] = []
    for column in published.column_names:
        spec = schema.get(column, {})
        doc = entry.columns.get(column)
        facet = doc.facet if doc is not None and doc.facet is not None else False
        if column in distinct:
            n = distinct[column]
            facet = 1 <= n <= FACET_MAX_VALUES and n <= max(1, published.rows) * FACET_MAX_SHARE
        if spec.get("constraints", {}).get("enum") and (doc is None or doc.facet is None):
            facet = True
        fields.append(
            FieldDoc(
                column=column,
                schema_type=types[column],
                label=(doc.label if doc else None) or spec.get("title"),
                description=(doc.description if doc else None) or spec.get("description"),
                unit=doc.unit if doc else None,
                facet=facet,
            )
        )
    if geo_point is None and coordinates is not None and GEO_POINT not in types:
        geo_point = GEO_POINT
        fields.append(
            FieldDoc(
                GEO_POINT,
                "geopoint",
                label="Position (latitude, longitude)",
                description=f"Point calculé à partir des colonnes {coordinates[1]} (latitude) et "
                f"{coordinates[0]} (longitude), WGS 84.",
                derived=True,
            )
        )
    else:
        coordinates = None  # the data already has its map point (or no coordinates)
    return Dictionary(tuple(fields), geo_point, coordinates, key)


def _unique_key(
    entry: DatasetEntry, published: PublishedDataset, primary_key: list[str]
) -> tuple[str, ...]:
    """The record key: declared in the entry, else the schema's primary key, else a column `id`."""
    target = entry.portals.herault_data
    declared = list(target.unique_key) if target is not None else []
    names = published.column_names
    key = declared or primary_key or (["id"] if "id" in names else [])
    missing = [k for k in key if k not in names]
    if missing and declared:
        raise MappingError(
            "herault_data", entry.id, f"clé unique {missing} absente des colonnes publiées"
        )
    return () if missing else tuple(key)
