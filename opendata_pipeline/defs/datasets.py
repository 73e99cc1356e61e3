"""The asset factory: each catalogue entry becomes raw/<id> → clean/<id> → published/<id>.

Engines are imported inside the asset bodies: loading 1,000 datasets stays fast.
"""

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import dagster as dg

from opendata_pipeline.catalog.loader import Catalog, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.defs.automation import catalogue_condition, freshness_policy_for
from opendata_pipeline.defs.checks import check_results
from opendata_pipeline.defs.metadata import entry_metadata, table_metadata
from opendata_pipeline.defs.partitions import daily
from opendata_pipeline.defs.resources import SETTINGS_KEY
from opendata_pipeline.pipeline.clean_checks import (
    BLOCKING,
    CHECK_NAMES,
    DESCRIPTIONS,
    run_clean_checks,
)
from opendata_pipeline.storage.paths import warehouse_path

WAREHOUSE_POOL = "duckdb_warehouse"


# EU data-theme codes (DCAT-AP) → readable group names in the UI
THEME_GROUPS = {
    "AGRI": "agriculture", "ECON": "economie", "EDUC": "education", "ENER": "energie",
    "ENVI": "environnement", "GOVE": "gouvernance", "HEAL": "sante", "INTR": "international",
    "JUST": "justice", "REGI": "territoire", "SOCI": "societe", "TECH": "sciences",
    "TRAN": "mobilite",
}  # fmt: skip


def group_for(entry: DatasetEntry) -> str:
    """A Dagster group per theme (`TRAN` or `Mobilité` → `mobilite`), so the graph stays readable."""
    theme = entry.themes[0] if entry.themes else "general"
    theme = THEME_GROUPS.get(theme, theme)
    ascii_theme = unicodedata.normalize("NFKD", theme).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_theme.lower()).strip("_") or "general"


def _tags(entry: DatasetEntry) -> dict[str, str]:
    tags = {"dataset": entry.id, "source_kind": entry.source.kind, "frequency": entry.frequency}
    if entry.high_value:
        tags["high_value"] = entry.high_value
    return tags


def clean_check_specs(dataset: str) -> list[dg.AssetCheckSpec]:
    """The checks of `clean/<id>`, as `run_clean_checks` returns them."""
    return [
        dg.AssetCheckSpec(
            name,
            asset=clean_key(dataset),
            blocking=name in BLOCKING,
            description=DESCRIPTIONS[name],
        )
        for name in CHECK_NAMES
    ]


def raw_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", dataset])


def clean_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["clean", dataset])


def published_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["published", dataset])


def ingest_op_name(dataset: str) -> str:
    """The op that materializes `raw/<id>` and `clean/<id>` (one step in a run)."""
    return "ingest__" + re.sub(r"\W", "_", dataset)


def _raw_result(context: dg.AssetExecutionContext, entry: DatasetEntry,
                catalog: Catalog) -> dg.MaterializeResult:  # fmt: skip
    from opendata_pipeline.pipeline import stages

    snapshot = stages.ingest_raw(entry, catalog, context.partition_key)
    manifest = snapshot.manifest
    if snapshot.unchanged:
        context.log.info(f"{entry.id}: source unchanged since {manifest['same_as']}, no new copy")
    return dg.MaterializeResult(
        asset_key=raw_key(entry.id),
        metadata={
            "sha256": manifest["sha256"],
            "size_bytes": int(manifest["size"]),
            "fetched_at": manifest["fetched_at"],
            "unchanged_since": manifest.get("same_as") or "",
            "detected": dg.MetadataValue.json(manifest.get("detected", {})),
            "dagster/uri": str(snapshot.directory),
        },
    )


