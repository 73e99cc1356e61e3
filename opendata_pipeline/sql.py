"""Quoting for the few SQL strings built from names and paths (never from data values)."""

from __future__ import annotations

from pathlib import Path


def lit(value: str | Path) -> str:
    """A SQL string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
