"""Last line of defence: mask anything that looks like personal data in alert free text.

Alert texts are built from rule IDs, counts and column names, but `message_fr` comes from check
metadata written elsewhere; this masks e-mail addresses, phone numbers, IBANs and long digit runs
(NIR, card numbers) before anything leaves the pipeline.
"""

from __future__ import annotations

import re

MASK = "[masqué]"
_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE),
    re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b"),
    re.compile(r"(?:\+|00)\d{2}[ .-]?\d(?:[ .-]?\d{2}){4}\b"),
    re.compile(r"\b0\d(?:[ .-]?\d{2}){4}\b"),
    re.compile(r"\b\d(?:[ .-]?\d){8,}\b"),
)


def scrub_text(text: str) -> str:
    """`text` with e-mails, phones, IBANs and runs of 9+ digits replaced by `[masqué]`."""
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text