def _clean_result(context: dg.AssetExecutionContext, entry: DatasetEntry) -> dg.MaterializeResult:
    from opendata_pipeline.pipeline import stages

    result = stages.build_clean(entry, context.partition_key)
    metadata = table_metadata(result.columns, result.rows, result.path)
    metadata["rows_read"] = result.read.rows
    metadata["encoding"] = result.read.encoding or ""
    metadata["delimiter"] = result.read.delimiter or ""
    for warning in result.read.warnings:  # lines skipped, bytes removed: the steward is told
        context.log.warning(f"{entry.id}: {warning}")
    if result.read.warnings:
        metadata["read_warnings"] = dg.MetadataValue.json(result.read.warnings)
    metadata["anonymized"] = result.anonymization is not None
    if result.anonymization is not None:
        metadata["anonymization"] = dg.MetadataValue.json(result.anonymization)
    outcomes = run_clean_checks(
        entry,
        context.partition_key,
        rows=result.rows,
        columns=result.columns,
        anonymization=result.anonymization,
    )
    return dg.MaterializeResult(
        asset_key=clean_key(entry.id),
        metadata=metadata,
        check_results=check_results(clean_check_specs(entry.id), outcomes),
    )


def _recheck(context: dg.AssetExecutionContext, entry: DatasetEntry) -> list[dg.AssetCheckResult]:
    """The selected checks alone, on the partition's last clean materialization (UI "Execute")."""
    key = clean_key(entry.id)
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=key, asset_partitions=[context.partition_key]), limit=1
    ).records
    materialization = records[0].asset_materialization if records else None
    if materialization is None:
        raise dg.Failure(
            description=f"{key.to_user_string()} n'a pas encore été matérialisé pour la partition "
            f"{context.partition_key} : matérialisez-le, ses contrôles s'exécutent avec lui."
        )
    meta = materialization.metadata
    schema: Any = meta["dagster/column_schema"].value
    report = meta.get("anonymization")
    outcomes = run_clean_checks(
        entry,
        context.partition_key,
        rows=int(meta["dagster/row_count"].value),
        columns=[(c.name, c.type) for c in schema.columns],
        anonymization=report.value if report is not None else None,
    )
    return check_results(
        clean_check_specs(entry.id), outcomes, selected=context.selected_asset_check_keys
    )


def build_ingest_asset(entry: DatasetEntry, catalog: Catalog,
                       common: dict[str, Any]) -> dg.AssetsDefinition:  # fmt: skip
    """`raw/<id>` and `clean/<id>` in one subsettable op: half the definitions to build, and
    each still materializes (or fails) on its own; the clean checks run with `clean/<id>`."""
    raw, clean = raw_key(entry.id), clean_key(entry.id)

    @dg.multi_asset(
        required_resource_keys={SETTINGS_KEY},
        name=ingest_op_name(entry.id),
        specs=[
            dg.AssetSpec(
                raw,
                deps=[dg.AssetKey(k.split("/")) for k in entry.source.upstream],
                kinds={entry.source.kind, "file"},
                description=f"Raw snapshot of « {entry.title} »: the source bytes as fetched, "
                "with a manifest (url, sha256, size, fetched_at). Never previewed: it may hold "
                "personal data.",
                **common,
            ),
            dg.AssetSpec(
                clean,
                deps=[raw],
                kinds={"parquet", "duckdb"},
                description=f"« {entry.title} » typed (encodings, French numbers and dates, codes "
                "kept as text) and passed through its personal-data policy, as Parquet.",
                **common,
            ),
        ],
        check_specs=clean_check_specs(entry.id),
        partitions_def=daily,
        can_subset=True,
    )
    def ingest(
        context: dg.AssetExecutionContext,
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        if raw in context.selected_asset_keys:
            yield _raw_result(context, entry, catalog)
        if clean in context.selected_asset_keys:
            yield _clean_result(context, entry)
        elif context.selected_asset_check_keys:
            yield from _recheck(context, entry)

    return ingest


def build_published_asset(entry: DatasetEntry, common: dict[str, Any]) -> dg.AssetsDefinition:
    """`published/<id>`: the latest clean partition in reusable formats."""

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=published_key(entry.id),
        deps=[clean_key(entry.id)],
        freshness_policy=freshness_policy_for(entry),
        kinds={"parquet", "csv"},
        description=f"« {entry.title} » in reusable formats: zstd Parquet with licence/source/"
        "checksum metadata, UTF-8 comma CSV, GeoJSON when the data has coordinates.",
        **common,
    )
    def published_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline import stages

        release = stages.build_published(entry, run_id=context.run_id)
        manifest = release.manifest
        columns = [(c["name"], c["type"]) for c in manifest["columns"]]
        metadata = table_metadata(columns, release.rows, release.file("parquet"))
        metadata["partition"] = manifest["partition"]
        metadata["validated_sha256"] = manifest["validated_sha256"]
        for kind, info in manifest["files"].items():
            metadata[f"{kind}_bytes"] = int(info["bytes"])
            metadata[f"{kind}_sha256"] = info["sha256"]
        metadata["files"] = dg.MetadataValue.md(
            "\n".join(
                f"- `{info['path']}` ({info['bytes']:,} bytes)"
                for info in manifest["files"].values()
            )
        )
        return dg.MaterializeResult(metadata=metadata)

    return published_asset


