"""The catalogue loader and `opendata-pipeline catalog check`: real entries load, bad ones are named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opendata_pipeline.catalog.loader import BUNDLED_CATALOG_DIR, load_catalog
from opendata_pipeline.cli.main import main

VALID = """\
id: {id}
title: Un jeu de données
description: Une description suffisamment longue pour le test.
steward: {{name: Service test, email: test@example.org}}
licence: etalab-2.0
source: {{kind: csv, url: file://samples/VilleMTP_MTP_BudgetPri_2014.csv}}
personal_data: none
"""


def test_bundled_catalogue_is_valid() -> None:
    catalog = load_catalog(BUNDLED_CATALOG_DIR)
    assert catalog.errors == []
    assert len(catalog) >= 6
    assert {"budget-primitif-2014", "annuaire-associations", "parkings-temps-reel"} <= set(
        catalog.entries
    )
    for entry in catalog:
        if entry.source.upstream:  # produced by the pipeline itself (mobility tables)
            continue
        path = catalog.resolve_path(entry.id, entry.source.url)
        assert path.is_file(), f"{entry.id}: bundled sample {path} is missing"


def test_catalog_check_cli_passes_on_bundled_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check"]) == 0
    assert "0 error" not in capsys.readouterr().out  # says OK, not a count of zero


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def bad_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    _write(folder, "a-ok.yaml", VALID.format(id="budget-ok"))
    _write(folder, "dup.yaml", VALID.format(id="budget-ok"))
    _write(folder, "kind.yaml", VALID.format(id="kind-bad").replace("kind: csv", "kind: xlsx"))
    _write(
        folder, "licence.yaml", VALID.format(id="no-licence").replace("licence: etalab-2.0\n", "")
    )
    _write(folder, "ident.yaml", VALID.format(id="Bad_Id"))
    _write(folder, "typo.yaml", VALID.format(id="typo") + "stewart: x\n")
    _write(folder, "broken.yaml", "id: [unclosed\n")
    _write(folder, "policy.yaml", VALID.format(id="policy-bad").replace(
        "personal_data: none", "personal_data:\n  public_columns: [Nom]\n  columns: {Nom: drop}"
    ))  # fmt: skip
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    return folder


def test_catalog_check_names_file_field_and_problem(
    bad_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["catalog", "check"]) == 1
    out = capsys.readouterr().out
    assert "dup.yaml: id: duplicate id 'budget-ok' (also in" in out
    assert "kind.yaml: source.kind: unknown source kind 'xlsx'" in out
    assert "licence.yaml: licence: required field is missing" in out
    assert "ident.yaml: id: bad identifier 'Bad_Id'" in out
    assert "typo.yaml: stewart: unknown field" in out
    assert "broken.yaml: line " in out and "not valid YAML" in out
    assert "policy.yaml: personal_data" in out and "public_columns" in out
    assert "1 valid entry" in out


def test_valid_entries_survive_bad_neighbours(bad_catalog: Path) -> None:
    catalog = load_catalog()
    assert list(catalog.entries) == ["budget-ok"]
    assert len(catalog.errors) == 7


def test_dropping_a_yaml_file_adds_a_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(BUNDLED_CATALOG_DIR, folder)
    _write(folder, "new.yaml", VALID.format(id="nouveau-jeu"))
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    from opendata_pipeline.definitions import defs

    keys = {k.to_user_string() for k in defs().resolve_asset_graph().get_all_asset_keys()}
    assert {"raw/nouveau-jeu", "clean/nouveau-jeu", "published/nouveau-jeu"} <= keys


def test_disk_cache_gives_the_same_catalogue_and_follows_edits(
    tmp_path: Path, opendata_home: Path
) -> None:
    from opendata_pipeline.catalog import loader

    folder = tmp_path / "catalog"
    shutil.copytree(BUNDLED_CATALOG_DIR, folder)
    _write(folder, "casse.yaml", "id: casse\ntitle: [\n")
    first = load_catalog(folder)
    cache_files = list((opendata_home / ".cache").glob("catalog-*.json"))
    assert len(cache_files) == 1
    loader._cache.clear()  # a new process: only the file on disk remains
    second = load_catalog(folder)
    assert second.entries == first.entries and second.files == first.files
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]  # errors re-parsed
    # an edited entry is re-read, the others still come from the cache
    budget = folder / "budget-primitif-2014.yaml"
    budget.write_text(budget.read_text("utf-8").replace("title:", "title: Modifié —", 1), "utf-8")
    loader._cache.clear()
    third = load_catalog(folder)
    assert third["budget-primitif-2014"].title.startswith("Modifié —")
    assert third["annuaire-associations"] == first["annuaire-associations"]
    # a damaged cache file is ignored, never an error
    cache_files[0].write_text("{not json", "utf-8")
    loader._cache.clear()
    assert load_catalog(folder).entries == third.entries
