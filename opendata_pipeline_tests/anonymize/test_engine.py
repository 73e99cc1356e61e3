"""`anonymize_parquet` on real Parquet files: auto mode, every policy action, k-anonymity."""

from __future__ import annotations

import datetime as dt
import gc
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opendata_pipeline import settings
from opendata_pipeline.anonymize.engine import BATCH_ROWS, AnonymizationError, anonymize_parquet
from opendata_pipeline.anonymize.policy import Policy
from opendata_pipeline.anonymize.scan import find_direct_identifiers, scan_parquet

PLANTED = [
    "jean.dupont@gmail.com",
    "06 12 34 56 78",
    "Jean-Pierre Martin",
    "FR76 3000 6000 0112 3456 7890 189",
    "1 85 05 78 006 084 91",
    "Marie-Claire LEBRUN",
]


def _write(path: Path, columns: dict[str, pa.Array | list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def _read(path: Path) -> dict[str, list[object]]:
    return pq.read_table(path).to_pydict()


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """A small person-level file with identifiers in columns and in free text."""
    return _write(
        tmp_path / "people.parquet",
        {
            "Nom": ["DUPONT Jean", "Jean-Pierre Martin", "LEBRUN Marie-Claire", "DURAND Paul"],
            "Courriel": ["jean.dupont@gmail.com", "jp.martin@free.fr", "mcl@orange.fr", None],
            "Téléphone": ["06 12 34 56 78", "0467123456", "+33 6 98 76 54 32", "07.81.22.33.44"],
            "Date de naissance": pa.array(
                [dt.date(1985, 3, 12), dt.date(1962, 3, 3), dt.date(1990, 1, 1), None]
            ),
            "Observations": [
                "Demande de M. Paul Girard, IBAN FR76 3000 6000 0112 3456 7890 189",
                "Dossier suivi par le Collège Jean Moulin, avenue Jean Jaurès",
                "N° sécu 1 85 05 78 006 084 91, née le 3 mars 1962",
                "RAS",
            ],
            "Code commune": ["01234", "34172", "34057", "34172"],
            "Montant": [10.5, 20.0, 0.0, 3.25],
        },
    )


def test_auto_mode_removes_direct_identifiers_and_keeps_the_rest(
    people: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(people, out, None)
    data = _read(out)
    actions = {c.column: c.action for c in report.columns}
    assert actions["Courriel"] == "redact" and actions["Téléphone"] == "redact"
    assert actions["Date de naissance"] == "generalize:year"
    assert data["Date de naissance"] == ["1985", "1962", "1990", None]
    assert data["Courriel"] == ["[EMAIL]", "[EMAIL]", "[EMAIL]", None]
    assert all(v in ("[NOM]", "Personne physique") for v in data["Nom"])
    assert data["Observations"][0] == "Demande de M. [NOM], IBAN [IBAN]"
    assert data["Observations"][1] == "Dossier suivi par le Collège Jean Moulin, avenue Jean Jaurès"
    assert data["Observations"][2] == "N° sécu [NIR], née le [DATE_NAISSANCE]"
    assert data["Code commune"] == ["01234", "34172", "34057", "34172"]
    assert data["Montant"] == [10.5, 20.0, 0.0, 3.25]
    assert report.rows_in == report.rows_out == 4
    assert find_direct_identifiers(out) == {}
    dumped = json.dumps(report.to_dict(), ensure_ascii=False)
    assert not any(value in dumped for value in PLANTED)


def test_clean_file_comes_out_intact(tmp_path: Path) -> None:
    columns: dict[str, pa.Array | list[object]] = {
        "Équipement": [
            "Collège Jean Moulin",
            "Médiathèque Émile Zola",
            "Stade Yves du Manoir",
            "Groupe scolaire Jules Ferry",
        ],
        "Adresse": [
            "avenue Jean Jaurès",
            "place de la Comédie",
            "rue de la Loge",
            "allée Jules Milhau",
        ],
        "Commune": ["Saint-Jean-de-Védas", "Montpellier", "Castelnau-le-Lez", "Lattes"],
        "Code INSEE": ["34270", "34172", "34057", "34129"],
        "Gestionnaire": [
            "Association Les Amis de Jean Moulin",
            "SARL Dupont et Fils",
            "Ville",
            "CCAS",
        ],
        "SIRET": ["21340172201787", "21340172201787", "21340172201787", "21340172201787"],
        "Ouverture": pa.array([dt.date(2020, 1, 2)] * 4),
        "Places": pa.array([1, 2, 3, 4], pa.int32()),
        "Commentaire": [
            "Ouvert au public du lundi au vendredi, fermé en août pour travaux",
            "Réservation obligatoire auprès de l'accueil de la Maison pour tous Léo Lagrange",
            "Accès par la ligne 1 du tramway, arrêt Place de l'Europe, 200 places de parking",
            "Subvention votée par le Conseil municipal du 12/03/2021 pour 15 000 €",
        ],
    }
    src = _write(tmp_path / "clean.parquet", columns)
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(src, out, None)
    assert pq.read_table(out).equals(pq.read_table(src))
    assert sum(c.cells_changed for c in report.columns) == 0


def test_policy_actions(people: Path, tmp_path: Path) -> None:
    policy = Policy.model_validate(
        {
            "columns": {
                "Nom": "pseudonymize",
                "Courriel": "drop",
                "Téléphone": "redact",
                "Observations": "mask_text",
                "Date de naissance": {"generalize": "month"},
                "Code commune": "generalize:postcode_department",
                "Montant": "keep",
            },
        }
    )
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(people, out, policy, pseudonymization_key=b"secret")
    data = _read(out)
    assert "Courriel" not in data
    assert data["Téléphone"] == ["[TEL]"] * 4
    assert data["Date de naissance"] == ["1985-03", "1962-03", "1990-01", None]
    assert data["Code commune"] == ["01", "34", "34", "34"]
    pseudonyms = data["Nom"]
    assert len(set(pseudonyms)) == 4 and all(len(str(p)) == 24 for p in pseudonyms)
    assert not any(part.lower() in str(p) for p in pseudonyms for part in ("dupont", "jean"))
    again = tmp_path / "again.parquet"
    anonymize_parquet(people, again, policy, pseudonymization_key=b"secret")
    assert _read(again)["Nom"] == pseudonyms
    other = tmp_path / "other.parquet"
    anonymize_parquet(people, other, policy, pseudonymization_key=b"another")
    assert _read(other)["Nom"] != pseudonyms
    assert report.mode == "policy"
    assert {c.column: c.cells_changed for c in report.columns}["Téléphone"] == 4


def test_pseudonymize_without_key_fails_clearly(
    people: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENDATA_PSEUDONYMIZATION_KEY", raising=False)
    policy = Policy.model_validate({"columns": {"Nom": "pseudonymize"}})
    with pytest.raises(AnonymizationError, match="OPENDATA_PSEUDONYMIZATION_KEY"):
        anonymize_parquet(people, tmp_path / "out.parquet", policy)
    assert not (tmp_path / "out.parquet").exists()
    # the engine reads no environment: the key comes from the settings its caller holds
    monkeypatch.setenv("OPENDATA_PSEUDONYMIZATION_KEY", "from-env")
    key = settings.current().pseudonymization_key
    anonymize_parquet(people, tmp_path / "out.parquet", policy, pseudonymization_key=key)
    assert (tmp_path / "out.parquet").exists()


def test_a_run_leaves_the_garbage_collector_as_it_found_it(
    people: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run collects cycles less often; the process (a Dagster one runs many) gets its own
    settings back, whether the run fails or not."""
    monkeypatch.delenv("OPENDATA_PSEUDONYMIZATION_KEY", raising=False)
    before = gc.get_threshold()
    policy = Policy.model_validate({"columns": {"Nom": "pseudonymize"}})
    with pytest.raises(AnonymizationError):
        anonymize_parquet(people, tmp_path / "out.parquet", policy)
    assert gc.get_threshold() == before
    anonymize_parquet(people, tmp_path / "out.parquet", None)
    assert gc.get_threshold() == before


def test_redact_natural_persons_decides_row_by_row(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "benef.parquet",
        {
            "Nom du bénéficiaire": [
                "Association Les Compagnons du Lez",
                "DUPONT Jean",
                "SARL Martin Immobilier",
                "Mme Lucie ROUX",
                "Collège Jean Moulin",
                "Ville de Montpellier",
                "GIRARD",
            ]
        },
    )
    policy = Policy.model_validate({"columns": {"Nom du bénéficiaire": "redact_natural_persons"}})
    out = tmp_path / "out.parquet"
    anonymize_parquet(src, out, policy)
    assert _read(out)["Nom du bénéficiaire"] == [
        "Association Les Compagnons du Lez",
        "Personne physique",
        "SARL Martin Immobilier",
        "Personne physique",
        "Collège Jean Moulin",
        "Ville de Montpellier",
        "Personne physique",
    ]


def test_a_surname_the_column_knows_reveals_a_person_with_an_unknown_first_name(
    tmp_path: Path,
) -> None:
    """ "Tamari Lacombe" (a first name outside the lexicon) beside "Jean LACOMBE": a person; a
    name-shaped association with no known surname stays."""
    values = [
        "Jean LACOMBE",
        "Tamari Lacombe",
        "Bleu Vertige",
        "Atelier Lacombe",
        "Tambour Battant",
    ]
    src = _write(tmp_path / "petitions.parquet", {"Pétitionnaire": values})
    policy = Policy.model_validate({"columns": {"Pétitionnaire": "redact_natural_persons"}})
    anonymize_parquet(src, tmp_path / "out.parquet", policy)
    assert _read(tmp_path / "out.parquet")["Pétitionnaire"] == [
        "Personne physique",
        "Personne physique",
        "Bleu Vertige",
        "Atelier Lacombe",
        "Tambour Battant",
    ]


def test_public_columns_are_copied_verbatim_and_missing_columns_warn(
    people: Path, tmp_path: Path
) -> None:
    policy = Policy.model_validate(
        {"public_columns": ["Nom"], "columns": {"Absente": "drop"}, "default": "auto"}
    )
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(people, out, policy)
    assert _read(out)["Nom"] == _read(people)["Nom"]
    assert any("Absente" in w for w in report.warnings)
    assert {c.column: c.decided_by for c in report.columns}["Nom"] == "public"


def test_headers_match_ignoring_accents_case_and_spaces(people: Path, tmp_path: Path) -> None:
    policy = Policy.model_validate({"columns": {" telephone ": "drop", "COURRIEL": "drop"}})
    out = tmp_path / "out.parquet"
    anonymize_parquet(people, out, policy)
    assert "Téléphone" not in _read(out) and "Courriel" not in _read(out)


def test_generalize_on_unsuitable_column_fails_clearly(people: Path, tmp_path: Path) -> None:
    policy = Policy.model_validate({"columns": {"Observations": "generalize"}})
    with pytest.raises(AnonymizationError, match="Observations"):
        anonymize_parquet(people, tmp_path / "out.parquet", policy)


def test_streams_several_batches(tmp_path: Path) -> None:
    n = BATCH_ROWS + 8_000
    texts = ["Rien à signaler pour ce dossier"] * n
    texts[7] = "Contacter jean.dupont@gmail.com"
    texts[n - 3] = "Tél. 06 12 34 56 78"
    src = _write(tmp_path / "big.parquet", {"Commentaire": texts, "Code": ["007"] * n})
    out = tmp_path / "out.parquet"
    report = anonymize_parquet(src, out, None)
    data = _read(out)
    assert report.rows_out == n and len(data["Commentaire"]) == n
    assert data["Commentaire"][7] == "Contacter [EMAIL]"
    assert data["Commentaire"][n - 3] == "Tél. [TEL]"
    assert data["Commentaire"][8] == texts[8] and data["Code"][0] == "007"
    assert pq.ParquetFile(out).metadata.num_row_groups >= 2


def test_scan_reports_kinds_and_counts_only(people: Path) -> None:
    report = scan_parquet(people)
    kinds = {c.column: c.kind for c in report.columns}
    assert kinds["Courriel"] == "email" and kinds["Téléphone"] == "phone"
    assert kinds["Date de naissance"] == "birth_date"
    assert kinds["Nom"] == "person_name"
    assert kinds["Observations"] == "free_text" and kinds["Montant"] == "none"
    observations = report.column("Observations").findings
    assert observations["iban"] == 1 and observations["nir"] == 1
    dumped = json.dumps(report.to_dict(), ensure_ascii=False)
    assert not any(value in dumped for value in PLANTED)


def test_find_direct_identifiers_counts_and_excludes(people: Path) -> None:
    found = find_direct_identifiers(people)
    assert found["Courriel"] == {"email": 3}
    assert found["Téléphone"] == {"phone": 4}
    assert found["Observations"] == {"iban": 1, "nir": 1}
    assert "Courriel" not in find_direct_identifiers(people, exclude_columns=["Courriel"])


@pytest.mark.parametrize("position_column", ["Identifiant", "file_row_number"])
def test_scan_samples_the_whole_file_reproducibly(tmp_path: Path, position_column: str) -> None:
    """Rows are drawn from the whole file (not its head), the same ones on every scan, even when
    a data column is named like the reader's row position."""
    n = 30_000
    src = _write(
        tmp_path / "sorted.parquet",
        {
            position_column: list(range(n)),
            # Sorted file: directory entries first, the persons' e-mails only in the last third.
            "Contact": ["Mairie annexe"] * (2 * n // 3)
            + ["jean.dupont@gmail.com"] * (n - 2 * n // 3),
        },
    )
    first = scan_parquet(src, sample_rows=3000)
    again = scan_parquet(src, sample_rows=3000)
    assert first.to_dict() == again.to_dict()
    assert first.rows == n and 2500 < first.rows_sampled < 3500
    contact = first.column("Contact")
    assert 0.25 < contact.findings["email"] / contact.non_empty < 0.42
    assert contact.personal


def test_auto_mode_decides_columns_by_their_cells(tmp_path: Path) -> None:
    """A contact column mixing phones and e-mails, a column of first names alone or listed,
    a place column of stops named after people, a facility in an address column."""
    firsts = ["Aurélien", "Capucine", "Gaspard", "Noémie", "Bastien", "Apolline", "Maxence"]
    kids = [f"{firsts[i % 7]}, {firsts[(i + 2) % 7]} et {firsts[(i + 4) % 7]}" for i in range(7)]
    kids += [firsts[i] for i in range(7)]
    contacts = [f"06 {i + 10} 34 56 78" if i % 2 else f"parent{i}@exemple.fr" for i in range(14)]
    stops = ["Victor Hugo", "Jean Moulin"] * 7
    homes = ["EHPAD Les Glycines" if i % 2 else f"{i + 3} rue des Acacias" for i in range(14)]
    src = _write(
        tmp_path / "in.parquet",
        {
            "Nom": [f"Roussel{chr(97 + i)}" for i in range(14)],
            "Participants": kids,
            "Joindre": contacts,
            "Arrêt le plus proche": stops,
            "Adresse": homes,
        },
    )
    out = tmp_path / "out.parquet"
    anonymize_parquet(src, out, None)
    rows = _read(out)
    assert not any(f in str(v) for v in rows["Participants"] for f in firsts)
    assert not any("06 " in str(v) or "@" in str(v) for v in rows["Joindre"])
    assert rows["Arrêt le plus proche"] == stops
    assert [v for v in rows["Adresse"] if "rue" in str(v)] == []
    assert rows["Adresse"][1::2] == ["EHPAD Les Glycines"] * 7
