"""Shared fixtures: the real Montpellier samples in ../shared and a throw-away OPENDATA_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from opendata_pipeline_tests.shared_dir import SHARED


def _shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.is_dir():
        pytest.fail(f"{path} is missing: the tests read the real samples in ../shared/{sub}")
    return path


@pytest.fixture(scope="session")
def realdata() -> Path:
    """`../shared/realdata`: real Montpellier files (see its PROVENANCE.md)."""
    return _shared("realdata")


@pytest.fixture(scope="session")
def shared_schemas() -> Path:
    """`../shared/schemas`: official table schemas with valid and invalid examples."""
    return _shared("schemas")


@pytest.fixture
def opendata_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh OPENDATA_HOME for one test."""
    home = tmp_path / "var"
    home.mkdir()
    monkeypatch.setenv("OPENDATA_HOME", str(home))
    return home
