"""Find WGS 84 coordinate columns and write GeoJSON, streaming."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from opendata_pipeline.storage.sql import copy_hashed, ident, lit

_LON = re.compile(r"^(lon|lng|long|longitude|coord_?x|x|x_wgs84|f07_commen)$", re.IGNORECASE)
_LAT = re.compile(r"^(lat|latitude|coord_?y|y|y_wgs84|f08_commen)$", re.IGNORECASE)
_NUMERIC = ("DOUBLE", "FLOAT", "DECIMAL", "REAL")
# A generous box around the Hérault département: coordinates outside are not WGS 84 lon/lat here.
LON_RANGE = (2.5, 4.9)
LAT_RANGE = (42.9, 44.3)


def find_coordinates(columns: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (longitude, latitude) column names, when the headers say so and both are numeric."""
    numeric = [name for name, typ in columns if typ.upper().startswith(_NUMERIC)]
    lon = next((c for c in numeric if _LON.match(c.strip())), None)
    lat = next((c for c in numeric if _LAT.match(c.strip())), None)
    return (lon, lat) if lon and lat else None


_q = ident


def write_geojson(con: duckdb.DuckDBPyConnection, parquet: Path, out: Path, lon: str,
                  lat: str) -> tuple[int, str]:  # fmt: skip
    """Write a FeatureCollection of the rows with coordinates; returns the number of features
    and the file's sha256 (hashed as written).

    DuckDB renders each feature's JSON and writes them one per line, separated by commas,
    between the collection's head and tail (its CSV writer, nothing quoted): no row goes
    through Python.
    """
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit(parquet)})").fetchall()
    others = [str(r[0]) for r in described if r[0] not in (lon, lat)]
    fields = ", ".join(f"{_q(c)} := {_q(c)}" for c in others)
    properties = f"to_json(struct_pack({fields}))" if others else "'{}'"
    feature = (
        '\'{"type":"Feature","geometry":{"type":"Point","coordinates":[\' || '
        f"CAST({_q(lon)} AS VARCHAR) || ',' || CAST({_q(lat)} AS VARCHAR) || ']}},\"properties\":' || "
        f"{properties} || '}}'"
    )
    located = (
        f"FROM read_parquet({lit(parquet)}) WHERE {_q(lon)} IS NOT NULL AND {_q(lat)} IS NOT NULL"
    )
    head, tail = '{"type":"FeatureCollection","features":[\n', "\n]}\n"
    lines = (  # no quoting: each line is one feature's JSON
        "FORMAT csv, HEADER false, QUOTE '', ESCAPE '', NEW_LINE ',\n', "
        f"PREFIX {lit(head)}, SUFFIX {lit(tail)}"
    )
    digest = copy_hashed(con, f"SELECT {feature} AS f {located}", out, lines)
    count = con.execute(f"SELECT count(*) {located}").fetchall()
    return int(count[0][0]), digest
