"""Maps and charts of the mobility feeds: interactive HTML map, PNG snapshot, hourly profile.

Offline choice: folium links Leaflet, jQuery and Bootstrap from CDNs, so a map opened without
network shows nothing (`L is not defined`). `build_map` therefore drops folium's CDN links and
inlines Leaflet 1.9.3 (BSD-2-Clause, bundled in `static/`) into the HTML, and draws the markers
with a small script over the data embedded as JSON (no jQuery needed for popups). The file is
self-contained: markers, popups and legend render offline; only the OpenStreetMap background
tiles need the network and are simply missing without it.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import pyarrow as pa

from opendata_pipeline.mobility.history import connect
from opendata_pipeline.mobility.rows import PARIS
from opendata_pipeline.mobility.schema import (
    CLASS_COLOURS,
    OCCUPANCY_CLASSES,
    occupancy_class,
)
from opendata_pipeline.storage.paths import atomic_path, atomic_write_text

LEAFLET_DIR: Final = Path(__file__).resolve().parent / "static" / "leaflet-1.9.3"
MONTPELLIER: Final = (43.6108, 3.8767)
KIND_LABELS: Final = {"parking": "Parking", "bike": "Station Vélomagg"}


@dataclass(frozen=True)
class MapResult:
    """The written map: path, markers drawn, markers per occupancy class, rows without point."""

    path: Path
    markers: int
    by_class: dict[str, int]
    without_coordinates: int


def marker_data(current: pa.Table) -> list[dict[str, Any]]:
    """One marker per row with coordinates: position, class, colour and popup fields."""
    markers = []
    for row in current.to_pylist():
        if row["longitude"] is None or row["latitude"] is None:
            continue
        klass = occupancy_class(row["occupancy_rate"], row["status"])
        observed: datetime = row["observed_at"]
        markers.append(
            {
                "id": row["id"],
                "name": row["name"] or row["id"],
                "kind": KIND_LABELS.get(row["kind"], row["kind"]),
                "lat": row["latitude"],
                "lon": row["longitude"],
                "capacity": row["capacity"],
                "available": row["available"],
                "available_label": "Vélos disponibles"
                if row["kind"] == "bike"
                else "Places libres",
                "rate": None
                if row["occupancy_rate"] is None
                else round(100 * row["occupancy_rate"]),
                "updated": observed.astimezone(PARIS).strftime("%d/%m/%Y %H:%M"),
                "class": klass,
                "colour": CLASS_COLOURS[klass],
            }
        )
    return markers


_SCRIPT: Final = """
(function () {
  var map = %(map)s;
  var data = JSON.parse(document.getElementById("mobility-data").textContent);
  function line(parent, label, value) {
    var row = document.createElement("div");
    var key = document.createElement("b");
    key.textContent = label + " : ";
    row.appendChild(key);
    row.appendChild(document.createTextNode(value === null ? "n.c." : String(value)));
    parent.appendChild(row);
  }
  var bounds = [];
  data.forEach(function (m) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = m.name;
    box.appendChild(title);
    line(box, "Type", m.kind);
    line(box, "Capacité", m.capacity);
    line(box, m.available_label, m.available);
    line(box, "Occupation", m.rate === null ? null : m.rate + " %%");
    line(box, "Dernière mise à jour", m.updated);
    L.circleMarker([m.lat, m.lon], {
      radius: 8, color: "#212121", weight: 1, fillColor: m.colour, fillOpacity: 0.9,
      className: "mobility-marker mobility-" + m["class"]
    }).bindPopup(box).bindTooltip(m.name).addTo(map);
    bounds.push([m.lat, m.lon]);
  });
  if (bounds.length > 1) { map.fitBounds(bounds, {padding: [20, 20]}); }
})();
"""


def _legend() -> str:
    items = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
        f'background:{colour};margin-right:6px"></span>{label}</div>'
        for _, label, colour in OCCUPANCY_CLASSES
    )
    return (
        '<div id="mobility-legend" style="position:fixed;bottom:30px;right:10px;z-index:1000;'
        'background:white;padding:8px 10px;border:1px solid #999;font:13px sans-serif">'
        f"<b>Taux d'occupation</b>{items}</div>"
    )


def build_map(
    current: pa.Table, out_html: Path, *, tiles: str | None = "OpenStreetMap"
) -> MapResult:
    """Write a self-contained Leaflet map of `current` (markers coloured by occupancy class)."""
    import folium
    from branca.element import Element, Figure, MacroElement
    from jinja2 import Template

    markers = marker_data(current)
    fmap = folium.Map(location=MONTPELLIER, zoom_start=13, tiles=tiles, control_scale=True)
    fmap.default_js = []  # no CDN: Leaflet is inlined below
    fmap.default_css = []
    root = fmap.get_root()
    assert isinstance(root, Figure)
    leaflet_css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    leaflet_js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    leaflet_js = leaflet_js.replace("//# sourceMappingURL=leaflet.js.map", "")

    def verbatim(html: str) -> Element:
        """An element whose text is output as is: branca renders an element's text as a Jinja
        template, so feed values (station names) must never be part of it."""
        element = Element("{{ this.verbatim }}")
        element.verbatim = html  # type: ignore[attr-defined]
        return element

    root.header.add_child(verbatim(f"<style>{leaflet_css}</style>"), name="leaflet_css")
    root.header.add_child(verbatim(f"<script>{leaflet_js}</script>"), name="leaflet_js")
    # JSON inside <script>: escape <, > and & (only ever inside strings) so no value can close
    # the element or open a comment
    payload = (
        json.dumps(markers, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    root.html.add_child(
        verbatim(f'<script id="mobility-data" type="application/json">{payload}</script>'),
        name="mobility_data",
    )
    root.html.add_child(verbatim(_legend()), name="mobility_legend")

    layer = MacroElement()  # type: ignore[no-untyped-call]
    layer._template = Template(  # folium's way to add raw script tied to the map
        "{% macro script(this, kwargs) %}" + _SCRIPT % {"map": fmap.get_name()} + "{% endmacro %}"
    )
    fmap.add_child(layer, name="mobility_markers")
    atomic_write_text(out_html, fmap.get_root().render())
    return MapResult(
        path=out_html,
        markers=len(markers),
        by_class=dict(Counter(m["class"] for m in markers)),
        without_coordinates=current.num_rows - len(markers),
    )


def render_png(current: pa.Table, out_png: Path, *, title: str | None = None) -> Path:
    """A static scatter snapshot (lon/lat coloured by occupancy class) for asset metadata."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    markers = marker_data(current)
    fig, ax = plt.subplots(figsize=(7, 6), dpi=100)
    try:
        for key, label, colour in OCCUPANCY_CLASSES:
            group = [m for m in markers if m["class"] == key]
            if group:
                ax.scatter(
                    [m["lon"] for m in group],
                    [m["lat"] for m in group],
                    s=60,
                    c=colour,
                    edgecolors="#212121",
                    linewidths=0.5,
                    label=f"{label} ({len(group)})",
                )
        ax.set_xlabel("Longitude")
        ax.set_ylabel("Latitude")
        ax.set_aspect(1 / 0.724)  # 1° of longitude ≈ 0.724 × 1° of latitude at 43.6° N
        ax.grid(True, linewidth=0.3)
        if markers:
            ax.legend(loc="best", fontsize=8)
        ax.set_title(title or f"Occupation : {len(markers)} équipement(s)")
        fig.tight_layout()
        with atomic_path(out_png) as tmp:
            fig.savefig(tmp, format="png")
    finally:
        plt.close(fig)
    return out_png


