"""The asset factory: each catalogue entry becomes raw/<id> → clean/<id> → published/<id>."""

import re
import unicodedata
from typing import Any

import dagster as dg

from opendata_pipeline import stages
from opendata_pipeline.catalog.loader import Catalog, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.clean_checks import (
    BLOCKING,
    CHECK_NAMES,
    DESCRIPTIONS,
    Outcome,
    run_clean_checks,
)
from opendata_pipeline.convert.warehouse import refresh_warehouse
from opendata_pipeline.defs.automation import freshness_policy_for
from opendata_pipeline.defs.metadata import entry_metadata, table_metadata
from opendata_pipeline.defs.partitions import daily
from opendata_pipeline.paths import warehouse_path

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


def _check_result(outcome: Outcome) -> dg.AssetCheckResult:
    """A blocking check fails with ERROR severity (which skips publication), others with WARN."""
    metadata: dict[str, Any] = {
        key: dg.MetadataValue.json(value) if isinstance(value, list) else value
        for key, value in outcome.metadata.items()
    }  # lists (column names) stay lists: the alert sensors read them
    metadata["message_fr"] = outcome.message_fr
    if outcome.markdown:
        metadata["details"] = dg.MetadataValue.md(outcome.markdown)
    failed_severity = (
        dg.AssetCheckSeverity.ERROR if outcome.blocking else dg.AssetCheckSeverity.WARN
    )
    return dg.AssetCheckResult(
        check_name=outcome.name,
        passed=outcome.passed,
        severity=failed_severity if not outcome.passed else dg.AssetCheckSeverity.WARN,
        description=outcome.message_fr,
        metadata=metadata,
    )


def raw_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", dataset])


def clean_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["clean", dataset])


def published_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["published", dataset])


def build_dataset_assets(entry: DatasetEntry, catalog: Catalog) -> list[dg.AssetsDefinition]:
    """The three assets of one dataset, with owners, tags, group and catalogue link."""
    entry_file = catalog.files[entry.id]
    common: dict[str, Any] = {
        "group_name": group_for(entry),
        "owners": [entry.steward.email],
        "tags": _tags(entry),
        "metadata": entry_metadata(entry, entry_file),
    }

    @dg.asset(
        key=raw_key(entry.id),
        deps=[dg.AssetKey(k.split("/")) for k in entry.source.upstream],
        partitions_def=daily,
        kinds={entry.source.kind, "file"},
        description=f"Raw snapshot of « {entry.title} »: the source bytes as fetched, with a "
        "manifest (url, sha256, size, fetched_at). Never previewed: it may hold personal data.",
        **common,
    )
    def raw_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        snapshot = stages.ingest_raw(entry, catalog, context.partition_key)
        manifest = snapshot.manifest
        if snapshot.unchanged:
            context.log.info(
                f"{entry.id}: source unchanged since {manifest['same_as']}, no new copy"
            )
        return dg.MaterializeResult(
            metadata={
                "sha256": manifest["sha256"],
                "size_bytes": int(manifest["size"]),
                "fetched_at": manifest["fetched_at"],
                "unchanged_since": manifest.get("same_as") or "",
                "detected": dg.MetadataValue.json(manifest.get("detected", {})),
                "dagster/uri": str(snapshot.directory),
            }
        )

    @dg.asset(
        key=clean_key(entry.id),
        partitions_def=daily,
        deps=[raw_key(entry.id)],
        kinds={"parquet", "duckdb"},
        description=f"« {entry.title} » typed (encodings, French numbers and dates, codes kept as "
        "text) and passed through its personal-data policy, as Parquet.",
        check_specs=[
            dg.AssetCheckSpec(
                name,
                asset=clean_key(entry.id),
                blocking=name in BLOCKING,
                description=DESCRIPTIONS[name],
            )
            for name in CHECK_NAMES
        ],
        **common,
    )
    def clean_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        result = stages.build_clean(entry, context.partition_key)
        metadata = table_metadata(result.columns, result.rows, result.path)
        metadata["rows_read"] = result.read.rows
        metadata["encoding"] = result.read.encoding or ""
        metadata["delimiter"] = result.read.delimiter or ""
        metadata["anonymized"] = result.anonymization is not None
        outcomes = run_clean_checks(
            entry,
            context.partition_key,
            rows=result.rows,
            columns=result.columns,
            anonymization=result.anonymization,
        )
        if result.anonymization is not None:
            metadata["anonymization"] = dg.MetadataValue.json(result.anonymization)
        return dg.MaterializeResult(
            metadata=metadata, check_results=[_check_result(o) for o in outcomes]
        )

    @dg.asset(
        key=published_key(entry.id),
        deps=[clean_key(entry.id)],
        freshness_policy=freshness_policy_for(entry),
        kinds={"parquet", "csv"},
        description=f"« {entry.title} » in reusable formats: zstd Parquet with licence/source/"
        "checksum metadata, UTF-8 comma CSV, GeoJSON when the data has coordinates.",
        **common,
    )
    def published_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        release = stages.build_published(entry)
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

    return [raw_asset, clean_asset, published_asset]


def build_warehouse_asset(catalog: Catalog) -> dg.AssetsDefinition:
    """One asset refreshes `warehouse.duckdb`; its pool keeps a single writer."""

    @dg.asset(
        key=dg.AssetKey(["warehouse"]),
        deps=[published_key(d) for d in catalog.entries],
        kinds={"duckdb"},
        group_name="warehouse",
        pool=WAREHOUSE_POOL,
        description="`warehouse.duckdb`: one view per published dataset over its Parquet file, "
        "for analysts. Rebuilt beside the file and swapped in; one writer at a time.",
    )
    def warehouse(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.paths import published_dir

        files = {
            d: published_dir(d) / f"{d}.parquet"
            for d in catalog.entries
            if (published_dir(d) / f"{d}.parquet").is_file()
        }
        counts = refresh_warehouse(warehouse_path(), files)
        return dg.MaterializeResult(
            metadata={
                "views": len(counts),
                "total_rows": sum(counts.values()),
                "dagster/uri": str(warehouse_path()),
                "row_counts": dg.MetadataValue.json(counts),
            }
        )

    return warehouse


def build_catalog_definitions(catalog: Catalog) -> dg.Definitions:
    assets: list[dg.AssetsDefinition] = []
    for entry in catalog:
        assets.extend(build_dataset_assets(entry, catalog))
    if catalog.entries:
        assets.append(build_warehouse_asset(catalog))
    return dg.Definitions(assets=assets)


@dg.definitions
def defs() -> dg.Definitions:
    """Assets of every valid catalogue entry (invalid ones are reported by `catalog check`)."""
    return build_catalog_definitions(load_catalog())
