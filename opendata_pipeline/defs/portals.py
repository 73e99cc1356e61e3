"""Publication assets: one per dataset and portal, plus the DCAT catalogue and the reconciliation.

A portal being down fails only its own asset; the per-portal pools keep requests within the
portals' rate limits; a read-back check (R-INTEGRITY) compares the portal copy with what was
validated. With a portal URL unset, the publisher is the dry-run outbox.
"""

import dagster as dg

from opendata_pipeline.catalog.loader import Catalog, load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.defs.automation import catalogue_condition
from opendata_pipeline.defs.checks import check_results
from opendata_pipeline.defs.datasets import group_for, published_key
from opendata_pipeline.defs.resources import SETTINGS_KEY
from opendata_pipeline.publish.portals import PORTALS, PortalSpec, declared_portals
from opendata_pipeline.publish.portals import portal as portal_spec
from opendata_pipeline.storage.paths import opendata_home


def portal_key(portal: str, dataset: str) -> dg.AssetKey:
    return dg.AssetKey([portal_spec(portal).asset_prefix, dataset])


def build_portal_asset(entry: DatasetEntry, spec: PortalSpec) -> dg.AssetsDefinition:
    """Publish `published/<id>` to one portal, idempotently, and read it back."""
    portal = spec.id
    key = portal_key(portal, entry.id)
    realtime = entry.realtime and spec.target_kind == "opendatasoft"
    check_specs = [
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
    ]

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
        check_specs=check_specs,
    )
    def portal_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline.publishing import ledger_synced, load_release
        from opendata_pipeline.publish import (
            PublishError,
            publish_dataset,
            publisher_for,
            read_back,
        )

        published = load_release(entry.id)
        try:
            with ledger_synced(entry.id):
                publisher = publisher_for(portal)
                result = publish_dataset(entry, published, publisher)
                check = read_back(entry, published, publisher)
        except PublishError as exc:
            raise dg.Failure(description=str(exc), allow_retries=exc.retryable) from None
        summary = result.to_dict()
        metadata = {k: v for k, v in summary.items() if isinstance(v, str | int | float | bool)}
        metadata["uploaded_files"] = ", ".join(result.uploaded_files) or "none"
        metadata["notes"] = "; ".join(result.notes) or "none"
        return dg.MaterializeResult(
            metadata=metadata,
            check_results=check_results(
                check_specs, [check.verdict(), result.metadata_verdict(spec.name)]
            ),
        )

    return portal_asset


def links_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey(["portal_links", dataset])


def build_links_asset(entry: DatasetEntry) -> dg.AssetsDefinition:
    """`portal_links/<id>`: after every publication of a dataset on two portals succeeded,
    each record links to the other (a portal down: its link is added on the next run)."""
    specs = declared_portals(entry)

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=links_key(entry.id),
        deps=[portal_key(s.id, entry.id) for s in specs],
        group_name=group_for(entry),
        owners=[entry.steward.email],
        tags={"dataset": entry.id},
        kinds={"api"},
        retry_policy=dg.RetryPolicy(max_retries=2, delay=30, backoff=dg.Backoff.EXPONENTIAL),
        description=f"« {entry.title} » cross-referenced: its record on "
        + " and on ".join(s.label for s in specs)
        + " each link to the other (and DCAT says so), so harvesters see one dataset.",
    )
    def portal_links(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline.publishing import ledger_synced, load_release
        from opendata_pipeline.publish import PublishError, link_twins, publisher_for

        published = load_release(entry.id)
        try:
            with ledger_synced(entry.id):
                publishers = {s.id: publisher_for(s.id) for s in specs}
                updated = link_twins(entry, published, publishers)
        except PublishError as exc:
            raise dg.Failure(description=str(exc), allow_retries=exc.retryable) from None
        return dg.MaterializeResult(
            metadata={
                "linked": ", ".join(r.portal for r in updated) or "none (already linked)",
                **{
                    f"twin_of_{p}": publisher.twin(entry) or "-"
                    for p, publisher in publishers.items()
                },
            }
        )

    return portal_links


def build_catalog_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    """`catalog/dcat` and `catalog/portal_reconciliation`, across every published dataset."""
    portal_assets = [portal_key(p.id, e.id) for e in catalog for p in declared_portals(e)]

    after_runs = catalogue_condition(catalog)

    dcat_key = dg.AssetKey(["catalog", "dcat"])
    dcat_specs = [
        dg.AssetCheckSpec(
            "dcat_ap_shacl",
            asset=dcat_key,
            blocking=True,
            description="R-METADATA, R-HVD: the catalogue conforms to the official DCAT-AP "
            "3.0.0 SHACL shapes, and its high-value datasets to the DCAT-AP HVD 3.0.0 "
            "shapes (pyshacl, shapes bundled in publish/shacl/).",
        )
    ]

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=dcat_key,
        deps=[published_key(d) for d in catalog.entries],
        automation_condition=after_runs,
        group_name="catalogue",
        kinds={"rdf"},
        description="DCAT-AP 3.0 catalogue (Turtle and JSON-LD) of everything published, with "
        "distributions, licences, HVD categories, cross-references and provenance; written "
        "(and copied to the object store, where harvesters fetch it) only when it conforms.",
        check_specs=dcat_specs,
    )
    def dcat(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline.publishing import write_dcat
        from opendata_pipeline.publish.shacl import DCAT_AP, HVD

        folder = opendata_home() / "catalog"
        folder.mkdir(parents=True, exist_ok=True)
        outcome = write_dcat(list(load_catalog()), folder)
        report = outcome.shacl
        return dg.MaterializeResult(
            metadata={
                "triples": len(outcome.graph),
                "datasets": report.datasets[DCAT_AP],
                "high_value_datasets": report.datasets[HVD],
                **{p.name: dg.MetadataValue.path(str(p)) for p in outcome.files},
            },
            check_results=check_results(dcat_specs, [report.verdict()]),
        )

    @dg.asset(
        required_resource_keys={SETTINGS_KEY},
        key=dg.AssetKey(["catalog", "portal_reconciliation"]),
        deps=portal_assets,
        automation_condition=after_runs,
        group_name="catalogue",
        kinds={"api", "html"},
        description="The steward's status page (French HTML, var/catalog/"
        "portal_reconciliation.html): one line per dataset × portal — up to date, stale, "
        "missing, blocked — with why, and links to the record on both portals; and the "
        "lineage export (var/catalog/lineage.json): source → run → files → portal records.",
    )
    def portal_reconciliation(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        from opendata_pipeline.pipeline.publishing import reconcile_portals
        from opendata_pipeline.publish.config import publisher_for
        from opendata_pipeline.publish.reconcile import markdown_table

        publishers = {p.id: publisher_for(p.id) for p in PORTALS}
        done = reconcile_portals(list(load_catalog()), publishers, opendata_home() / "catalog")
        rows = done.rows
        counts: dict[str, int] = {}
        for row in rows:
            counts[str(row["status"])] = counts.get(str(row["status"]), 0) + 1
        return dg.MaterializeResult(
            metadata={
                "page": dg.MetadataValue.path(str(done.page)),
                "table": dg.MetadataValue.md(markdown_table(rows)),
                "report": dg.MetadataValue.path(str(done.report)),
                "lineage": dg.MetadataValue.path(str(done.lineage)),
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
    assets += [build_links_asset(e) for e in catalog if len(declared_portals(e)) > 1]
    if catalog.entries:
        assets.extend(build_catalog_assets(catalog))
    return dg.Definitions(assets=assets)
