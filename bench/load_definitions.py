"""Time to load the code location's Definitions over a synthetic catalogue of N datasets.

Generates N catalogue entries (copies of the bundled sample entries with new ids, spread over
the themes) in a temp OPENDATA_CATALOG_DIR, then, in a fresh interpreter, imports
`opendata_pipeline.definitions`, builds `defs()` and resolves the asset graph (what the code
server does for the UI and every run process). Prints the time of each phase and the counts.
Target (issue 9): ≤ 10 s for 1,000 datasets on the 2-core machine.

Usage: python bench/load_definitions.py [--datasets 1000] [--keep DIR]
Import profile: PYTHONPROFILEIMPORTTIME=1 python bench/load_definitions.py 2> imports.log

The catalogue is parsed with libyaml and cached (one parse per process); what remains is Dagster
building ~4,600 single-asset op definitions (≈ 2 ms each, portal assets are a third of them) and
resolving the graph. No heavy library (Great Expectations, pandas, folium, matplotlib, rdflib) is
imported at definitions load time. Figures measured on this machine are in the issue notes.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

BUNDLED = Path(__file__).resolve().parents[1] / "opendata_pipeline" / "catalog" / "datasets"
THEMES = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "REGI", "SOCI", "TECH", "TRAN"]

# Run in the child interpreter: nothing of the project is imported before the clock starts.
MEASURE = """
import json, time
t0 = time.perf_counter()
from opendata_pipeline.definitions import defs
t1 = time.perf_counter()
definitions = defs()
graph = definitions.resolve_asset_graph()
keys = graph.get_all_asset_keys()
checks = graph.asset_check_keys
t2 = time.perf_counter()
groups = {graph.get(k).group_name for k in keys}
from opendata_pipeline.catalog.loader import load_catalog
t3 = time.perf_counter()
load_catalog()
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "total_s": t2 - t0,
                  "catalog_s": t4 - t3, "assets": len(keys), "checks": len(checks),
                  "groups": len(groups)}))
"""


def write_catalogue(directory: Path, count: int) -> None:
    """`count` valid entries derived from the bundled ones (ids, titles, portal names renamed)."""
    templates = [yaml.safe_load(p.read_text()) for p in sorted(BUNDLED.glob("*.yaml"))]
    for n in range(count):
        entry = copy.deepcopy(templates[n % len(templates)])
        dataset = f"synthetic-{n:04d}-{entry['id']}"[:80]
        entry["id"] = dataset
        entry["title"] = f"{entry['title']} (synthétique {n})"
        entry["themes"] = [THEMES[n % len(THEMES)]]
        for portal, target in (entry.get("portals") or {}).items():
            key = "name" if portal == "montpellier" else "dataset_id"
            if isinstance(target, dict) and key in target:
                target[key] = dataset
        (directory / f"{dataset}.yaml").write_text(yaml.safe_dump(entry, allow_unicode=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the catalogue here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opendata-bench-") as tmp:
        directory = args.keep or Path(tmp) / "catalog"
        directory.mkdir(parents=True, exist_ok=True)
        write_catalogue(directory, args.datasets)
        env = {**os.environ, "OPENDATA_CATALOG_DIR": str(directory)}
        env.setdefault("OPENDATA_HOME", str(Path(tmp) / "var"))
        done = subprocess.run(
            [sys.executable, "-c", MEASURE], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        sys.stderr.write(done.stderr)  # the import profile when PYTHONPROFILEIMPORTTIME is set
        result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{args.datasets} datasets: {result['assets']} assets, {result['checks']} checks, "
        f"{result['groups']} groups\n"
        f"import {result['import_s']:.2f} s + build {result['build_s']:.2f} s "
        f"= {result['total_s']:.2f} s (target ≤ 10 s)\n"
        f"(one load_catalog() alone: {result['catalog_s']:.2f} s; definitions call it per module)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
