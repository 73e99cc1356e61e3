"""Table Schema validation agrees with frictionless (schema_sync mode) on every example."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from frictionless import Detector, Resource, Schema

from opendata_pipeline.validate.custom_checks import run_custom_checks
from opendata_pipeline.validate.table_schema import load_schema, load_table, validate_table
from opendata_pipeline_tests.shared_dir import SHARED as _SHARED

SHARED = _SHARED / "schemas"
EXAMPLES = sorted(SHARED.rglob("exemple*.csv"))


def frictionless_counts(csv_path: Path, schema_path: Path) -> tuple[bool, Counter[tuple]]:
    descriptor = json.loads(schema_path.read_text(encoding="utf-8"))
    descriptor.pop("custom_checks", None)
    resource = Resource(
        path=csv_path.name,
        basepath=str(csv_path.parent),
        schema=Schema.from_descriptor(descriptor),
        detector=Detector(schema_sync=True),
    )
    report = resource.validate()
    counts = Counter((t, f or None) for t, f in report.flatten(["type", "fieldName"]))
    return report.valid, counts


def test_every_shared_example_is_covered(shared_schemas: Path) -> None:
    assert len(EXAMPLES) == 6
    assert all(p.is_relative_to(shared_schemas.resolve()) for p in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_verdict_and_failing_fields_match_frictionless(example: Path) -> None:
    schema_path = example.parent / "schema.json"
    valid, expected = frictionless_counts(example, schema_path)
    report = validate_table(example, schema_path)
    assert report.valid == valid
    assert report.counts() == dict(expected)
    assert report.failing_fields == {f for _, f in expected if f}


def test_parquet_input_gives_the_same_errors(tmp_path: Path) -> None:
    example = SHARED / "scdl/subventions/exemple_invalide_erreurs_cellules.csv"
    target = tmp_path / "cells.parquet"
    duckdb.execute(
        f"COPY (SELECT * FROM read_csv('{example}', all_varchar=true, header=true)) TO '{target}'"
    )
    assert validate_table(target, "scdl/subventions").counts() == (
        validate_table(example, "scdl/subventions").counts()
    )


def _variant(tmp: Path, name: str, edit: list[list[str]]) -> Path:
    path = tmp / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(edit)
    return path


def test_structure_and_key_errors_match_frictionless(tmp_path: Path) -> None:
    base = SHARED / "etalab/schema-stationnement/exemple-valide.csv"
    rows = list(csv.reader(base.open(encoding="utf-8")))
    head, row = rows[0], rows[1]

    def sub(col: str, value: str) -> list[str]:
        return [value if i == head.index(col) else c for i, c in enumerate(row)]

    variants = {
        "types.csv": [head, row, row, sub("nb_places", "12.5"), sub("gratuit", "oui"),
                      sub("Xlong", "1,5"), sub("nb_places", "")],
        "structure.csv": [head, row, [], [*sub("id", "75114-P-002"), "x"],
                          sub("id", "75114-P-003")[:-3]],
        "values.csv": [head, sub("nb_places", " 7"), sub("nb_places", "1_000"),
                       sub("Ylat", "nan"), sub("Ylat", "1e2"), sub("url", "pas une url"),
                       sub("id", "")],
    }  # fmt: skip
    schema = SHARED / "etalab/schema-stationnement/schema.json"
    for name, content in variants.items():
        path = _variant(tmp_path, name, content)
        valid, expected = frictionless_counts(path, schema)
        report = validate_table(path, schema)
        assert (report.valid, report.counts()) == (valid, dict(expected)), name


def test_folded_header_is_hinted_and_optional_columns_warn() -> None:
    report = validate_table(
        SHARED / "scdl/subventions/exemple_invalide_erreurs_colonnes.csv", "scdl/subventions"
    )
    missing = [e for e in report.errors if e.code == "missing-label"]
    assert [(e.field, e.hint) for e in missing] == [("nomBeneficiaire", "NOM_Beneficiaire")]
    warned = {e.code for e in report.errors if e.severity == "WARN"}
    assert {"missing-header-warn", "extra-header-warn"} <= warned


def test_siret_custom_check_uses_luhn() -> None:
    schema = load_schema("etalab/schema-stationnement")
    for name, expected in (("exemple-valide.csv", 0), ("exemple-invalide.csv", 1)):
        table = load_table(SHARED / "etalab/schema-stationnement" / name)
        errors = run_custom_checks(table.con, schema, set(table.headers))
        assert sum(e.count for e in errors if e.code == "french-siret-value") == expected


def test_compare_and_sum_columns(tmp_path: Path) -> None:
    schema = load_schema("scdl/deliberations")
    path = tmp_path / "delibs.csv"
    path.write_text(
        "DELIB_DATE,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION\n"
        "2024-03-01,2024-02-01,10,9,5,2,2\n"
        "2024-03-01,2024-03-05,10,9,5,2,1\n",
        encoding="utf-8",
    )
    table = load_table(path)
    errors = {e.code: e.count for e in run_custom_checks(table.con, schema, set(table.headers))}
    assert errors["compare-columns-value"] == 1  # PREF_DATE before DELIB_DATE
    assert errors["sum-columns-value"] == 1  # 5 + 2 + 1 != 9
    assert "nomenclature-actes-value" not in errors  # no DELIB_MATIERE_NOM column to check


def test_unknown_schema_name_is_explained() -> None:
    with pytest.raises(FileNotFoundError, match="scdl/subventions"):
        load_schema("scdl/inconnu")
