"""Generalization hierarchies and k-anonymity (ℓ-diversity, suppression cap, information loss)
through `anonymize_parquet` and the CLI, on real Parquet files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet as pq
import pytest

from opendata_pipeline.anonymize.cli import register
from opendata_pipeline.anonymize.engine import AnonymizationError, anonymize_parquet
from opendata_pipeline.anonymize.generalize import REDACTED, default_level, generalize_column
from opendata_pipeline.anonymize.hierarchies import (
    DECADE,
    MONTH,
    QUARTER,
    YEAR,
    band_level,
    ladder,
    named_level,
)
from opendata_pipeline.anonymize.kanon import SUPPRESSED, k_anonymity, l_diversity
from opendata_pipeline.anonymize.policy import Policy
from opendata_pipeline.anonymize.reference import (
    METROPOLE,
    commune_department,
    commune_epci,
    couple_status,
    pcs_group,
)


def _write(path: Path, columns: dict[str, pa.Array | list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def _read(path: Path) -> dict[str, list[object]]:
    return pq.read_table(path).to_pydict()


# -- hierarchies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "month", "quarter", "year", "decade"),
    [
        ("14/03/1982", "1982-03", "1982-T1", "1982", "1980-1989"),
        ("3 août 2024", "2024-08", "2024-T3", "2024", "2020-2029"),
        ("2024-11-05 10:00:00", "2024-11", "2024-T4", "2024", "2020-2029"),
        ("2024-05", "2024-05", "2024-T2", "2024", "2020-2029"),  # already a month
        ("2024-T2", "2024-T2", "2024-T2", "2024", "2020-2029"),  # already a quarter
        ("31/02/1980", None, None, None, None),  # impossible: outside the hierarchy
        ("00/04/1988", None, None, None, None),
        ("1979-02-30", None, None, None, None),
        ("12/13/1975", None, None, None, None),
    ],
)
def test_date_hierarchy(
    text: str, month: str | None, quarter: str | None, year: str | None, decade: str | None
) -> None:
    assert [lvl.coarsen(text) for lvl in (MONTH, QUARTER, YEAR, DECADE)] == [
        month,
        quarter,
        year,
        decade,
    ]


def test_age_bands_nest_and_keep_wider_bands() -> None:
    assert [band_level(w).coarsen("47") for w in (5, 10, 20, 40)] == [
        "45-49",
        "40-49",
        "40-59",
        "40-79",
    ]
    assert band_level(10).coarsen("45-49") == "40-49"
    assert band_level(5).coarsen("40-59") == "40-59"  # cannot be refined
    assert band_level(5).coarsen("inconnu") is None
    twenty = named_level("age_band_20")
    assert twenty is not None and twenty.coarsen("47") == "40-59"


def test_profession_to_pcs_group_folds_gender_plural_and_details() -> None:
    assert pcs_group("Infirmière") == pcs_group("infirmiers") == "Professions intermédiaires"
    assert pcs_group("plombier chauffagiste") == "Ouvriers"
    assert pcs_group("Aide-soignante") == "Employés"
    assert pcs_group("Ingénieure en génie civil") == (
        "Cadres et professions intellectuelles supérieures"
    )
    assert pcs_group("retraitée") == "Retraités"
    assert pcs_group("Étudiant") == "Autres personnes sans activité professionnelle"
    assert pcs_group("Ouvriers") == "Ouvriers"  # a group stays itself
    assert pcs_group("astronaute") is None


def test_commune_to_epci_and_department() -> None:
    for name in ("Saint-Jean-de-Védas", "ST JEAN DE VEDAS", "Le Crès", "34172"):
        assert commune_epci(name) == METROPOLE
    assert commune_epci("Sète") == "Hérault hors Métropole"
    assert commune_department("Sète") == "Hérault" and commune_department("34301") == "34"
    assert commune_epci("75056") == "75" and commune_department("2A004") == "2A"
    assert commune_epci("Lyon") is None  # outside the reference: redacted, never kept


def test_family_situation_to_couple() -> None:
    assert {couple_status(v) for v in ("marié(e)", "Pacsée", "union libre")} == {"En couple"}
    assert {couple_status(v) for v in ("veuf/veuve", "famille monoparentale", "non mariée")} == {
        "Pas en couple"
    }


@pytest.mark.parametrize(
    ("values", "header", "levels"),
    [
        (
            ["12/03/2024", "2024-05-01"],
            "Date de la demande",
            ["month", "quarter", "year", "decade"],
        ),
        (["23", "47", "80"], "Âge", ["age_band", "age_band_10", "age_band_20", "age_band_40"]),
        (["34000", "34070"], "Code postal", ["postcode_department"]),
        (["34172", "34057"], "Code commune", ["commune_epci", "commune_department"]),
        (["Montpellier", "Lattes"], "Ville", ["commune_epci", "commune_department"]),
        (["plombier", "vendeuse"], "Métier", ["pcs_group"]),
        (["marié(e)", "célibataire"], "Situation familiale", ["couple"]),
        (["F", "M"], "Sexe", []),
        (["2019", "2020"], "Montant", []),  # four digits are years only under a date header
    ],
)
def test_ladder_fits_the_column(values: list[str], header: str, levels: list[str]) -> None:
    assert [lvl.name for lvl in ladder(values, header)] == ["value", *levels]


def test_bare_generalize_picks_the_level_by_type_and_header() -> None:
    assert default_level(pa.array(["plombier", "infirmière"]), "-", "Profession") == "pcs_group"
    assert default_level(pa.array([dt.date(1980, 1, 2)]), "birth_date") == "year"
    assert default_level(pa.array([23, 47], pa.int32()), "-", "Âge") == "age_band"
    assert default_level(pa.array(["Pérols", "Sète"]), "-", "Commune") == "commune_epci"


def test_unknown_profession_is_redacted_and_counted() -> None:
    out = generalize_column(pa.array(["plombière", None, "astronaute", "", "vendeur"]), "pcs_group")
    assert out.array.to_pylist() == ["Ouvriers", None, REDACTED, "", "Employés"]
    assert out.unmapped == 1


# -- k-anonymity ----------------------------------------------------------------------------

_COMMUNES = ["Montpellier"] * 12 + [
    "Lattes", "Pérols", "Castelnau-le-Lez", "Juvignac", "Saint-Jean-de-Védas", "Grabels",
    "Villeneuve-lès-Maguelone", "Le Crès", "Jacou", "Clapiers", "Fabrègues", "Sète", "Lunel",
]  # fmt: skip
_PROFESSIONS = [
    "infirmière", "aide-soignant", "professeur des écoles", "maçon", "électricien",
    "caissière", "vendeuse", "agent d'entretien", "auxiliaire de vie", "cuisinier",
    "chauffeur-livreur", "comptable", "ingénieur", "médecin", "retraité", "retraitée",
    "étudiante", "sans emploi", "secrétaire", "technicien de maintenance", "viticulteur",
    "artisan plombier", "développeuse informatique", "assistante maternelle",
]  # fmt: skip
_SITUATIONS = ["célibataire", "marié(e)", "pacsé(e)", "divorcé(e)", "veuf/veuve", "en couple"]


def _aides(path: Path, rows: int, seed: int = 7) -> Path:
    """A realistic social-aid extract: skewed ages, a big city and small towns, professions
    written freely, request dates as dd/mm/yyyy."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    data: dict[str, list[object]] = {k: [] for k in (
        "N° dossier", "Âge", "Sexe", "Commune", "Profession", "Situation familiale",
        "Date de la demande", "Montant (€)",
    )}  # fmt: skip
    for i in range(rows):
        data["N° dossier"].append(f"{i:06d}")
        data["Âge"].append(min(97, max(18, int(rng.gauss(46, 17)))))
        data["Sexe"].append(rng.choice("FM"))
        data["Commune"].append(rng.choice(_COMMUNES))
        data["Profession"].append(rng.choice(_PROFESSIONS))
        data["Situation familiale"].append(rng.choice(_SITUATIONS))
        day = start + dt.timedelta(days=rng.randrange(366))
        data["Date de la demande"].append(day.strftime("%d/%m/%Y"))
        data["Montant (€)"].append(rng.randrange(2, 80) * 10.0)
    columns = {k: pa.array(v, pa.int32()) if k == "Âge" else v for k, v in data.items()}
    return _write(path, columns)


