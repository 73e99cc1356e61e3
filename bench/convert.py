"""Benchmark: the project's raw → clean → published path against a bare DuckDB COPY.

Generates an N-row French municipal CSV (~180 bytes/row: `;`, dd/mm/yyyy dates, decimal commas,
free text, coordinates), then times, each in a fresh process so peak RSS is its own:
  - baseline: `COPY (SELECT * FROM read_csv(...)) TO 'x.parquet'` (zstd);
  - project: raw snapshot → clean (typed Parquet) → published (Parquet, CSV, GeoJSON), through
    the same `stages` functions the assets call.
Prints wall time, peak RSS and the ratio. Usage: `python bench/convert.py --rows 5000000`.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STREETS = ["rue de la Loge", "avenue de Lodève", "boulevard du Jeu de Paume", "place de la Comédie",
           "rue Foch", "avenue du Pirée", "chemin de Moularès", "allée Jules Milhau"]  # fmt: skip
WORDS = ["demande", "intervention", "voirie", "éclairage", "trottoir", "nid", "de", "poule", "signalé", "quartier", "riverains", "propreté", "encombrants", "stationnement", "gênant", "arbre", "élagage", "marquage"]  # fmt: skip


def generate(path: Path, rows: int, seed: int = 42) -> None:
    """Write the synthetic CSV in Windows-free UTF-8 with `;` and French formats."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "id;date_signalement;commune;adresse;categorie;montant;description;longitude;latitude\n"
        )
        for i in range(1, rows + 1):
            text = " ".join(rng.choices(WORDS, k=12))
            fh.write(
                f"{i};{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2015, 2025)};"
                f"Montpellier;{rng.randint(1, 200)} {rng.choice(STREETS)};cat{rng.randint(1, 40)};"
                f"{rng.randint(0, 99999)},{rng.randint(0, 99):02d};{text};"
                f"{3.80 + rng.random() * 0.15:.6f};{43.55 + rng.random() * 0.1:.6f}\n"
            )


BASELINE = """
import duckdb, resource, sys
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute(f"COPY (SELECT * FROM read_csv('{sys.argv[1]}')) TO '{sys.argv[2]}' (FORMAT parquet, COMPRESSION zstd)")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

PROJECT = """
import os, sys
from pathlib import Path
os.environ["OPENDATA_HOME"] = sys.argv[2]
folder = Path(sys.argv[2]) / "catalog"
folder.mkdir(parents=True, exist_ok=True)
(folder / "bench.yaml").write_text(
    "id: bench\\ntitle: Banc d'essai\\ndescription: Jeu synthétique de banc d'essai.\\n"
    "steward: {name: Bench, email: bench@example.org}\\nlicence: etalab-2.0\\n"
    f"source: {{kind: csv, url: 'file://{sys.argv[1]}'}}\\npersonal_data: none\\n", "utf-8")
import json, time
from opendata_pipeline import stages
from opendata_pipeline.catalog.loader import load_catalog
catalog = load_catalog(folder)
entry = catalog["bench"]
times = {}
t = time.perf_counter(); stages.ingest_raw(entry, catalog, "2026-11-28"); times["raw"] = time.perf_counter() - t
t = time.perf_counter(); stages.build_clean(entry, "2026-11-28"); times["clean"] = time.perf_counter() - t
t = time.perf_counter(); release = stages.build_published(entry, "2026-11-28"); times["published"] = time.perf_counter() - t
import resource
print(json.dumps({"rows": release.rows, "times": times}))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(code: str, *args: str) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (GB, printed by the process itself as its last line) and stdout."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    lines = proc.stdout.strip().splitlines()
    return wall, int(lines[-1]) / 1024 / 1024, "\n".join(lines[:-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        csv = work / "signalements.csv"
        t0 = time.perf_counter()
        generate(csv, args.rows)
        size = csv.stat().st_size
        print(f"generated {args.rows:,} rows, {size / 1e6:.0f} MB ({size / args.rows:.0f} B/row) "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        project_s, project_gb, out = measure(PROJECT, str(csv), str(work / "home"))
        report = json.loads(out.splitlines()[-1])
        base_s, base_gb, _ = measure(BASELINE, str(csv), str(work / "baseline.parquet"))
        published = json.loads((work / "home/published/bench/manifest.json").read_text("utf-8"))
        assert report["rows"] == args.rows == published["rows"], "row count mismatch"
        print(f"bare DuckDB COPY to Parquet : {base_s:7.2f} s  peak RSS {base_gb:.2f} GB")
        print(f"raw → clean → published     : {project_s:7.2f} s  peak RSS {project_gb:.2f} GB")
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in report["times"].items())
        print(f"  stages: {stages} (+ process start and imports)")
        print(
            f"  published files: {', '.join(published['files'])}; {'; '.join(published.get('notes', []))}"
        )
        print(f"ratio project / COPY        : {project_s / base_s:.2f}  (target ≤ 1.5 at 5M rows)")


if __name__ == "__main__":
    main()
