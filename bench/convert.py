"""Benchmark: the project's raw → clean → published path against a bare DuckDB COPY.

Generates an N-row French municipal CSV (~190 bytes/row: `;`, dd/mm/yyyy dates, decimal commas,
free text, coordinates), then times, each in a fresh process so peak RSS and CPU are its own,
alternately `--repeat` times:
  - baseline: `COPY (SELECT * FROM read_csv(...)) TO 'x.parquet' (FORMAT parquet, COMPRESSION
    zstd)`;
  - project: raw snapshot → clean (typed Parquet) → published (Parquet, CSV, GeoJSON), through
    the same `stages` functions the assets call, imports included.
Prints each run, then the best wall time of each side, its ratio, and the ratio of CPU seconds
(user + system: steadier than wall time when other processes share the cores), with the load
average. Usage: `python bench/convert.py --rows 5000000 [--repeat 2] [--data-dir DIR]`
(`--data-dir` keeps the generated CSV there for the next run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
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


# Appended to each child: it prints `result` as JSON on its last line, with its own peak RSS
# and CPU seconds.
USAGE = """
import json, resource
usage = resource.getrusage(resource.RUSAGE_SELF)
result["peak_rss_gb"] = usage.ru_maxrss / 1024 / 1024
result["cpu_s"] = usage.ru_utime + usage.ru_stime
print(json.dumps(result))
"""

BASELINE = """
import duckdb, sys
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute(f"COPY (SELECT * FROM read_csv('{sys.argv[1]}')) TO '{sys.argv[2]}' (FORMAT parquet, COMPRESSION zstd)")
result = {}
"""

PROJECT = """
import os, sys, time
from pathlib import Path
os.environ["OPENDATA_HOME"] = sys.argv[2]
folder = Path(sys.argv[2]) / "catalog"
folder.mkdir(parents=True, exist_ok=True)
(folder / "bench.yaml").write_text(
    "id: bench\\ntitle: Banc d'essai\\ndescription: Jeu synthétique de banc d'essai.\\n"
    "steward: {name: Bench, email: bench@example.org}\\nlicence: etalab-2.0\\n"
    f"source: {{kind: csv, url: 'file://{sys.argv[1]}'}}\\npersonal_data: none\\n", "utf-8")
from opendata_pipeline.pipeline import stages
from opendata_pipeline.catalog.loader import load_catalog
catalog = load_catalog(folder)
entry = catalog["bench"]
times = {}
t = time.perf_counter(); stages.ingest_raw(entry, catalog, "2026-11-28"); times["raw"] = time.perf_counter() - t
t = time.perf_counter(); stages.build_clean(entry, "2026-11-28"); times["clean"] = time.perf_counter() - t
t = time.perf_counter(); release = stages.build_published(entry, "2026-11-28"); times["published"] = time.perf_counter() - t
result = {"rows": release.rows, "times": times, "manifest": release.manifest}
"""


def measure(code: str, *args: str) -> dict:
    """Run `code` in a fresh interpreter: its JSON result plus the wall seconds, start included."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code + USAGE, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    result: dict = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=None, help="keep the generated CSV here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        csv = (args.data_dir or work) / f"signalements-{args.rows}.csv"
        if not csv.is_file():
            csv.parent.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            generate(csv.with_suffix(".part"), args.rows)
            csv.with_suffix(".part").replace(csv)
            print(f"generated in {time.perf_counter() - t0:.1f} s")
        size = csv.stat().st_size
        print(f"{args.rows:,} rows, {size / 1e6:.0f} MB ({size / args.rows:.0f} B/row); "
              f"load average {load()}")  # fmt: skip
        projects, copies = [], []
        for i in range(max(1, args.repeat)):
            home = work / f"home{i}"
            project = measure(PROJECT, str(csv), str(home))
            assert project["rows"] == args.rows == project["manifest"]["rows"], "row count"
            shutil.rmtree(home)  # bounded disk: a 5M-row run leaves ~2 GB
            copy = measure(BASELINE, str(csv), str(work / "baseline.parquet"))
            projects.append(project)
            copies.append(copy)
            stages = ", ".join(f"{k} {v:.2f}" for k, v in project["times"].items())
            print(
                f"run {i + 1}: COPY {copy['wall_s']:.2f} s (cpu {copy['cpu_s']:.2f}); project "
                f"{project['wall_s']:.2f} s (cpu {project['cpu_s']:.2f}; {stages}) -> "
                f"{project['wall_s'] / copy['wall_s']:.2f}x"
            )
        best_copy = min(copies, key=lambda r: r["wall_s"])
        best = min(projects, key=lambda r: r["wall_s"])
        manifest = best["manifest"]
        print(f"bare DuckDB COPY to Parquet : {best_copy['wall_s']:7.2f} s  cpu "
              f"{best_copy['cpu_s']:6.2f} s  peak RSS {max(c['peak_rss_gb'] for c in copies):.2f} GB")  # fmt: skip
        print(f"raw → clean → published     : {best['wall_s']:7.2f} s  cpu {best['cpu_s']:6.2f} s  "
              f"peak RSS {max(p['peak_rss_gb'] for p in projects):.2f} GB")  # fmt: skip
        print(f"  published files: {', '.join(manifest['files'])}; "
              f"{'; '.join(manifest.get('notes', []))}")  # fmt: skip
        cpu_ratio = min(p["cpu_s"] for p in projects) / min(c["cpu_s"] for c in copies)
        print(f"ratio project / COPY        : {best['wall_s'] / best_copy['wall_s']:.2f} wall, "
              f"{cpu_ratio:.2f} cpu (best of {len(projects)}; target ≤ 2.0 at 2M and 5M rows); "
              f"load average {load()}")  # fmt: skip


if __name__ == "__main__":
    main()
