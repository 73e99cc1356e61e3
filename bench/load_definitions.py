"""Time to load the code location's Definitions over a synthetic catalogue of N datasets.

Generates N catalogue entries (copies of the bundled sample entries with new ids, spread over
the themes) in a temp OPENDATA_CATALOG_DIR, then, in a fresh interpreter, imports
`opendata_pipeline.definitions`, builds `defs()` and resolves the asset graph (what the code
server does for the UI and every run process). Prints the time of each phase and the counts.
Target (issue 9): ≤ 10 s for 1,000 datasets on the 2-core machine.

Usage: python bench/load_definitions.py [--datasets 1000] [--keep DIR]
Import profile: PYTHONPROFILEIMPORTTIME=1 python bench/load_definitions.py 2> imports.log

Two loads are measured: the first after a catalogue change (libyaml parse of every entry, which
then goes to the JSON cache under OPENDATA_HOME/.cache) and a later one (the code server's next
start, each run process). What remains is Dagster building ~3,600 op definitions (raw+clean share
one op per dataset, published one, each portal one) and resolving the graph, with the cyclic GC
paused during the build (`definitions.py`). No heavy library (Great Expectations, pandas, folium,
matplotlib, rdflib, pyarrow) is imported at definitions load time. Dependencies must be installed
with their bytecode compiled (`make install` does; pip does by default, uv only with
`--compile-bytecode`): without it every process recompiles Dagster (+1 s).
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
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1, "total_s": t2 - t0,
                  "assets": len(keys), "checks": len(checks), "groups": len(groups)}))
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
        results = []
        for _ in range(2):  # cold: parses the YAML and writes the cache; warm: every later process
            done = subprocess.run(
                [sys.executable, "-c", MEASURE], env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            sys.stderr.write(done.stderr)  # the import profile when PYTHONPROFILEIMPORTTIME is set
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cold, warm = results
    print(
        f"{args.datasets} datasets: {warm['assets']} assets, {warm['checks']} checks, "
        f"{warm['groups']} groups (target ≤ 10 s)"
    )
    for label, r in (("first load after a catalogue change", cold), ("every later load", warm)):
        print(
            f"{label}: import {r['import_s']:.2f} s + build {r['build_s']:.2f} s "
            f"= {r['total_s']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
