"""The first-name lexicon: bundled lists (see `anonymize/data/PROVENANCE.md`), read once."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

from ...lexicon import strip_accents
from .vocabulary import AMBIGUOUS_FIRST_NAMES

_DATA = "opendata_pipeline.anonymize"


def _read(name: str) -> set[str]:
    text = resources.files(_DATA).joinpath(f"data/{name}").read_text("utf-8")
    return {w for line in text.splitlines() if not line.startswith("#") for w in line.split()}


@cache
def first_names() -> frozenset[str]:
    """Lower-case first names without accents (bundled lexicons), ambiguous words removed."""
    files = ("first_names.txt", "first_names_fr_extra.txt", "first_names_insee.txt")
    names = {strip_accents(n) for name in files for n in _read(name)}
    return frozenset(n for n in names if len(n) >= 3) - AMBIGUOUS_FIRST_NAMES


@cache
def first_name_forms() -> list[str]:
    """Lower-case, capitalised and upper-case accent-free forms of every first name and part."""
    forms: set[str] = set()
    for name in first_names():
        for part in name.split("-"):
            if len(part) >= 3 and part not in AMBIGUOUS_FIRST_NAMES:
                forms.add(part)
                forms.add(part[:1].upper() + part[1:])
                forms.add(part.upper())
    return sorted(forms)


@lru_cache(maxsize=1 << 16)
def is_first_name(token: str) -> bool:
    """A capitalised or upper-case token that is a first name (compounds: listed whole, or every
    part is one)."""
    if not token[:1].isupper():
        return False
    lex = first_names()
    parts = token.split("-")
    # Upper-case parts need four letters ("LEA" is more often an acronym), except in compounds.
    short = 3 if len(parts) > 1 else 4
    # A compound listed whole ("Marie-Ange") is one even when a part alone is a common word.
    whole = len(parts) > 1 and strip_accents(token.lower()) in lex
    return all(
        (whole or strip_accents(p.lower()) in lex)
        and (p[1:].islower() or (p.isupper() and len(p) >= short))
        for p in parts
    )