QIS = ["Âge", "Sexe", "Commune", "Profession", "Date de la demande"]


def test_realistic_table_reaches_k5_by_generalization_with_little_suppression(
    tmp_path: Path,
) -> None:
    src = _aides(tmp_path / "aides.parquet", 3000)
    assert k_anonymity(src, QIS) == 1
    policy = Policy.model_validate(
        {
            "description": "Aides facultatives",
            "columns": {"Profession": "generalize", "Âge": "generalize:age_band"},
            "quasi_identifiers": QIS,
            "k": 5,
        }
    )
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(src, out, policy)
    data = _read(out)
    assert report.rows_in == report.rows_out == len(data["N° dossier"]) == 3000
    assert data["N° dossier"] == [f"{i:06d}" for i in range(3000)]  # order and rows kept
    assert report.k_reached is not None and report.k_reached >= 5
    assert k_anonymity(out, QIS) >= 5
    assert report.rows_suppressed <= 0.05 * 3000 and report.rows_removed == 0
    masked = [i for i, sexe in enumerate(data["Sexe"]) if sexe == SUPPRESSED]
    assert len(masked) == report.rows_suppressed
    assert all(data[q][i] == SUPPRESSED for q in QIS for i in masked)
    losses = {loss["column"]: loss for loss in report.information_loss}
    assert set(losses) == set(QIS)
    assert losses["Sexe"]["level"] == "value" and losses["Sexe"]["loss"] == 0
    # The search keeps detail where it can: not every column at its coarsest level.
    assert any(0 < loss["loss"] < 1 for loss in losses.values())
    assert set(data["Profession"]) - {SUPPRESSED} <= set(pcs_group(p) for p in _PROFESSIONS)
    kept = [a for a in data["Âge"] if a != SUPPRESSED]
    assert all(re.fullmatch(r"\d+-\d+", str(a)) for a in kept)
    assert report.description == "Aides facultatives"
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    assert "infirmi" not in text and "Lattes" not in text  # counts and names only