def markdown_image(png: Path, alt: str = "carte") -> str:
    """A Markdown image with the PNG inlined as base64 (Dagster `MetadataValue.md`)."""
    encoded = base64.b64encode(png.read_bytes()).decode("ascii")
    return f"![{alt}](data:image/png;base64,{encoded})"


@dataclass(frozen=True)
class ProfileResult:
    """The chart written and the profile behind it (id, name, hour 0–23 local, mean rate)."""

    path: Path
    profile: pa.Table
    facilities: int


def hourly_profile(history_dir: Path, *, kind: str = "parking") -> pa.Table:
    """Mean occupancy rate per facility and local hour of day (Europe/Paris) over the history."""
    files = sorted(str(p) for p in history_dir.glob("????-??-??.parquet"))
    con = connect()
    try:
        if not files:
            return con.sql(
                "SELECT ''::VARCHAR AS id, ''::VARCHAR AS name, 0::INTEGER AS hour, "
                "0.0::DOUBLE AS mean_rate, 0::BIGINT AS observations LIMIT 0"
            ).to_arrow_table()
        return con.sql(
            """
            SELECT id, any_value(name) AS name,
                   CAST(hour(observed_at AT TIME ZONE 'Europe/Paris') AS INTEGER) AS hour,
                   avg(occupancy_rate) AS mean_rate, count(*) AS observations
            FROM read_parquet($files)
            WHERE kind = $kind AND occupancy_rate IS NOT NULL
            GROUP BY id, hour ORDER BY id, hour
            """,
            params={"files": files, "kind": kind},
        ).to_arrow_table()
    finally:
        con.close()


def occupancy_profile(history_dir: Path, out_png: Path, *, kind: str = "parking") -> ProfileResult:
    """Small-multiples chart of the hourly occupancy profile of each facility."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    profile = hourly_profile(history_dir, kind=kind)
    series: dict[str, tuple[str, list[int], list[float]]] = {}
    for row in profile.to_pylist():
        name, hours, rates = series.setdefault(row["id"], (row["name"] or row["id"], [], []))
        hours.append(row["hour"])
        rates.append(100 * row["mean_rate"])
    count = max(len(series), 1)
    columns = min(4, count)
    lines = -(-count // columns)
    fig, axes = plt.subplots(
        lines,
        columns,
        figsize=(3.2 * columns, 2.4 * lines),
        dpi=90,
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    try:
        flat = [ax for line in axes for ax in line]
        for ax, (name, hours, rates) in zip(flat, series.values(), strict=False):
            ax.plot(hours, rates, marker=".", color="#1565c0")
            ax.set_title(name, fontsize=9)
            ax.set_xlim(0, 23)
            ax.set_ylim(0, 100)
            ax.grid(True, linewidth=0.3)
        for ax in flat[len(series) :]:
            ax.axis("off")
        if not series:
            flat[0].text(0.5, 0.5, "Historique vide", ha="center", va="center")
        fig.supxlabel("Heure (Europe/Paris)")
        fig.supylabel("Occupation moyenne (%)")
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.08, top=0.95, hspace=0.45)
        with atomic_path(out_png) as tmp:
            fig.savefig(tmp, format="png")
    finally:
        plt.close(fig)
    return ProfileResult(path=out_png, profile=profile, facilities=len(series))
