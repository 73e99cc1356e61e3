"""What every sealed-set generator (`bench/anonymize_sealed*.py`) must do, whoever wrote it.

Each is run through its command line: the same seed writes the same bytes and another seed
another draw; the public score.py scores trivial anonymizers on a small instance: copy-through
(recall 0, retention 1, clean 1), one that replaces every cell (1, 0, 0) and one that masks
exactly the key's planted values (1, 1, 1, which fails if a planted token also sits outside its
span or a decoy overlaps one); generators that print their own reference points print these.
Each generator's own file checks its key records against the bytes (`test_sealedN_key.py`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from opendata_pipeline_tests.bench.sealed_corpus import run_generator, trivial_scores

BENCH = Path(__file__).resolve().parents[2] / "bench"


@dataclass(frozen=True)
class Sealed:
    number: int
    quiet: tuple[str, ...]  # flags that generate without scoring the reference points
    reference: tuple[str, ...] | None  # flags that print them (None: the generator does not)
    planted: int  # floors on a 15-row instance
    decoys: int

    @property
    def generator(self) -> Path:
        return BENCH / f"anonymize_sealed{self.number}.py"


SEALED = [
    Sealed(3, (), None, 200, 800),
    Sealed(4, ("--no-reference",), (), 400, 600),
    Sealed(5, (), ("--reference",), 500, 1000),
    Sealed(6, (), ("--reference",), 500, 1000),
    Sealed(7, (), ("--reference",), 500, 1000),
    Sealed(8, (), ("--reference",), 500, 1000),
]
IDS = [f"sealed{s.number}" for s in SEALED]


@pytest.mark.parametrize("sealed", SEALED, ids=IDS)
def test_same_seed_same_bytes_other_seed_other_draw(sealed: Sealed, tmp_path: Path) -> None:
    for name, seed in (("one", 7), ("again", 7), ("other", 8)):
        run_generator(sealed.generator, tmp_path / name, seed, 20, *sealed.quiet)

    def digests(root: Path) -> list[str]:
        cases = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["cases"]
        return [c["sha256"] for c in cases] + [
            hashlib.sha256((root / c["key"]).read_bytes()).hexdigest() for c in cases
        ]

    assert digests(tmp_path / "again") == digests(tmp_path / "one")
    assert not set(digests(tmp_path / "other")) & set(digests(tmp_path / "one"))


@pytest.mark.parametrize("sealed", SEALED, ids=IDS)
@pytest.mark.parametrize(
    ("mode", "recall", "retention", "clean"),
    [("copy", 0.0, 1.0, 1.0), ("everything", 1.0, 0.0, 0.0), ("oracle", 1.0, 1.0, 1.0)],
)
def test_public_scorer_bounds(
    sealed: Sealed, tmp_path: Path, mode: str, recall: float, retention: float, clean: float
) -> None:
    result = trivial_scores(sealed.generator, tmp_path, mode, *sealed.quiet)
    for m in ("policy", "auto"):
        s = result[m]
        assert s["files_ok"] == s["files"] == 10
        assert s["planted"] > sealed.planted and s["decoys"] > sealed.decoys
        assert s["removed"] / s["planted"] == recall, (m, s)
        assert s["strict_removed"] / s["planted"] == recall, (m, s)
        assert s["kept"] / s["decoys"] == retention, (m, s)
        assert s["clean_ok"] / s["clean_cells"] == clean, (m, s)


@pytest.mark.parametrize("sealed", [s for s in SEALED if s.reference is not None], ids=IDS[1:])
def test_generator_prints_its_own_reference_points(sealed: Sealed, tmp_path: Path) -> None:
    assert sealed.reference is not None
    out = run_generator(sealed.generator, tmp_path / "c", 3, 10, *sealed.reference).stdout
    assert "reference copy       policy: recall=0.000 retention=1.000 clean=1.000 files_ok=10/10" in out  # fmt: skip
    assert "reference everything policy: recall=1.000 retention=0.000 clean=0.000" in out
    assert "reference oracle     policy: recall=1.000 retention=1.000 clean=1.000 files_ok=10/10 | auto: recall=1.000 retention=1.000 clean=1.000" in out  # fmt: skip
