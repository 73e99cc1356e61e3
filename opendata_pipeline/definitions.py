"""Root of the code location: loads every module of `defs/`."""

from __future__ import annotations

import gc
from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    """Every module of `defs/`. The cyclic garbage collector is paused while the definitions are
    built: with 1,000 datasets it would otherwise rescan the ~5,000 new, long-lived asset
    definitions over and over (≈ 15 % of the load time, `bench/load_definitions.py`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    finally:
        if was_enabled:
            gc.enable()
