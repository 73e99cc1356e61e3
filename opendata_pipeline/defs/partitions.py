"""Daily partitions in the Métropole's timezone; today's partition exists (snapshots of the day)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

TIMEZONE = "Europe/Paris"
daily = dg.DailyPartitionsDefinition(start_date="2026-01-01", timezone=TIMEZONE, end_offset=1)


def today_partition() -> str:
    """The partition key of the current day in Europe/Paris."""
    return datetime.now(ZoneInfo(TIMEZONE)).strftime("%Y-%m-%d")
