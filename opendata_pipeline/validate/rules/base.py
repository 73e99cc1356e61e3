"""Shared pieces of the rule catalogue: results, context, the dataset view, constants."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from opendata_pipeline.catalog.model import DatasetEntry
from opendata_pipeline.storage.sql import connect
from opendata_pipeline.validate import identifiers
from opendata_pipeline.validate.table_schema import (
    FIRST_ROWS,
    FieldSummary,
    SchemaError,
    SchemaReport,
    TableSchema,
    literal,
    load_schema,
    load_table,
    quote,
    validate_table,
)

Verdict = Literal["PASS", "FAIL", "NOT_APPLICABLE", "WAIVED", "SKIPPED"]
Severity = Literal["BLOCK", "WARN", "INFO"]

LICENCES = {
    "etalab-2.0": "etalab-2.0",
    "lov2": "etalab-2.0",
    "odbl-1.0": "ODbL-1.0",
    "odc-odbl": "ODbL-1.0",
}
SHARE_ALIKE = ("odbl", "cc-by-sa", "odc-odbl")
OPEN_PRIMARY = {
    ".csv",
    ".tsv",
    ".json",
    ".ndjson",
    ".jsonld",
    ".geojson",
    ".xml",
    ".parquet",
    ".gpkg",
    ".ods",
    ".nc",
}
OPEN_SECONDARY = {".xlsx", ".shp", ".kml", ".kmz", ".duckdb", ".zip"}
NOT_OPEN = {
    ".pdf",
    ".xls",
    ".doc",
    ".docx",
    ".ppt",
    ".pptx",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".html",
    ".htm",
    ".gdb",
    ".mxd",
}
PUBLICATION_BASES = {
    "L312-1-1-1",
    "L312-1-1-2",
    "L312-1-1-3",
    "L312-1-1-4",
    "D2017-779",
    "CGCT-publicite-actes",
    "LOM-NAP",
    "HVD-2023-138",
    "voluntary-L312-1",
}
D312_1_3 = (
    "organisation-administration",
    "vie-economique-associative-culturelle",
    "professions-reglementees",
    "examens-concours",
    "activites-sportives",
    "vie-politique",
    "activites-touristiques",
    "activites-soumises-a-formalites",
    "archives",
)
# R-ANON-DIRECT-ID: kinds the catalogue classes as weak (WARN from 5 cells, else INFO).
WEAK_KINDS = frozenset(
    {"plate", "address", "person_name", "birth_date", "ip", "passport", "spi", "siret_sole_trader"}
)
WEAK_WARN_CELLS = 5
TRANSFORMING = ("drop", "redact", "redact_natural_persons", "mask_text", "generalize")
DPO_RULES = ("R-SECRETS", "R-SENSITIVE", "R-DELIB-NOMINATIVE")
CREDENTIAL_PARAMS = {
    "token",
    "apikey",
    "api_key",
    "key",
    "access_token",
    "signature",
    "sig",
    "x-amz-signature",
}
METRO_BBOX = (3.55, 43.40, 4.25, 43.85)  # lon_min, lat_min, lon_max, lat_max [convention]
FRESHNESS_FACTOR = 1.5
REVIEW_MAX_DAYS = 365
SUBV_THRESHOLD_EUR = 23000
FEED_MIN_TTL_S = 60  # R-MOBILITY-NAP: stale when older than 2 x max(ttl, 60 s) [convention]
CIVILITY = (
    r"(^|[^A-Za-z])(M\.|Mme|Mlle|Monsieur|Madame|Me|Dr)\s+[A-ZÉÈÊÀÂÎÔÛÇ][a-zéèêëàâîïôûüç'\-]+"
)
CONSERVATIVE_READINGS = {
    "R-ANON-K": "record_subject absent = « mixed » : les règles d'anonymisation s'appliquent.",
    "R-ANON-PSEUDO": "une colonne pseudonymisée reste une donnée personnelle (question 5).",
    "R-HVD": "l'ODbL est refusée pour un jeu de forte valeur (question 4).",
    "R-SUBV-ESSENTIAL": "le seuil de 23 000 € est apprécié par convention (question 3).",
    "R-DELIB-NOMINATIVE": "sans liste des élus fournie, tout nom de personne bloque.",
    "R-ANON-FREE-TEXT": "sans liste d'autorisation, tout nom précédé d'une civilité bloque.",
}


@dataclass(frozen=True)
class RuleResult:
    """The verdict of one rule; `evidence` holds counts and column names only."""

    rule_id: str
    verdict: Verdict
    severity: Severity
    message_fr: str
    evidence: dict[str, Any] = field(default_factory=dict)
    legal_basis: str = ""

    @property
    def blocks(self) -> bool:
        return self.verdict == "FAIL" and self.severity == "BLOCK"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule_id,
            "verdict": self.verdict,
            "severity": self.severity,
            "message": self.message_fr,
            "evidence": self.evidence,
            "legal_basis": self.legal_basis,
        }


@dataclass
class RuleContext:
    """What the pipeline knows beyond the entry and the clean file."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    anonymization_report: dict[str, Any] | None = None
    clean_report: dict[str, Any] | None = None  # the clean step's report (treatments.py)
    personal_scan: dict[str, dict[str, int]] | None = None  # find_direct_identifiers result
    k_achieved: int | None = None  # k_anonymity result (computed here when None)
    published_files: list[Path] | None = None
    validated_checksums: dict[str, str] | None = None  # file name → sha256 recorded at validation
    schema_path: Path | None = None  # overrides entry.schema
    # the file R-SCHEMA reads when it is not the clean one: the `schema_mapping`'s output, and
    # the source values that mapping could not convert (SchemaErrors)
    schema_data: Path | None = None
    mapping_errors: list[SchemaError] = field(default_factory=list)
    modified: datetime | None = None  # last change of the published content
    first_publication: bool = True
    download_urls: list[str] = field(default_factory=list)
    api_urls: list[str] = field(default_factory=list)
    portal_licences: dict[str, str] = field(default_factory=dict)  # portal → licence code
    elected_roster: set[str] = field(default_factory=set)  # normalised "prénom nom"
    expected_essential_rows: int | None = None  # source agreements > threshold (lineage)
    feed_last_updated: datetime | None = None  # real-time feed (GBFS) `last_updated`
    feed_ttl_s: int | None = None  # the feed's declared `ttl`
    offline: bool = True


