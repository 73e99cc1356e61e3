"""The detector registry: one module per kind of personal data."""

from __future__ import annotations

import itertools

from ..lexicon import header_tokens
from . import address, birth_date, caf, card, email, iban, nir, person_name, phone, plate
from .base import Detector, Span

# Order matters when spans overlap: the first detector wins (an e-mail before a name in it). It is
# also the priority of header labels ("Téléphone / courriel" suggests an e-mail column).
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


def _header_keys(header: str) -> set[str]:
    tokens = header_tokens(header)
    return {*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens))}


def header_kind(header: str) -> str | None:
    """Kind a header suggests: a token or token pair equals one of a detector's labels (never a
    substring); the first detector wins."""
    keys = _header_keys(header)
    return next((d.kind for d in DETECTORS if keys.intersection(d.labels)), None)


def identifier_header(header: str) -> str | None:
    """The direct-identifier kind a header names (`Detector.identifier_labels`), if any."""
    keys = _header_keys(header)
    return next((d.kind for d in DETECTORS if keys.intersection(d.identifier_labels)), None)


__all__ = [
    "BY_KIND",
    "DETECTORS",
    "DIRECT_KINDS",
    "Detector",
    "Span",
    "header_kind",
    "identifier_header",
]
