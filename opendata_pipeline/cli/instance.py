"""Make sure the Dagster instance in use is configured by the project's `dagster.yaml`.

Dagster reads `$DAGSTER_HOME/dagster.yaml` only; a `dagster.yaml` elsewhere is ignored with a
mere warning. The CLI (and the Makefile) therefore default `DAGSTER_HOME` to `./.dagster_home`
and copy the project's file there when it is missing or different.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from opendata_pipeline.settings import dagster_home

PROJECT_DAGSTER_YAML = Path(__file__).resolve().parents[2] / "dagster.yaml"


def ensure_dagster_home(project_yaml: Path = PROJECT_DAGSTER_YAML) -> Path:
    """Set `DAGSTER_HOME` (default `./.dagster_home`) and install the project's dagster.yaml in it.

    An existing file is replaced only when it is an older copy of the project's (same first
    line): a production profile placed in `DAGSTER_HOME` (PostgreSQL, Kubernetes) is never touched.
    """
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    if not project_yaml.is_file():
        return home
    wanted = project_yaml.read_bytes()
    current = target.read_bytes() if target.is_file() else None
    ours = current is not None and current.split(b"\n", 1)[0] == wanted.split(b"\n", 1)[0]
    if current is None or (ours and current != wanted):
        shutil.copyfile(project_yaml, target)
    return home
