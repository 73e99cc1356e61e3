"""The one shape of a check's verdict, returned by every engine check (plain Python, no Dagster).

`defs/checks.py` turns verdicts into Dagster asset-check results; the command line prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CheckVerdict:
    """One check's verdict. A failed `blocking` check keeps the data off the portals (ERROR
    severity); `metadata` holds rule IDs, counts, column names and public ids — never a value."""

    name: str
    passed: bool
    blocking: bool
    message_fr: str
    metadata: dict[str, Any] = field(default_factory=dict)
    markdown: str | None = None
