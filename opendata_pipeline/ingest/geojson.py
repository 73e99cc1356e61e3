"""`geojson` source kind: GeoJSON (RFC 7946) to typed Parquet, one row per feature.

Columns: `feature_id` (the features' `id`, when they have one), the properties (nested objects
as `a_b`, lists as JSON text), `geometry` (the geometry as GeoJSON text, in WGS 84 longitude /
latitude), `geometry_type`, and `longitude` / `latitude` for points. A name a property already
takes gets the suffix `_geojson`.

The CRS is WGS 84 by the RFC; a `crs` member (GeoJSON 2008: `urn:ogc:def:crs:EPSG::2154`) or
the option names another; projected coordinates with neither are recognised from their value
ranges (Lambert-93, the conic zones CC42–CC50, Lambert II étendu, Web Mercator). Other CRSs
are reprojected to WGS 84 (pyproj); the source CRS and how it was known are in the details.

`options`: `crs` (`auto`, default, or a code such as `EPSG:3943`). Text lines around the
document and features one after the other (GeoJSON text sequences) are read as for `json`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, Field, with_config

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.ingest.detect import Refused
from opendata_pipeline.ingest.http import JSON_TYPES
from opendata_pipeline.ingest.kinds import FileOptions, PointOptions, SourceKind, SourceOptions
from opendata_pipeline.ingest.records import PointFixer, cited_file, flatten, write_records
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.ingest.sources import fetch_file

WGS84 = "EPSG:4326"
SAMPLED_POSITIONS = 10_000
# Coordinate ranges of metropolitan France (generous), most used CRS first.
PROJECTED: list[tuple[str, tuple[float, float], tuple[float, float]]] = [
    ("EPSG:2154", (-100_000, 1_300_000), (6_000_000, 7_200_000)),  # Lambert-93
    *(
        (f"EPSG:{3900 + zone}", (1_000_000, 2_400_000),
         ((zone - 41) * 1_000_000 - 100_000, (zone - 41) * 1_000_000 + 500_000))
        for zone in range(42, 51)
    ),  # conic conformal zones CC42 … CC50, false northing (zone - 41) × 1,000 km + 200 km
    ("EPSG:27572", (0, 1_250_000), (1_600_000, 2_800_000)),  # Lambert II étendu (NTF)
    ("EPSG:3857", (-800_000, 1_200_000), (5_000_000, 6_700_000)),  # Web Mercator
]  # fmt: skip
_EPSG = re.compile(r"EPSG:+(?:[\d.]*:)?(\d{4,5})$", re.IGNORECASE)


@with_config(ConfigDict(extra="forbid"))
class GeoJsonOptions(FileOptions, PointOptions, total=False):
    crs: str  # auto, or the EPSG code of the coordinates


class GeoJsonSource(SourceOptions):
    """A GeoJSON FeatureCollection: one row per feature."""

    kind: Literal["geojson"] = "geojson"
    fields: dict[str, str] = Field(default_factory=dict)
    options: GeoJsonOptions = Field(default_factory=lambda: GeoJsonOptions())


@dataclass
class Features:
    """The rows of the features read, the warnings, and what was detected."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def to_parquet(raw_files: list[Path], dst: Path, source: GeoJsonSource, dataset: str) -> ReadResult:
    """Read the features of every raw GeoJSON file and write one typed Parquet file."""
    from opendata_pipeline.ingest.json_reader import read_documents

    rows: list[dict[str, Any]] = []
    warnings: list[str] = []
    details: dict[str, Any] = {}
    encoding = "utf-8"
    for path in raw_files:
        parsed = read_documents(path.read_bytes(), "auto", dataset, path.name)
        features = feature_rows(parsed.docs, source.options, dataset, path.name)
        rows += features.rows
        warnings += parsed.warnings + features.warnings
        details.update(features.details)
        encoding = parsed.encoding
    fields = source.fields
    columns = write_records(
        rows, dst, dataset=dataset, file=cited_file(raw_files), declared=fields,
        only_declared=bool(fields),
    )  # fmt: skip
    return ReadResult(
        rows=len(rows), columns=columns, encoding=encoding, details=details,
        kind="geojson", warnings=warnings,
    )  # fmt: skip


