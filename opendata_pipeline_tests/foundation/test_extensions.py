"""An extension is one module: a source kind, a rule and a detector, each in its own module of a
distribution installed beside the project (entry points), appear in `catalog check`, in the rule
catalogue (`validate --rules`) and in `scan`, with nothing else changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TOY_KIND = r'''
"""A text file with one record per line (a toy source kind)."""
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from opendata_pipeline.ingest.kinds import SourceKind, SourceOptions
from opendata_pipeline.ingest.result import ReadResult
from opendata_pipeline.ingest.sources import fetch_file


@with_config(ConfigDict(extra="forbid"))
class LinesOptions(TypedDict, total=False):
    strip: bool


class LinesSource(SourceOptions):
    kind: Literal["lines"] = "lines"
    column: str = "line"
    options: LinesOptions = Field(default_factory=lambda: LinesOptions())


def to_parquet(raw_files: list[Path], dst: Path, source: LinesSource, dataset: str) -> ReadResult:
    lines = [l for p in raw_files for l in p.read_text(encoding="utf-8").splitlines() if l]
    pq.write_table(pa.table({source.column: lines}), dst)
    return ReadResult(len(lines), [(source.column, "VARCHAR")], kind="lines")


KIND = SourceKind("lines", ("text/plain",), fetch=fetch_file, to_parquet=to_parquet,
                  Options=LinesSource, detect=False)
'''

TOY_RULE = r'''
"""A local convention: a published dataset has at least ten rows (a toy rule)."""
from opendata_pipeline.validate.rules.base import DatasetView, Finding, failed, passed, rule


@rule("R-TOY-ROWS", severity="WARN", basis="convention locale (exemple)")
def rule_toy_rows(d: DatasetView) -> Finding:
    if d.rows < 10:
        return failed(f"Moins de 10 lignes ({d.rows}).", rows=d.rows)
    return passed("Au moins 10 lignes.", rows=d.rows)
'''

TOY_DETECTOR = r'''
"""Access-badge numbers of the Métropole's staff (a toy detector)."""
import re

from opendata_pipeline.anonymize.detectors.base import Detector

_BADGE = re.compile(r"\bBDG-\d{6}\b")


def find(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _BADGE.finditer(text)]


DETECTOR = Detector(
    kind="badge",
    priority=5,
    tag="[BADGE]",
    prefilter=r"BDG-\d",
    find=find,
    positives=("badge BDG-123456 perdu",),
    negatives=("BDG-12 incomplet",),
    labels=("badge",),
)
'''

ENTRY = """\
id: toy-lines
title: Un jeu lu par une extension
description: Une description suffisamment longue pour le test.
steward: {name: Service test, email: test@example.org}
licence: etalab-2.0
source: {kind: lines, url: file://data.txt, column: ligne, options: {strip: true}}
personal_data: none
"""


@pytest.fixture(scope="module")
def plugin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A distribution `toy-ext` (three modules and their entry points), as pip installs one."""
    root = tmp_path_factory.mktemp("site")
    (root / "toy_kind.py").write_text(TOY_KIND, encoding="utf-8")
    (root / "toy_rule.py").write_text(TOY_RULE, encoding="utf-8")
    (root / "toy_detector.py").write_text(TOY_DETECTOR, encoding="utf-8")
    info = root / "toy_ext-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-ext\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[opendata_pipeline.source_kinds]\nlines = toy_kind\n\n"
        "[opendata_pipeline.rules]\ntoy-rows = toy_rule\n\n"
        "[opendata_pipeline.detectors]\nbadge = toy_detector\n"
    )
    return root


def _cli(
    args: list[str], tmp_path: Path, site: Path | None, catalog: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The command line in a fresh process, with the toy distribution on its path or not."""
    env = {**os.environ, "OPENDATA_HOME": str(tmp_path / "home")}
    paths = [str(site)] if site else []
    env["PYTHONPATH"] = os.pathsep.join([*paths, *filter(None, [env.get("PYTHONPATH")])])
    if catalog is not None:
        env["OPENDATA_CATALOG_DIR"] = str(catalog)
    command = [sys.executable, "-m", "opendata_pipeline.cli.main", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp_path)


def test_a_source_kind_module_makes_its_entries_valid(plugin_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "toy.yaml").write_text(ENTRY, encoding="utf-8")
    (folder / "data.txt").write_text("un\ndeux\n", encoding="utf-8")
    args = ["catalog", "check"]
    without = _cli(args, tmp_path, None, folder)
    with_kind = _cli(args, tmp_path, plugin_dir, folder)
    (folder / "toy.yaml").write_text(ENTRY.replace("strip: true", "stripe: true"))
    typo = _cli(args, tmp_path, plugin_dir, folder)
    assert without.returncode == 1
    assert "toy.yaml: source.kind: unknown source kind 'lines'" in without.stdout
    assert with_kind.returncode == 0, with_kind.stdout + with_kind.stderr
    assert "1 valid entry" in with_kind.stdout and "OK" in with_kind.stdout
    # the kind's own Options model checks its options
    assert typo.returncode == 1
    assert "toy.yaml: source.options.stripe: unknown field" in typo.stdout


def test_a_rule_module_is_in_the_rule_catalogue(plugin_dir: Path, tmp_path: Path) -> None:
    bundled = json.loads(_cli(["validate", "--rules", "--json"], tmp_path, None).stdout)
    listed = json.loads(_cli(["validate", "--rules", "--json"], tmp_path, plugin_dir).stdout)
    assert "R-TOY-ROWS" not in {r["rule"] for r in bundled}
    assert {
        "rule": "R-TOY-ROWS",
        "severity": "WARN",
        "legal_basis": "convention locale (exemple)",
    } in listed
    assert len(listed) == len(bundled) + 1
    assert {"R-GEO", "R-MOBILITY-NAP", "R-ANON-K"} <= {r["rule"] for r in bundled}


def test_a_detector_module_is_used_by_scan(plugin_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "agents.csv"
    rows = [f"Service {i};BDG-{100000 + i * 7};BDG-{200000 + i};Montpellier" for i in range(20)]
    header = "service;code acces;numero badge;ville\n"
    data.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    before = json.loads(_cli(["scan", str(data), "--json"], tmp_path, None).stdout)
    after = json.loads(_cli(["scan", str(data), "--json"], tmp_path, plugin_dir).stdout)
    was = {c["column"]: c for c in before["columns"]}
    now = {c["column"]: c for c in after["columns"]}
    assert was["code acces"]["kind"] == "none" and was["code acces"]["findings"] == {}
    assert was["numero badge"]["header_kind"] is None
    # found in the values, and named by the header (the detector's labels)
    assert now["code acces"]["kind"] == "badge" and now["code acces"]["personal"]
    assert now["code acces"]["findings"] == {"badge": 20}
    assert now["numero badge"]["header_kind"] == "badge" and now["numero badge"]["kind"] == "badge"
    assert "BDG-" not in json.dumps(after)  # the report names kinds and counts, never values
