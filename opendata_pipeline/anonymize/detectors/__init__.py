"""The detector registry: one module per kind of personal data."""

from __future__ import annotations

from . import address, birth_date, caf, card, email, iban, nir, person_name, phone, plate
from .base import Detector, Span

# Order matters when spans overlap: the first detector wins (an e-mail before a name in it).
DETECTORS: tuple[Detector, ...] = (
    email.DETECTOR,
    iban.DETECTOR,
    nir.DETECTOR,
    card.DETECTOR,
    phone.DETECTOR,
    caf.DETECTOR,
    birth_date.DETECTOR,
    plate.DETECTOR,
    address.DETECTOR,
    person_name.DETECTOR,
)
BY_KIND: dict[str, Detector] = {d.kind: d for d in DETECTORS}
DIRECT_KINDS: tuple[str, ...] = tuple(d.kind for d in DETECTORS if d.direct)

__all__ = ["BY_KIND", "DETECTORS", "DIRECT_KINDS", "Detector", "Span"]
