"""The sealed set #3 generator writes an exact answer key (`bench/anonymize_sealed3.py`).

A small instance is generated through the command line; the key is checked against the bytes
on disk with this file's own reading of the declared format, then the public corpus's unchanged
score.py scores two trivial anonymizers on it: copy-through (recall 0, retention 1) and one that
masks exactly the key's planted values (recall 1, retention 1, which fails if a planted token also
sits outside its span or a decoy overlaps one).
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

import pyarrow.parquet as pq
import pytest

from opendata_pipeline_tests.shared_dir import SHARED

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "bench" / "anonymize_sealed3.py"
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

TRIVIAL_CLI = """
import csv, io, json, sys
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq

mode = {mode!r}
src, out = Path(sys.argv[2]), Path(sys.argv[sys.argv.index("--output") + 1])

def transform(header, rows):
    if mode == "copy":
        return rows
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


def generate(out: Path, seed: int, rows: int = 30, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(out), "--seed", str(seed), "--rows", str(rows), *extra],
        capture_output=True, text=True, check=True, timeout=600,
        env={**os.environ, "OPENDATA_SHARED_DIR": str(SHARED)},  # a fresh clone has no ../shared
    )  # fmt: skip


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().casefold()


def read_table(root: Path, case: dict) -> tuple[list[str], list[list[str]]]:
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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sealed3")
    generate(out, seed=7)
    return out


def test_every_key_record_is_in_the_bytes_written(corpus: Path) -> None:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["cases"]) == 10
    kinds_planted, kinds_decoy, ids = set(), set(), set()
    for case in manifest["cases"]:
        assert hashlib.sha256((corpus / case["file"]).read_bytes()).hexdigest() == case["sha256"]
        header, rows = read_table(corpus, case)
        key = json.loads((corpus / case["key"]).read_text(encoding="utf-8"))
        assert header == key["columns"] == case["columns"] and len(rows) == case["rows"] == 30
        assert (len(key["planted"]), len(key["decoys"])) == (case["planted"], case["decoys"])
        if case["policy"]:
            assert (corpus / case["policy"]).read_text(encoding="utf-8").count("version: 1") == 1
        col = {h: j for j, h in enumerate(header)}
        for item in key["planted"]:
            cell = rows[item["row"]][col[item["column"]]]
            assert item["value"] in cell, item
            for token in item["strict"]:
                assert re.search(rf"(?<!\w){re.escape(fold(token))}(?!\w)", fold(item["value"])), (
                    item
                )
            assert set(item["must"]) <= set(item["strict"]), item
            kinds_planted.add(item["kind"])
            ids.add(item["id"])
        for item in key["decoys"]:
            assert fold(item["value"]) in fold(rows[item["row"]][col[item["column"]]]), item
            kinds_decoy.add(item["kind"])
            ids.add(item["id"])
    assert kinds_planted == PLANTED_KINDS
    assert (
        kinds_decoy <= DECOY_KINDS
        and {"ORG_PERSONNE", "PERSONNALITE", "VOIE_PERSONNE", "ELU"} <= kinds_decoy
    )
    assert len(ids) == manifest["totals"]["planted"] + manifest["totals"]["decoys"]


def test_same_seed_same_bytes_other_seed_other_draw(corpus: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", seed=7)
    generate(tmp_path / "other", seed=8)

    def digests(root: Path) -> list[str]:
        return [
            c["sha256"]
            for c in json.loads((root / "manifest.json").read_text(encoding="utf-8"))["cases"]
        ]

    assert digests(tmp_path / "again") == digests(corpus)
    assert not set(digests(tmp_path / "other")) & set(digests(corpus))


@pytest.mark.parametrize(
    ("mode", "recall", "retention", "clean"),
    [("copy", 0.0, 1.0, 1.0), ("oracle", 1.0, 1.0, 1.0)],
)
def test_public_scorer_bounds(
    tmp_path: Path, mode: str, recall: float, retention: float, clean: float
) -> None:
    if not (SHARED / "eval" / "pii" / "score.py").is_file():
        pytest.fail(
            f"{SHARED}/eval/pii/score.py is missing: the generator scores with the public scorer"
        )
    cli = tmp_path / f"{mode}_anonymizer.py"
    cli.write_text(TRIVIAL_CLI.format(mode=mode), encoding="utf-8")
    summary = tmp_path / "summary.json"
    env_shared = {"OPENDATA_SHARED_DIR": str(SHARED)}
    subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path / "c"), "--seed", "3", "--rows", "15",
         "--score", "--cli", str(cli), "--", "--jobs", "2", "--json", str(summary)],
        capture_output=True, text=True, check=True, timeout=900, env={**os.environ, **env_shared},
    )  # fmt: skip
    result = json.loads(summary.read_text(encoding="utf-8"))["summary"]
    for m in ("policy", "auto"):
        s = result[m]
        assert s["files_ok"] == s["files"] == 10
        assert s["planted"] > 200 and s["decoys"] > 800
        assert s["removed"] / s["planted"] == recall, (m, s)
        assert s["kept"] / s["decoys"] == retention, (m, s)
        assert s["clean_ok"] / s["clean_cells"] == clean, (m, s)
