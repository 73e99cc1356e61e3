"""Real-time mobility: car-park occupancy and Vélomagg availability histories, and their maps."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import dagster as dg

from opendata_pipeline.defs.automation import realtime_freshness_policy
from opendata_pipeline.defs.checks import check_results
from opendata_pipeline.defs.resources import SETTINGS_KEY
from opendata_pipeline.storage.paths import atomic_write_bytes, opendata_home

GROUP = "mobilite_temps_reel"
POOL = "mobility_history"  # one history writer at a time, across the deployment
LATEST_DAYS = 2  # day files the maps read the current state from
Kind = Literal["parking", "bike"]
CHECKS: dict[Kind, list[str]] = {
    "parking": ["capteurs_figes", "complet_avec_places", "coordonnees", "fraicheur_flux", "capacite_modifiee"],
    "bike": [
        "capteurs_figes", "complet_avec_places", "coordonnees", "bornes_hors_service",
        "fraicheur_flux", "capacite_modifiee",
    ],
}  # fmt: skip
KEYS: dict[Kind, dg.AssetKey] = {
    "parking": dg.AssetKey(["mobility", "parking_occupancy"]),
    "bike": dg.AssetKey(["mobility", "bike_availability"]),
}
DESCRIPTIONS: dict[Kind, str] = {
    "parking": "Car-park occupancy history (FIWARE NGSI first, legacy XML as fallback): one row "
    "per car park and observation time, de-duplicated, one Parquet file per day.",
    "bike": "Vélomagg availability history (NGSI first, GBFS and legacy XML as fallbacks): one "
    "row per station and observation time, de-duplicated, one Parquet file per day.",
}


def _history_asset(kind: Kind) -> dg.AssetsDefinition:
    key = KEYS[kind]
    specs = [dg.AssetCheckSpec(name, asset=key) for name in CHECKS[kind]]

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=key,
        group_name=GROUP,
        kinds={"parquet", "api"},
        pool=POOL,
        owners=["mobilite@example.org"],
        tags={"realtime": "true"},
        freshness_policy=realtime_freshness_policy(),
        description=DESCRIPTIONS[kind],
        check_specs=specs,
    )
    def history(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.mobility.cli import history_dir, maps_dir
        from opendata_pipeline.mobility.datasets import write_dataset_tables
        from opendata_pipeline.mobility.refresh import refresh
        from opendata_pipeline.storage import zones

        result = refresh(kind, history_dir(kind), maps_dir())
        tables = write_dataset_tables(
            kind, result.current, history_dir(kind), opendata_home() / "mobility"
        )
        stamp = result.snapshot.fetched_at.strftime("%Y%m%dT%H%M%SZ")
        raw = opendata_home() / "raw" / key.path[-1] / stamp
        for name, data in result.snapshot.files.items():
            atomic_write_bytes(raw / name, data)  # the bytes as fetched
        zones.push([*tables.values(), *(raw / name for name in result.snapshot.files)])
        return dg.MaterializeResult(
            metadata={
                "source": result.snapshot.source,
                "fallbacks_used": len(result.snapshot.failures),
                "rows": result.snapshot.table.num_rows,
                "rows_added": result.append.rows_added,
                "duplicates": result.append.duplicates,
                "days_written": ", ".join(result.append.days_written),
                "dagster/uri": str(history_dir(kind)),
                "current_state": dg.MetadataValue.path(str(tables["current"])),
                "daily_history": dg.MetadataValue.path(str(tables["daily"])),
            },
            check_results=check_results(specs, result.checks),
        )

    return history


@dg.asset(
    required_resource_keys={SETTINGS_KEY},
    key=dg.AssetKey(["mobility", "maps"]),
    deps=list(KEYS.values()),
    group_name=GROUP,
    kinds={"html", "png"},
    owners=["mobilite@example.org"],
    description="Interactive HTML maps (Leaflet, works offline from the files) of the current car "
    "parks and Vélomagg stations coloured by occupancy, PNG snapshots, and the hourly occupancy "
    "profile of each car park over the history.",
)
def mobility_maps(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    from opendata_pipeline.mobility.cli import history_dir, maps_dir
    from opendata_pipeline.mobility.datasets import current_state
    from opendata_pipeline.mobility.history import pull_history, read_history
    from opendata_pipeline.mobility.maps import (
        build_map,
        markdown_image,
        occupancy_profile,
        render_png,
    )
    from opendata_pipeline.storage import zones

    out = maps_dir()
    metadata: dict[str, Any] = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    pull_history(history_dir("parking"))  # a fresh pod: the profile reads the whole history
    pull_history(history_dir("bike"), last_days=LATEST_DAYS)
    written: list[Path] = []
    for kind in ("parking", "bike"):
        latest = current_state(read_history(history_dir(kind), last_days=LATEST_DAYS))
        drawn = build_map(latest, out / f"{kind}.html")
        png = render_png(latest, out / f"{kind}.png")
        written += [drawn.path, png]
        metadata[f"{kind}_markers"] = drawn.markers
        metadata[f"{kind}_map"] = dg.MetadataValue.path(str(drawn.path))
        metadata[f"{kind}_snapshot"] = dg.MetadataValue.md(markdown_image(png, f"carte {kind}"))
    profile = occupancy_profile(history_dir("parking"), out / "parking_profile.png")
    zones.push([*written, profile.path])  # files outside OPENDATA_HOME stay local
    metadata["parking_profile"] = dg.MetadataValue.md(
        markdown_image(profile.path, "profil horaire")
    )
    return dg.MaterializeResult(metadata=metadata)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[_history_asset("parking"), _history_asset("bike"), mobility_maps])
