"""Data-quality checks of the mobility feeds, with counts and a French description.

Each check returns a `CheckVerdict` whose metadata holds counts and the `flagged` car-park /
station ids and names, which are public. Severity follows legal-rules.md: WARN for the
feed-quality checks and freshness.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import median_low
from typing import Any, Final, NamedTuple

import pyarrow as pa

from opendata_pipeline.mobility.rows import utc
from opendata_pipeline.storage.sql import connect
from opendata_pipeline.verdict import CheckVerdict


class BBox(NamedTuple):
    """Longitude/latitude bounds (WGS 84)."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lon: float, lat: float) -> bool:
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


#: The 31 communes of Montpellier Méditerranée Métropole (Cournonsec/Montarnaud in the west,
#: Saint-Brès in the east, Beaulieu in the north, Villeneuve-lès-Maguelone in the south), with a
#: margin of about 1 km.
METROPOLE_BBOX: Final = BBox(3.68, 43.49, 4.07, 43.76)


def _verdict(
    name: str, passed: bool, counts: dict[str, int], message_fr: str, flagged: Sequence[str] = ()
) -> CheckVerdict:
    """A feed-quality verdict (WARN): counts, then the flagged ids/names when there are any."""
    metadata: dict[str, Any] = dict(counts)
    if flagged:
        metadata["flagged"] = list(flagged)
    return CheckVerdict(name, passed, False, message_fr, metadata)


def counts(verdict: CheckVerdict) -> dict[str, int]:
    """The counts of a feed-quality verdict."""
    return {k: v for k, v in verdict.metadata.items() if k != "flagged"}


def flagged(verdict: CheckVerdict) -> list[str]:
    """The ids/names a feed-quality verdict flags."""
    return list(verdict.metadata.get("flagged", ()))


def _label(row: dict[str, Any]) -> str:
    return f"{row['id']} ({row['name']})" if row.get("name") else str(row["id"])


