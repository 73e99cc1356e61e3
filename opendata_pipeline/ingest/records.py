"""Records (dicts) to typed Parquet: flattening, GeoJSON points, type inference, declared types.

Shared by the json, xml, ngsi, gbfs and catalogue readers. Declared types (`fields` of a
catalogue entry) are `integer`, `number`, `boolean`, `string`, `datetime`, `date` or `auto`
(DuckDB names such as `BIGINT`, `DOUBLE`, `VARCHAR`, `TIMESTAMP` are accepted too).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.french_types import is_code_header
from opendata_pipeline.storage.paths import atomic_path

if TYPE_CHECKING:
    import pyarrow as pa

# Generous envelope of Montpellier Méditerranée Métropole: (min lon, min lat, max lon, max lat).
METROPOLE_BBOX = (3.5, 43.3, 4.2, 43.9)

TSTZ = "TIMESTAMP WITH TIME ZONE"
DECLARED_TYPES: dict[str, str | None] = {
    "auto": None,
    "integer": "BIGINT", "int": "BIGINT", "bigint": "BIGINT",
    "number": "DOUBLE", "float": "DOUBLE", "double": "DOUBLE", "decimal": "DOUBLE",
    "boolean": "BOOLEAN", "bool": "BOOLEAN",
    "string": "VARCHAR", "text": "VARCHAR", "varchar": "VARCHAR",
    "datetime": "TIMESTAMP", "timestamp": "TIMESTAMP",
    "timestamp with time zone": TSTZ, "timestamptz": TSTZ,
    "date": "DATE",
}  # fmt: skip
INT_TEXT = re.compile(r"-?(?:0|[1-9]\d*)")
DEC_TEXT = re.compile(r"-?(?:0|[1-9]\d*)[.,]\d+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
)
TRUE_TEXT = {"true", "1", "oui", "yes", "vrai"}
FALSE_TEXT = {"false", "0", "non", "no", "faux"}
INT64 = 2**63


class Unreadable(ValueError):
    """A value does not fit a type; the message never quotes the value."""


@dataclass
class PointFixer:
    """Turns GeoJSON-like [x, y] pairs into (lon, lat), swapping pairs given as [lat, lon].

    A pair is swapped only when it lies outside `bbox` as given and inside it once swapped.
    """

    bbox: tuple[float, float, float, float] = METROPOLE_BBOX
    fix_swaps: bool = True
    swapped: int = 0
    outside: int = 0

    def lon_lat(self, x: float, y: float) -> tuple[float, float]:
        if self._inside(x, y):
            return x, y
        if self._inside(y, x) and self.fix_swaps:
            self.swapped += 1
            return y, x
        self.outside += 1
        return x, y

    def _inside(self, lon: float, lat: float) -> bool:
        min_lon, min_lat, max_lon, max_lat = self.bbox
        return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat

    def details(self) -> dict[str, int]:
        return {"coordinates_swapped": self.swapped, "coordinates_outside_bbox": self.outside}


def point_xy(value: Any) -> tuple[float, float] | None:
    """(x, y) of a GeoJSON Point object, else None."""
    if not isinstance(value, Mapping) or value.get("type") != "Point":
        return None
    coords = value.get("coordinates")
    if (
        isinstance(coords, list)
        and len(coords) >= 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])
    ):
        return float(coords[0]), float(coords[1])
    return None


def geo_columns(name: str) -> tuple[str, str]:
    """`location` → (longitude, latitude); any other attribute → (<name>_longitude, …)."""
    if name == "location":
        return "longitude", "latitude"
    return f"{name}_longitude", f"{name}_latitude"


def flatten(obj: Mapping[str, Any], points: PointFixer, prefix: str = "") -> dict[str, Any]:
    """Nested objects → `a_b` columns; GeoJSON points → lon/lat columns; lists → JSON text."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}_{key}" if prefix else str(key)
        xy = point_xy(value)
        if xy is not None:
            lon_name, lat_name = geo_columns(name)
            out[lon_name], out[lat_name] = points.lon_lat(*xy)
        elif isinstance(value, Mapping):
            out.update(flatten(value, points, name))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def declared_type(dataset: str, name: str, declared: str) -> str | None:
    key = declared.strip().lower()
    if key not in DECLARED_TYPES:
        raise DatasetError(
            dataset,
            f"unknown declared type '{declared}' (use one of {', '.join(DECLARED_TYPES)})",
            location=f"field {name}",
        )
    return DECLARED_TYPES[key]


