"""Every real file of ../shared/realdata through `opendata-pipeline scan`: read (rows, columns,
encoding, delimiter reported) or rejected with one clear error — and never a value printed."""

from __future__ import annotations

import pytest

from opendata_pipeline.cli import main
from opendata_pipeline_tests.shared_dir import SHARED

REALDATA = SHARED / "realdata"
FILES = sorted(
    p.relative_to(REALDATA).as_posix()
    for p in REALDATA.rglob("*")
    if p.suffix in (".csv", ".json", ".xml")
)
# Files that are not tables a reader can type, with the reason they are rejected.
REJECTED = {
    # header ends with a trailing comma and data rows are indented: quoted cells break
    "portal-responses/VilleMTP_MTP_Opendata_catalogue_2014.csv": "ragged row",
}


def test_every_real_file_is_listed() -> None:
    assert len(FILES) >= 35


@pytest.mark.parametrize("relative", FILES)
def test_scan_reads_or_rejects_clearly(relative: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(REALDATA / relative)])
    out, err = capsys.readouterr()
    if relative in REJECTED:
        assert code == 2
        assert err.startswith("Erreur de lecture : dataset '")
        assert REJECTED[relative] in err and "line " in err
        return
    assert code == 0, err
    first, detected = out.splitlines()[:2]
    rows = int(first.split(" : ")[1].split()[0])
    assert rows > 0
    assert "colonnes" in detected and "encodage" in detected
    if relative.endswith(".csv"):
        assert "séparateur" in detected
    assert "@" not in out  # e-mails (and any other value) are never printed


def test_scan_reports_the_association_directory(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(REALDATA / "personal-data/VilleMTP_MTP_ListeAssoc_2011.csv")]) == 0
    out = capsys.readouterr().out
    assert "2452 lignes" in out and "encodage cp1252, séparateur ','" in out
    assert "Mail_Asso" in out and "email" in out
    assert "04 67" not in out
