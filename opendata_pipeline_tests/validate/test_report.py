"""Compliance report, evidence bundle, Data Docs and the `validate` command."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from opendata_pipeline.validate import commands
from opendata_pipeline.validate.expectations import run_expectations
from opendata_pipeline.validate.report import summary_markdown, write_compliance_report
from opendata_pipeline.validate.rules import RuleContext, evaluate_rules
from opendata_pipeline_tests.shared_dir import SHARED
from opendata_pipeline_tests.validate.conftest import entry, parquet


def test_report_and_bundle_hold_no_raw_value(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 'Banc' AS equipement, 'voir jean.dupont@orange.fr' AS note")
    e = entry()
    results = evaluate_rules(e, data, context=RuleContext())
    out = tmp_path / "reports" / e.id
    evidence = {"checksums": {"essai.parquet": "ab" * 32}, "anonymization": {"k": None}}
    path, *_ = write_compliance_report(e, results, out, release="2026-11-29", evidence=evidence)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["blocked"] is True
    assert {r["rule"] for r in doc["rules"]} >= {"R-ANON-DIRECT-ID", "R-LICENCE", "R-SCHEMA"}
    assert doc["quality_score"]["total"] == 9
    html = (out / "compliance.html").read_text(encoding="utf-8")
    assert "Publication bloquée" in html and "R-ANON-DIRECT-ID" in html
    bundle = out / "2026-11-29"
    names = {p.name for p in bundle.iterdir()}
    assert names >= {"compliance.json", "policy.json", "anonymization_summary.json",
                     "schema.json", "SHA256SUMS"}  # fmt: skip
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert "dupont" not in everything and "orange.fr" not in everything
    table = summary_markdown(results)
    assert "| R-ANON-DIRECT-ID | non conforme | BLOCK |" in table


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_validate_command_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    folder = SHARED / "schemas/scdl/subventions"
    assert (
        _cli(["validate", str(folder / "exemple_valide.csv"), "--schema", "scdl/subventions"]) == 0
    )
    assert "publication possible" in capsys.readouterr().out
    bad = folder / "exemple_invalide_erreurs_cellules.csv"
    assert _cli(["validate", str(bad), "--schema", "scdl/subventions", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["blocked"] and doc["rules"][0]["rule"] == "R-SCHEMA"


def test_validate_command_with_a_catalogue_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "essai.yaml").write_text(
        json.dumps(entry(licence="APIE").model_dump(mode="json", by_alias=True)), encoding="utf-8"
    )
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    data = parquet(tmp_path, "SELECT 'P1' AS code, 3 AS places")
    assert _cli(["validate", str(data), "--dataset", "essai"]) == 1
    assert "R-LICENCE" in capsys.readouterr().out
    assert _cli(["validate", str(data), "--dataset", "absent"]) == 2


def test_expectations_and_data_docs(tmp_path: Path) -> None:
    example = SHARED / "schemas/scdl/subventions/exemple_invalide_erreurs_cellules.csv"
    outcome = run_expectations(example, "scdl/subventions", suite_name="essai",
                               docs_dir=tmp_path / "reports" / "essai")  # fmt: skip
    failed = {(e.type, e.kwargs["column"]): e.unexpected_count for e in outcome.failed}
    assert failed[("expect_column_values_to_be_between", "pourcentageSubvention")] == 3
    assert failed[("expect_column_values_to_be_in_set", "nature")] == 1
    assert outcome.data_docs is not None and outcome.data_docs.is_file()
    pages = list(outcome.data_docs.parent.rglob("*.html"))
    assert len(pages) >= 3
    leftover = tmp_path / "leftover.csv"
    leftover.write_text("code,remarque\nA,écrire à jean.dupont@orange.fr\n", encoding="utf-8")
    scan = run_expectations(leftover, None, suite_name="scan")
    assert [(e.kwargs["column"], e.unexpected_count) for e in scan.failed] == [("remarque", 1)]


def test_compliance_html_links_the_data_docs(tmp_path: Path) -> None:
    out = (tmp_path / "reports" / "essai").resolve()
    example = SHARED / "schemas/scdl/subventions/exemple_valide.csv"
    outcome = run_expectations(example, "scdl/subventions", suite_name="essai", docs_dir=out)
    assert outcome.success and outcome.data_docs is not None
    e = entry(schema="scdl/subventions")
    results = evaluate_rules(e, example, context=RuleContext())
    evidence = {"data_docs": outcome.data_docs}
    write_compliance_report(e, results, out, release="r1", evidence=evidence)
    link = "ge/gx/uncommitted/data_docs/local_site/index.html"
    assert f"href='{link}'" in (out / "compliance.html").read_text(encoding="utf-8")
    assert f"href='../{link}'" in (out / "r1" / "compliance.html").read_text(encoding="utf-8")


def test_validate_command_types_a_csv_with_the_catalogue_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "essai.yaml").write_text(
        json.dumps(entry().model_dump(mode="json", by_alias=True)), encoding="utf-8"
    )
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    good = tmp_path / "essai.csv"
    good.write_text("code,places\nP1,3\nP2,4\n", encoding="utf-8")
    assert _cli(["validate", str(good), "--dataset", "essai"]) == 0
    leaked = tmp_path / "fuite.csv"
    leaked.write_text("code,remarque\nP1,appeler le 06 12 34 56 78\n", encoding="utf-8")
    assert _cli(["validate", str(leaked), "--dataset", "essai", "--json"]) == 1
    out = capsys.readouterr().out
    assert "06 12" not in out
    doc = json.loads(out[out.index("{") :])
    direct = next(r for r in doc["rules"] if r["rule"] == "R-ANON-DIRECT-ID")
    assert direct["evidence"]["hits_outside_public_columns"] == {"remarque": {"phone": 1}}


def test_gate_writes_everything_for_a_release(tmp_path: Path, opendata_home: Path) -> None:
    from opendata_pipeline.storage.paths import reports_dir
    from opendata_pipeline.validate.gate import run_gate

    folder = SHARED / "schemas/etalab/schema-stationnement"
    e = entry(id="parkings", schema="etalab/schema-stationnement",
              geo={"longitude": "Xlong", "latitude": "Ylat"})  # fmt: skip
    out = reports_dir(e.id)
    outcome = run_gate(e, folder / "exemple-invalide.csv", context=RuleContext(), out_dir=out,
                       release="2026-11-29T10-00")  # fmt: skip
    assert outcome.blocked and outcome.by_rule()["R-SCHEMA"].blocks
    assert "| R-SCHEMA | non conforme | BLOCK |" in outcome.summary_markdown()
    doc = json.loads(outcome.report.read_text(encoding="utf-8"))
    assert doc["evidence"]["checksums"]["exemple-invalide.csv"]
    assert doc["evidence"]["data_docs"].endswith("index.html")
    assert (out / "2026-11-29T10-00" / "SHA256SUMS").read_text(encoding="utf-8").count("\n") == 1
    assert outcome.report.is_relative_to(opendata_home)
    # what was written is named (the stage layer uploads exactly that): everything, the first time
    assert sorted(outcome.written) == sorted(p for p in out.rglob("*") if p.is_file())
    again = run_gate(e, folder / "exemple-invalide.csv", context=RuleContext(), out_dir=out,
                     release="2026-11-30T10-00")  # fmt: skip
    assert out / "compliance.json" in again.written
    assert out / "2026-11-30T10-00" / "SHA256SUMS" in again.written
    assert out / "2026-11-29T10-00" / "SHA256SUMS" not in again.written  # the earlier bundle
    unchanged = [p for p in outcome.written if p.parent.name == "gx" and p.name == ".gitignore"]
    assert unchanged and not set(unchanged) & set(again.written)  # GE's project files, kept


def test_report_shows_the_policy_description_and_the_cost_of_k_anonymity(tmp_path: Path) -> None:
    from opendata_pipeline.anonymize.engine import anonymize_parquet

    raw = parquet(
        tmp_path,
        "SELECT 18 + (i * 37) % 70 AS \"Âge\", CASE WHEN i % 3 = 0 THEN 'Lattes' ELSE "
        "'Montpellier' END AS \"Commune\", 'Dossier ' || i AS \"Objet\" FROM range(400) t(i)",
        "raw.parquet",
    )
    e = entry(
        personal_data={
            "description": "Extraction statistique des aides, k-anonyme sur l'âge et la commune.",
            "columns": {"Objet": "keep"},
            "quasi_identifiers": ["Âge", "Commune"],
            "k": 5,
        },
        record_subject="natural_person",
    )
    assert e.policy is not None
    clean = tmp_path / "clean.parquet"
    anonymization = anonymize_parquet(raw, clean, e.policy).to_dict()
    results = evaluate_rules(e, clean, context=RuleContext(anonymization_report=anonymization))
    out = tmp_path / "reports" / e.id
    path, *_ = write_compliance_report(
        e, results, out, release="r1", evidence={"anonymization": anonymization}
    )
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["policy_description"].startswith("Extraction statistique des aides")
    html = (out / "compliance.html").read_text(encoding="utf-8")
    assert "Politique : Extraction statistique des aides, k-anonyme" in html
    assert "<h2>Anonymisation</h2>" in html and "k demandé 5, atteint" in html
    assert "<td>Âge</td><td>tranches d&#x27;âge de" in html and "perte d'information" in html
    assert "Dossier 1" not in html


def test_report_lists_each_schema_field_like_validata(tmp_path: Path) -> None:
    import csv as csv_module

    from opendata_pipeline.validate.rules import evaluate_schema

    bad = SHARED / "schemas/scdl/subventions/exemple_invalide_erreurs_cellules.csv"
    results = evaluate_schema(bad, "scdl/subventions")
    out = tmp_path / "reports" / "essai"
    path, *_ = write_compliance_report(entry(), results, out, release="r1", evidence={})
    doc = json.loads(path.read_text(encoding="utf-8"))
    fields = {f["field"]: f for f in doc["schema_fields"]["fields"]}
    assert doc["schema_fields"]["schema"] == "scdl/subventions"
    rna = fields["rnaBeneficiaire"]
    assert (rna["valid"], rna["invalid"], rna["first_rows"]) == (26, 3, [5, 12, 30])
    assert rna["errors"][0]["message"] == "valeur ne respectant pas le motif attendu"
    siret = fields["idAttribuant"]  # the custom check counts in the field's invalid rows
    assert siret["invalid"] == 29 and {e["message"] for e in siret["errors"]} == {
        "valeur ne respectant pas le motif attendu",
        "numéro SIRET invalide",
    }
    assert fields["dispositifAide"]["present"] is False
    page = (out / "compliance.html").read_text(encoding="utf-8")
    assert "Conformité au schéma scdl/subventions 2.1.1" in page
    assert "<code>rnaBeneficiaire</code>" in page and "5, 12, 30" in page
    with bad.open(encoding="utf-8") as fh:
        rows = list(csv_module.DictReader(fh))
    values = {r[c] for r in rows for c in ("rnaBeneficiaire", "idAttribuant", "nomBeneficiaire")}
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert not [v for v in values if len(v) > 4 and v in everything]  # counts, never values
