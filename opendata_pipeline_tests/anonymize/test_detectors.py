"""Every detector against its own positive and negative examples (the csv-detective pattern).

Each example also goes through the vectorized prefilter, so a positive the prefilter would skip
fails here rather than silently in the engine.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from opendata_pipeline.anonymize.detectors import DETECTORS, Detector
from opendata_pipeline.anonymize.vector import candidates

POSITIVES = [(d, text) for d in DETECTORS for text in d.positives]
NEGATIVES = [(d, text) for d in DETECTORS for text in d.negatives]


def _id(value: object) -> str:
    return value.kind if isinstance(value, Detector) else str(value)[:30]


@pytest.mark.parametrize(("detector", "text"), POSITIVES, ids=_id)
def test_positive_examples_are_found(detector: Detector, text: str) -> None:
    assert detector.find(text), f"{detector.kind} missed a positive example"
    assert candidates(pa.array([text]), [detector])[0], f"{detector.kind} prefilter skips it"


@pytest.mark.parametrize(("detector", "text"), NEGATIVES, ids=_id)
def test_negative_examples_are_left_alone(detector: Detector, text: str) -> None:
    assert detector.find(text) == []


def test_every_detector_carries_examples() -> None:
    for detector in DETECTORS:
        assert len(detector.positives) >= 4 and len(detector.negatives) >= 3, detector.kind


@pytest.mark.parametrize("detector", DETECTORS, ids=_id)
def test_searching_many_texts_at_once_gives_each_texts_spans(detector: Detector) -> None:
    """`find_all` (one search over joined texts for the number patterns) is `find` per text."""
    texts = [t for d in DETECTORS for t in d.positives + d.negatives]
    texts += ["", "\n", "0612345678\n0698765432", "185057800608491", "06 12 34 56 78 ", "x"]
    texts += [a + b for a, b in zip(texts, reversed(texts), strict=True)]
    assert detector.find_all(texts) == [detector.find(t) for t in texts]
    assert detector.find_all([]) == []
