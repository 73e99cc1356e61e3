"""The checks run on `clean/<id>` before anything is published (plain Python, no Dagster).

`personal_data_absent`, `k_anonymity`, `table_schema` and `legal_rules` block publication
(legal-rules.md BLOCK rules); `legal_warnings`, `schema_drift` and `rows_present` only warn.
Metadata holds rule IDs, French messages, counts and column names — never a value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from opendata_pipeline import settings, treatments
from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.storage import zones
from opendata_pipeline.storage.paths import clean_path, published_dir, reports_dir
from opendata_pipeline.verdict import CheckVerdict

BLOCKING = ("personal_data_absent", "k_anonymity", "table_schema", "legal_rules")
WARNING = ("legal_warnings", "schema_drift", "rows_present")
CHECK_NAMES = (*BLOCKING, *WARNING)
SCHEMA_RULES = ("R-SCHEMA", "R-SCHEMA-CUSTOM", "R-MOBILITY-NAP")
DESCRIPTIONS = {
    "personal_data_absent": "R-ANON-DIRECT-ID: an independent re-scan finds no direct identifier "
    "(e-mail, phone, NIR, IBAN, card, plate…) outside public columns.",
    "k_anonymity": "R-ANON-K: the smallest class on the quasi-identifiers has at least k rows "
    "(R-ANON-L: and at least l distinct values of each sensitive attribute).",
    "table_schema": "R-SCHEMA: the national / SCDL table schema and its custom checks (Great "
    "Expectations suite built from the schema).",
    "legal_rules": "Every other BLOCK rule of the legal catalogue (licence, open format, metadata, "
    "anonymization, HVD…): a failure keeps the dataset off the portals.",
    "legal_warnings": "WARN rules of the legal catalogue (freshness, recommended metadata…).",
    "schema_drift": "Columns added, removed, renamed or retyped since the previous partition.",
    "rows_present": "At least one row was read.",
}


def _previous_columns(dataset: str, partition: str) -> list[tuple[str, str]] | None:
    from opendata_pipeline.pipeline.stages import latest_clean_partition
    from opendata_pipeline.storage.sql import connect, lit

    earlier = latest_clean_partition(dataset, before=partition)
    if earlier is None:
        return None
    previous = clean_path(dataset, earlier)
    zones.pull(previous)
    rows = connect().execute(f"DESCRIBE SELECT * FROM read_parquet({lit(previous)})").fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def _published_before(dataset: str) -> bool:
    manifest = published_dir(dataset) / "manifest.json"
    return manifest.is_file() or zones.remote_exists(manifest)


def access_points(entry: DatasetEntry) -> tuple[list[str], list[str]]:
    """The API and bulk-download URLs the entry will have (R-HVD, R-FREE): Hérault Data's
    Explore API of the dataset and its full CSV export, when the entry is published there."""
    from opendata_pipeline.publish import crosswalk as cw
    from opendata_pipeline.publish.portals import HERAULT_DATA, public_urls

    if not HERAULT_DATA.declared(entry):
        return [], []
    endpoint, _, export = cw.ods_api(entry, public_urls(settings.current().portals))
    return [endpoint], [export]


def run_clean_checks(entry: DatasetEntry, partition: str, *, rows: int,
                     columns: list[tuple[str, str]],
                     anonymization: dict[str, Any] | None) -> list[CheckVerdict]:  # fmt: skip
    """Every check of one clean partition, in `CHECK_NAMES` order."""
    from opendata_pipeline.anonymize.kanon import k_anonymity, l_diversity
    from opendata_pipeline.anonymize.scan import find_direct_identifiers
    from opendata_pipeline.ingest.drift import schema_drift
    from opendata_pipeline.validate.gate import run_gate
    from opendata_pipeline.validate.rules import RuleContext

    data = clean_path(entry.id, partition)
    zones.pull(data)  # a re-check in a fresh pod
    zones.pull(treatments.report_path(entry.id, partition))
    policy = entry.policy
    public = [*policy.public_columns, *policy.not_personal] if policy else []
    found = find_direct_identifiers(data, exclude_columns=public)
    k_target = policy.k if policy and policy.quasi_identifiers else None
    k_reached = k_anonymity(data, policy.quasi_identifiers) if policy and k_target else None
    present = {name for name, _ in columns}
    sensitive = [s for s in policy.sensitive_attributes if s in present] if policy else []
    l_target = policy.l_diversity if policy and k_target and sensitive else None
    l_reached = (
        l_diversity(data, policy.quasi_identifiers, sensitive) if policy and l_target else None
    )
    diverse = l_target is None or (l_reached or 0) >= l_target
    api, bulk = access_points(entry)
    context = RuleContext(
        anonymization_report=anonymization,
        clean_report=treatments.load_clean_report(entry.id, partition),
        api_urls=api,
        download_urls=bulk,
        personal_scan=found,
        k_achieved=k_reached,
        first_publication=not _published_before(entry.id),
        modified=datetime.now(UTC),
    )
    gate = run_gate(entry, data, context=context, out_dir=reports_dir(entry.id), release=partition)
    zones.push(gate.written)
    # the gate's re-scan of the engine's findings: hits on an organisation's row of a contact
    # column linked to the row's subject are that organisation's (row linkage), not leftovers
    direct = next(r for r in gate.results if r.rule_id == "R-ANON-DIRECT-ID").evidence
    rescanned = "hits_outside_public_columns" in direct  # else the rule crashed: fail closed
    leftovers = {
        f"{col}:{kind}": n
        for hits in (
            (direct["hits_outside_public_columns"], direct["weak_hits"]) if rescanned else (found,)
        )
        for col, kinds in hits.items()
        for kind, n in kinds.items()
        if n
    }
    failed = [r for r in gate.results if r.verdict == "FAIL"]
    schema_fail = [r for r in failed if r.rule_id in SCHEMA_RULES and r.blocks]
    legal_fail = [r for r in failed if r.rule_id not in SCHEMA_RULES and r.blocks]
    warn_fail = [r for r in failed if not r.blocks]
    report = {"compliance_report": str(gate.report)}

    def rules_meta(results: list[Any]) -> dict[str, Any]:
        return {
            "rule_id": ", ".join(r.rule_id for r in results) or "-",
            "message_fr": " ".join(r.message_fr for r in results)[:2000] or "Conforme.",
            "failed_rules": len(results),
            **report,
        }

    drift = schema_drift(_previous_columns(entry.id, partition), columns)
    outcomes = [
        CheckVerdict(
            "personal_data_absent",
            not leftovers,
            True,
            "Aucun identifiant direct hors colonnes publiques."
            if not leftovers
            else f"{sum(leftovers.values())} identifiant(s) direct(s) restant(s) dans "
            f"{len({k.split(':')[0] for k in leftovers})} colonne(s).",
            {
                "rule_id": "R-ANON-DIRECT-ID",
                **leftovers,
                "columns": sorted({k.split(":")[0] for k in leftovers}),
            },
        ),
        CheckVerdict(
            "k_anonymity",
            (k_target is None or (k_reached or 0) >= k_target) and diverse,
            True,
            "Pas de quasi-identifiants déclarés."
            if k_target is None
            else f"k atteint : {k_reached} (cible {k_target})."
            + (f" ℓ atteint : {l_reached} (cible {l_target})." if l_target else ""),
            {
                "rule_id": "R-ANON-K, R-ANON-L" if l_target else "R-ANON-K",
                "k_target": k_target or 0,
                "k_reached": k_reached or 0,
                **({"l_target": l_target, "l_reached": l_reached or 0} if l_target else {}),
            },
        ),
        CheckVerdict(
            "table_schema",
            not schema_fail,
            True,
            rules_meta(schema_fail)["message_fr"],
            rules_meta(schema_fail),
        ),
        CheckVerdict(
            "legal_rules",
            not legal_fail,
            True,
            rules_meta(legal_fail)["message_fr"],
            rules_meta(legal_fail),
            gate.summary_markdown(),
        ),
        CheckVerdict(
            "legal_warnings",
            not warn_fail,
            False,
            rules_meta(warn_fail)["message_fr"],
            rules_meta(warn_fail),
        ),
        CheckVerdict(
            "schema_drift",
            not drift.has_changes,
            False,
            "Colonnes inchangées."
            if not drift.has_changes
            else "Le schéma a changé depuis la partition précédente.",
            {"first_snapshot": drift.first_snapshot},
            drift.to_markdown() if drift.has_changes else None,
        ),
        CheckVerdict("rows_present", rows > 0, False, f"{rows} ligne(s).", {"rows": rows}),
    ]
    return outcomes
