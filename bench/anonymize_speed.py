"""Speed of the anonymizer: free-text values/s, and a full anonymize vs. a bare DuckDB COPY.

1. A generated 1M-row free-text column (Parquet) goes through `mask_text`: values/s, twice:
   texts that end with a numeric row reference (the anonymizer prefilters texts differing only
   in their digits once, as municipal registers repeat phrases around numbers), and texts made
   distinct by a reference in letters (nothing to share: the worst case).
2. A generated French CSV (5M rows, `;`, dd/mm/yyyy dates, decimal commas, a free-text column,
   a mixed beneficiary column, e-mails and phones) is (a) copied to Parquet by a bare DuckDB
   `COPY (SELECT * FROM read_csv(...)) TO ... (FORMAT parquet)` and (b) anonymized end to end
   in auto mode (`opendata-pipeline anonymize INPUT.csv --output OUT.parquet`: the CSV streamed
   and typed by DuckDB, a sample scanned, every batch anonymized and written, k-free). Each runs in its own process, alternately, `--repeat` times; the best
   wall time of each and the peak RSS are printed (this machine's timings vary by ±20 %).

Text mix (per 100 rows): 8 person names, 3 e-mails, 3 phones, 1 NIR, 1 address, 10 decoys
(places and associations named after people, dates, SIRET), 74 ordinary administrative texts.
3. The same comparison on a personal-data-dense CSV written by `../shared/bench/make_data.py`
   (a generator nobody here wrote: 60 % natural-person beneficiaries, a distinct e-mail, phone
   and address per row, free text ~30 % personal, 1 % NIR), `--pii-rows` rows. Both workloads'
   ratios to COPY are printed together at the end.

Each anonymize runs once per number of free-text worker processes in `--workers` (default 1 and
one per CPU; `OPENDATA_ANONYMIZE_WORKERS`), in the same rounds as the COPY. Memory is the peak
RSS of the parent, and the peak over the run of the RSS (and PSS) summed over the parent and
its workers, sampled every 0.1 s from /proc. The load average is printed before and after.

Usage: python bench/anonymize_speed.py [--rows 5000000] [--pii-rows 2000000]
       [--text-rows 1000000] [--repeat 2] [--workdir DIR] [--make-data PATH]
       [--workers 1,N] [--pii-csv EXISTING.csv]
(`--rows 0`, `--pii-rows 0` or `--text-rows 0` skips that part.)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
MAKE_DATA = REPO.parent / "shared/bench/make_data.py"

_LISTS = """
CREATE TEMP TABLE lists AS SELECT
  ['Jean','Marie','Pierre','Sophie','Nicolas','Nathalie','Karim','Fatima','Lucas','Chloé',
   'Jean-Pierre','Hélène','Kévin','Aïcha','Thierry','Sylvie'] AS firsts,
  ['Martin','Bernard','Dubois','Thomas','Robert','Richard','Petit','Durand','Leroy','Moreau',
   'Girard','Lefèvre','Fontaine','Benali','Nguyen','Garcia'] AS lasts,
  ['Renouvellement du marché de nettoyage des locaux administratifs',
   'Travaux de réfection de la voirie et des trottoirs du secteur nord',
   'Demande de subvention pour la fête annuelle du quartier',
   'Avis favorable de la commission d''urbanisme sur le permis',
   'Signalement d''un dépôt sauvage près du conteneur à verre',
   'Installation de bancs et de corbeilles dans le square',
   'Étude de faisabilité pour une piste cyclable entre deux communes',
   'Remplacement de l''éclairage public par des lampes LED',
   'Acquisition de matériel informatique pour les écoles primaires',
   'Organisation du marché de Noël et des animations de fin d''année'] AS plain,
  ['Collège Jean Moulin','avenue Jean Jaurès','Médiathèque Émile Zola','place Charles de Gaulle',
   'Association Les Amis de Jean Moulin','Stade Yves du Manoir','SARL Dupont et Fils',
   'Groupe scolaire Jules Ferry'] AS decoys,
  ['Montpellier','Castelnau-le-Lez','Lattes','Saint-Jean-de-Védas','Juvignac','Pérols'] AS communes,
  ['34000','34170','34970','34430','34990','34470'] AS postcodes
