"""`opendata-pipeline publish --dataset ID [--portal …] [--dry-run] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from opendata_pipeline.catalog import load_catalog
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.errors import DatasetError
from opendata_pipeline.pipeline.publishing import ledger_synced, load_release
from opendata_pipeline.publish.base import Publisher
from opendata_pipeline.publish.config import publisher_for
from opendata_pipeline.publish.errors import PublishError
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.portals import PORTAL_IDS, declared_portals, portal
from opendata_pipeline.publish.service import link_twins, publish_dataset, read_back


def register(subparsers: Any) -> None:
    """Add the `publish` sub-command to the CLI's sub-parsers."""
    parser = subparsers.add_parser(
        "publish", help="publish a dataset to the portals (outbox when a portal URL is unset)"
    )
    parser.add_argument("--dataset", required=True, help="catalogue id of the dataset")
    parser.add_argument("--portal", choices=[*PORTAL_IDS, "all"], default="all")
    parser.add_argument("--dry-run", action="store_true", help="write to the outbox only")
    parser.add_argument("--json", action="store_true", help="print one JSON report")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """`published/<id>/` to the selected portals, with the dataset's ledger synced."""
    catalog = load_catalog()
    entry = catalog.entries.get(args.dataset)
    if entry is None:
        print(f"jeu '{args.dataset}' absent du catalogue (ou entrée invalide)", file=sys.stderr)
        return 2
    try:
        published = load_release(entry.id)
    except DatasetError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    with ledger_synced(entry.id):
        return _publish(args, entry, published)


def _publish(args: argparse.Namespace, entry: DatasetEntry, published: PublishedDataset) -> int:
    """Publish to each selected portal; one portal failing never stops the other."""
    wanted = PORTAL_IDS if args.portal == "all" else (args.portal,)
    portals = [p for p in wanted if portal(p).declared(entry)]
    report: list[dict[str, Any]] = []
    publishers: dict[str, Publisher] = {}
    failed = False
    for name in portals:
        try:
            publisher = publishers[name] = publisher_for(name, dry_run=args.dry_run)
            result = publish_dataset(entry, published, publisher)
            check = read_back(entry, published, publisher)
        except (PublishError, DatasetError) as exc:
            failed = True
            report.append({"portal": name, "dataset": entry.id, "error": str(exc)})
            print(str(exc), file=sys.stderr)
            continue
        failed = failed or not check.passed
        report.append({**result.to_dict(), "read_back": check.to_dict()})
        for warning in result.warnings:
            print(f"{name} : avertissement : {warning}", file=sys.stderr)
        if not args.json:
            sent = ", ".join(result.uploaded_files) or "aucun fichier envoyé"
            if entry.realtime and publisher.kind == "opendatasoft":
                sent = (f"{result.records_pushed} enregistrement(s) poussé(s), "
                        f"{result.records_deleted} supprimé(s)")  # fmt: skip
            print(f"{name} : {result.action} ({sent}) — {check.summary()}")
    declared = {p.id for p in declared_portals(entry)}
    if not failed and len(declared) > 1 and declared == set(publishers):
        failed = not _link(entry, published, publishers, report)
    if not portals:
        print(f"jeu '{entry.id}' : aucun portail déclaré pour cette sélection", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 1 if failed else 0


def _link(
    entry: DatasetEntry,
    published: PublishedDataset,
    publishers: dict[str, Publisher],
    report: list[dict[str, Any]],
) -> bool:
    """Both records published: each gets its link to the other (`twin` in the report)."""
    try:
        linked = {r.portal for r in link_twins(entry, published, publishers)}
    except PublishError as exc:
        print(str(exc), file=sys.stderr)
        return False
    for line in report:
        line["twin"] = publishers[line["portal"]].twin(entry)
        line["twin_added"] = line["portal"] in linked
    return True
