"""The sealed set #3 generator writes an exact answer key (`bench/anonymize_sealed3.py`).

A small instance is generated through the command line and read back as its manifest declares
it. What every generator must do (same seed same bytes, the public scorer's bounds on trivial
anonymizers) is in `test_sealed_generators.py`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from opendata_pipeline_tests.bench.sealed_corpus import (
    DECOY_KINDS,
    PLANTED_KINDS,
    check_key,
    run_generator,
)

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "bench" / "anonymize_sealed3.py"


def generate(out: Path, seed: int, rows: int = 30, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_generator(GENERATOR, out, seed, rows, *extra)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sealed3")
    generate(out, seed=7)
    return out


def test_every_key_record_is_in_the_bytes_written(corpus: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == 10
    seen = check_key(corpus, manifest, rows_per_case=30)
    assert seen.planted == PLANTED_KINDS
    assert (
        seen.decoys <= DECOY_KINDS
        and {"ORG_PERSONNE", "PERSONNALITE", "VOIE_PERSONNE", "ELU"} <= seen.decoys
    )
    assert len(seen.ids) == manifest["totals"]["planted"] + manifest["totals"]["decoys"]