"""

_TEXT = """
CASE
  WHEN i % 100 < 8 THEN 'Demande de ' || l.firsts[1 + CAST(hash(i) % 16 AS BIGINT)] || ' '
       || upper(l.lasts[1 + CAST(hash(i + 1) % 16 AS BIGINT)]) || ' concernant le dossier n° ' || (i % 997)
  WHEN i % 100 < 11 THEN 'Contact : ' || lower(l.firsts[1 + CAST(hash(i) % 16 AS BIGINT)]) || '.'
       || lower(l.lasts[1 + CAST(hash(i + 1) % 16 AS BIGINT)]) || (i % 97) || '@gmail.com'
  WHEN i % 100 < 14 THEN 'Rappeler au 06 ' || lpad(CAST(10 + i % 90 AS VARCHAR), 2, '0')
       || ' ' || lpad(CAST(i % 100 AS VARCHAR), 2, '0') || ' 34 56 en soirée'
  WHEN i % 100 < 15 THEN 'N° sécu 1 85 05 78 006 084 91 transmis au service'
  WHEN i % 100 < 16 THEN 'Habite au ' || (1 + i % 200) || ' rue des Lilas 34000 Montpellier'
  WHEN i % 100 < 26 THEN 'Réunion au ' || l.decoys[1 + CAST(hash(i) % 8 AS BIGINT)] || ' le '
       || lpad(CAST(1 + i % 28 AS VARCHAR), 2, '0') || '/03/2024, SIRET 21340172201787'
  ELSE l.plain[1 + CAST(hash(i) % 10 AS BIGINT)] || ' (' || l.communes[1 + CAST(hash(i + 2) % 6 AS BIGINT)] || ')'
