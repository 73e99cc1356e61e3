"""The sealed set #7 generator writes an exact answer key (`bench/anonymize_sealed7.py`).

A small instance is generated through the command line and read back as its manifest declares
it (checksums, BOM, line endings, every key record in its cell, counts per kind, policies naming
real headers); then the public score.py scores three trivial anonymizers: copy-through (recall 0,
retention 1, clean 1), one that replaces every cell (1, 0, 0) and one that masks exactly the
key's planted values (1, 1, 1, which fails if a planted token also sits outside its span or a
decoy overlaps one).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from opendata_pipeline_tests.bench.sealed_corpus import (
    DECOY_KINDS,
    PLANTED_KINDS,
    check_key,
    run_generator,
    trivial_scores,
)
from opendata_pipeline_tests.shared_dir import SHARED

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "bench" / "anonymize_sealed7.py"


def generate(out: Path, seed: int, rows: int, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_generator(GENERATOR, out, seed, rows, *extra)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sealed7")
    generate(out, 7, 40)
    return out


def test_every_key_record_is_in_the_bytes_written(corpus: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == 10
    assert (corpus / "score.py").read_bytes() == (SHARED / "eval" / "pii" / "score.py").read_bytes()
    formats = {(c["format"], c["encoding"], c["delimiter"]) for c in manifest["cases"]}
    assert len(formats) == 10 and ("parquet", None, None) in formats
    assert {c["line_ending"] for c in manifest["cases"]} == {"CRLF", "LF", None}
    seen = check_key(corpus, manifest, rows_per_case=40)
    assert [c["id"] for c in manifest["cases"] if c["clean"]] == ["s7c10_denominations_clean"]
    totals: dict[str, Counter[str]] = {"planted": Counter(), "decoys": Counter()}
    for case in manifest["cases"]:
        key = json.loads((corpus / case["key"]).read_text(encoding="utf-8"))
        assert case["clean"] == (not key["planted"])
        for part in ("planted", "decoys"):
            kinds = Counter(item["kind"] for item in key[part])
            assert case[f"{part}_by_kind"] == kinds, (case["id"], part)
            totals[part] += kinds
        if case["policy"]:
            policy = (corpus / case["policy"]).read_text(encoding="utf-8")
            assert "default: auto" in policy
            named = re.findall(r'^  "([^"]+)":', policy, re.M) + re.findall(
                r'"([^"]+)"[],}]', policy
            )
            assert named and set(named) <= set(case["columns"]), case["id"]  # no header misspelt
        elus = [d for d in key["decoys"] if d["kind"] == "ELU"]
        assert all(d["modes"] == ["policy"] for d in elus)  # public only where the policy says so
        if elus:
            policy = (corpus / case["policy"]).read_text(encoding="utf-8")
            public = re.search(r"^public_columns: (\[.*\])$", policy, re.M)
            assert public and {d["column"] for d in elus} <= set(json.loads(public[1]))
    assert manifest["totals"]["planted_by_kind"] == totals["planted"]
    assert manifest["totals"]["decoys_by_kind"] == totals["decoys"]
    assert seen.planted == PLANTED_KINDS
    assert seen.decoys <= DECOY_KINDS
    assert {"ORG_PERSONNE", "PERSONNALITE", "VOIE_PERSONNE", "EQUIPEMENT_PERSONNE", "ELU", "SIRET",
            "ARRET_TRAM", "ORG_TEL", "ORG_EMAIL", "ORG_ADRESSE", "COMMUNE"} <= seen.decoys  # fmt: skip
    assert len({v for k, v in seen.variants if k == "NOM"}) >= 14  # every name rendering is named
    assert {v for k, v in seen.variants if k == "EMAIL"} >= {"(at)", "[at] [dot]", "valide"}
    assert {v for k, v in seen.variants if k == "IBAN"} >= {"groupé", "compact", "PT groupé"}
    assert len(seen.ids) == manifest["totals"]["planted"] + manifest["totals"]["decoys"]


def test_same_seed_same_bytes_other_seed_other_draw(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", 7, 40)
    generate(tmp_path / "other", 8, 40)

    def digests(root: Path) -> list[str]:
        cases = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["cases"]
        return [c["sha256"] for c in cases] + [
            hashlib.sha256((root / c["key"]).read_bytes()).hexdigest() for c in cases
        ]

    assert digests(tmp_path / "again") == digests(corpus)
    assert not set(digests(tmp_path / "other")) & set(digests(corpus))


@pytest.mark.parametrize(
    ("mode", "recall", "retention", "clean"),
    [("copy", 0.0, 1.0, 1.0), ("everything", 1.0, 0.0, 0.0), ("oracle", 1.0, 1.0, 1.0)],
)
def test_public_scorer_bounds(
    tmp_path: Path, mode: str, recall: float, retention: float, clean: float
) -> None:
    result = trivial_scores(GENERATOR, tmp_path, mode)
    for m in ("policy", "auto"):
        s = result[m]
        assert s["files_ok"] == s["files"] == 10
        assert s["planted"] > 500 and s["decoys"] > 1000
        assert s["removed"] / s["planted"] == recall, (m, s)
        assert s["strict_removed"] / s["planted"] == recall, (m, s)
        assert s["kept"] / s["decoys"] == retention, (m, s)
        assert s["clean_ok"] / s["clean_cells"] == clean, (m, s)


def test_generator_prints_its_own_reference_points(tmp_path: Path) -> None:
    out = generate(tmp_path / "c", 3, 10, "--reference").stdout
    assert "reference copy       policy: recall=0.000 retention=1.000 clean=1.000 files_ok=10/10" in out  # fmt: skip
    assert "reference everything policy: recall=1.000 retention=0.000 clean=0.000" in out
    assert "reference oracle     policy: recall=1.000 retention=1.000 clean=1.000 files_ok=10/10 | auto: recall=1.000 retention=1.000 clean=1.000" in out  # fmt: skip
