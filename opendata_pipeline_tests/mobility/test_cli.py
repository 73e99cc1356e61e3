"""`mobility refresh` from the command line, on the bundled samples, in a temp OPENDATA_HOME."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from opendata_pipeline.cli.mobility import add_mobility_parser


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="opendata-pipeline")
    add_mobility_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


def test_refresh_all_writes_history_and_maps(
    opendata_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("MOBILITY_API_URL", "MOBILITY_GBFS_URL", "MOBILITY_XML_URL"):
        monkeypatch.delenv(name, raising=False)
    assert _run(["mobility", "refresh", "--json"]) == 0
    summaries = json.loads(capsys.readouterr().out)
    parking, bikes = summaries
    assert (parking["dataset"], parking["source"], parking["rows_added"]) == (
        "mobility/parking_occupancy",
        "ngsi",
        24,
    )
    assert (bikes["source"], bikes["rows"]) == ("ngsi", 57)
    checks = {c["name"]: c for c in bikes["checks"]}
    assert checks["bornes_hors_service"]["counts"]["stations_ecart"] == 5
    assert checks["fraicheur_flux"]["passed"] is False  # the sample is from 2025
    history = opendata_home / "clean" / "mobility" / "parking_occupancy"
    assert sorted(p.name for p in history.glob("*.parquet")) == [
        "2024-10-17.parquet",
        "2025-02-27.parquet",
    ]
    maps = opendata_home / "maps"
    assert sorted(p.name for p in maps.iterdir()) == [
        "bike.html",
        "bike.png",
        "parking.html",
        "parking.png",
    ]

    assert _run(["mobility", "refresh", "--kind", "parking"]) == 0  # same data again
    out = capsys.readouterr().out
    assert "24 ligne(s), 0 nouvelle(s)" in out
    assert "ATTENTION capteurs_figes: 1 capteur(s) sur 24" in out


def test_refresh_fails_when_no_source_answers(
    opendata_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = opendata_home / "nowhere"
    for name in ("MOBILITY_API_URL", "MOBILITY_GBFS_URL", "MOBILITY_XML_URL"):
        monkeypatch.setenv(name, str(missing))
    assert _run(["mobility", "refresh", "--kind", "bike"]) == 1
    assert "aucune source n'a répondu" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["parking", "bike"])
def test_each_declared_check_is_evaluated_by_the_engine(
    kind: str, opendata_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The asset's declared checks are exactly those the engine returns (a declared check it
    does not evaluate would fail as "contrôle non évalué")."""
    from opendata_pipeline.defs.mobility import _history_asset
    from opendata_pipeline.mobility.refresh import history_dir, maps_dir, refresh

    for name in ("MOBILITY_API_URL", "MOBILITY_GBFS_URL", "MOBILITY_XML_URL"):
        monkeypatch.delenv(name, raising=False)
    result = refresh(kind, history_dir(kind), maps_dir())  # type: ignore[arg-type]
    declared = [spec.name for spec in _history_asset(kind).check_specs]  # type: ignore[arg-type]
    assert sorted(c.name for c in result.checks) == sorted(declared)
