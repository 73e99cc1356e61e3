"""Social-benefit numbers in context (CAF/MSA allocataire, France Travail identifier)."""

from __future__ import annotations

import re

from .base import Detector, Span

_PATTERN = re.compile(
    r"(?:\ballocataire|\bcaf\b|\bmsa\b|\bp[ôo]le\s+emploi|\bfrance\s+travail|\bcpam\b)"
    # 7 digits, maybe spaced ("735 1348") or after the office's three-digit prefix ("341 1234567")
    r"[^\d\n]{0,25}?(?P<id>\b(?:\d{3}[ \u00a0.])?\d{6,8}\s?[A-Z]?\b|\b\d{3}[ \u00a0.]\d{4}\b)",
    re.IGNORECASE,
)


def _find(text: str) -> list[Span]:
    return [m.span("id") for m in _PATTERN.finditer(text)]


DETECTOR = Detector(
    kind="caf",
    priority=60,
    tag="[ALLOCATAIRE]",
    prefilter=r"(?i)allocataire|\bcaf\b|\bmsa\b|p[ôo]le\s+emploi|france\s+travail|\bcpam\b",
    find=_find,
    digit_blind=True,
    labels=("allocataire", "caf"),
    shape=r"\d{5,8}",
    positives=(
        "n° allocataire CAF : 1234567",
        "numéro CAF 7654321",
        "identifiant France Travail 1234567A",
        "MSA n° 12345678",
        "N° CAF : 735 1348.",
        "Allocataire CAF n° 341 8538347.",
    ),
    negatives=(
        "subvention de la CAF de l'Hérault",
        "CAF 2021 : 12 familles",
        "allocataire depuis 2019",
    ),
)
