"""Payment card numbers: card-network prefix and length, Luhn check (SIRET never qualifies)."""

from __future__ import annotations

import re

from stdnum import luhn

from .base import Detector, RegexFinder

_PATTERN = re.compile(r"(?<![\w])\d(?:[ \-\u00a0]?\d){12,18}(?![\w])")


def _network_length_ok(digits: str) -> bool:
    n = len(digits)
    if digits.startswith("4"):
        return n in (13, 16, 19)
    if digits[:2] in {"51", "52", "53", "54", "55"} or 2221 <= int(digits[:4]) <= 2720:
        return n == 16
    if digits[:2] in {"34", "37"}:
        return n == 15
    if digits.startswith(("6011", "65")) or 644 <= int(digits[:3]) <= 649:
        return 16 <= n <= 19
    if 3528 <= int(digits[:4]) <= 3589:
        return 16 <= n <= 19
    return False


def _valid(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return _network_length_ok(digits) and luhn.is_valid(digits)


DETECTOR = Detector(
    kind="card",
    priority=40,
    tag="[CARTE]",
    prefilter=r"(?:^|[^\d])(?:4|5[1-5]|2[2-7]|3[4-7]|6[045])(?:[ \-\x{a0}]?\d){11,17}(?:[^\d]|$)",
    folded_prefilter=r"(?:^|[^\d])\d{1,2}(?:[ \-\x{a0}]?\d){11,17}(?:[^\d]|$)",
    find=RegexFinder(_PATTERN, _valid, joinable=True),
    runs=r"[\d \-\u00a0]",
    min_digits=13,
    positives=(
        "4970101234567893",
        "carte 4970 1012 3456 7893 exp 12/27",
        "5555-5555-5555-4444",
        "378282246310005",
        "6011111111111117",
    ),
    negatives=(
        "SIRET 21340172201787",
        "4970101234567894",
        "Tél 0612345678",
        "1234567890123",
    ),
)
