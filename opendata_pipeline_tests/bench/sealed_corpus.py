"""What the sealed-key tests share: running a generator, reading its corpus as the manifest
declares it, and scoring trivial anonymizers on it with the public score.py.

The sealed generators are written independently of each other and of the anonymizer; their
tests share only this view of the public corpus layout (`manifest.json`, `keys/`, `data/`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from opendata_pipeline_tests.shared_dir import SHARED

CODECS = {
    "UTF-8": "utf-8",
    "UTF-8 with BOM": "utf-8",
    "Windows-1252": "cp1252",
    "ISO-8859-1": "latin-1",
}
PLANTED_KINDS = {"NOM", "PRENOM", "EMAIL", "TEL", "ADRESSE", "IBAN", "NIR", "IMMAT", "DATE_NAISSANCE", "CAF"}  # fmt: skip
DECOY_KINDS = {"ORG", "ORG_PERSONNE", "ORG_ADRESSE", "ORG_TEL", "ORG_EMAIL", "VOIE_PERSONNE",
               "EQUIPEMENT_PERSONNE", "ARRET_TRAM", "PERSONNALITE", "ELU", "COMMUNE", "SIRET", "CODE",
               "DATE_EVENEMENT", "MONTANT", "GPS", "TEXTE", "VOIE", "EQUIPEMENT", "NON_QI"}  # fmt: skip


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().casefold()


def read_table(root: Path, case: dict) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a case's file, checking its declared BOM and line ending on the way."""
    raw = (root / case["file"]).read_bytes()
    if case["format"] == "parquet":
        t = pq.read_table(root / case["file"])
        d = t.to_pydict()
        return t.column_names, [["" if d[c][i] is None else d[c][i] for c in t.column_names] for i in range(t.num_rows)]  # fmt: skip
    assert raw.startswith(b"\xef\xbb\xbf") == (case["encoding"] == "UTF-8 with BOM"), case["id"]
    crlf = raw.count(b"\r\n")
    assert (crlf > case["rows"]) if case["line_ending"] == "CRLF" else crlf == 0, case["id"]
    text = raw.decode(CODECS[case["encoding"]]).removeprefix("\ufeff")
    delim = {"TAB": "\t"}.get(case["delimiter"], case["delimiter"])
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    return table[0], table[1:]


class KeySeen:
    """What `check_key` saw across a corpus's key records."""

    def __init__(self) -> None:
        self.planted: set[str] = set()  # kinds
        self.decoys: set[str] = set()  # kinds
        self.variants: set[tuple[str, str]] = set()  # (kind, variant) of planted items
        self.ids: set[str] = set()


def check_key(root: Path, manifest: dict, rows_per_case: int) -> KeySeen:
    """Every case's file matches its manifest entry (checksum, header, rows, counts) and every
    key record is in its cell: a planted value verbatim with each of its tokens, a decoy after
    folding. Returns the kinds, variants and ids seen."""
    seen = KeySeen()
    for case in manifest["cases"]:
        assert hashlib.sha256((root / case["file"]).read_bytes()).hexdigest() == case["sha256"]
        header, rows = read_table(root, case)
        key = json.loads((root / case["key"]).read_text(encoding="utf-8"))
        assert header == key["columns"] == case["columns"]
        assert len(rows) == case["rows"] == rows_per_case
        assert (len(key["planted"]), len(key["decoys"])) == (case["planted"], case["decoys"])
        if case["policy"]:
            assert (root / case["policy"]).read_text(encoding="utf-8").count("version: 1") == 1
        col = {h: j for j, h in enumerate(header)}
        for item in key["planted"]:
            assert item["value"] in rows[item["row"]][col[item["column"]]], item["id"]
            assert set(item["must"]) <= set(item["strict"]), item["id"]
            for token in item["strict"]:
                assert re.search(rf"(?<!\w){re.escape(fold(token))}(?!\w)", fold(item["value"])), item["id"]  # fmt: skip
            seen.planted.add(item["kind"])
            seen.variants.add((item["kind"], item["variant"]))
            seen.ids.add(item["id"])
        for item in key["decoys"]:
            assert fold(item["value"]) in fold(rows[item["row"]][col[item["column"]]]), item["id"]
            seen.decoys.add(item["kind"])
            seen.ids.add(item["id"])
    return seen


# copy: input unchanged; everything: every cell replaced; oracle: exactly the key's planted
# values masked (every occurrence, in key order)
TRIVIAL_CLI = """
import csv, io, json, sys
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq

mode = {mode!r}
src, out = Path(sys.argv[2]), Path(sys.argv[sys.argv.index("--output") + 1])

def transform(header, rows):
    if mode == "copy":
        return rows
    if mode == "everything":
        return [["***"] * len(r) for r in rows]
    key = json.loads((src.parent.parent / "keys" / (src.stem + ".json")).read_text(encoding="utf-8"))
    col = {{h: j for j, h in enumerate(header)}}
    for it in key["planted"]:
        j = col[it["column"]]
        rows[it["row"]][j] = rows[it["row"]][j].replace(it["value"], "[X]")
    return rows

if src.suffix == ".parquet":
    t = pq.read_table(src)
    d = t.to_pydict()
    header = t.column_names
    rows = transform(header, [["" if d[c][i] is None else d[c][i] for c in header] for i in range(t.num_rows)])
    pq.write_table(pa.table({{c: [r[j] for r in rows] for j, c in enumerate(header)}}), out)
else:
    raw = src.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delim = max([",", ";", "\\t", "|"], key=text.split("\\n", 1)[0].count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([rows[0], *transform(rows[0], rows[1:])])
    out.write_text(buf.getvalue(), encoding="utf-8")
"""


def run_generator(
    generator: Path, out: Path, seed: int, rows: int, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(generator), "--out", str(out), "--seed", str(seed), "--rows", str(rows), *extra],
        capture_output=True, text=True, check=True, timeout=900,
        env={**os.environ, "OPENDATA_SHARED_DIR": str(SHARED)},  # a fresh clone has no ../shared
    )  # fmt: skip


def trivial_scores(generator: Path, tmp_path: Path, mode: str, *extra: str) -> dict[str, Any]:
    """score.py's summary (per mode) of the trivial anonymizer `mode` on a 15-row corpus."""
    if not (SHARED / "eval" / "pii" / "score.py").is_file():
        pytest.fail(
            f"{SHARED}/eval/pii/score.py is missing: the generator scores with the public scorer"
        )
    cli = tmp_path / f"{mode}_anonymizer.py"
    cli.write_text(TRIVIAL_CLI.format(mode=mode), encoding="utf-8")
    summary = tmp_path / "summary.json"
    run_generator(generator, tmp_path / "c", 3, 15, *extra, "--score", "--cli", str(cli), "--",
                  "--jobs", "2", "--json", str(summary))  # fmt: skip
    return json.loads(summary.read_text(encoding="utf-8"))["summary"]