def infer_type(values: Sequence[Any], *, numeric_text: bool = False) -> str:
    """DuckDB type for non-null values; `numeric_text` types digit strings without leading zeros."""
    present = [v for v in values if v is not None]
    if not present:
        return "VARCHAR"
    if all(isinstance(v, bool) for v in present):
        return "BOOLEAN"
    if all(isinstance(v, datetime) for v in present):
        return TSTZ if all(v.tzinfo for v in present) else "TIMESTAMP"
    if all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
        return "DATE"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "BIGINT" if all(-INT64 <= v < INT64 for v in present) else "DOUBLE"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "DOUBLE"
    if not all(isinstance(v, str) for v in present):
        return "VARCHAR"
    texts = [v.strip() for v in present if v.strip()]
    if not texts:
        return "VARCHAR"
    if numeric_text and all(INT_TEXT.fullmatch(t) for t in texts):
        return "BIGINT"
    if numeric_text and all(INT_TEXT.fullmatch(t) or DEC_TEXT.fullmatch(t) for t in texts):
        return "DOUBLE"
    if all(ISO_DATE.fullmatch(t) for t in texts):
        return "DATE"
    matches = [ISO_DATETIME.fullmatch(t) for t in texts]
    if all(matches):
        zoned = {m.group(1) is not None for m in matches if m}
        if zoned == {True}:
            return TSTZ
        if zoned == {False}:
            return "TIMESTAMP"
    return "VARCHAR"


def convert(value: Any, duck_type: str) -> Any:
    """One value to the Python object Arrow expects for `duck_type`; ValueError if impossible.

    Only `Unreadable` messages may be shown: other ValueErrors can quote the value.
    """
    if value is None or (isinstance(value, str) and not value.strip() and duck_type != "VARCHAR"):
        return None
    if duck_type == "VARCHAR":
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, default=str)
    if duck_type == "BOOLEAN":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE_TEXT or text in FALSE_TEXT:
            return text in TRUE_TEXT
        raise Unreadable("not a boolean")
    if isinstance(value, bool):
        raise Unreadable("boolean where a number or date was expected")
    if duck_type == "BIGINT":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            return int(value.strip())
        raise Unreadable("not an integer")
    if duck_type == "DOUBLE":
        if isinstance(value, int | float):
            result = float(value)
        else:
            result = float(str(value).strip().replace(",", "."))
        if math.isnan(result):
            return None
        return result
    if duck_type in ("TIMESTAMP", TSTZ):
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        if duck_type == TSTZ:
            if parsed.tzinfo is None:
                raise Unreadable("date-time without a UTC offset among offset-aware ones")
            return parsed.astimezone(UTC)
        if parsed.tzinfo is not None:
            raise Unreadable("date-time with a UTC offset among naive ones")
        return parsed
    if duck_type == "DATE":
        return value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    raise Unreadable(f"unsupported type {duck_type}")


def cited_file(raw_files: Sequence[Path]) -> str | None:
    """The file a record-level error names: the only one, or none for records of several files."""
    return raw_files[0].name if len(raw_files) == 1 else None


def write_records(
    rows: Sequence[Mapping[str, Any]],
    dst: Path,
    *,
    dataset: str,
    file: str | None = None,
    declared: Mapping[str, str] | None = None,
    numeric_text: bool = False,
    only_declared: bool = False,
    types: Mapping[str, str] | None = None,
) -> list[tuple[str, str]]:
    """Type the columns of `rows` and write them to Parquet at `dst` (atomically).

    `declared` maps column → declared type (see module docstring); with `only_declared` only
    those columns are kept, in that order. `types` forces DuckDB types chosen by a reader.
    Returns the (name, DuckDB type) list.
    """
    if not rows:
        raise DatasetError(dataset, "no records found", file=file)
    declared = declared or {}
    names = list(declared) if only_declared else _column_names(rows)
    if only_declared:
        for name in names:
            if not any(name in row for row in rows):
                raise DatasetError(
                    dataset, "declared field not found in any record", file=file,
                    location=f"field {name}",
                )  # fmt: skip
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays: dict[str, pa.Array] = {}
    columns: list[tuple[str, str]] = []
    for name in names:
        values = [row.get(name) for row in rows]
        duck = (types or {}).get(name)
        if duck is None and name in declared:
            duck = declared_type(dataset, name, declared[name])
        if duck is None:
            # digit strings in a column named like a code (INSEE, SIRET, Code) stay text
            text_codes = numeric_text and not is_code_header(name)
            duck = infer_type(values, numeric_text=text_codes)
        if duck == "TIMESTAMP" and any(_is_zoned(v) for v in values):
            duck = TSTZ
        converted = []
        for index, value in enumerate(values):
            try:
                converted.append(convert(value, duck))
            except (ValueError, OverflowError) as exc:
                why = str(exc) if isinstance(exc, Unreadable) else "wrong format"
                raise DatasetError(
                    dataset,
                    f"value cannot be read as {duck}: {why}",
                    file=file,
                    location=f"row {index + 1}, field {name}",
                ) from None
        arrays[name] = pa.array(converted, type=_arrow_type(duck))
        columns.append((name, duck))
    table = pa.table(arrays)
    with atomic_path(dst) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return columns


def _arrow_type(duck: str) -> pa.DataType:
    """The Arrow type a DuckDB type name is written as (pyarrow is imported on first use: the
    catalogue loads every reader module, and most runs never write records)."""
    import pyarrow as pa

    return {
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "VARCHAR": pa.string(),
        "TIMESTAMP": pa.timestamp("us"),
        TSTZ: pa.timestamp("us", tz="UTC"),
        "DATE": pa.date32(),
    }[duck]


def _is_zoned(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    match = ISO_DATETIME.fullmatch(value.strip())
    return bool(match and match.group(1))


def _column_names(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)
