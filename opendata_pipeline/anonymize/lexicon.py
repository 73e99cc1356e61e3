"""Word and header normalisation shared by the detectors, the scan and the policy."""

from __future__ import annotations

import re
import unicodedata

# Letters with a stroke that Unicode does not decompose ("Małgorzata", "Øyvind", "Đorđe").
_STROKES = str.maketrans("łŁøØđĐħĦı", "lLoOdDhHi")


def strip_accents(text: str) -> str:
    """Remove combining accents (É -> E) and strokes (ł -> l)."""
    if text.isascii():  # nothing to remove (most words): no normalisation
        return text
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKD", text.translate(_STROKES))
        if not unicodedata.combining(ch)
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