def stale_sensors(table: pa.Table, *, max_lag: timedelta = timedelta(hours=2)) -> CheckVerdict:
    """Sensors whose source timestamp lags the snapshot's median by more than `max_lag`."""
    rows = table.select(["id", "name", "observed_at"]).to_pylist()
    if not rows:
        return _verdict(
            "capteurs_figes",
            True,
            {"capteurs": 0, "figes": 0},
            "Aucun capteur dans l'instantané.",
        )
    reference = median_low(row["observed_at"] for row in rows)
    stale = [row for row in rows if reference - row["observed_at"] > max_lag]
    oldest = max((reference - row["observed_at"] for row in stale), default=timedelta())
    hours = int(max_lag.total_seconds() // 3600)
    return _verdict(
        "capteurs_figes",
        not stale,
        {"capteurs": len(rows), "figes": len(stale), "retard_max_jours": oldest.days},
        f"{len(stale)} capteur(s) sur {len(rows)} ont un horodatage source de plus de {hours} h "
        "plus ancien que la médiane de l'instantané (capteur figé ou hors service).",
        tuple(_label(row) for row in stale),
    )


def full_with_free_places(table: pa.Table) -> CheckVerdict:
    """Status `full` while places (or docks) are reported free."""
    rows = table.select(["id", "name", "status", "available", "free_slots", "kind"]).to_pylist()
    full = [row for row in rows if row["status"] == "full"]
    wrong = [row for row in full if (_free(row) or 0) > 0]
    return _verdict(
        "complet_avec_places",
        not wrong,
        {"complets": len(full), "incoherents": len(wrong)},
        f"{len(wrong)} équipement(s) signalé(s) « complet » alors que des places sont "
        f"annoncées libres ({len(full)} au statut complet).",
        tuple(_label(row) for row in wrong),
    )


def _free(row: dict[str, Any]) -> int | None:
    """Free places: `available` for a car park, `free_slots` (empty docks) for a bike station."""
    value = row["available"] if row["kind"] == "parking" else row["free_slots"]
    return int(value) if value is not None else None


def docks_out_of_service(table: pa.Table) -> CheckVerdict:
    """Bike stations where bikes + free docks ≠ capacity (docks out of service or over-full)."""
    rows = table.select(["id", "name", "capacity", "available", "free_slots"]).to_pylist()
    known = [
        row for row in rows if None not in (row["capacity"], row["available"], row["free_slots"])
    ]
    gaps = [row for row in known if row["available"] + row["free_slots"] != row["capacity"]]
    missing = sum(row["capacity"] - row["available"] - row["free_slots"] for row in gaps)
    return _verdict(
        "bornes_hors_service",
        not gaps,
        {"stations": len(known), "stations_ecart": len(gaps), "bornes_manquantes": missing},
        f"{len(gaps)} station(s) sur {len(known)} où vélos disponibles + bornes libres ≠ "
        f"capacité ({missing} borne(s) hors service au total).",
        tuple(_label(row) for row in gaps),
    )


def coordinates(table: pa.Table, bbox: BBox = METROPOLE_BBOX) -> CheckVerdict:
    """Coordinates missing, outside the Métropole, or with longitude and latitude swapped."""
    rows = table.select(["id", "name", "longitude", "latitude"]).to_pylist()
    missing, swapped, outside = [], [], []
    for row in rows:
        lon, lat = row["longitude"], row["latitude"]
        if lon is None or lat is None:
            missing.append(row)
        elif bbox.contains(lon, lat):
            continue
        elif bbox.contains(lat, lon):
            swapped.append(row)
        else:
            outside.append(row)
    bad = missing + swapped + outside
    return _verdict(
        "coordonnees",
        not bad,
        {
            "points": len(rows),
            "absentes": len(missing),
            "inversees": len(swapped),
            "hors_metropole": len(outside),
        },
        f"{len(swapped)} point(s) avec longitude et latitude inversées, {len(outside)} hors du "
        f"territoire de la Métropole, {len(missing)} sans coordonnées (sur {len(rows)}).",
        tuple(_label(row) for row in bad),
    )


def capacity_changes(history: pa.Table) -> CheckVerdict:
    """Capacity that changed over time for the same id (e.g. Antigone 350 → 280)."""
    con = connect()
    try:
        con.register("h", history.select(["id", "name", "capacity", "observed_at"]))
        changed = con.sql(
            """
            SELECT id, any_value(name) AS name, count(*) AS changes FROM (
                SELECT id, name, capacity,
                       lag(capacity) OVER (PARTITION BY id ORDER BY observed_at) AS previous
                FROM h WHERE capacity IS NOT NULL)
            WHERE previous IS NOT NULL AND capacity <> previous
            GROUP BY id ORDER BY id
            """
        ).fetchall()
        ids = con.sql("SELECT count(DISTINCT id) FROM h").fetchall()[0][0]
    finally:
        con.close()
    changes = sum(int(row[2]) for row in changed)
    return _verdict(
        "capacite_modifiee",
        not changed,
        {"equipements": int(ids), "modifies": len(changed), "changements": changes},
        f"{len(changed)} équipement(s) dont la capacité a changé dans l'historique "
        f"({changes} changement(s)) : vérifier travaux, réaffectation ou erreur de capteur.",
        tuple(_label({"id": row[0], "name": row[1]}) for row in changed),
    )


def feed_freshness(
    table: pa.Table, *, now: datetime, max_age: timedelta = timedelta(minutes=15)
) -> CheckVerdict:
    """R-MOBILITY-NAP freshness: the newest source timestamp is at most `max_age` old."""
    column = table.column("observed_at").to_pylist()
    newest = max(column) if column else None
    age = utc(now) - newest if newest else None
    fresh = age is not None and age <= max_age
    minutes = int(age.total_seconds() // 60) if age is not None else -1
    return _verdict(
        "fraicheur_flux",
        fresh,
        {"age_minutes": minutes, "age_max_minutes": int(max_age.total_seconds() // 60)},
        "Flux à jour."
        if fresh
        else f"Flux périmé : dernière observation il y a {minutes} min "
        f"(maximum {int(max_age.total_seconds() // 60)} min, R-MOBILITY-NAP).",
    )


def feed_checks(table: pa.Table, *, now: datetime | None = None) -> list[CheckVerdict]:
    """The snapshot-level checks that apply to `table`'s kind (car parks or bike stations)."""
    outcomes = [stale_sensors(table), full_with_free_places(table), coordinates(table)]
    if "bike" in set(table.column("kind").to_pylist()):
        outcomes.append(docks_out_of_service(table))
    if now is not None:
        outcomes.append(feed_freshness(table, now=now))
    return outcomes
