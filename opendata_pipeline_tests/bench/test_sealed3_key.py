"""The sealed set #3 generator writes an exact answer key (`bench/anonymize_sealed3.py`).

A small instance is generated through the command line; the key is checked against the bytes
on disk with the tests' own reading of the declared format, then the public corpus's unchanged
score.py scores two trivial anonymizers on it: copy-through (recall 0, retention 1) and one that
masks exactly the key's planted values (recall 1, retention 1, which fails if a planted token also
sits outside its span or a decoy overlaps one).
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
    trivial_scores,
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


def test_same_seed_same_bytes_other_seed_other_draw(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", seed=7)
    generate(tmp_path / "other", seed=8)

    def digests(root: Path) -> list[str]:
        return [
            c["sha256"]
            for c in json.loads((root / "manifest.json").read_text(encoding="utf-8"))["cases"]
        ]

    assert digests(tmp_path / "again") == digests(corpus)
    assert not set(digests(tmp_path / "other")) & set(digests(corpus))


@pytest.mark.parametrize(
    ("mode", "recall", "retention", "clean"),
    [("copy", 0.0, 1.0, 1.0), ("oracle", 1.0, 1.0, 1.0)],
)
def test_public_scorer_bounds(
    tmp_path: Path, mode: str, recall: float, retention: float, clean: float
) -> None:
    result = trivial_scores(GENERATOR, tmp_path, mode)
    for m in ("policy", "auto"):
        s = result[m]
        assert s["files_ok"] == s["files"] == 10
        assert s["planted"] > 200 and s["decoys"] > 800
        assert s["removed"] / s["planted"] == recall, (m, s)
        assert s["kept"] / s["decoys"] == retention, (m, s)
        assert s["clean_ok"] / s["clean_cells"] == clean, (m, s)
