"""IBAN (ISO 13616, mod-97 checked with `python-stdnum`), grouped or compact, any case."""

from __future__ import annotations

import re

from stdnum import iban

from .base import Detector, Span

_PATTERN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ \-\u00a0]?[A-Za-z0-9]{1,4}){3,9}(?![\w])")


# An IBAN is its country's registered length and BBAN layout (every country in python-stdnum's
# registry) with a right mod-97 key; banks' national check digits are not asked for (a Belgian or
# Spanish account whose national key a form never checked is still someone's account). After a
# label naming it earlier in the sentence the layout is enough: a wrong key is a typo, not a
# non-identifier ("RIB joint FR10 8144 …", "IBAN : BE.. …" with a bad key is still an account).
_LABEL_BEFORE = re.compile(r"(?i)\b(?:iban|rib)\b[^\d.;!?\n]*\Z")
_CONTEXT = 60  # characters before the number where its label is looked for
_SHORTEST, _LONGEST = 15, 34  # ISO 13616 lengths (Norway 15): a cheap screen before stdnum


def _is_iban(candidate: str, labelled: bool) -> bool:
    """`candidate` (compact, upper case) has an IBAN country's layout and, unless labelled, key."""
    if not _SHORTEST <= len(candidate) <= _LONGEST:
        return False
    if labelled:
        candidate = candidate[:2] + iban.calc_check_digits(candidate) + candidate[4:]
    return iban.is_valid(candidate, check_country=False)


def _find(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in _PATTERN.finditer(text):
        start = match.start()
        groups = list(re.finditer(r"[A-Za-z0-9]+", match.group()))
        labelled = _LABEL_BEFORE.search(text[max(0, start - _CONTEXT) : start]) is not None
        # The pattern may eat a following word: retry on shorter prefixes, longest first.
        for end in range(len(groups), 0, -1):
            stop = groups[end - 1].end()
            candidate = re.sub(r"[^A-Za-z0-9]", "", match.group()[:stop]).upper()
            if _is_iban(candidate, labelled):
                spans.append((start, start + stop))
                break
    return spans


DETECTOR = Detector(
    kind="iban",
    priority=20,
    tag="[IBAN]",
    prefilter=r"(?i)[a-z]{2}\d{2}[ \-\x{a0}]?[a-z0-9]{4}",
    find=_find,
    labels=("iban", "rib", "bic"),
    shape=r"(?i)[a-z]{2}\s?\d{2}(?:[ \-]?[a-z0-9]){8,}",
    positives=(
        "FR7630006000011234567890189",
        "IBAN : FR76 3000 6000 0112 3456 7890 189 (banque)",
        "fr76 3000 6000 0112 3456 7890 189",
        "DE89 3704 0044 0532 0130 00 et",
        "GB82WEST12345698765432",
        "Chéquier, RIB joint FR10 8144 7152 3104 2030 8250 747",
        "IBAN : FR76 3000 6000 0112 3456 7890 188",
        "RIB transmis pour le dépôt de garantie : FR10 8144 7152 3104 2030 8250 747",
    ),
    negatives=(
        "FR76 3000 6000 0112 3456 7890 188",
        "Lot AB12 CD34 EF56",
        "Code NAF 9499Z",
        "RN113 vers Lunel",
        "RIB joint FR76 3000 6000 0112 3456 7890",
        "RIB reçu. Dossier FR76 3000 6000 0112 3456 7890 188",
    ),
)
