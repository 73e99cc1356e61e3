"""Real-time mobility: car-park occupancy and Vélomagg availability histories, and their maps."""

from datetime import UTC, datetime
from typing import Any, Literal

import dagster as dg

from opendata_pipeline.defs.automation import realtime_freshness_policy
from opendata_pipeline.defs.checks import check_results
from opendata_pipeline.defs.resources import SETTINGS_KEY

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
        from opendata_pipeline.mobility.refresh import history_dir
        from opendata_pipeline.pipeline.mobility import refresh_history

        done = refresh_history(kind)
        result, tables = done.result, done.tables
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
    from opendata_pipeline.mobility.maps import markdown_image
    from opendata_pipeline.pipeline.mobility import draw_maps

    metadata: dict[str, Any] = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    maps = draw_maps(LATEST_DAYS)
    for kind, (drawn, png) in maps.drawn.items():
        metadata[f"{kind}_markers"] = drawn.markers
        metadata[f"{kind}_map"] = dg.MetadataValue.path(str(drawn.path))
        metadata[f"{kind}_snapshot"] = dg.MetadataValue.md(markdown_image(png, f"carte {kind}"))
    profile = maps.profile
    metadata["parking_profile"] = dg.MetadataValue.md(
        markdown_image(profile.path, "profil horaire")
    )
    return dg.MaterializeResult(metadata=metadata)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(assets=[_history_asset("parking"), _history_asset("bike"), mobility_maps])