def test_k_anonymity_climbs_before_suppressing(tmp_path: Path) -> None:
    ages = [20 + (i % 40) for i in range(400)]
    communes = ["34172" if i % 3 else "34057" for i in range(400)]
    src = _write(
        tmp_path / "qi.parquet",
        {"Âge": pa.array(ages, pa.int32()), "Code commune": communes, "Id": list(range(400))},
    )
    assert k_anonymity(src, ["Âge", "Code commune"]) < 5
    policy = Policy.model_validate({"quasi_identifiers": ["Âge", "Code commune"], "k": 5})
    report = anonymize_parquet(src, tmp_path / "out.parquet", policy)
    assert report.k_reached is not None and report.k_reached >= 5
    assert report.rows_suppressed == 0 and report.rows_out == 400
    losses = {loss["column"]: loss for loss in report.information_loss}
    assert losses["Âge"]["level"] == "age_band" and losses["Code commune"]["level"] == "value"
    assert _read(tmp_path / "out.parquet")["Id"] == list(range(400))


def test_fewer_than_k_outliers_are_removed_not_left_as_a_small_class(tmp_path: Path) -> None:
    communes = ["Montpellier"] * 97 + ["Lyon", "Paris", "Lille"]
    src = _write(tmp_path / "qi.parquet", {"Commune": communes, "Montant": list(range(100))})
    policy = Policy.model_validate({"quasi_identifiers": ["Commune"], "k": 5})
    report = anonymize_parquet(src, tmp_path / "out.parquet", policy)
    assert (report.rows_suppressed, report.rows_removed, report.rows_out) == (3, 3, 97)
    assert report.k_reached == 97
    assert _read(tmp_path / "out.parquet")["Montant"] == list(range(97))