class DatasetView:
    """The clean file opened once in DuckDB, with lazily computed shared facts."""

    def __init__(self, entry: DatasetEntry | None, path: Path, context: RuleContext) -> None:
        self._entry = entry
        self.schema_ref: str | Path | None = entry.schema_ if entry else None
        self.path = path
        self.context = context
        self.con = connect()
        self.table = load_table(path, self.con)
        self.columns = self.table.headers
        self.types = self.table.column_types
        self.rows = self.table.rows
        self._scan: dict[str, dict[str, int]] | None = None
        self.legal_person_hits: dict[str, dict[str, int]] = {}  # see `scan`
        self._schema: tuple[TableSchema | None, SchemaReport | None] | None = None

    @property
    def entry(self) -> DatasetEntry:
        assert self._entry is not None, "this rule needs a catalogue entry"
        return self._entry

    @property
    def text_columns(self) -> list[str]:
        return [c for c in self.columns if self.types[c].upper() == "VARCHAR"]

    def scan(self) -> dict[str, dict[str, int]]:
        """Direct identifiers per column and kind; in a contact column linked to the row's
        subject, only those on rows whose subject is (or may be) a natural person count."""
        if self._scan is None:
            given = self.context.personal_scan
            own = identifiers.scan_identifiers(self.con, self.text_columns)
            self._scan = {c: dict(k) for c, k in (given or {}).items()}
            for column, kinds in own.items():  # union: the gate re-checks what the engine said
                merged = self._scan.setdefault(column, {})
                for kind, n in kinds.items():
                    merged[kind] = max(merged.get(kind, 0), n)
            for column, subject in self.subject_links().items():
                if column in self._scan and column in self.text_columns:
                    self._rescan_linked(column, subject)
            for column, kind in self.organisation_lines().items():
                if column in self._scan and column in self.text_columns:
                    self._rescan_lines(column, kind)
        return self._scan

    @functools.cached_property
    def auto_decisions(self) -> dict[str, dict[str, Any]]:
        """The columns the anonymizer decided in auto mode, as the clean step's report records
        them (column → its action, kind, subject)."""
        anonymization = (self.context.clean_report or {}).get("anonymization") or {}
        return {
            c["column"]: c
            for c in anonymization.get("columns", [])
            if c.get("decided_by") == "auto"
        }

    def subject_links(self) -> dict[str, str]:
        """Contact columns redacted on the rows whose subject is a natural person (row linkage,
        from the clean step's report) → their subject column."""
        anonymization = (self.context.clean_report or {}).get("anonymization") or {}
        return {
            c["column"]: c["subject"]
            for c in anonymization.get("columns", [])
            if c.get("subject") in self.columns and c.get("action") != "keep"
        }

    def organisation_lines(self) -> dict[str, str]:
        """Phone / e-mail columns of a file naming no person, where the anonymizer kept the
        landlines and function mailboxes (the clean step's report) → their kind."""
        anonymization = (self.context.clean_report or {}).get("anonymization") or {}
        return {
            c["column"]: c["kind"]
            for c in anonymization.get("columns", [])
            if c.get("organisations") and c["column"] in self.columns
        }

    def _rescan_lines(self, column: str, kind: str) -> None:
        """Count `column`'s identifiers again outside the values that are an organisation's
        line (decided again here: a landline, a mailbox named after a function)."""
        from opendata_pipeline.anonymize.detectors.email import is_functional
        from opendata_pipeline.anonymize.detectors.phone import is_mobile

        col = quote(column)
        values = self.con.execute(f"SELECT DISTINCT {col} FROM t WHERE {col} IS NOT NULL")
        public = [
            str(v)
            for (v,) in values.fetchall()
            if (not is_mobile(str(v)) if kind == "phone" else is_functional(str(v)))
        ]
        self._rescan_outside(column, column, public)

    def _rescan_linked(self, column: str, subject: str) -> None:
        """Count `column`'s identifiers again on the rows whose subject is empty, redacted or
        still a person's name (fail closed: decided again here, not taken from the report);
        the rest are an organisation's contact details, kept in `legal_person_hits`."""
        from opendata_pipeline.anonymize.detectors.person_name.persons import is_natural_person
        from opendata_pipeline.anonymize.masking import NATURAL_PERSON

        col, subj = quote(column), quote(subject)
        kept = self.con.execute(
            f"SELECT DISTINCT {subj} FROM t WHERE {col} IS NOT NULL AND trim({subj}) <> '' "
            f"AND {subj} <> {literal(NATURAL_PERSON)}"
        ).fetchall()
        legal = [v for (v,) in kept if not is_natural_person(str(v), name_column=False)]
        self._rescan_outside(column, subject, legal)

    def _rescan_outside(self, column: str, by: str, public: list[str]) -> None:
        """`column`'s identifiers counted again on the rows whose `by` value is not among
        `public` (an organisation's); the difference goes to `legal_person_hits`."""
        import pyarrow as pa

        if not public:
            return
        name = f"_public_values_{self.columns.index(column)}"
        self.con.register(name, pa.table({"v": pa.array(public, pa.string())}))
        relation = f"(SELECT * FROM t WHERE {quote(by)} NOT IN (SELECT v FROM {name}))"
        on_persons = identifiers.scan_identifiers(self.con, [column], relation).get(column, {})
        assert self._scan is not None
        kinds = self._scan[column]
        for kind in identifiers.VALIDATED_KINDS:
            if kind in kinds:
                self.legal_person_hits.setdefault(column, {})[kind] = kinds[kind] - on_persons.get(
                    kind, 0
                )
                kinds[kind] = on_persons.get(kind, 0)
                if not kinds[kind]:
                    del kinds[kind]
        if not kinds:
            del self._scan[column]

    def schema_target(self) -> Path:
        """The file checked against the schema: the published CSV, else the mapped output of
        a `schema_mapping`, else the clean file."""
        published = [p for p in self.context.published_files or [] if p.suffix == ".csv"]
        return published[0] if published else self.context.schema_data or self.path

    def schema(self) -> tuple[TableSchema | None, SchemaReport | None]:
        if self._schema is None:
            ref = self.context.schema_path or self.schema_ref
            if ref is None:
                self._schema = (None, None)
            else:
                schema = load_schema(ref)
                report = validate_table(self.schema_target(), schema, custom=True)
                if self.context.schema_data is not None:
                    with_mapping(report, self.context.mapping_errors)
                self._schema = (schema, report)
        return self._schema

    def mean_length(self, column: str) -> float:
        row = self.con.execute(f"SELECT avg(length({quote(column)})) FROM t").fetchone()
        return float(row[0]) if row and row[0] is not None else 0.0

    def count(self, where: str) -> int:
        row = self.con.execute(f"SELECT count(*) FROM t WHERE {where}").fetchone()
        return int(row[0]) if row else 0


