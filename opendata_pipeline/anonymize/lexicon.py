"""Word and header normalisation shared by the detectors, the scan and the policy."""

from __future__ import annotations

import re
import unicodedata


def strip_accents(text: str) -> str:
    """Remove combining accents (É -> E)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def header_tokens(header: str) -> list[str]:
    """Header split on non-alphanumerics and camelCase, lower case, without accents."""
    spaced = _CAMEL.sub(" ", strip_accents(header.lstrip("\ufeff").strip()))
    return [t for t in _NON_ALNUM.split(spaced.lower()) if t]


def normalize_header(header: str) -> str:
    """Accent/case/spacing-insensitive key for matching policy headers."""
    return " ".join(header_tokens(header))
