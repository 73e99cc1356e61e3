"""Publication assets: one per dataset and portal, plus the DCAT catalogue and the reconciliation.

A portal being down fails only its own asset; the per-portal pools keep requests within the
portals' rate limits; a read-back check (R-INTEGRITY) compares the portal copy with what was
validated. With a portal URL unset, the publisher is the dry-run outbox.
"""

import json
from typing import Literal

import dagster as dg

from opendata_pipeline.catalog.loader import Catalog, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.defs.automation import catalogue_condition
from opendata_pipeline.defs.datasets import group_for, published_key
from opendata_pipeline.paths import atomic_write_text, opendata_home, published_dir

Portal = Literal["montpellier", "herault_data"]
PORTAL_PREFIX: dict[Portal, str] = {
    "montpellier": "portal_montpellier",
    "herault_data": "portal_herault",
}
PORTAL_LABEL: dict[Portal, str] = {
    "montpellier": "data.montpellier3m.fr (DKAN 7)",
    "herault_data": "Hérault Data (OpenDataSoft)",
}


def portal_key(portal: Portal, dataset: str) -> dg.AssetKey:
    return dg.AssetKey([PORTAL_PREFIX[portal], dataset])


def build_portal_asset(entry: DatasetEntry, portal: Portal) -> dg.AssetsDefinition:
    """Publish `published/<id>` to one portal, idempotently, and read it back."""
    key = portal_key(portal, entry.id)

    @dg.asset(
        key=key,
        deps=[published_key(entry.id)],
        group_name=group_for(entry),
        owners=[entry.steward.email],
        tags={"dataset": entry.id, "portal": portal},
        kinds={"api"},
        pool=PORTAL_PREFIX[portal],
        retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL),
        description=f"« {entry.title} » on {PORTAL_LABEL[portal]}: created or updated by its "
        "stable identifier; files are uploaded only when their checksum changed.",
        check_specs=[
            dg.AssetCheckSpec(
                "read_back",
                asset=key,
                description="R-INTEGRITY: the portal copy has the rows, columns, licence and "
                "checksum that were validated.",
            )
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
                )
            ],
        )

    return portal_asset


def build_catalog_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    """`catalog/dcat` and `catalog/portal_reconciliation`, across every published dataset."""
    portal_assets = [
        portal_key(p, e.id)
        for e in catalog
        for p in ("montpellier", "herault_data")
        if getattr(e.portals, p)
    ]

    after_runs = catalogue_condition(catalog)

    @dg.asset(
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
        key=dg.AssetKey(["catalog", "portal_reconciliation"]),
        deps=portal_assets,
        automation_condition=after_runs,
        group_name="catalogue",
        kinds={"api"},
        description="What each portal holds against the catalogue: up to date, stale, missing, "
        "duplicate — and the cross-references between the two portals for high-value datasets.",
    )
    def portal_reconciliation(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.publish.config import PORTALS, publisher_for
        from opendata_pipeline.publish.reconcile import markdown_table, reconcile

        rows = reconcile(list(load_catalog()), {p: publisher_for(p) for p in PORTALS})
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
        build_portal_asset(entry, portal)
        for entry in catalog
        for portal in ("montpellier", "herault_data")
        if getattr(entry.portals, portal) is not None
    ]
    if catalog.entries:
        assets.extend(build_catalog_assets(catalog))
    return dg.Definitions(assets=assets)
