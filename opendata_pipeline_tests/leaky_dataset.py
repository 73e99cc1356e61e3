"""A one-dataset catalogue whose source holds a personal e-mail in free text (a gate failure)."""

from __future__ import annotations

from pathlib import Path

import pytest

SECRET = "jeanne.martin@gmail.com"
ENTRY = """\
id: signalements
title: Signalements de voirie
description: Signalements de voirie reçus par les services de la Métropole, par quartier et par date.
steward: {name: Service Voirie, email: voirie@example.org}
licence: etalab-2.0
source: {kind: csv, url: "file://DATA"}
publication_basis: L312-1-1-3
record_subject: asset
issued: 2024-01-01
secrets_review: {by: Service juridique, date: 2026-11-02}
anonymisation_review: {by: DPO, date: 2026-11-02}
personal_data: none
"""
CLEAN_ROWS = "id;quartier;commentaire\n1;Antigone;trottoir abîmé\n2;Boutonnet;lampadaire éteint\n"
LEAKY_ROWS = f"id;quartier;commentaire\n1;Antigone;écrire à {SECRET}\n"


def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, portals: str = "") -> Path:
    """Write the data file and the catalogue entry, point the pipeline at them; the data path."""
    data = tmp_path / "signalements.csv"
    data.write_text(rows, "utf-8")
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "signalements.yaml").write_text(ENTRY.replace("DATA", str(data)) + portals, "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return data