END
"""
_NUMBER_REF = "', réf. ' || i"
# The row number written in letters (base 26): no two texts share more than their phrase.
_LETTER_REF = "', réf. ' || " + " || ".join(
    f"chr(97 + CAST((i // {26**k}) % 26 AS INTEGER))" for k in range(5)
)


def make_text_parquet(path: Path, rows: int, ref: str = _NUMBER_REF) -> None:
    con = duckdb.connect()
    con.execute(_LISTS)
    con.execute(
        f"COPY (SELECT {_TEXT} || {ref} AS texte FROM range({rows}) t(i), lists l) "
        f"TO '{path}' (FORMAT parquet, COMPRESSION zstd)"
    ).fetchall()
    con.close()


def make_csv(path: Path, rows: int) -> None:
    con = duckdb.connect()
    con.execute(_LISTS)
    con.execute(
        f"""COPY (SELECT
              i AS "Identifiant",
              strftime(DATE '2020-01-01' + CAST(i % 1500 AS INTEGER), '%d/%m/%Y') AS "Date de dépôt",
              l.communes[1 + CAST(hash(i) % 6 AS BIGINT)] AS "Commune",
              l.postcodes[1 + CAST(hash(i) % 6 AS BIGINT)] AS "Code postal",
              replace(CAST(round((i % 100000) / 7.0, 2) AS VARCHAR), '.', ',') AS "Montant",
              {_TEXT} || {_NUMBER_REF} AS "Objet",
              CASE WHEN i % 2 = 0 THEN l.decoys[1 + CAST(hash(i) % 8 AS BIGINT)]
                   ELSE upper(l.lasts[1 + CAST(hash(i) % 16 AS BIGINT)]) || ' ' || l.firsts[1 + CAST(hash(i + 3) % 16 AS BIGINT)]
              END AS "Bénéficiaire",
              CASE WHEN i % 10 = 0 THEN lower(l.firsts[1 + CAST(hash(i) % 16 AS BIGINT)]) || '.'
                   || lower(l.lasts[1 + CAST(hash(i) % 16 AS BIGINT)]) || '@orange.fr' END AS "Courriel",
              CASE WHEN i % 10 = 1 THEN '04 67 ' || lpad(CAST(i % 100 AS VARCHAR), 2, '0')
                   || ' 12 34' END AS "Téléphone",
              CASE i % 4 WHEN 0 THEN 'Voirie' WHEN 1 THEN 'Propreté' WHEN 2 THEN 'Éclairage'
                   ELSE 'Espaces verts' END AS "Catégorie"
            FROM range({rows}) t(i), lists l)
            TO '{path}' (FORMAT csv, DELIMITER ';', HEADER true)"""
    ).fetchall()
    con.close()


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, "{bench}")
from anonymize_speed import TreeMemory
memory = TreeMemory()
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, **memory.stop(),
                   "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


class TreeMemory:
    """Peak memory of this process and its descendants (the anonymizer's worker processes),
    sampled every `interval` s from /proc: the sum of their RSS (pages shared after a fork
    counted in each process: an upper bound) and of their PSS (shared pages split)."""

    def __init__(self, interval: float = 0.1) -> None:
        import threading

        self.peak_rss = self.peak_pss = 0
        self.most_processes = 1
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(interval,), daemon=True)
        self._thread.start()

    def _sample(self, interval: float) -> None:
        while not self._done.wait(interval):
            rss = pss = 0
            pids = _descendants(os.getpid())
            for pid in pids:
                try:
                    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                except OSError:  # exited meanwhile
                    continue
                fields = {line.split(":")[0]: line.split()[1] for line in rollup[1:]}
                rss += int(fields.get("Rss", 0))
                pss += int(fields.get("Pss", 0))
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.most_processes = max(self.most_processes, len(pids))

    def stop(self) -> dict[str, float]:
        self._done.set()
        self._thread.join()
        return {
            "tree_rss_mb": self.peak_rss / 1024,
            "tree_pss_mb": self.peak_pss / 1024,
            "processes": self.most_processes,
        }


def _descendants(pid: int) -> list[int]:
    """`pid` and the processes it started, recursively (/proc/PID/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(p) for p in task.read_text().split())
            except OSError:
                continue
    return out


_COPY = """
import duckdb
duckdb.connect().execute("COPY (SELECT * FROM read_csv('{src}')) TO '{dst}' "
                         "(FORMAT parquet, COMPRESSION zstd)").fetchall()
"""

_ANON = """
import os
os.environ["OPENDATA_HOME"] = "{home}"
os.environ["OPENDATA_ANONYMIZE_WORKERS"] = "{workers}"
from opendata_pipeline.cli.main import main as _unused  # noqa: F401  (same import cost as the CLI)
import argparse
from opendata_pipeline.anonymize.cli import register
parser = argparse.ArgumentParser()
register(parser.add_subparsers(dest="command"))
args = parser.parse_args(["anonymize", "{src}", "--output", "{dst}"])
code = args.func(args)
assert code == 0, code
"""

_TEXT_RUN = """
from pathlib import Path
from opendata_pipeline.anonymize.engine import anonymize_parquet
from opendata_pipeline.anonymize.policy import Policy
t0 = time.perf_counter()
report = anonymize_parquet(Path("{src}"), Path("{dst}"),
                           Policy.model_validate({{"columns": {{"texte": "mask_text"}}}}))
print(json.dumps({{"anonymize_seconds": time.perf_counter() - t0,
                   "cells_changed": report.columns[0].cells_changed}}))
"""


def run_child(body: str) -> dict[str, float]:
    proc = subprocess.run(
        [PYTHON, "-c", _CHILD.format(bench=Path(__file__).resolve().parent, body=body)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"child failed:\n{proc.stderr[-2000:]}")
    result: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            result.update(json.loads(line))
    return result


def _free_text(work: Path, rows: int, ref: str, label: str) -> None:
    text = work / f"text-{label}.parquet"
    make_text_parquet(text, rows, ref)
    res = run_child(_TEXT_RUN.format(src=text, dst=work / "text.out.parquet"))
    rate = rows / res["anonymize_seconds"]
    print(
        f"free text ({label}): {rows:,} values in {res['anonymize_seconds']:.1f} s = "
        f"{rate:,.0f} values/s ({int(res['cells_changed']):,} cells changed), "
        f"peak RSS {res['peak_rss_mb']:.0f} MB"
    )


def make_pii_csv(path: Path, rows: int, generator: Path) -> None:
    """The PII-dense workload, written by the shared generator (deterministic: seed 42)."""
    if not generator.is_file():
        raise SystemExit(f"{generator}: PII-dense generator not found (--make-data PATH)")
    subprocess.run([PYTHON, str(generator), str(rows), str(path)], check=True,
                   capture_output=True)  # fmt: skip


def _seconds(runs: list[dict[str, float]]) -> str:
    return ", ".join(f"{r['seconds']:.1f}" for r in runs) + " s"


def compare(
    work: Path, label: str, csv_path: Path, rows: int, repeat: int, workers: list[int]
) -> list[str]:
    """COPY and a full anonymize of `csv_path` with each number of `workers`, alternately;
    prints the runs, returns a summary line per number of workers."""
    copies: list[dict[str, float]] = []
    anons: dict[int, list[dict[str, float]]] = {n: [] for n in workers}
    for _ in range(max(1, repeat)):
        copies.append(run_child(_COPY.format(src=csv_path, dst=work / "copy.parquet")))
        for n in workers:
            anon = _ANON.format(
                home=work / "home", src=csv_path, dst=work / "anon.parquet", workers=n
            )
            anons[n].append(run_child(anon))
    copy = min(copies, key=lambda r: r["seconds"])
    print(
        f"{label}: bare DuckDB COPY {copy['seconds']:.1f} s, peak RSS {copy['peak_rss_mb']:.0f} MB "
        f"(runs: {_seconds(copies)})"
    )
    summary = []
    for n, runs in anons.items():
        best = min(runs, key=lambda r: r["seconds"])
        ratio = best["seconds"] / copy["seconds"]
        memory = (
            f"peak RSS {max(a['peak_rss_mb'] for a in runs):.0f} MB in the parent, "
            f"{max(a['tree_rss_mb'] for a in runs):.0f} MB summed over "
            f"{max(int(a['processes']) for a in runs)} process(es) "
            f"(PSS {max(a['tree_pss_mb'] for a in runs):.0f} MB)"
        )
        print(
            f"{label}: full anonymize, {n} worker(s) (auto mode, CSV in) {best['seconds']:.1f} s, "
            f"ratio to COPY {ratio:.2f}x ({rows / best['seconds']:,.0f} rows/s; runs: "
            f"{_seconds(runs)}), {memory}"
        )
        summary.append(
            f"{label} ({rows:,} rows), {n} worker(s): {ratio:.2f}x COPY "
            f"({best['seconds']:.1f} s vs {copy['seconds']:.1f} s), {memory}"
        )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--pii-rows", type=int, default=2_000_000)
    parser.add_argument("--text-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--make-data", type=Path, default=MAKE_DATA, help="PII-dense generator")
    parser.add_argument(
        "--workers",
        default=f"1,{os.cpu_count() or 1}",
        help="numbers of free-text worker processes to compare (OPENDATA_ANONYMIZE_WORKERS)",
    )
    parser.add_argument("--pii-csv", type=Path, help="an existing PII-dense CSV (not generated)")
    args = parser.parse_args()
    workers = list(dict.fromkeys(int(n) for n in args.workers.split(",")))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        if args.text_rows:
            _free_text(work, args.text_rows, _NUMBER_REF, "numbered phrases")
            _free_text(work, args.text_rows, _LETTER_REF, "all distinct")
        workloads = [
            ("mixed", args.rows, make_csv),
            ("PII-dense", args.pii_rows, lambda p, n: make_pii_csv(p, n, args.make_data)),
        ]
        summary = []
        for label, rows, make in workloads:
            if not rows:
                continue
            given = args.pii_csv if label == "PII-dense" else None
            csv_path = given or work / f"{label}.csv"
            t0 = time.perf_counter()
            if given is None:
                make(csv_path, rows)
            print(
                f"{label}: {'given' if given else 'generated'} {rows:,}-row CSV "
                f"({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s"
            )
            summary.extend(compare(work, label, csv_path, rows, args.repeat, workers))
            if given is None:
                csv_path.unlink()
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("\n".join(["summary (same run):", *summary]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