def _nationalities(path: Path) -> Path:
    """300 people, 100 nationalities (3 each, no hierarchy known), a sex and an aid (7 kinds)."""
    return _write(
        path,
        {
            "Sexe": ["F", "M", "F"] * 100,
            "Nationalité": [f"N{i // 3:02d}" for i in range(300)],
            "Aide": [f"{i % 7}" for i in range(300)],
        },
    )


def test_a_quasi_identifier_no_level_of_which_fits_the_cap_is_fully_generalized_with_a_warning(
    tmp_path: Path,
) -> None:
    src = _nationalities(tmp_path / "qi.parquet")
    policy = Policy.model_validate({"quasi_identifiers": ["Sexe", "Nationalité"], "k": 5})
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(src, out, policy)
    assert report.k_reached == 100 and report.rows_out == 300 and report.rows_suppressed == 0
    rows = _read(out)
    assert set(rows["Nationalité"]) == {SUPPRESSED}
    assert rows["Sexe"] == ["F", "M", "F"] * 100  # what reaches k alone stays exact
    losses = {loss["column"]: loss for loss in report.information_loss}
    assert losses["Nationalité"]["level"] == "*" and losses["Nationalité"]["loss"] == 1.0
    assert losses["Sexe"]["level"] == "value"
    [warning] = [w for w in report.warnings if "entièrement généralisée" in w]
    assert "« Nationalité »" in warning and "5 %" in warning and "N07" not in warning


def test_the_cap_is_configurable_in_the_policy(tmp_path: Path) -> None:
    # 290 rows in big classes, 10 in classes of one: 3.3 % to suppress.
    values = ["A"] * 145 + ["B"] * 145 + [f"X{i}" for i in range(10)]
    src = _write(tmp_path / "qi.parquet", {"Catégorie": values})
    strict = Policy.model_validate(
        {"quasi_identifiers": ["Catégorie"], "k": 5, "max_suppression": 0.02}
    )
    report = anonymize_parquet(src, tmp_path / "out.parquet", strict)
    assert set(_read(tmp_path / "out.parquet")["Catégorie"]) == {SUPPRESSED}
    assert any("« Catégorie »" in w and "2 %" in w for w in report.warnings)
    default = Policy.model_validate({"quasi_identifiers": ["Catégorie"], "k": 5})
    report = anonymize_parquet(src, tmp_path / "out.parquet", default)
    assert report.rows_suppressed == 10 and report.rows_removed == 0
    assert _read(tmp_path / "out.parquet")["Catégorie"][-10:] == [SUPPRESSED] * 10
    assert _read(tmp_path / "out.parquet")["Catégorie"][:290] == values[:290]
    assert not any("entièrement généralisée" in w for w in report.warnings)


def test_k_impossible_even_fully_generalized_fails_in_french(tmp_path: Path) -> None:
    src = _write(tmp_path / "qi.parquet", {"Commune": ["Lattes", "Pérols", "Lattes"]})
    policy = Policy.model_validate({"quasi_identifiers": ["Commune"], "k": 5})
    with pytest.raises(AnonymizationError, match="ne compte que 3 ligne"):
        anonymize_parquet(src, tmp_path / "out.parquet", policy)


