"""Where the project's `shared/` folder (real samples, official schemas) is.

CI lays it beside the clone (`../shared`); `OPENDATA_SHARED_DIR` overrides; a clone made
elsewhere (e.g. a fresh-clone check in a temp folder) finds it beside the repository it was
cloned from.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _origin_sibling() -> Path | None:
    try:
        url = subprocess.run(
            ["git", "-C", str(REPO), "remote", "get-url", "origin"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    origin = Path(url.removeprefix("file://"))
    return origin.parent / "shared" if origin.is_dir() else None


def shared_dir() -> Path:
    """The `shared/` folder (it may not exist: callers fail with a clear message)."""
    if configured := os.environ.get("OPENDATA_SHARED_DIR"):
        return Path(configured)
    beside = REPO.parent / "shared"
    if beside.is_dir():
        return beside
    return _origin_sibling() or beside


SHARED = shared_dir()
