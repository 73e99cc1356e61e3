"""Formats: R-OPEN-FORMAT, R-CSV-DIALECT, R-GEO."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from opendata_pipeline.validate.rules.base import (
    METRO_BBOX,
    NOT_OPEN,
    OPEN_PRIMARY,
    DatasetView,
    Finding,
    failed,
    not_applicable,
    passed,
    rule,
    warned,
)
from opendata_pipeline.validate.table_schema import (
    quote,
)


def _real_format_ok(path: Path) -> bool:
    suffix = path.suffix.lower()
    head = path.read_bytes()[:65536] if path.is_file() else b""
    if suffix == ".parquet":
        with path.open("rb") as fh:
            fh.seek(-4, 2)
            return head[:4] == b"PAR1" and fh.read(4) == b"PAR1"
    if suffix in (".json", ".geojson"):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return False
        if suffix == ".geojson":
            return isinstance(doc, dict) and doc.get("type") in (
                "FeatureCollection",
                "Feature",
                "Point",
                "LineString",
                "Polygon",
                "MultiPoint",
                "MultiLineString",
                "MultiPolygon",
                "GeometryCollection",
            )
        return True
    if suffix in (".csv", ".tsv"):
        return b"\x00" not in head
    if suffix == ".gpkg":
        return head[:16] == b"SQLite format 3\x00" and head[68:72] in (b"GPKG", b"GP10", b"GP11")
    return True


@rule(
    "R-OPEN-FORMAT",
    severity="BLOCK",
    basis="CRPA L300-4 ; loi 2004-575 art. 4 ; directive (UE) 2019/1024 art. 5",
)
def rule_open_format(d: DatasetView) -> Finding:
    files = d.context.published_files or [d.path]
    formats = sorted({p.suffix.lower() for p in files})
    primary = [p for p in files if p.suffix.lower() in OPEN_PRIMARY]
    closed = [p.name for p in files if p.suffix.lower() in NOT_OPEN]
    mismatch = [p.name for p in files if p.is_file() and not _real_format_ok(p)]
    if mismatch:
        return failed(
            f"Le contenu de {', '.join(mismatch)} ne correspond pas au format annoncé par "
            "son extension. Régénérez le fichier ou corrigez le format déclaré.",
            formats=formats,
            mismatched_files=mismatch,
        )
    if not primary:
        return failed(
            "Aucune distribution dans un format ouvert principal (CSV, JSON, GeoJSON, "
            "Parquet…). Ajoutez au moins une distribution ouverte.",
            formats=formats,
            not_open=closed,
        )
    return passed(
        f"{len(primary)} distribution(s) dans un format ouvert.",
        formats=formats,
        not_open_alongside=closed,
    )


_STYLE = {  # R-CSV-DIALECT value style [convention]: what a French spreadsheet export leaves
    "french_date": re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}( .*)?"),
    "decimal_comma": re.compile(r"-?\d+,\d+"),
    "thousands_separator": re.compile(r"-?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?"),
    "french_boolean": re.compile(r"(?i:oui|non|vrai|faux)"),
}


def _csv_findings(path: Path, schema_fields: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Structure and style facts of a CSV, read as a stream; counts and column names only."""
    with path.open("rb") as fh:
        found: dict[str, Any] = {"bom": fh.read(3) == b"\xef\xbb\xbf"}
    rows_read = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as text:
            first = text.readline()
            delimiter = max(",;\t|", key=first.count)
            text.seek(0)
            rows = csv.reader(text, delimiter=delimiter)
            header = [h.strip() for h in next(rows, [])]
            styled = [i for i, h in enumerate(header) if h not in schema_fields]
            ragged = 0
            formula: set[str] = set()
            style: dict[str, set[str]] = {k: set() for k in _STYLE}
            last: list[list[str]] = []
            for n, cells in enumerate(rows, start=2):
                rows_read = n
                if len(cells) != len(header):
                    ragged += 1
                    found.setdefault("first_ragged_row", n)
                for i, cell in enumerate(cells[: len(header)]):
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell):
                        formula.add(header[i])
                for i in styled:
                    cell = cells[i] if i < len(cells) else ""
                    for kind, pattern in _STYLE.items():
                        if cell and header[i] not in style[kind] and pattern.fullmatch(cell):
                            style[kind].add(header[i])
                last = [*last[-2:], cells]
    except UnicodeDecodeError:
        return {**found, "utf8": False, "first_bad_row": rows_read + 1}
    found.update(
        utf8=True,
        delimiter="tab" if delimiter == "\t" else delimiter,
        empty_headers=sum(1 for h in header if not h),
        duplicate_headers=sorted({h for h in header if h and header.count(h) > 1}),
        ragged_rows=ragged,
        formula_risk_columns=sorted(formula),
        style_columns={k: sorted(v) for k, v in style.items() if v},
        summary_rows=sum(
            1
            for cells in last
            if next((c for c in cells if c.strip()), "")
            .strip()
            .lower()
            .startswith(("total", "sous-total", "ensemble"))
        ),
    )
    return found


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