def test_cli_l_impossible_even_fully_generalized_exits_2_and_writes_nothing(
    tmp_path: Path, opendata_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _nationalities(tmp_path / "qi.parquet")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\nquasi_identifiers: [Sexe, Nationalité]\nk: 5\n"
        "sensitive_attributes: [Aide]\nl_diversity: 8\n",
        "utf-8",
    )
    parser = argparse.ArgumentParser(prog="opendata-pipeline")
    register(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "out.csv"
    args = parser.parse_args(["anonymize", str(src), "--output", str(out), "--policy", str(policy)])
    assert args.func(args) == 2
    err = capsys.readouterr().err
    assert "Anonymisation impossible : k = 5 et ℓ = 8 inatteignable même en généralisant" in err
    assert "« Aide » n'a que 7 valeur(s) distincte(s)" in err and "Traceback" not in err
    assert "N07" not in err and not out.exists()


def test_l_diversity_generalizes_a_class_whose_members_share_their_aid(tmp_path: Path) -> None:
    communes = ["Lattes"] * 50 + ["Pérols"] * 50
    aids = ["Aide alimentaire"] * 50 + ["Aide au loyer", "Chèque culture"] * 25
    src = _write(tmp_path / "qi.parquet", {"Commune": communes, "Type d'aide": aids})
    assert l_diversity(src, ["Commune"], ["Type d'aide"]) == 1
    policy = Policy.model_validate(
        {"quasi_identifiers": ["Commune"], "k": 5, "sensitive_attributes": ["Type d'aide"]}
    )
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(src, out, policy)
    assert report.l_requested == 2 and report.l_reached is not None and report.l_reached >= 2
    assert set(_read(out)["Commune"]) == {METROPOLE}
    assert report.rows_suppressed == 0


def test_policy_rejects_sensitive_attributes_without_quasi_identifiers() -> None:
    with pytest.raises(ValueError, match="sensitive_attributes exige quasi_identifiers"):
        Policy.model_validate({"sensitive_attributes": ["Type d'aide"]})


PIPELINE_ENTRY = """\
id: aides-facultatives
title: Aides facultatives
description: Aides sociales facultatives accordées par les CCAS de la Métropole, une ligne par demande.
steward: {name: Service solidarités, email: solidarites@example.org}
licence: etalab-2.0
source: {kind: csv, url: "file://DATA"}
publication_basis: L312-1-1-3
record_subject: natural_person
issued: 2024-01-01
secrets_review: {by: Service juridique, date: 2026-11-02}
anonymisation_review: {by: DPO, date: 2026-11-02}
personal_data:
  description: Extraction statistique, k-anonyme sur les quasi-identifiants.
  columns: {Profession: generalize, "Âge": "generalize:age_band", "N° dossier": drop}
  quasi_identifiers: ["Âge", Sexe, Commune, Profession, Date de la demande]
  k: 5
  sensitive_attributes: ["Montant (€)"]
"""


def test_pipeline_run_enforces_k_and_l_and_reports_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opendata_home: Path
) -> None:
    """`opendata-pipeline run` on a person-level CSV: the k_anonymity check passes on the clean
    file (k and ℓ), the compliance report shows the description and the cost per column."""
    import io

    import dagster as dg

    from opendata_pipeline.cli.run import run_pipeline

    table = pq.read_table(_aides(tmp_path / "aides.parquet", 1500))
    data = tmp_path / "aides.csv"
    pa.csv.write_csv(table, data, pa.csv.WriteOptions(delimiter=";"))
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "aides.yaml").write_text(PIPELINE_ENTRY.replace("DATA", str(data)), "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    log = io.StringIO()
    assert run_pipeline(datasets=["aides-facultatives"], partition="2026-11-28", out=log) == 0
    assert "aides-facultatives                           1500 rows" in log.getvalue()
    instance = dg.DagsterInstance.get()
    try:
        record = instance.get_latest_asset_check_evaluation_record(
            dg.AssetCheckKey(dg.AssetKey(["clean", "aides-facultatives"]), "k_anonymity")
        )
        assert record is not None and record.event is not None
        evaluation = record.event.dagster_event.event_specific_data  # type: ignore[union-attr]
        metadata = {k: v.value for k, v in evaluation.metadata.items()}
    finally:
        instance.dispose()
    assert evaluation.passed is True
    assert metadata["rule_id"] == "R-ANON-K, R-ANON-L"
    assert metadata["k_reached"] >= 5 and metadata["l_reached"] >= 2
    clean = pq.read_table(opendata_home / "clean/aides-facultatives/2026-11-28.parquet")
    assert clean.num_rows == 1500 and "N° dossier" not in clean.column_names
    html = (opendata_home / "reports/aides-facultatives/compliance.html").read_text("utf-8")
    assert "Politique : Extraction statistique, k-anonyme" in html
    assert "<td>Date de la demande</td>" in html and "perte d'information" in html
