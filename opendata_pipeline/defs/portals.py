"""Publication assets: one per dataset and portal, plus the DCAT catalogue and the reconciliation.

A portal being down fails only its own asset; the per-portal pools keep requests within the
portals' rate limits; a read-back check (R-INTEGRITY) compares the portal copy with what was
validated. With a portal URL unset, the publisher is the dry-run outbox.
"""

import json

import dagster as dg

from opendata_pipeline.catalog.loader import Catalog, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.defs.automation import catalogue_condition
from opendata_pipeline.defs.datasets import group_for, published_key
from opendata_pipeline.defs.resources import SETTINGS_KEY
from opendata_pipeline.paths import atomic_write_text, opendata_home, published_dir
from opendata_pipeline.publish.portals import PORTALS, PortalSpec, declared_portals
from opendata_pipeline.publish.portals import portal as portal_spec


def portal_key(portal: str, dataset: str) -> dg.AssetKey:
    return dg.AssetKey([portal_spec(portal).asset_prefix, dataset])


def build_portal_asset(entry: DatasetEntry, spec: PortalSpec) -> dg.AssetsDefinition:
    """Publish `published/<id>` to one portal, idempotently, and read it back."""
    portal = spec.id
    key = portal_key(portal, entry.id)
    realtime = entry.realtime and spec.target_kind == "opendatasoft"

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=key,
        deps=[published_key(entry.id)],
        group_name=group_for(entry),
        owners=[entry.steward.email],
        tags={"dataset": entry.id, "portal": portal},
        kinds={"api"},
        pool=spec.pool,
        retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL),
        description=f"« {entry.title} » on {spec.label}: created or updated by its "
        "stable identifier, with its field dictionary; files are uploaded only when their "
        "checksum changed" + (", records pushed only when they changed." if realtime else "."),
        check_specs=[
            dg.AssetCheckSpec(
                "read_back",
                asset=key,
                description="R-INTEGRITY: the portal copy has the rows, columns, licence and "
                "checksum that were validated.",
            ),
            dg.AssetCheckSpec(
                "optional_metadata",
                asset=key,
                description="Optional metadata the portal could not take (a theme it lacks, a "
                "field its templates do not have): published without it; the steward is told.",
            ),
        ],
    )
    def portal_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.publish import (
            PublishedDataset,
            PublishError,
            publish_dataset,
            publisher_for,
            read_back,
        )

        published = PublishedDataset.load(published_dir(entry.id))
        try:
            publisher = publisher_for(portal)
            result = publish_dataset(entry, published, publisher)
            check = read_back(entry, published, publisher)
        except PublishError as exc:
            raise dg.Failure(description=str(exc), allow_retries=exc.retryable) from None
        summary = result.to_dict()
        metadata = {k: v for k, v in summary.items() if isinstance(v, str | int | float | bool)}
        metadata["uploaded_files"] = ", ".join(result.uploaded_files) or "none"
        metadata["notes"] = "; ".join(result.notes) or "none"
        warnings = "\n".join(f"- {w}" for w in result.warnings)
        return dg.MaterializeResult(
            metadata=metadata,
            check_results=[
                dg.AssetCheckResult(
                    check_name="read_back",
                    passed=check.passed,
                    severity=dg.AssetCheckSeverity.ERROR
                    if not check.passed
                    else dg.AssetCheckSeverity.WARN,
                    description=check.summary(),
                    metadata={
                        "rule_id": "R-INTEGRITY",
                        "message_fr": check.summary(),
                        "unverified": ", ".join(check.unverified) or "none",
                    },
                ),
                dg.AssetCheckResult(
                    check_name="optional_metadata",
                    passed=not result.warnings,
                    severity=dg.AssetCheckSeverity.WARN,
                    description=warnings or "toutes les métadonnées ont été publiées",
                    metadata={
                        "message_fr": "Publié sur "
                        + f"{spec.name} sans certaines métadonnées facultatives :\n{warnings}"
                        if result.warnings
                        else "",
                        "warnings": len(result.warnings),
                    },
                ),
            ],
        )

    return portal_asset


def build_catalog_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    """`catalog/dcat` and `catalog/portal_reconciliation`, across every published dataset."""
    portal_assets = [portal_key(p.id, e.id) for e in catalog for p in declared_portals(e)]

    after_runs = catalogue_condition(catalog)

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=dg.AssetKey(["catalog", "dcat"]),
        deps=[published_key(d) for d in catalog.entries],
        automation_condition=after_runs,
        group_name="catalogue",
        kinds={"rdf"},
        description="DCAT-AP catalogue (JSON-LD and Turtle) of everything published, with "
        "distributions, licences, HVD categories and provenance.",
    )
    def dcat(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.publish.dcat import build_catalog, write_jsonld, write_turtle

        folder = opendata_home() / "catalog"
        folder.mkdir(parents=True, exist_ok=True)
        entries = list(load_catalog())
        graph = build_catalog(entries)
        write_turtle(graph, folder / "dcat.ttl")
        write_jsonld(graph, folder / "dcat.jsonld")
        return dg.MaterializeResult(
            metadata={
                "triples": len(graph),
                "datasets": len(entries),
                "turtle": dg.MetadataValue.path(str(folder / "dcat.ttl")),
                "jsonld": dg.MetadataValue.path(str(folder / "dcat.jsonld")),
            }
        )

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=dg.AssetKey(["catalog", "portal_reconciliation"]),
        deps=portal_assets,
        automation_condition=after_runs,
        group_name="catalogue",
        kinds={"api"},
        description="What each portal holds against the catalogue: up to date, stale, missing, "
        "duplicate — and the cross-references between the two portals for high-value datasets.",
    )
    def portal_reconciliation(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.publish.config import publisher_for
        from opendata_pipeline.publish.reconcile import markdown_table, reconcile

        rows = reconcile(list(load_catalog()), {p.id: publisher_for(p.id) for p in PORTALS})
        report = opendata_home() / "catalog" / "portal_reconciliation.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(report, json.dumps(rows, indent=2, ensure_ascii=False))
        counts: dict[str, int] = {}
        for row in rows:
            counts[str(row["status"])] = counts.get(str(row["status"]), 0) + 1
        return dg.MaterializeResult(
            metadata={
                "table": dg.MetadataValue.md(markdown_table(rows)),
                "report": dg.MetadataValue.path(str(report)),
                **{f"status_{k}": v for k, v in sorted(counts.items())},
            }
        )

    return [dcat, portal_reconciliation]


@dg.definitions
def defs() -> dg.Definitions:
    catalog = load_catalog()
    assets = [
        build_portal_asset(entry, spec) for entry in catalog for spec in declared_portals(entry)
    ]
    if catalog.entries:
        assets.extend(build_catalog_assets(catalog))
    return dg.Definitions(assets=assets)
