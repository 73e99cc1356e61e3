"""Free text masked in worker processes: the same bytes as in one process, the same refusal when
the masking fails, nothing written then.

Batches are shrunk so a few thousand rows of the shared PII-dense workload make several of
them (worker processes start at the first full batch).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv
import pyarrow.parquet as pq
import pytest

from opendata_pipeline.anonymize import engine, parallel
from opendata_pipeline.anonymize.engine import AnonymizationError
from opendata_pipeline.anonymize.vector import Masked
from opendata_pipeline_tests.anonymize.cli import run_cli
from opendata_pipeline_tests.anonymize.test_fast_paths import MAKE_DATA

ROWS = 2900  # six batches of 500 rows, then one of 400
PARENT = os.getpid()


@pytest.fixture(scope="module")
def pii_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV of the shared PII-dense generator (beneficiaries, contacts, free text, NIRs)."""
    if not MAKE_DATA.is_file():
        pytest.skip(f"PII-dense generator absent: {MAKE_DATA}")
    path = tmp_path_factory.mktemp("pii") / "subventions.csv"
    subprocess.run([sys.executable, str(MAKE_DATA), str(ROWS), str(path)], check=True)
    return path


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """Batches of 500 rows; the worker pools started are recorded (their sizes)."""
    monkeypatch.setattr(engine, "BATCH_ROWS", 500)
    monkeypatch.setenv("OPENDATA_HOME", str(tmp_path / "home"))
    pools: list[int] = []

    class Recorded(parallel.ProcessPoolExecutor):
        def __init__(self, workers: int, **kwargs: Any) -> None:
            pools.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Recorded)
    return pools


def _anonymize(
    monkeypatch: pytest.MonkeyPatch, src: Path, out: Path, workers: int, *extra: str
) -> int:
    monkeypatch.setenv("OPENDATA_ANONYMIZE_WORKERS", str(workers))
    return run_cli("anonymize", str(src), "--output", str(out), *extra)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_output_is_the_same_bytes_with_one_and_three_workers(
    pii_csv: Path,
    small_batches: list[int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    one, three = tmp_path / f"one{suffix}", tmp_path / f"three{suffix}"
    assert _anonymize(monkeypatch, pii_csv, one, 1) == 0
    report_one = capsys.readouterr().err
    assert small_batches == []
    assert _anonymize(monkeypatch, pii_csv, three, 3) == 0
    assert small_batches == [1, 1, 1]  # three single-process pools
    assert capsys.readouterr().err.replace(str(three), str(one)) == report_one
    assert one.read_bytes() == three.read_bytes()
    if suffix == ".parquet":
        table = pq.read_table(one)
        assert table.num_rows == ROWS
        source = pyarrow.csv.read_csv(
            pii_csv,
            parse_options=pyarrow.csv.ParseOptions(delimiter=";"),
            convert_options=pyarrow.csv.ConvertOptions(include_columns=["commentaire"]),
        ).column("commentaire")
        masked = table.column("commentaire")
        changed = sum(a != b for a, b in zip(source.to_pylist(), masked.to_pylist(), strict=True))
        assert changed > ROWS // 10  # the free text was masked, not passed through


def _die_in_a_worker(array: pa.Array, kinds: tuple[str, ...]) -> Masked:
    assert os.getpid() != PARENT
    os._exit(1)  # a worker killed (out of memory) mid-batch


def _refuse_short_arrays(array: pa.Array, kinds: tuple[str, ...]) -> Masked:
    if len(array) < 500:  # the last batch in one process, a worker's share of each with two
        raise AnonymizationError("colonne commentaire : refus du masquage")
    return parallel.mask_array(array, [parallel.BY_KIND[k] for k in kinds])


@pytest.mark.parametrize(
    ("mask", "workers", "refusal"),
    [
        (_refuse_short_arrays, (1, 2), "colonne commentaire : refus du masquage"),
        (
            _die_in_a_worker,
            (2,),
            "colonne commentaire : un processus de masquage du texte s'est arrêté (mémoire "
            "insuffisante ?) ; aucun fichier n'a été écrit",
        ),
    ],
    ids=["refusal", "dead worker"],
)
def test_a_failing_masking_is_the_same_french_refusal_and_writes_nothing(
    pii_csv: Path,
    small_batches: list[int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mask: Any,
    workers: tuple[int, ...],
    refusal: str,
) -> None:
    monkeypatch.setattr(parallel, "_mask", mask)
    for n in workers:
        out = tmp_path / f"out{n}.parquet"
        assert _anonymize(monkeypatch, pii_csv, out, n) == 2
        assert capsys.readouterr().err == f"Anonymisation impossible : {refusal}\n"
        assert list(tmp_path.glob(f"*out{n}*")) == []
    assert small_batches == [1, 1]


def test_workers_that_cannot_start_leave_the_masking_to_the_calling_process(
    pii_csv: Path,
    small_batches: list[int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    one, refused = tmp_path / "one.parquet", tmp_path / "refused.parquet"
    assert _anonymize(monkeypatch, pii_csv, one, 1) == 0

    class NoMemory:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", NoMemory)
    assert _anonymize(monkeypatch, pii_csv, refused, 2) == 0
    assert refused.read_bytes() == one.read_bytes()
    assert "masquage dans ce processus" in caplog.text
