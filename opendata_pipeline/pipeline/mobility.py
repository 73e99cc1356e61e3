"""The real-time mobility stages: a feed's refresh cycle and the maps, with their zone syncs.

With the zones on an object store, a fresh working directory first gets the whole history of the
feed (the checks and the daily table read it, and a day file missing here would be overwritten
by the merge); the day files merged are uploaded even when a later step of the cycle fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from opendata_pipeline.storage import zones
from opendata_pipeline.storage.paths import atomic_write_bytes, opendata_home

if TYPE_CHECKING:
    from opendata_pipeline.mobility.maps import MapResult, ProfileResult
    from opendata_pipeline.mobility.refresh import Kind, RefreshResult


def refresh_feed(kind: Kind, history: Path, maps: Path) -> RefreshResult:
    """One refresh cycle of `kind` (fetch, merge into `history`, checks, map into `maps`)."""
    from opendata_pipeline.mobility.refresh import refresh

    with zones.stage(inputs=[history], outputs=[history], on_error=True):
        result = refresh(kind, history, maps)
    zones.push([result.map.path, result.png])
    return result


@dataclass(frozen=True)
class FeedRefresh:
    """A refresh cycle and the dataset tables and raw bytes the history asset keeps of it."""

    result: RefreshResult
    tables: dict[str, Path]
    raw: list[Path]


def refresh_history(kind: Kind) -> FeedRefresh:
    """The history asset: a refresh cycle in `clean/<dataset>/` and `maps/`, then the current
    and daily tables (`mobility/`) and the feed's bytes as fetched (`raw/<dataset>/<time>/`)."""
    from opendata_pipeline.mobility.datasets import write_dataset_tables
    from opendata_pipeline.mobility.refresh import DATASETS, history_dir, maps_dir

    result = refresh_feed(kind, history_dir(kind), maps_dir())
    tables = write_dataset_tables(
        kind, result.current, history_dir(kind), opendata_home() / "mobility"
    )
    stamp = result.snapshot.fetched_at.strftime("%Y%m%dT%H%M%SZ")
    folder = opendata_home() / "raw" / Path(DATASETS[kind]).name / stamp
    raw = [folder / name for name in result.snapshot.files]
    for path in raw:
        atomic_write_bytes(path, result.snapshot.files[path.name])
    zones.push([*tables.values(), *raw])
    return FeedRefresh(result, tables, raw)


def _pull_latest_days(history: Path, days: int) -> None:
    """The `days` newest day files of a history on the object store, missing locally."""
    from opendata_pipeline.mobility.history import DAY_GLOB

    folder = history.resolve()
    if not folder.is_relative_to(opendata_home()):
        return  # a history outside OPENDATA_HOME is no zone
    stored = [p for p in zones.remote_files(folder) if p.parent == folder and p.match(DAY_GLOB)]
    for path in stored[-days:] if days > 0 else []:
        zones.pull(path)


@dataclass(frozen=True)
class Maps:
    """The maps of the current state (HTML and PNG per kind) and the car parks' profile."""

    drawn: dict[Kind, tuple[MapResult, Path]]
    profile: ProfileResult


def draw_maps(latest_days: int) -> Maps:
    """The maps from the `latest_days` newest day files of each history, and the hourly
    profile of the car parks over their whole history."""
    from opendata_pipeline.mobility.datasets import current_state
    from opendata_pipeline.mobility.history import read_history
    from opendata_pipeline.mobility.maps import build_map, occupancy_profile, render_png
    from opendata_pipeline.mobility.refresh import history_dir, maps_dir

    out = maps_dir()
    zones.pull(history_dir("parking"))  # the profile reads the whole history
    _pull_latest_days(history_dir("bike"), latest_days)
    drawn: dict[Kind, tuple[MapResult, Path]] = {}
    kinds: tuple[Kind, ...] = ("parking", "bike")
    for kind in kinds:
        latest = current_state(read_history(history_dir(kind), last_days=latest_days))
        drawing = build_map(latest, out / f"{kind}.html")
        drawn[kind] = drawing, render_png(latest, out / f"{kind}.png")
    profile = occupancy_profile(history_dir("parking"), out / "parking_profile.png")
    written = [path for drawing, png in drawn.values() for path in (drawing.path, png)]
    zones.push([*written, profile.path])  # files outside OPENDATA_HOME stay local
    return Maps(drawn, profile)
