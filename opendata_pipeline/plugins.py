"""Extensions installed beside the project, found through Python entry points.

A distribution declaring modules under one of the `GROUPS` has them imported when that registry
is first read; a module declares what it adds exactly as the bundled ones do: source kinds (a
`SourceKind` at module level, as in `ingest/`), rules (`@rule`, as in `validate/rules/`),
personal-data detectors (a `DETECTOR` at module level, as in `anonymize/detectors/`).
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points
from types import ModuleType

GROUPS = (
    "opendata_pipeline.source_kinds",
    "opendata_pipeline.rules",
    "opendata_pipeline.detectors",
)


@cache
def modules(group: str) -> tuple[ModuleType, ...]:
    """The plugin modules of one entry-point group, imported (in entry-point order)."""
    return tuple(importlib.import_module(ep.module) for ep in entry_points(group=group))