def with_mapping(report: SchemaReport, errors: list[SchemaError]) -> None:
    """Add the values a `schema_mapping` could not convert to the schema report: their cells
    are empty in the mapped file, which a required field already counts as invalid rows (an
    optional field's invalid rows may then count a row twice if it also fails a custom check)."""
    report.errors.extend(errors)
    by_field = {e.field: e for e in errors}
    summaries = []
    for s in report.fields:
        e = by_field.get(s.field)
        if e is not None and not s.required:
            rows = tuple(sorted({*s.first_rows, *e.rows})[:FIRST_ROWS])
            s = FieldSummary(s.field, s.required, s.present, s.invalid + e.count, rows)
        summaries.append(s)
    report.fields = summaries


@dataclass(frozen=True)
class Finding:
    """What a rule found; the rule's registration adds its ID, severity and legal basis."""

    verdict: Verdict
    message_fr: str
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # None: the rule's own severity


def passed(msg: str, **ev: Any) -> Finding:
    """The rule is met; `ev` holds counts and column names only."""
    return Finding("PASS", msg, ev)


def failed(msg: str, **ev: Any) -> Finding:
    """The rule is not met, at its own severity."""
    return Finding("FAIL", msg, ev)


def warned(msg: str, **ev: Any) -> Finding:
    """The rule is not met in a way that only warns (a blocking rule's lesser failure)."""
    return Finding("FAIL", msg, ev, "WARN")


