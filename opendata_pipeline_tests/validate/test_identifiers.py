"""The compliance gate's own identifier scan: validated kinds only, counts only."""

from __future__ import annotations

import duckdb
import pytest

from opendata_pipeline.validate.identifiers import header_looks_personal, scan_identifiers


def _scan(*values: str) -> dict[str, dict[str, int]]:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
    return scan_identifiers(con, ["v"])


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("contact : marie.curie@example.fr", "email"),
        ("tél. 04 67 13 60 00", "phone"),
        ("+33 (0)4 67 13 60 00", "phone"),
        ("06.12.34.56.78", "phone"),
        ("1 84 12 76 451 089 46", "nir"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189", "iban"),
    ],
)
def test_validated_identifiers_are_found(value: str, kind: str) -> None:
    assert _scan(value, "rien à signaler") == {"v": {kind: 1}}


@pytest.mark.parametrize(
    "value",
    [
        "1 84 12 76 451 089 47",  # NIR with a wrong key
        "FR76 3000 6000 0112 3456 7890 188",  # IBAN with a wrong check
        "Commande 123456 du 2024-05-01",
        "SIRET 21340172201787",
        "arobase @ seule",
    ],
)
def test_lookalikes_are_not_counted(value: str) -> None:
    assert _scan(value) == {}


def test_header_lexicon_matches_whole_tokens_only() -> None:
    assert header_looks_personal("nomBeneficiaire")
    assert header_looks_personal("Date de naissance")
    assert header_looks_personal("E-mail")
    assert not header_looks_personal("EQUIP_TYPE")
    assert not header_looks_personal("amenagement")
    assert not header_looks_personal("hotel")