def build_dataset_assets(entry: DatasetEntry, catalog: Catalog) -> list[dg.AssetsDefinition]:
    """raw/<id> + clean/<id> (one op) and published/<id>, with owners, tags, group and entry."""
    common: dict[str, Any] = {
        "group_name": group_for(entry),
        "owners": [entry.steward.email],
        "tags": _tags(entry),
        "metadata": entry_metadata(entry, catalog.files[entry.id]),
    }
    return [build_ingest_asset(entry, catalog, common), build_published_asset(entry, common)]


def build_warehouse_asset(catalog: Catalog) -> dg.AssetsDefinition:
    """One asset refreshes `warehouse.duckdb`; its pool keeps a single writer."""

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=dg.AssetKey(["warehouse"]),
        deps=[published_key(d) for d in catalog.entries],
        kinds={"duckdb"},
        group_name="warehouse",
        pool=WAREHOUSE_POOL,
        automation_condition=catalogue_condition(catalog),
        description="`warehouse.duckdb`: one view per published dataset over its Parquet file, "
        "for analysts, plus `<id>__source` (the original columns) for datasets published in an "
        "official schema. Rebuilt beside the file and swapped in; one writer at a time.",
    )
    def warehouse(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline.publishing import build_warehouse

        counts = build_warehouse(catalog)
        return dg.MaterializeResult(
            metadata={
                "views": len(counts),
                "total_rows": sum(counts.values()),
                "dagster/uri": str(warehouse_path()),
                "row_counts": dg.MetadataValue.json(counts),
            }
        )

    return warehouse


def build_inventory_asset(catalog: Catalog) -> dg.AssetsDefinition:
    """`catalog/inventory`: the répertoire of published datasets, one Parquet file per
    publisher, source of the SCDL catalogue entries (which it does not list)."""
    from opendata_pipeline.publish.inventory import reads_inventory

    listed = [e.id for e in catalog if not reads_inventory(e)]

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=dg.AssetKey(["catalog", "inventory"]),
        deps=[published_key(d) for d in listed],
        automation_condition=catalogue_condition(catalog),
        kinds={"parquet"},
        group_name="catalog",
        description="One row per published dataset (title, coverage, frequency, licence, files, "
        "page), one Parquet file per publisher in catalog/inventory/: the source of the SCDL "
        "« Catalogue simplifié » entries.",
    )
    def inventory(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline.publishing import write_inventory
        from opendata_pipeline.publish.inventory import inventory_dir

        counts = write_inventory(catalog, listed)
        return dg.MaterializeResult(
            metadata={
                "rows": dg.MetadataValue.json(counts),
                "dagster/uri": str(inventory_dir()),
            }
        )

    return inventory


def build_catalog_definitions(catalog: Catalog) -> dg.Definitions:
    assets: list[dg.AssetsDefinition] = []
    for entry in catalog:
        assets.extend(build_dataset_assets(entry, catalog))
    if catalog.entries:
        assets.append(build_warehouse_asset(catalog))
        assets.append(build_inventory_asset(catalog))
    return dg.Definitions(assets=assets)


@dg.definitions
def defs() -> dg.Definitions:
    """Assets of every valid catalogue entry (invalid ones are reported by `catalog check`)."""
    return build_catalog_definitions(load_catalog())
