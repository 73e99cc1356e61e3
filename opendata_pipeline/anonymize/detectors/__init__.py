"""The detector registry: one module per kind of personal data, each with its `DETECTOR`.

Every module of this package and every plugin module (`opendata_pipeline.plugins`) holding a
module-level `DETECTOR` is a detector: a new kind of personal data is one new module.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil

from opendata_pipeline import plugins

from ..lexicon import header_tokens
from .base import Detector, Span


def _discover() -> tuple[Detector, ...]:
    modules = [
        importlib.import_module(f"{__name__}.{m.name}")
        for m in pkgutil.iter_modules(__path__)
        if m.name != "base"
    ]
    found = [getattr(m, "DETECTOR", None) for m in (*modules, *plugins.modules(GROUP))]
    return tuple(sorted((d for d in found if isinstance(d, Detector)), key=lambda d: d.priority))


GROUP = "opendata_pipeline.detectors"
# Order matters when spans overlap: the first detector wins (an e-mail before a name in it). It is
# also the priority of header labels ("Téléphone / courriel" suggests an e-mail column).
DETECTORS: tuple[Detector, ...] = _discover()
BY_KIND: dict[str, Detector] = {d.kind: d for d in DETECTORS}
DIRECT_KINDS: tuple[str, ...] = tuple(d.kind for d in DETECTORS if d.direct)


# "à domicile" says where a service is given ("Service d'aide à domicile", "Soins à domicile"),
# not a home address: its noun is no label.
_ADVERBIAL = "a domicile"


def _header_keys(header: str) -> set[str]:
    tokens = header_tokens(header)
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(tokens)}
    if _ADVERBIAL in pairs:
        tokens = [t for t in tokens if t != "domicile"]
        pairs = {p for p in pairs if "domicile" not in p.split()}
    return {*tokens, *pairs}


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
