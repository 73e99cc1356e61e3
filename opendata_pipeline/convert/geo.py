"""Find WGS 84 coordinate columns and write GeoJSON, streaming."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from opendata_pipeline.storage.sql import ident, lit

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


def write_geojson(con: duckdb.DuckDBPyConnection, parquet: Path, out: Path, lon: str, lat: str,
                  *, batch_rows: int = 100_000) -> tuple[int, str]:  # fmt: skip
    """Write a FeatureCollection of the rows with coordinates; returns the number of features
    and the file's sha256 (hashed as written).

    DuckDB renders each feature's JSON (vectorized); Python only joins the batches.
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
    reader = con.sql(
        f"SELECT {feature} AS f FROM read_parquet({lit(parquet)}) "
        f"WHERE {_q(lon)} IS NOT NULL AND {_q(lat)} IS NOT NULL"
    ).to_arrow_reader(batch_rows)
    count = 0
    digest = hashlib.sha256()
    with out.open("wb") as fh:

        def write(text: str) -> None:
            data = text.encode("utf-8")
            digest.update(data)
            fh.write(data)

        write('{"type":"FeatureCollection","features":[\n')
        for batch in reader:
            lines = batch.column(0).to_pylist()
            if lines:
                write((",\n" if count else "") + ",\n".join(lines))
                count += len(lines)
        write("\n]}\n")
    return count, digest.hexdigest()
