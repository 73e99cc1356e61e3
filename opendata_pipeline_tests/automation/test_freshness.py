"""R-FRESHNESS as Dagster freshness policies: 1.5 x the declared period, the alert's threshold."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest

from opendata_pipeline.catalog.loader import load_catalog
from opendata_pipeline.defs.automation import (
    freshness_policy_for,
    realtime_freshness_policy,
)
from opendata_pipeline_tests.automation.conftest import FREQUENCIES, write_catalogue

EXPECTED = {
    "continuous": timedelta(minutes=22, seconds=30),
    "hourly": timedelta(minutes=90),
    "daily": timedelta(hours=36),
    "weekly": timedelta(days=10, hours=12),
    "monthly": timedelta(days=46, hours=12),
    "quarterly": timedelta(days=138),
    "semiannual": timedelta(days=274, hours=12),
    "annual": timedelta(days=549),
    "irregular": None,
    "unknown": None,
}


def _expected(frequency: str) -> dg.FreshnessPolicy | None:
    window = EXPECTED[frequency]
    return None if window is None else dg.FreshnessPolicy.time_window(fail_window=window)


@pytest.mark.parametrize("frequency", FREQUENCIES)
def test_policy_window_is_one_and_a_half_declared_periods(tmp_path: Path, frequency: str) -> None:
    entry = load_catalog(write_catalogue(tmp_path, [frequency]))[f"dae-{frequency}"]
    assert freshness_policy_for(entry) == _expected(frequency)


def test_realtime_histories_get_the_continuous_window() -> None:
    assert realtime_freshness_policy() == _expected("continuous")


def test_loaded_assets_carry_their_freshness_policy(cadence_defs: dg.Definitions) -> None:
    graph = cadence_defs.resolve_asset_graph()
    for frequency in FREQUENCIES:
        node = graph.get(dg.AssetKey(["published", f"dae-{frequency}"]))
        assert node.freshness_policy == _expected(frequency), frequency
    for name in ("parking_occupancy", "bike_availability"):
        node = graph.get(dg.AssetKey(["mobility", name]))
        assert node.freshness_policy == _expected("continuous"), name
