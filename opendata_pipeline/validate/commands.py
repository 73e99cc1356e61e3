"""`opendata-pipeline validate INPUT (--dataset ID | --schema FILE) [--json]`, and
`opendata-pipeline validate --rules [--json]`: the rule catalogue (ID, severity, legal basis)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.validate.report import VERDICT_FR, schema_section
from opendata_pipeline.validate.rules import (
    RuleContext,
    RuleResult,
    evaluate_rules,
    evaluate_schema,
    has_blocking_failure,
    rules,
    sha256_file,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `validate` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="contrôle de conformité d'un fichier (règles légales, schéma)",
        description="Exit 1 when a BLOCK rule fails, 0 otherwise.",
    )
    parser.add_argument("input", type=Path, nargs="?", help="CSV or Parquet file")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--dataset", help="catalogue entry id: the whole rule catalogue")
    target.add_argument("--schema", help="Table Schema (bundled name or path): R-SCHEMA only")
    target.add_argument("--rules", action="store_true", help="list the rule catalogue and exit")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def validate_file(path: Path, dataset: str | None, schema: str | None) -> list[RuleResult]:
    """The rule results for one file (CSV inputs are typed to Parquet for the data rules)."""
    if schema is not None:
        return evaluate_schema(path, schema)
    from opendata_pipeline.catalog.loader import load_catalog

    catalog = load_catalog()
    if dataset not in catalog.entries:
        raise KeyError(f"dataset '{dataset}' is not in the catalogue ({catalog.directory})")
    entry = catalog[str(dataset)]
    published = [path] if path.suffix.lower() == ".csv" and not _source_export(entry, path) else []
    context = RuleContext(
        published_files=published or None,
        validated_checksums={p.name: sha256_file(p) for p in published},
    )
    if path.suffix.lower() != ".csv":
        return evaluate_rules(entry, path, context=context)
    from opendata_pipeline.ingest.csv_reader import CsvSource, csv_to_parquet

    with tempfile.TemporaryDirectory(prefix="validate-") as tmp:
        clean = Path(tmp) / f"{entry.id}.parquet"
        source = entry.source if isinstance(entry.source, CsvSource) else None
        csv_to_parquet(path, clean, source, dataset=entry.id)
        return evaluate_rules(entry, clean, context=context)


def _source_export(entry: DatasetEntry, path: Path) -> bool:
    """A CSV in the entry's own columns (its `schema_mapping` applies), not a published file."""
    if entry.schema_mapping is None:
        return False
    from opendata_pipeline.catalog.mapping import local_source_columns

    columns = local_source_columns("csv", path, entry.source.model_dump()) or []
    needed = {spec.source for spec in entry.schema_mapping.values() if spec.source}
    return needed <= set(columns)


def format_text(results: list[RuleResult]) -> str:
    """Readable French output: failures first, then a one-line summary."""
    lines = []
    order = {"FAIL": 0, "WAIVED": 1, "SKIPPED": 2, "PASS": 3, "NOT_APPLICABLE": 4}
    for r in sorted(results, key=lambda r: order[r.verdict]):
        if r.verdict == "NOT_APPLICABLE":
            continue
        mark = "✗" if r.verdict == "FAIL" else "✓" if r.verdict == "PASS" else "~"
        lines.append(f"{mark} {r.rule_id} [{r.severity}] {VERDICT_FR[r.verdict]} — {r.message_fr}")
    section = schema_section(results) or {"fields": [], "rows": 0}
    for f in section["fields"]:
        if f["errors"]:
            rows = ", ".join(str(r) for r in f["first_rows"]) or "—"
            what = " ; ".join(f"{e['message']} ({e['count']})" for e in f["errors"])
            lines.append(
                f"  champ {f['field']} : {f['invalid']} ligne(s) invalide(s) sur "
                f"{section['rows']} (premières : {rows}) — {what}"
            )
    blocked = has_blocking_failure(results)
    lines.append(
        "Publication BLOQUÉE : corrigez les règles bloquantes ci-dessus."
        if blocked
        else "Aucune règle bloquante en échec : publication possible."
    )
    return "\n".join(lines)


def format_catalogue(as_json: bool) -> str:
    """The registered rules: ID, severity and legal basis (the legal-sources table)."""
    catalogue = [{"rule": r.id, "severity": r.severity, "legal_basis": r.basis} for r in rules()]
    if as_json:
        return json.dumps(catalogue, ensure_ascii=False, indent=2)
    width = max(len(r["rule"]) for r in catalogue)
    return "\n".join(
        f"{r['rule']:<{width}}  {r['severity']:<5}  {r['legal_basis']}" for r in catalogue
    )


def run(args: argparse.Namespace) -> int:
    """Entry point of `validate`: 1 on a BLOCK failure, 2 on unusable input, else 0."""
    if args.rules:
        print(format_catalogue(args.json))
        return 0
    path: Path | None = args.input
    if path is None or not (args.dataset or args.schema):
        print("validate: INPUT and --dataset ID or --schema FILE are required", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"validate: fichier introuvable : {path}", file=sys.stderr)
        return 2
    try:
        results = validate_file(path, args.dataset, args.schema)
    except (KeyError, FileNotFoundError, ValueError) as exc:
        print(f"validate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        doc = {"blocked": has_blocking_failure(results), "rules": [r.as_dict() for r in results]}
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_text(results))
    return 1 if has_blocking_failure(results) else 0