def not_applicable(reason: str) -> Finding:
    return Finding("NOT_APPLICABLE", reason, {}, "INFO")


@dataclass(frozen=True)
class Rule:
    """A registered rule: called on a dataset view, it returns its `RuleResult`."""

    id: str
    severity: Severity
    basis: str  # the legal sources (French references)
    check: Callable[[DatasetView], Finding]

    def __call__(self, d: DatasetView) -> RuleResult:
        found = self.check(d)
        severity = found.severity or self.severity
        return RuleResult(self.id, found.verdict, severity, found.message_fr, found.evidence,
                          self.basis)  # fmt: skip

    def crashed(self, exc: Exception) -> RuleResult:
        """Fail closed: a rule that cannot run blocks."""
        return RuleResult(
            self.id, "FAIL", "BLOCK",
            f"Contrôle impossible ({type(exc).__name__}) : la règle échoue par précaution.",
            {"error": type(exc).__name__}, self.basis,
        )  # fmt: skip


REGISTRY: dict[str, Rule] = {}  # rule ID → rule, in registration order


def _origin(check: Callable[..., Any]) -> str:
    return f"{check.__module__}.{check.__qualname__}"


def rule(
    rule_id: str, *, severity: Severity, basis: str
) -> Callable[[Callable[[DatasetView], Finding]], Rule]:
    """Register a rule of the catalogue under `rule_id` (e.g. `R-GEO`) with its severity and
    legal basis; a module of `validate/rules/` holding such functions is all a new rule needs."""

    def register(check: Callable[[DatasetView], Finding]) -> Rule:
        known = REGISTRY.get(rule_id)
        if known is not None and _origin(known.check) != _origin(check):
            raise ValueError(f"rule {rule_id} is registered twice ({check.__module__})")
        REGISTRY[rule_id] = Rule(rule_id, severity, basis, check)
        return REGISTRY[rule_id]

    return register


def person_level(entry: DatasetEntry) -> bool:
    return (entry.record_subject or "mixed") in ("natural_person", "mixed")


def decided(entry: DatasetEntry, column: str) -> bool:
    policy = entry.policy
    if policy is None:
        return False
    return (
        column in policy.columns or column in policy.public_columns or column in policy.not_personal
    )


def exempt(entry: DatasetEntry, column: str) -> bool:
    policy = entry.policy
    return policy is not None and (column in policy.public_columns or column in policy.not_personal)


def canonical_licence(code: str | None) -> str | None:
    return LICENCES.get((code or "").strip().lower())
