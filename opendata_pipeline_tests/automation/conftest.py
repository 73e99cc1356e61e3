"""A throw-away catalogue with one entry per cadence, and the definitions loaded from it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest
import yaml

import opendata_pipeline
from opendata_pipeline.defs.automation import REFRESH_ENV

FREQUENCIES = (
    "continuous", "hourly", "daily", "weekly", "monthly",
    "quarterly", "semiannual", "annual", "irregular", "unknown",
)  # fmt: skip
TEMPLATE = Path(opendata_pipeline.__file__).parent / "catalog" / "datasets" / "defibrillateurs.yaml"


def write_catalogue(folder: Path, frequencies: Iterable[str]) -> Path:
    """One copy of the defibrillator entry per cadence, with id `dae-<frequency>`."""
    template = yaml.safe_load(TEMPLATE.read_text("utf-8"))
    for frequency in frequencies:
        dataset = f"dae-{frequency}"
        entry = {**template, "id": dataset, "frequency": frequency}
        entry["title"] = f"{template['title']} ({frequency})"
        entry["portals"] = {
            "montpellier": {**template["portals"]["montpellier"], "name": dataset},
            "herault_data": {"dataset_id": dataset},
        }
        text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (folder / f"dae-{frequency}.yaml").write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def cadence_defs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dg.Definitions]:
    """The whole code location over a catalogue holding every cadence."""
    from opendata_pipeline.definitions import defs

    folder = write_catalogue(tmp_path_factory.mktemp("catalogue"), FREQUENCIES)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENDATA_CATALOG_DIR", str(folder))
        patch.setenv("OPENDATA_HOME", str(tmp_path_factory.mktemp("home")))
        patch.delenv(REFRESH_ENV, raising=False)
        yield defs()


def publish(instance: dg.DagsterInstance, frequencies: Iterable[str]) -> None:
    """Record a publication of `dae-<frequency>` for each cadence, as a run would."""
    for frequency in frequencies:
        key = dg.AssetKey(["published", f"dae-{frequency}"])
        instance.report_runless_asset_event(dg.AssetMaterialization(asset_key=key))


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as test_instance:
        yield test_instance


@pytest.fixture(scope="module")
def published() -> Iterator[dg.DagsterInstance]:
    """An instance where every dataset of the cadence catalogue was published once."""
    with dg.instance_for_test() as test_instance:
        publish(test_instance, FREQUENCIES)
        yield test_instance


def tick(
    defs: dg.Definitions, schedule: str, instance: dg.DagsterInstance, when: datetime
) -> tuple[list[dg.RunRequest], str | None]:
    """Evaluate one tick of `schedule` as the scheduler daemon does at `when`: the run requests
    (partition tags resolved) and the skip message."""
    context = dg.build_schedule_context(
        instance=instance, scheduled_execution_time=when, repository_def=defs.get_repository_def()
    )
    data = defs.resolve_schedule_def(schedule).evaluate_tick(context)
    return list(data.run_requests or []), data.skip_message
