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
