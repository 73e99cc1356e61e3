"""`opendata-pipeline scan` and `opendata-pipeline anonymize` (design.md command line)."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import settings
from ..errors import DatasetError
from ..ingest.readers import PARQUET_SUFFIXES
from ..ingest.result import ReadResult, refusal_report
from ..storage.paths import atomic_path
from ..storage.sql import connect, lit
from .engine import AnonymizationError, AnonymizationReport, anonymize_parquet
from .kanon import percent
from .policy import Policy, PolicyError, load_policy
from .scan import ScanReport, scan_parquet
from .tables import ParquetTable, TableSource


@contextmanager
def table_input(
    path: Path, read: list[ReadResult] | None = None, *, typed: bool = True
) -> Iterator[TableSource]:
    """The input as typed rows: Parquet as is; a CSV streamed by DuckDB (nothing written);
    JSON or XML read into temporary Parquet.

    `read`, when given, receives what the reader detected (rows, columns, encoding, delimiter).
    `typed=False` reads a CSV's cells as the text written, placeholders such as `NA` included
    (a CSV copied to CSV keeps every value it does not anonymize as it was).
    """
    from ..ingest.csv_reader import CsvSource
    from ..ingest.csv_stream import CsvStream
    from ..ingest.readers import describe_parquet, is_csv, read_local_file

    if path.suffix.lower() in PARQUET_SUFFIXES:
        if read is not None:
            read.append(describe_parquet(path))
        yield ParquetTable(path)
    elif is_csv(path):
        source = None if typed else CsvSource(url=str(path), null_values=[""])
        with CsvStream(path, source, dataset=path.stem, typed=typed) as stream:
            if read is not None:
                read.append(stream.result(stream.count(), stream.columns()))
            yield stream
    else:
        with tempfile.TemporaryDirectory(prefix="opendata-anon-") as tmp:
            staged = Path(tmp) / "input.parquet"
            result = read_local_file(path, staged)
            if read is not None:
                read.append(result)
            yield ParquetTable(staged)


def write_csv(parquet: Path, output: Path) -> None:
    """Copy a Parquet file to CSV (UTF-8, comma, header, quotes only where needed), atomically.

    DuckDB streams it; the memory limit keeps the ordered copy of a 5M-row file near 300 MB.
    """
    con = connect()
    con.execute("SET memory_limit = '300MB'")
    con.execute("SET threads = 2")
    try:
        with atomic_path(output) as tmp:
            con.execute(
                f"COPY (SELECT * FROM read_parquet({lit(parquet)})) TO {lit(tmp)} "
                "(FORMAT csv, HEADER true, DELIMITER ',')"
            ).fetchall()
    finally:
        con.close()


def _print_scan(report: ScanReport, source: Path, read: ReadResult) -> None:
    print(f"{source.name} : {report.rows} lignes ({report.rows_sampled} échantillonnées)")
    print("  " + read.describe())
    for warning in read.warnings:
        print(f"  Avertissement : {warning}")
    for col in report.columns:
        status = "PERSONNEL" if col.personal else "-"
        line = (
            f"  {col.column!s:40.40} {col.kind:15} part {col.share:5.1%} "
            f"confiance {col.confidence:4.2f}  {status}"
        )
        if col.findings:
            found = ", ".join(f"{k}: {n}" for k, n in sorted(col.findings.items()))
            line += f"  [texte : {found}]"
        print(line)
    personal = [c.column for c in report.columns if c.personal]
    print(f"Colonnes personnelles : {len(personal)} / {len(report.columns)}")
    if report.subject:
        linked = ", ".join(report.subject_columns) or "aucune"
        print(f"Sujet des lignes : {report.subject} (coordonnées liées : {linked})")
        if report.subject_category:
            print(f"Personne physique ou morale, selon la colonne : {report.subject_category}")


def cmd_scan(args: argparse.Namespace) -> int:
    """Personal-data report per column (kinds, shares, counts — never values)."""
    source = Path(args.input)
    if not source.is_file():
        print(f"Fichier introuvable : {source}", file=sys.stderr)
        return 2
    try:
        read: list[ReadResult] = []
        with table_input(source, read) as table:
            report = scan_parquet(table)
            report.rows = read[0].rows
    except Exception as exc:  # a steward gets a sentence, never a traceback
        refusal = refusal_report(source, exc)
        print(refusal["error"], file=sys.stderr)
        if args.json:
            print(json.dumps(refusal, ensure_ascii=False, indent=2))
        return 2
    if args.json:
        payload = {"kind": read[0].kind, **report.to_dict(), "input": read[0].to_dict()}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_scan(report, source, read[0])
    return 0


def _load(path: str | None) -> Policy | None:
    return load_policy(Path(path)) if path else None


def _anonymize(table: TableSource, output: Path, policy: Policy | None) -> AnonymizationReport:
    """`anonymize_parquet` into a Parquet output, or through a staged Parquet into a CSV one;
    again from the start when a streamed CSV relaxed a column type mid-way."""
    from ..ingest.csv_stream import TypesRelaxed

    key = settings.current().pseudonymization_key
    while True:
        try:
            if output.suffix.lower() in PARQUET_SUFFIXES:
                return anonymize_parquet(table, output, policy, pseudonymization_key=key)
            with tempfile.TemporaryDirectory() as tmp:
                staged = Path(tmp) / "output.parquet"
                report = anonymize_parquet(table, staged, policy, pseudonymization_key=key)
                write_csv(staged, output)
                return report
        except TypesRelaxed:
            continue


def cmd_anonymize(args: argparse.Namespace) -> int:
    """Anonymize INPUT into OUTPUT (CSV UTF-8 or Parquet by extension); summary on stderr."""
    source, output = Path(args.input), Path(args.output)
    if not source.is_file():
        print(f"Fichier introuvable : {source}", file=sys.stderr)
        return 2
    if output.suffix.lower() not in (*PARQUET_SUFFIXES, ".csv"):
        print("Extension de sortie non reconnue : utiliser .csv ou .parquet", file=sys.stderr)
        return 2
    try:
        policy = _load(args.policy)
    except PolicyError as exc:
        print(f"Politique invalide ({args.policy}) : {exc}.", file=sys.stderr)
        return 2
    try:
        # A CSV written back as CSV keeps its cells' text (dates, amounts, codes as written).
        typed = output.suffix.lower() in PARQUET_SUFFIXES
        with table_input(source, typed=typed) as table:
            report = _anonymize(table, output, policy)
    except DatasetError as exc:
        print(f"Erreur de lecture : {exc}", file=sys.stderr)
        return 2
    except AnonymizationError as exc:
        print(f"Anonymisation impossible : {exc}", file=sys.stderr)
        return 2
    _print_report(report, output)
    return 0


def _print_report(report: AnonymizationReport, output: Path) -> None:
    """The summary on stderr, in French: actions, counts, k-anonymity and its cost per column."""
    if report.description:
        print(f"Politique : {report.description}", file=sys.stderr)
    for warning in report.warnings:
        print(f"Avertissement : {warning}", file=sys.stderr)
    for col in report.columns:
        unmapped = (
            f", dont {col.cells_unmapped} hors hiérarchie masquée(s)" if col.cells_unmapped else ""
        )
        rows = f" (lignes où « {col.subject} » est une personne physique)" if col.subject else ""
        print(
            f"  {col.column!s:40.40} {col.action:24} {col.kind:15} "
            f"{col.cells_changed} cellule(s) modifiée(s){rows}{unmapped}",
            file=sys.stderr,
        )
    if report.k_requested and report.quasi_identifiers:
        share = report.rows_suppressed / report.rows_in if report.rows_in else 0.0
        fate = "supprimée(s)" if report.rows_removed else "à quasi-identifiants masqués (*)"
        l_text = f", ℓ atteint {report.l_reached}" if report.l_requested else ""
        print(
            f"k-anonymat : k demandé {report.k_requested}, atteint {report.k_reached}{l_text} ; "
            f"{report.rows_suppressed} ligne(s) {fate} ({percent(share)} ; plafond "
            f"{percent(report.max_suppression or 0)})",
            file=sys.stderr,
        )
        for loss in report.information_loss:
            print(
                f"  {loss['column']!s:40.40} {loss['label']} : {loss['distinct_before']} → "
                f"{loss['distinct_after']} valeur(s), {loss['cells_generalized']} cellule(s) "
                f"généralisée(s), perte d'information {percent(loss['loss'])}",
                file=sys.stderr,
            )
    print(
        f"{report.rows_in} lignes lues, {report.rows_out} écrites, "
        f"{report.rows_removed} supprimées -> {output}",
        file=sys.stderr,
    )
