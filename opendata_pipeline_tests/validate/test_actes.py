"""`nomenclature-actes-value` behaves as Validata's check on the schema's own examples; the codes
come from the schema's own description and are checked as warnings."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from opendata_pipeline.validate.custom_checks import (
    ACTES_CODES,
    ACTES_MATTERS,
    actes_name_problem,
    run_custom_checks,
)
from opendata_pipeline.validate.table_schema import load_schema, load_table, validate_table

SCHEMA = load_schema("scdl/deliberations")
FIELDS = {f["name"]: f for f in SCHEMA.fields}


def test_codes_are_the_ones_the_schema_lists() -> None:
    description = FIELDS["DELIB_MATIERE_CODE"]["description"]
    ranges = re.findall(r"'?(\d)\.(\d+)'? à '?\d\.(\d+)'", description)
    listed = {f"{m}.{n}" for m, first, last in ranges for n in range(int(first), int(last) + 1)}
    assert len(ranges) == 9 and listed == ACTES_CODES
    assert FIELDS["DELIB_MATIERE_CODE"]["example"] in ACTES_CODES


# What Validata answers (validata-table `nomenclature_actes_value`: level-1 name before the "/",
# case and accents ignored, no space around the "/"), on the schema's example and its variants.
EXAMPLE = FIELDS["DELIB_MATIERE_NOM"]["example"]  # "'domaines de compétences par thèmes/…"
CASES = [
    (EXAMPLE, False),  # the schema's example starts with a stray apostrophe: Validata refuses it
    (EXAMPLE.lstrip("'"), True),
    (EXAMPLE.lstrip("'").upper(), True),
    ("Domaines de competences par themes/amenagement du territoire", True),
    ("Finances locales/Décisions budgétaires", True),
    ("finances locales/", True),  # Validata checks the level-1 name only
    ("Finances locales / Subventions", False),
    ("Finances locales /Subventions", False),
    ("Finances locales/ Subventions", False),
    ("Finances locales", False),
    ("Finances/Subventions", False),
    (" Finances locales/Subventions", False),
    ("Sport/Équipements", False),  # a collectivity's own theme list: not ACTES, refused
]


@pytest.mark.parametrize(("value", "valid"), CASES)
def test_matter_names_as_validata(value: str, valid: bool) -> None:
    assert (actes_name_problem(value) is None) is valid


def _file(tmp: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp / "delibs.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM"])
        writer.writerows(rows)
    return path


def test_names_block_and_codes_warn_with_row_numbers(tmp_path: Path) -> None:
    name = EXAMPLE.lstrip("'")
    rows = [
        ("8.4", name),  # row 2: the schema's examples, consistent
        ("8.4", EXAMPLE),  # row 3: refused name
        ("9.9", name),  # row 4: code outside the list (Validata accepts it: warning only)
        ("7.1", name),  # row 5: code of matter 7 with a matter-8 name (warning)
        ("7.10", "Finances locales/Divers"),  # row 6: fine
        ("", ""),  # row 7: empty cells are R-SCHEMA's business (required), not this check's
    ]
    table = load_table(_file(tmp_path, rows))
    errors = run_custom_checks(table.con, SCHEMA, set(table.headers))
    found = {
        (e.field, e.note, e.severity): e.rows
        for e in errors
        if e.code == "nomenclature-actes-value"
    }
    assert found == {
        ("DELIB_MATIERE_NOM", "nomenclature ACTES", "BLOCK"): (3,),
        ("DELIB_MATIERE_CODE", "code ACTES hors de la liste du schéma", "WARN"): (4,),
        ("DELIB_MATIERE_CODE", "code et nom de matière discordants", "WARN"): (5,),
    }
    assert len(ACTES_MATTERS) == 9


def test_a_valid_file_passes_both_checks(tmp_path: Path) -> None:
    path = _file(tmp_path, [("8.4", EXAMPLE.lstrip("'")), ("5.2", "Institutions et vie "
                                                                  "politique/Fonctionnement des "
                                                                  "assemblées")])  # fmt: skip
    report = validate_table(path, SCHEMA, custom=True)
    assert [e for e in report.custom_errors if e.code == "nomenclature-actes-value"] == []
