"""Datasets per minute of the daily schedule's runs, executed in-process, on N small datasets.

Generates N copies of the bundled defibrillator entry (a real 60-row CSV, geocoded, with a
personal-data policy and both portals) in a temporary catalogue, loads the code location over it,
evaluates the 05:00 tick of `datasets_daily_schedule` (every dataset is due: never published) and
executes each requested run in-process one after the other, as a run worker would: raw → clean
(anonymization, checks, legal gate) → published → both portals (dry-run outbox). Prints the time
per dataset and datasets per minute, and what 1,000 datasets would take at that pace on this
machine (one run at a time; the production queue runs several). Goal (issue 22): 1,000 small
datasets ≤ 30 min on the 2-core machine.

Usage: python bench/daily_run.py [--datasets 100]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import yaml

TEMPLATE = (
    Path(__file__).resolve().parents[1]
    / "opendata_pipeline"
    / "catalog"
    / "datasets"
    / "defibrillateurs.yaml"
)


def write_catalogue(folder: Path, count: int) -> None:
    """`count` copies of the defibrillator entry, daily, with their own ids and portal names."""
    template = yaml.safe_load(TEMPLATE.read_text("utf-8"))
    for n in range(count):
        dataset = f"dae-{n:04d}"
        entry = {**template, "id": dataset, "frequency": "daily", "title": f"DAE {n}"}
        entry["portals"] = {
            "montpellier": {**template["portals"]["montpellier"], "name": dataset},
            "herault_data": {"dataset_id": dataset},
        }
        text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False)
        (folder / f"{dataset}.yaml").write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opendata-daily-") as tmp:
        root = Path(tmp)
        (root / "catalog").mkdir()
        write_catalogue(root / "catalog", args.datasets)
        os.environ.update(
            OPENDATA_CATALOG_DIR=str(root / "catalog"), OPENDATA_HOME=str(root / "home")
        )
        for name in ("MONTPELLIER_PORTAL_URL", "HERAULT_DATA_URL"):
            os.environ.pop(name, None)  # dry-run outbox
        from opendata_pipeline.definitions import defs
        from opendata_pipeline.defs.automation import DAILY_JOB

        start = time.perf_counter()
        definitions = defs()
        job = definitions.resolve_job_def(DAILY_JOB)
        load_s = time.perf_counter() - start
        with dg.instance_for_test() as instance:
            now = datetime.now(ZoneInfo("Europe/Paris"))
            when = now.replace(hour=5, minute=0, second=0, microsecond=0)  # today's 05:00 tick
            context = dg.build_schedule_context(
                instance=instance,
                scheduled_execution_time=when,
                repository_def=definitions.get_repository_def(),
            )
            schedule = definitions.resolve_schedule_def(f"{DAILY_JOB}_schedule")
            requests = schedule.evaluate_tick(context).run_requests or []
            failed = 0
            start = time.perf_counter()
            for request in requests:
                result = job.execute_in_process(
                    partition_key=request.partition_key,
                    asset_selection=request.asset_selection,
                    instance=instance,
                    tags=request.tags,
                    raise_on_error=False,
                )
                failed += not result.success
            run_s = time.perf_counter() - start
    per_dataset = run_s / max(len(requests), 1)
    print(
        f"{len(requests)} daily runs ({failed} failed) in {run_s:.0f} s after a {load_s:.1f} s "
        f"definitions load: {per_dataset:.2f} s per dataset, {60 / per_dataset:.0f} datasets/min; "
        f"1,000 such datasets one run at a time: {1000 * per_dataset / 60:.0f} min (goal <= 30)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
