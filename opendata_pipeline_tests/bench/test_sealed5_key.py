"""The sealed set #5 generator writes an exact answer key (`bench/anonymize_sealed5.py`).

A small instance is generated through the command line and read back as its manifest declares
it. What every generator must do (same seed same bytes, the public scorer's bounds on trivial
anonymizers) is in `test_sealed_generators.py`.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from opendata_pipeline_tests.bench.sealed_corpus import (
    DECOY_KINDS,
    PLANTED_KINDS,
    check_key,
    run_generator,
)
from opendata_pipeline_tests.shared_dir import SHARED

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "bench" / "anonymize_sealed5.py"


def generate(out: Path, seed: int, rows: int, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_generator(GENERATOR, out, seed, rows, *extra)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sealed5")
    generate(out, 21, 40)
    return out


def test_every_key_record_is_in_the_bytes_written(corpus: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == 10
    assert (corpus / "score.py").read_bytes() == (SHARED / "eval" / "pii" / "score.py").read_bytes()
    formats = {(c["format"], c["encoding"], c["delimiter"]) for c in manifest["cases"]}
    assert len(formats) >= 8 and ("parquet", None, None) in formats
    seen = check_key(corpus, manifest, rows_per_case=40)
    assert [c["id"] for c in manifest["cases"] if c["clean"]] == ["s5c10_programmation_culturelle"]
    for case in manifest["cases"]:
        key = json.loads((corpus / case["key"]).read_text(encoding="utf-8"))
        assert case["clean"] == (not key["planted"])
        if case["policy"]:
            policy = (corpus / case["policy"]).read_text(encoding="utf-8")
            assert "default: auto" in policy
            named = re.findall(r'^  "([^"]+)":', policy, re.M) + re.findall(
                r'"([^"]+)"[],]', policy
            )
            assert named and set(named) <= set(case["columns"]), case["id"]  # no header misspelt
        elus = [d for d in key["decoys"] if d["kind"] == "ELU"]
        assert all(d["modes"] == ["policy"] for d in elus)  # public only where the policy says so
        if elus:
            assert "public_columns" in (corpus / case["policy"]).read_text(encoding="utf-8")
    assert seen.planted == PLANTED_KINDS
    assert seen.decoys <= DECOY_KINDS
    assert {"ORG_PERSONNE", "PERSONNALITE", "VOIE_PERSONNE", "EQUIPEMENT_PERSONNE", "ELU", "SIRET",
            "ARRET_TRAM", "ORG_TEL", "ORG_EMAIL", "ORG_ADRESSE"} <= seen.decoys  # fmt: skip
    assert len({v for k, v in seen.variants if k == "NOM"}) >= 12  # every name rendering is named
    assert len(seen.ids) == manifest["totals"]["planted"] + manifest["totals"]["decoys"]
