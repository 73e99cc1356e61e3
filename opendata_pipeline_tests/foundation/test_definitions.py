"""Definitions load, the asset graph matches its snapshot, and the instance uses dagster.yaml.

Regenerate the snapshot after an intended change with `UPDATE_SNAPSHOTS=1 make test`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.cli.instance import PROJECT_DAGSTER_YAML, ensure_dagster_home
from opendata_pipeline.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


def _graph() -> dict[str, dict[str, object]]:
    graph = defs().resolve_asset_graph()
    out: dict[str, dict[str, object]] = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        out[key.to_user_string()] = {
            "deps": sorted(p.to_user_string() for p in node.parent_keys),
            "group": node.group_name,
            "owners": list(node.owners),
            "kinds": sorted(node.kinds),
            "partitioned": node.partitions_def is not None,
            "pool": (node.pools and sorted(node.pools)) or None,
            "checks": sorted(c.name for c in node.check_keys),
            "tags": {k: v for k, v in node.tags.items() if not k.startswith("dagster/")},
        }
    return out


def test_asset_graph_matches_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENDATA_CATALOG_DIR", raising=False)
    current = _graph()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(
            json.dumps(current, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
        )
    assert current == json.loads(SNAPSHOT.read_text("utf-8"))


def test_every_asset_is_described_grouped_and_owned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENDATA_CATALOG_DIR", raising=False)
    graph = defs().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.group_name != "default", key
        if key.path[0] in ("raw", "clean", "published"):
            assert node.owners and "@" in node.owners[0], key


def test_ensure_dagster_home_installs_the_project_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "dh"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    (home).mkdir()
    first_line = PROJECT_DAGSTER_YAML.read_text().splitlines()[0]
    (home / "dagster.yaml").write_text(first_line + "\ntelemetry: {enabled: true}\n")  # older copy
    assert ensure_dagster_home() == home
    assert (home / "dagster.yaml").read_bytes() == PROJECT_DAGSTER_YAML.read_bytes()
    instance = dg.DagsterInstance.get()
    try:
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    finally:
        instance.dispose()


def test_a_production_profile_in_dagster_home_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "dh"
    home.mkdir()
    production = "storage:\n  postgres: {}\n"
    (home / "dagster.yaml").write_text(production)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    ensure_dagster_home()
    assert (home / "dagster.yaml").read_text() == production