def feature_rows(docs: list[Any], options: Mapping[str, Any], dataset: str, file: str) -> Features:
    """One row per feature of a FeatureCollection (or of Features one after the other)."""
    features = [
        f
        for doc in docs
        for f in (doc.get("features") or [] if doc.get("type") == "FeatureCollection" else [doc])
    ]
    valid = [f for f in features if isinstance(f, dict) and f.get("type") == "Feature"]
    if not valid:
        raise Refused(
            dataset, "no_records",
            f"collection GeoJSON sans entité ({len(features)} élément(s) dans « features »)",
            file=file,
        )  # fmt: skip
    out = Features()
    if len(valid) < len(features):
        out.warnings.append(f"{len(features) - len(valid)} élément(s) de « features » non lus")
    crs, method = _crs(docs, valid, str(options.get("crs", "auto")), dataset, file)
    out.details = {"crs": crs or "inconnu", "crs_from": method, "features": len(valid)}
    project = _to_wgs84(crs) if crs and crs != WGS84 else None
    if crs is None:
        out.warnings.append(
            "système de coordonnées non reconnu : géométries gardées telles quelles (précisez "
            "l'option crs de la source)"
        )
    if project:
        out.details["reprojected_to"] = WGS84
    kinds: Counter[str] = Counter()
    points = PointFixer(fix_swaps=False)
    for feature in valid:
        properties = feature.get("properties")
        row = flatten(properties, points) if isinstance(properties, dict) else {}
        geometry = feature.get("geometry")
        if isinstance(geometry, dict) and project:
            geometry = _reprojected(geometry, project)
        kind = str(geometry.get("type")) if isinstance(geometry, dict) else None
        kinds[kind or "none"] += 1
        extra: dict[str, Any] = {
            "geometry": json.dumps(geometry, ensure_ascii=False) if geometry else None,
            "geometry_type": kind,
        }
        if "id" in feature:
            extra = {"feature_id": feature["id"], **extra}
        if crs is not None and kind == "Point":
            coordinates = geometry["coordinates"] if isinstance(geometry, dict) else None
            if isinstance(coordinates, list) and len(coordinates) >= 2:
                extra["longitude"], extra["latitude"] = coordinates[0], coordinates[1]
        for name, value in extra.items():
            row[f"{name}_geojson" if name in row else name] = value
        out.rows.append(row)
    out.details["geometry_types"] = dict(kinds)
    return out


def _positions(node: Any) -> Iterator[list[Any]]:
    """Every position ([x, y, …]) of a geometry's coordinates (nested lists)."""
    if isinstance(node, list) and node and isinstance(node[0], int | float):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _positions(item)


def _geometries(geometry: Any) -> Iterator[dict[str, Any]]:
    if isinstance(geometry, dict):
        if geometry.get("type") == "GeometryCollection":
            for inner in geometry.get("geometries") or []:
                yield from _geometries(inner)
        else:
            yield geometry


def _crs(
    docs: list[Any], features: list[dict[str, Any]], option: str, dataset: str, file: str
) -> tuple[str | None, str]:
    """The features' CRS and where it comes from (option, declared, value ranges, RFC 7946)."""
    if option != "auto":
        code = _EPSG.search(option)
        if not code:
            raise DatasetError(dataset, f"option crs '{option}': use a code such as EPSG:2154")
        return f"EPSG:{code.group(1)}", "option"
    xs: list[float] = []
    ys: list[float] = []
    for feature in features:
        for geometry in _geometries(feature.get("geometry")):
            for position in _positions(geometry.get("coordinates")):
                if len(position) >= 2 and all(isinstance(v, int | float) for v in position[:2]):
                    xs.append(float(position[0]))
                    ys.append(float(position[1]))
        if len(xs) >= SAMPLED_POSITIONS:
            break
    declared = _declared(docs)
    if not xs:
        return declared or WGS84, "declared" if declared else "RFC 7946"
    inside = _within(min(xs), max(xs), min(ys), max(ys))
    degrees = inside((-180, 180), (-90, 90))
    if declared and (declared != WGS84 or degrees):
        return declared, "declared"
    if degrees:
        return WGS84, "RFC 7946"
    for crs, xrange, yrange in PROJECTED:
        if inside(xrange, yrange):
            return crs, "value ranges"
    return None, "value ranges"


def _within(
    x0: float, x1: float, y0: float, y1: float
) -> Callable[[tuple[float, float], tuple[float, float]], bool]:
    """Whether the box (x0…x1, y0…y1) lies within given x and y ranges."""
    return lambda xr, yr: xr[0] <= x0 and x1 <= xr[1] and yr[0] <= y0 and y1 <= yr[1]


def _declared(docs: list[Any]) -> str | None:
    """The CRS a `crs` member names (GeoJSON 2008), CRS84 being WGS 84."""
    for doc in docs:
        crs = doc.get("crs") if isinstance(doc, dict) else None
        name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
        if isinstance(name, str):
            if name.upper().endswith("CRS84"):
                return WGS84
            if code := _EPSG.search(name):
                return f"EPSG:{code.group(1)}"
    return None


def _to_wgs84(crs: str) -> Callable[[list[float], list[float]], tuple[Any, Any]]:
    from pyproj import Transformer

    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
    return transformer.transform


def _reprojected(
    geometry: dict[str, Any], project: Callable[[list[float], list[float]], tuple[Any, Any]]
) -> dict[str, Any]:
    """A copy of `geometry` in WGS 84 (positions rounded to 1e-7 degree, about 1 cm)."""
    copy: dict[str, Any] = json.loads(json.dumps(geometry))
    positions = [p for g in _geometries(copy) for p in _positions(g.get("coordinates"))]
    positions = [p for p in positions if len(p) >= 2]
    if positions:
        lons, lats = project([float(p[0]) for p in positions], [float(p[1]) for p in positions])
        for position, lon, lat in zip(positions, lons, lats, strict=True):
            position[0], position[1] = round(float(lon), 7), round(float(lat), 7)
    copy.pop("crs", None)
    return copy


KIND = SourceKind(
    "geojson", (*JSON_TYPES, "application/*+json"), fetch=fetch_file, to_parquet=to_parquet,
    Options=GeoJsonSource, detect=True,
)  # fmt: skip
