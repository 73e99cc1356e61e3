"""The labelled corpus: reproducible from its generator, and the detectors meet the targets on it.

The full evaluation (both modes, real samples, clean files) is `bench/anonymize_quality.py`; this
test keeps the free-text part from regressing.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from opendata_pipeline.anonymize.masking import mask_text
from opendata_pipeline_tests.anonymize.corpus import generate

CORPUS = Path(generate.__file__).parent


def test_corpus_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    generate.main(tmp_path)
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (CORPUS / path.name).read_bytes(), path.name


def test_free_text_recall_and_retention() -> None:
    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    kept = decoys = 0
    with (CORPUS / "free_text.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            masked, _ = mask_text(row["text"])
            for kind, value in json.loads(row["planted"]):
                planted[kind] += 1
                found[kind] += value not in masked
            for _, value in json.loads(row["decoys"]):
                decoys += 1
                kept += value in masked
    assert set(planted) >= {"person_name", "email", "phone", "nir", "iban", "card", "plate"}
    for kind, total in planted.items():
        assert found[kind] / total >= 0.99, kind
    assert sum(found.values()) / sum(planted.values()) >= 0.995
    assert kept / decoys >= 0.99