STYLE_FR = {
    "french_date": "dates au format JJ/MM/AAAA (ISO 8601 attendu)",
    "decimal_comma": "virgule décimale (point attendu)",
    "thousands_separator": "séparateur de milliers",
    "french_boolean": "booléens oui/non (true/false attendus)",
}


@rule("R-CSV-DIALECT", severity="BLOCK", basis="CRPA L300-4 ; RFC 4180")
def rule_csv_dialect(d: DatasetView) -> Finding:
    csvs = [p for p in d.context.published_files or [] if p.suffix.lower() == ".csv"]
    if not csvs:
        return not_applicable("Aucun fichier CSV publié à contrôler.")
    blocks, warns, evidence = [], [], {}
    schema, _ = d.schema()  # precedence 1: the schema's own formats win for its fields
    fields = frozenset(schema.field_names if schema else ())
    for path in csvs:
        f = _csv_findings(path, fields)
        evidence[path.name] = f
        if not f["utf8"]:
            blocks.append(f"{path.name} n'est pas en UTF-8 (vers la ligne {f['first_bad_row']})")
            continue
        for kind, columns in f["style_columns"].items():
            warns.append(f"{path.name} : {STYLE_FR[kind]} dans {', '.join(columns)}")
        if f["empty_headers"] or f["duplicate_headers"]:
            blocks.append(f"{path.name} a des en-têtes vides ou en double")
        if f["ragged_rows"]:
            blocks.append(
                f"{path.name} a {f['ragged_rows']} ligne(s) au nombre de cellules "
                f"différent de l'en-tête (première : ligne {f['first_ragged_row']})"
            )
        if f["delimiter"] != ",":
            warns.append(f"{path.name} utilise le séparateur « {f['delimiter']} » au lieu de « , »")
        if f["formula_risk_columns"]:
            warns.append(
                f"{path.name} : cellules commençant par =, +, -, @ dans les colonnes "
                f"{', '.join(f['formula_risk_columns'])}"
            )
        if f["summary_rows"]:
            warns.append(f"{path.name} se termine par une ligne de total")
    if blocks:
        return failed(
            "CSV illisible par un outil standard : "
            + " ; ".join(blocks)
            + ". Régénérez le CSV (UTF-8, une ligne d'en-tête, lignes rectangulaires).",
            **evidence,
        )
    if warns:
        return warned("À revoir : " + " ; ".join(warns) + ".", **evidence)
    return passed(
        "CSV conforme (UTF-8, en-tête unique, lignes rectangulaires, virgule).", **evidence
    )


def _geo_columns(d: DatasetView) -> tuple[str, str] | None:
    geo = d.entry.geo
    if geo == "none":
        return None
    if not isinstance(geo, str):
        return geo.longitude, geo.latitude
    lon_names = ("longitude", "lon", "lng", "long", "xlong", "equip_long", "x")
    lat_names = ("latitude", "lat", "ylat", "equip_lat", "y")
    lon = next((c for c in d.columns if c.lower() in lon_names), None)
    lat = next((c for c in d.columns if c.lower() in lat_names), None)
    return (lon, lat) if lon and lat else None


@rule("R-GEO", severity="BLOCK", basis="RFC 7946 ; INSPIRE")
def rule_geo(d: DatasetView) -> Finding:
    cols = _geo_columns(d)
    if cols is None or not all(c in d.columns for c in cols):
        return not_applicable("Pas de colonnes de coordonnées.")
    x, y = (f"TRY_CAST({quote(c)} AS DOUBLE)" for c in cols)
    lon0, lat0, lon1, lat1 = METRO_BBOX
    inside = f"({x} BETWEEN {lon0} AND {lon1} AND {y} BETWEEN {lat0} AND {lat1})"
    swapped = f"({y} BETWEEN {lon0} AND {lon1} AND {x} BETWEEN {lat0} AND {lat1})"
    row = d.con.execute(
        f"SELECT count(*) FILTER (WHERE {x} IS NOT NULL AND {y} IS NOT NULL), "
        f"count(*) FILTER (WHERE {inside}), count(*) FILTER (WHERE {swapped}) FROM t"
    ).fetchone()
    assert row is not None
    points, ok, swap = (int(v) for v in row)
    evidence = {"columns": list(cols), "points": points, "inside_box": ok, "swapped_inside": swap}
    if not points:
        return not_applicable("Aucun point renseigné.")
    if swap > 0.9 * points:
        return failed(
            f"Longitude et latitude semblent inversées ({cols[0]}, {cols[1]}) : "
            f"{swap} point(s) sur {points} tombent dans la Métropole une fois inversés. "
            "Échangez les deux colonnes.",
            **evidence,
        )
    outside = points - ok
    if outside > 0.01 * points:
        return warned(
            f"{outside} point(s) sur {points} hors de l'emprise de la Métropole (WGS 84 "
            "attendu, longitude d'abord). Vérifiez la projection.",
            **evidence,
        )
    return passed(f"{ok} point(s) sur {points} dans l'emprise.", **evidence)
