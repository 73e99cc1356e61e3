"""Canaries through a full run: personal values planted in the raw files of two datasets (one
published in auto mode, one blocked by the legal gate) appear nowhere but in the raw zone — not
in the command's output, the Python logs, the Dagster event log and instance files, the zones
(clean, published, reports, outboxes, catalogue, warehouse) nor the steward's e-mails. The
published dataset relies on auto mode with row linkage: the organisations' phones stay."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
from stdnum import iban

from opendata_pipeline.cli.run import run_pipeline
from opendata_pipeline_tests.alerts.conftest import SmtpServer

FIRST = ["Gwenaëlle", "Théophane", "Ludivine", "Anatole", "Soizic", "Maëlys", "Evariste", "Ninon"]
LAST = [
    "Quéméneur",
    "Vandermeersch",
    "Lagardère",
    "Tchakarian",
    "Bouaziz",
    "Ferrandiz",
    "Le Guével",
]
STREETS = ["rue des Aubépines", "impasse du Verdanson", "chemin de la Draye", "avenue de Lodève"]
ORGS = ["Association Les Amis du Lez", "Comité de quartier Figuerolles", "SCOP Les Jardins d'Oc"]

ENTRY = """\
id: {id}
title: {title}
description: Jeu de test des canaris, déposé par le service pour vérifier qu'aucune donnée ne fuit.
steward: {{name: Service Vie associative, email: vie-associative@example.org}}
licence: etalab-2.0
source: {{kind: csv, url: "file://{path}"}}
publication_basis: L312-1-1-3
record_subject: {subject}
issued: 2024-01-01
secrets_review: {{by: Service juridique, date: 2026-11-02}}
anonymisation_review: {{by: DPO, date: 2026-11-02}}
personal_data: {policy}
"""


def _nir(i: int) -> str:
    body = f"2850734172{45 + i:03d}"
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {97 - int(body) % 97:02d}"


def _iban(i: int) -> str:
    bban = f"30006000011234567{i:04d}89"
    return iban.format(f"FR{iban.calc_check_digits('FR00' + bban)}{bban}")


def _subsidies() -> tuple[str, list[str]]:
    """A subsidies table: natural persons with every direct identifier, and organisations."""
    rows, canaries = (
        ["Bénéficiaire;Adresse;Téléphone;Courriel;NIR;IBAN;Date de naissance;Montant;Objet"],
        [],
    )
    for i in range(40):
        if i % 4 == 3:
            org = ORGS[i % len(ORGS)]
            rows.append(
                f"{org};2 place de la Comédie 34000 Montpellier;04 67 34 70 00;;;;;{900 + i};Fête"
            )
            continue
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
        name = f"{first} {last.upper()}" if i % 2 else f"{last.upper()} {first}"
        phone = f"06 {i + 10:02d} 47 {i + 30:02d} 91"
        mail = f"{first.lower()}.{last.lower().replace(' ', '')}{i}@laposte.net"
        address = f"{i + 3} bis {STREETS[i % len(STREETS)]} 34070 Montpellier"
        nir, account = _nir(i), _iban(i)
        birth = f"{i % 28 + 1:02d}/0{i % 9 + 1}/19{60 + i}"
        note = f"Aide rénovation, voisin M. {LAST[(i + 3) % len(LAST)]} joignable au 07 {i + 20:02d} 55 12 {i + 40:02d}"
        rows.append(f"{name};{address};{phone};{mail};{nir};{account};{birth};{1000 + i};{note}")
        canaries += [name, phone, mail, address, nir, account, birth]
        canaries += [f"07 {i + 20:02d} 55 12 {i + 40:02d}"]
    return "\n".join(rows) + "\n", canaries


def _install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    subsidies, canaries = _subsidies()
    secret = "ysaline.kerhervé@orange.fr"
    leaky = f"id;quartier;commentaire\n1;Antigone;merci d'écrire à {secret}\n2;Boutonnet;trottoir\n"
    for ident, title, subject, policy, text in [
        ("aides-canaris", "Aides à la rénovation (canaris)", "natural_person",
         "{version: 1, default: auto, quasi_identifiers: [Date de naissance], k: 3}", subsidies),
        ("signalements-canaris", "Signalements de voirie (canaris)", "asset", "none", leaky),
    ]:  # fmt: skip
        data = tmp_path / f"{ident}.csv"
        data.write_text(text, "utf-8")
        entry = ENTRY.format(id=ident, title=title, path=data, subject=subject, policy=policy)
        (catalog / f"{ident}.yaml").write_text(entry, "utf-8")
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(catalog))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    return tmp_path / "dagster_home", [*canaries, secret]


def _texts(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under `root` as text; Parquet and DuckDB files by their decoded contents."""
    texts: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(skip):
            continue
        if path.suffix == ".parquet":
            texts[rel] = str(pq.read_table(path).to_pylist())
        elif path.suffix == ".duckdb":
            with duckdb.connect(str(path), read_only=True) as con:
                tables = [
                    r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
                ]
                texts[rel] = "".join(str(con.execute(f'FROM "{t}"').fetchall()) for t in tables)
        else:
            texts[rel] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_planted_personal_values_stay_in_the_raw_zone(
    smtp_env: SmtpServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opendata_home: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    dagster_home, canaries = _install(tmp_path, monkeypatch)
    caplog.set_level(logging.DEBUG)
    out = io.StringIO()
    # the leaky dataset is blocked by its gate: exit 1, the subsidies are published
    assert run_pipeline(partition="2026-11-28", out=out) == 1
    published = next((opendata_home / "published/aides-canaris").glob("*.csv")).read_text("utf-8")
    assert published.count("04 67 34 70 00") == 10  # the organisations' rows keep their phone
    assert not (opendata_home / "published/signalements-canaris").exists()

    from opendata_pipeline.definitions import defs

    definitions = defs()
    sensor = next(s for s in definitions.sensors if s.name == "steward_check_failure_alerts")
    with dg.DagsterInstance.get() as instance:
        sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=definitions))
        events = [e.to_json() for r in instance.get_runs() for e in instance.all_logs(r.run_id)]
    assert smtp_env.messages and len(events) > 100

    raw_zone = _texts(opendata_home / "raw")
    assert all(any(c in text for text in raw_zone.values()) for c in canaries)  # planted indeed
    canaries += [c.replace(" ", "") for c in canaries if c[:2] in ("FR", "1 ", "2 ")]  # compact
    captured = capfd.readouterr()
    places = {
        "command output": out.getvalue() + captured.out + captured.err,
        "python logs": "\n".join(r.getMessage() for r in caplog.records),
        "event log": "\n".join(events),
        "alerts": "\n".join(m.raw for m in smtp_env.messages),
    }
    # the blocked dataset declared itself free of personal data: its clean copy is the source's
    # (internal, like raw/); the gate is what keeps it from every output
    internal = ("raw/", "clean/signalements-canaris/")
    places |= {f"OPENDATA_HOME/{k}": v for k, v in _texts(opendata_home, internal).items()}
    places |= {f"DAGSTER_HOME/{k}": v for k, v in _texts(dagster_home).items()}
    assert len(places) > 20
    leaks = sorted({(where, c) for where, text in places.items() for c in canaries if c in text})
    assert leaks == []
