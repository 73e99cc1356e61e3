"""Map files: marker count and colours per occupancy class, offline self-containment, charts."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pyarrow as pa

from opendata_pipeline.mobility.feeds import parse_parking, parse_parking_timeseries
from opendata_pipeline.mobility.history import append_snapshot
from opendata_pipeline.mobility.maps import (
    build_map,
    hourly_profile,
    markdown_image,
    occupancy_profile,
    render_png,
)
from opendata_pipeline_tests.mobility.helpers import FETCHED_AT

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Classes of the 24 car parks of 2025-02-27, from (capacity - free) / capacity:
# < 50 %: Europa 46.7, Circe 38.6, Garcia Lorca 28.4, Mosson 41.4, Sablassou 44.4,
#         Saint Jean Le Sec 28.4, Occitanie 46.7, Gaumont EST 40.4 → 8
# 80–99 %: Foch 85.1, Euromedecine 84.7, Arc de Triomphe 80.2 → 3 ; Complet: Gaumont OUEST → 1
PARKING_CLASSES = {"faible": 8, "moyenne": 12, "forte": 3, "complet": 1}


def _embedded_markers(html: str) -> list[dict[str, object]]:
    match = re.search(
        r'<script id="mobility-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "marker data block missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


def test_map_markers_and_colours(tmp_path: Path, parking: pa.Table) -> None:
    result = build_map(parking, tmp_path / "map.html")
    assert result.markers == 24
    assert result.by_class == PARKING_CLASSES
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    markers = _embedded_markers(html)
    assert len(markers) == 24
    colours = {m["class"]: m["colour"] for m in markers}
    assert colours == {
        "faible": "#2e7d32",
        "moyenne": "#f9a825",
        "forte": "#e65100",
        "complet": "#b71c1c",
    }
    gaumont = next(m for m in markers if m["name"] == "Gaumont OUEST")
    assert (gaumont["capacity"], gaumont["available"], gaumont["rate"]) == (250, 0, 100)
    antigone = next(m for m in markers if m["name"] == "Antigone")
    assert antigone["updated"] == "27/02/2025 14:41"  # 13:41:55 UTC shown in Paris time
    assert "Taux d'occupation" in html and "Dernière mise à jour" in html


def test_map_is_self_contained_offline(tmp_path: Path, bikes: pa.Table) -> None:
    result = build_map(bikes, tmp_path / "bikes.html")
    assert result.markers == 57
    html = (tmp_path / "bikes.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html), "no external script"
    assert not re.search(r"<link[^>]+stylesheet", html), "no external stylesheet"
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html
    assert "L.circleMarker" in html and "Leaflet 1.9.3" in html  # inlined library
    assert "tile.openstreetmap.org" in html  # tiles still used when online
    # names with apostrophes/accents survive the embedding
    names = {m["name"] for m in _embedded_markers(html)}
    assert "Médiathèque Emile Zola" in names


def test_png_snapshot_and_markdown(tmp_path: Path, parking: pa.Table) -> None:
    png = render_png(parking, tmp_path / "snap.png")
    data = png.read_bytes()
    assert data.startswith(PNG_MAGIC)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (700, 600)
    md = markdown_image(png, alt="Parkings")
    assert md.startswith("![Parkings](data:image/png;base64,")
    assert base64.b64decode(md.split(",", 1)[1].rstrip(")")) == data


def test_hourly_profile_from_the_real_time_series(
    tmp_path: Path, parking: pa.Table, parking_dir: Path
) -> None:
    history = tmp_path / "history"
    series = parse_parking_timeseries(
        (parking_dir / "parking_timeseries_parking001_2025-02-27.json").read_bytes(),
        parking,
        fetched_at=FETCHED_AT,
    )
    append_snapshot(series, history)
    append_snapshot(parking, history)
    profile = {(row["id"], row["hour"]): row for row in hourly_profile(history).to_pylist()}
    antigone = {hour: row for (pid, hour), row in profile.items() if pid.endswith(":001")}
    assert sorted(antigone) == list(range(24))  # 1.5 days of data cover every local hour
    assert sum(row["observations"] for row in antigone.values()) == 436
    # at 00:xx UTC+1 (2025-02-27 00:02 → 00:56 UTC are 01:xx local) Antigone had 145–146 free
    assert antigone[1]["mean_rate"] < antigone[15]["mean_rate"]
    result = occupancy_profile(history, tmp_path / "profile.png")
    assert result.facilities == 24
    assert result.path.read_bytes().startswith(PNG_MAGIC)


def test_profile_of_empty_history(tmp_path: Path) -> None:
    result = occupancy_profile(tmp_path / "empty", tmp_path / "p.png")
    assert (result.facilities, result.profile.num_rows) == (0, 0)
    assert result.path.read_bytes().startswith(PNG_MAGIC)


def test_feed_values_are_neither_templated_nor_html(
    tmp_path: Path, parking_ngsi_raw: bytes
) -> None:
    hostile = "{{ 7*7 }} {% if true %}x{% endif %} </script><script>alert(1)</script> & <!--"
    entities = json.loads(parking_ngsi_raw)
    entities[0]["name"]["value"] = hostile
    table = parse_parking(json.dumps(entities).encode(), "ngsi", fetched_at=FETCHED_AT)
    build_map(table, tmp_path / "map.html")
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in html
    # neither evaluated as a Jinja template (branca renders elements with Jinja) nor altered
    assert _embedded_markers(html)[0]["name"] == hostile
