"""The sealed set #6, #7 and #8 generators write an exact answer key (`bench/anonymize_sealed6.py`,
`bench/anonymize_sealed7.py`, `bench/anonymize_sealed8.py`).

A small instance of each is generated through the command line and read back as its manifest
declares it (checksums, BOM, line endings, every key record in its cell, counts per kind,
policies naming real headers). What every generator must do (same seed same bytes, the public
scorer's bounds on trivial anonymizers) is in `test_sealed_generators.py`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from opendata_pipeline_tests.bench.sealed_corpus import (
    DECOY_KINDS,
    PLANTED_KINDS,
    check_key,
    run_generator,
)
from opendata_pipeline_tests.shared_dir import SHARED

BENCH = Path(__file__).resolve().parents[2] / "bench"


@dataclass(frozen=True)
class Expected:
    number: int
    formats: int  # distinct (format, encoding, delimiter) among the 10 cases, at least
    clean: str  # the one clean case
    names: int  # NOM renderings, at least
    variants: dict[str, set[str]]  # variants each kind must show, at least


EXPECTED = [
    Expected(6, 8, "s6c10_plantations_clean", 12, {"EMAIL": {"(at)", "[at] [dot]", "valide"}}),
    Expected(7, 10, "s7c10_denominations_clean", 14,
             {"EMAIL": {"(at)", "[at] [dot]", "valide"}, "IBAN": {"groupé", "compact", "PT groupé"}}),
    Expected(8, 10, "s8c10_annuaire_equipements_clean", 16,
             {"EMAIL": {"(at)", "[at] [dot]", " arobase ", "valide", "invalide sans TLD"},
              "IBAN": {"groupé", "compact", "minuscules groupé"}, "NIR": {"valide espacé", "valide compact"},
              "PRENOM": {"colonne Prénom", "prénom seul", "prénom + initiale"}}),
]  # fmt: skip


@pytest.fixture(scope="module", params=EXPECTED, ids=lambda e: f"sealed{e.number}")
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Expected, Path]:
    expected: Expected = request.param
    out = tmp_path_factory.mktemp(f"sealed{expected.number}")
    run_generator(BENCH / f"anonymize_sealed{expected.number}.py", out, expected.number, 40)
    return expected, out


def test_every_key_record_is_in_the_bytes_written(generated: tuple[Expected, Path]) -> None:
    expected, corpus = generated
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == 10
    assert (corpus / "score.py").read_bytes() == (SHARED / "eval" / "pii" / "score.py").read_bytes()
    formats = {(c["format"], c["encoding"], c["delimiter"]) for c in manifest["cases"]}
    assert len(formats) >= expected.formats and ("parquet", None, None) in formats
    assert {c["line_ending"] for c in manifest["cases"]} == {"CRLF", "LF", None}
    seen = check_key(corpus, manifest, rows_per_case=40)
    assert [c["id"] for c in manifest["cases"] if c["clean"]] == [expected.clean]
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
    assert len({v for k, v in seen.variants if k == "NOM"}) >= expected.names  # each one named
    for kind, variants in expected.variants.items():
        assert {v for k, v in seen.variants if k == kind} >= variants, kind
    assert len(seen.ids) == manifest["totals"]["planted"] + manifest["totals"]["decoys"]
