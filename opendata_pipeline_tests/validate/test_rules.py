"""Every rule of the catalogue, failing and passing, through `evaluate_rules`."""

from __future__ import annotations

import csv
import json
import re
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from opendata_pipeline.validate.rules import RuleContext, RuleResult, evaluate_rules, sha256_file
from opendata_pipeline_tests.shared_dir import SHARED
from opendata_pipeline_tests.validate.conftest import entry, parquet

PERSON_POLICY = {
    "quasi_identifiers": ["age", "commune"],
    "k": 2,
    "columns": {"nom": "drop"},
}


def run(e, data: Path, **ctx) -> dict[str, RuleResult]:  # type: ignore[no-untyped-def]
    return {r.rule_id: r for r in evaluate_rules(e, data, context=RuleContext(**ctx))}


def test_asset_dataset_passes_every_blocking_rule(assets_file: Path) -> None:
    results = run(entry(), assets_file)
    assert not [r.rule_id for r in results.values() if r.blocks]
    assert results["R-GEO"].verdict == "PASS"
    assert results["R-LICENCE"].verdict == "PASS"
    assert results["R-METADATA"].verdict == "PASS"


def test_apie_licence_of_the_parking_meters_fails(realdata: Path, assets_file: Path) -> None:
    readme = realdata / "portal-responses/fiches_metadonnees_2014"
    text = (readme / "VilleMTP_MTP_Horodateurs_2011.README.txt").read_text(encoding="utf-8-sig")
    licence = re.search(r"\*Licence : (\S+)", text)
    assert licence and licence.group(1) == "APIE"
    result = run(entry(licence=licence.group(1)), assets_file)["R-LICENCE"]
    assert (result.verdict, result.severity) == ("FAIL", "BLOCK")
    assert "APIE" in result.message_fr
    homologated = entry(licence="APIE", licence_homologation_ref="DINUM-2024-01")
    assert run(homologated, assets_file)["R-LICENCE"].verdict == "PASS"
    assert run(entry(licence="odbl-1.0"), assets_file)["R-LICENCE"].verdict == "PASS"


def test_licence_must_match_on_every_portal(assets_file: Path) -> None:
    ok = run(entry(), assets_file, portal_licences={"data.gouv.fr": "lov2"})
    bad = run(entry(), assets_file, portal_licences={"data.gouv.fr": "odc-odbl"})
    assert ok["R-LICENCE"].verdict == "PASS"
    assert bad["R-LICENCE"].blocks


def test_leftover_email_fails_direct_id(tmp_path: Path) -> None:
    data = parquet(
        tmp_path,
        "SELECT * FROM (VALUES ('Fontaine', 'écrire à jean.dupont@orange.fr'), "
        "('Banc', 'rien')) v(equipement, remarque)",
    )
    result = run(entry(), data)["R-ANON-DIRECT-ID"]
    assert result.blocks
    assert result.evidence["hits_outside_public_columns"] == {"remarque": {"email": 1}}
    assert "jean.dupont" not in result.message_fr + str(result.evidence)


def test_direct_id_passes_in_declared_not_personal_column_and_from_engine_scan(
    tmp_path: Path,
) -> None:
    data = parquet(tmp_path, "SELECT 'accueil@montpellier3m.fr' AS contact_service")
    policy = {"not_personal": {"contact_service": "boîte fonctionnelle"}}
    assert run(entry(personal_data=policy), data)["R-ANON-DIRECT-ID"].verdict == "PASS"
    clean = parquet(tmp_path, "SELECT 'x' AS info", "other.parquet")
    engine_says = run(entry(), clean, personal_scan={"info": {"nir": 2}})
    assert engine_says["R-ANON-DIRECT-ID"].blocks


def test_nir_waiver_is_refused_but_other_waivers_apply(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT '1 84 12 76 451 089 46' AS numero")
    future = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    waiver = {"rule": "R-ANON-DIRECT-ID", "reason": "essai", "approver": "DPO",
              "approver_role": "DPO", "until": future}  # fmt: skip
    assert run(entry(waivers=[waiver]), data)["R-ANON-DIRECT-ID"].blocks
    scope = {"rule": "R-SCOPE", "reason": "essai", "approver": "X", "until": future}
    result = run(entry(publication_basis=None, waivers=[scope]), data)["R-SCOPE"]
    assert result.verdict == "WAIVED"
    expired = {**scope, "until": "2020-01-01"}
    assert run(entry(publication_basis=None, waivers=[expired]), data)["R-SCOPE"].verdict == "FAIL"


def test_personal_column_needs_a_decision_or_a_legislative_basis(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 'Durand' AS nom, 3 AS n")
    assert run(entry(), data)["R-ANON-REQUIRED"].blocks
    decree = {"public_columns": ["nom"], "public_columns_basis": {"nom": "law:décret 2017-779"}}
    assert run(entry(personal_data=decree), data)["R-ANON-REQUIRED"].blocks
    law = {"public_columns": ["nom"], "public_columns_basis": {"nom": "law:L2121-25 CGCT"}}
    assert run(entry(personal_data=law), data)["R-ANON-REQUIRED"].verdict == "PASS"


def test_d312_exemption_codes(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 'Durand' AS nom")
    bad = {"public_columns": ["nom"], "public_columns_basis": {"nom": "D312-1-3:sport"}}
    good = {"public_columns": ["nom"], "public_columns_basis": {"nom": "D312-1-3:vie-politique"}}
    assert run(entry(personal_data=bad), data)["R-ANON-EXEMPT"].blocks
    no_notice = run(entry(personal_data=good), data)["R-ANON-EXEMPT"]
    assert (no_notice.verdict, no_notice.severity) == ("FAIL", "WARN")
    ok = entry(personal_data=good, information_notice_url="https://example.org/mentions")
    assert run(ok, data)["R-ANON-EXEMPT"].verdict == "PASS"


def test_pseudonymized_column_blocks(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 'a1b2' AS usager, 1 AS n")
    policy = {"columns": {"usager": "pseudonymize"}}
    assert run(entry(personal_data=policy), data)["R-ANON-PSEUDO"].blocks
    assert run(entry(), data)["R-ANON-PSEUDO"].verdict == "PASS"


def _people(tmp_path: Path, n_small: int) -> Path:
    return parquet(
        tmp_path,
        f"SELECT '30-39' AS age, 'Lattes' AS commune FROM range(3) UNION ALL "
        f"SELECT '40-49', 'Pérols' FROM range({n_small})",
    )


def test_k_anonymity(tmp_path: Path) -> None:
    e = entry(record_subject="natural_person", personal_data=PERSON_POLICY)
    assert run(e, _people(tmp_path, 1))["R-ANON-K"].blocks
    result = run(e, _people(tmp_path, 2))["R-ANON-K"]
    assert (result.verdict, result.evidence["k_achieved"]) == ("PASS", 2)
    missing_subject = entry(record_subject=None)  # conservative: treated as mixed
    assert run(missing_subject, _people(tmp_path, 2))["R-ANON-K"].blocks


def test_free_text_with_a_person_name_blocks(tmp_path: Path) -> None:
    data = parquet(
        tmp_path,
        "SELECT 'Plainte déposée par Mme Martin au sujet du bruit nocturne' AS commentaire",
    )
    assert run(entry(), data)["R-ANON-FREE-TEXT"].blocks
    clean = parquet(
        tmp_path, "SELECT 'Réparation de la fontaine de la place centrale' AS c", "b.parquet"
    )
    assert run(entry(), clean)["R-ANON-FREE-TEXT"].verdict == "PASS"


def test_anonymization_documentation(tmp_path: Path) -> None:
    data = _people(tmp_path, 2)
    e = entry(record_subject="natural_person", personal_data=PERSON_POLICY)
    assert run(e, data)["R-ANON-DOC"].blocks
    reviewed = entry(record_subject="natural_person", personal_data=PERSON_POLICY,
                     anonymisation_review={"by": "DPO", "date": datetime.now(UTC).date()})  # fmt: skip
    assert run(reviewed, data, anonymization_report={"k": 2})["R-ANON-DOC"].verdict == "PASS"


def test_subsidies_schema_and_essential_rows() -> None:
    folder = SHARED / "schemas/scdl/subventions"
    e = entry(schema="scdl/subventions", record_subject="legal_person")
    bad = run(e, folder / "exemple_invalide_erreurs_cellules.csv")
    assert bad["R-SCHEMA"].blocks and bad["R-SUBV-ESSENTIAL"].blocks
    assert bad["R-SCHEMA-CUSTOM"].blocks
    good = run(e, folder / "exemple_valide.csv")
    assert good["R-SCHEMA"].verdict == "PASS"
    assert good["R-SUBV-ESSENTIAL"].verdict == "PASS"
    missing = run(e, folder / "exemple_valide.csv", expected_essential_rows=10_000)
    assert missing["R-SUBV-ESSENTIAL"].blocks


def test_schema_errors_name_the_same_fields_as_frictionless() -> None:
    example = SHARED / "schemas/scdl/subventions/exemple_invalide_erreurs_colonnes.csv"
    result = run(entry(schema="scdl/subventions"), example)["R-SCHEMA"]
    fields = {e["field"] for e in result.evidence["errors"] if e["severity"] == "BLOCK"}
    assert fields == {"nomBeneficiaire", "pourcentageSubvention", "dateConvention",
                      "rnaBeneficiaire", "montant", "notificationUE", "idAttribuant",
                      "datesPeriodeVersement", "nature"}  # fmt: skip


def test_deliberation_naming_a_private_person_blocks(tmp_path: Path) -> None:
    data = parquet(
        tmp_path,
        "SELECT * FROM (VALUES ('Vente d''un terrain à M. Dupont', '3.5'), "
        "('Rapport présenté par M. Saurel', '1.1')) v(DELIB_OBJET, DELIB_MATIERE_CODE)",
    )
    result = run(entry(), data, elected_roster={"Michaël Delafosse"})["R-DELIB-NOMINATIVE"]
    assert result.blocks and result.evidence["names_not_on_roster"] == {"DELIB_OBJET": 2}
    roster = {"Pierre Dupont", "Jean Saurel"}
    assert run(entry(), data, elected_roster=roster)["R-DELIB-NOMINATIVE"].verdict == "PASS"


def test_parking_file_against_national_schema() -> None:
    folder = SHARED / "schemas/etalab/schema-stationnement"
    e = entry(schema="etalab/schema-stationnement", geo={"longitude": "Xlong", "latitude": "Ylat"})
    assert run(e, folder / "exemple-invalide.csv")["R-MOBILITY-NAP"].blocks
    assert run(e, folder / "exemple-valide.csv")["R-MOBILITY-NAP"].verdict == "PASS"


def test_swapped_coordinates_block(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 43.61 AS longitude, 3.87 AS latitude")
    assert run(entry(), data)["R-GEO"].blocks


def test_open_format_and_csv_dialect(tmp_path: Path, assets_file: Path) -> None:
    pdf = tmp_path / "essai.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert run(entry(), assets_file, published_files=[pdf])["R-OPEN-FORMAT"].blocks
    fake = tmp_path / "essai.parquet"
    fake.write_text("a,b\n1,2\n")
    assert run(entry(), assets_file, published_files=[fake])["R-OPEN-FORMAT"].blocks
    ragged = tmp_path / "essai.csv"
    ragged.write_bytes(b"code,places\nP1,3\nP2\n")
    result = run(entry(), assets_file, published_files=[ragged])["R-CSV-DIALECT"]
    assert result.blocks and result.evidence["essai.csv"]["ragged_rows"] == 1
    latin = tmp_path / "latin.csv"
    latin.write_bytes("nom,lieu\nA,Pérols\n".encode("latin-1"))
    assert run(entry(), assets_file, published_files=[latin])["R-CSV-DIALECT"].blocks
    good = tmp_path / "good.csv"
    good.write_text("code,places\nP1,3\n", encoding="utf-8")
    assert run(entry(), assets_file, published_files=[good])["R-CSV-DIALECT"].verdict == "PASS"


def test_free_access(assets_file: Path) -> None:
    urls = ["https://data.example.org/essai.csv?apikey=123"]
    assert run(entry(), assets_file, download_urls=urls)["R-FREE"].blocks
    assert run(entry(tags={"tarif": "10"}), assets_file)["R-FREE"].blocks
    ok = run(entry(), assets_file, download_urls=["https://data.example.org/essai.csv?v=2"])
    assert ok["R-FREE"].verdict == "PASS"


def test_reuse_conditions_disclose_treatments(assets_file: Path) -> None:
    policy = {"columns": {"nom": "drop"}}
    result = run(entry(personal_data=policy), assets_file)["R-REUSE-CONDITIONS"]
    assert (result.verdict, result.severity) == ("FAIL", "WARN")
    described = entry(personal_data=policy, description=entry().description +
                      " Traitements appliqués : nom : drop.")  # fmt: skip
    assert run(described, assets_file)["R-REUSE-CONDITIONS"].verdict == "PASS"


def test_metadata(assets_file: Path) -> None:
    short = run(entry(description="court", keywords=[]), assets_file)["R-METADATA"]
    assert (short.verdict, short.severity) == ("FAIL", "WARN")
    assert run(entry(publisher=""), assets_file)["R-METADATA"].blocks


BOTH_PORTALS = {"montpellier": {"name": "essai"}, "herault_data": {"dataset_id": "essai-3m"}}
API = {"api_urls": ["https://api.example.org/datasets/essai/"],
       "download_urls": ["https://api.example.org/datasets/essai/exports/csv"]}  # fmt: skip


def test_high_value_dataset(assets_file: Path) -> None:
    odbl = entry(high_value="mobility", licence="odbl-1.0", portals=BOTH_PORTALS)
    assert "ODbL" in run(odbl, assets_file, **API)["R-HVD"].message_fr
    one_portal = run(entry(high_value="mobility", portals={"montpellier": {"name": "essai"}}),
                     assets_file, **API)["R-HVD"]  # fmt: skip
    assert one_portal.blocks and "Hérault Data" in one_portal.message_fr
    ok = entry(high_value="mobility", portals=BOTH_PORTALS)
    assert run(ok, assets_file)["R-HVD"].blocks  # no API declared
    no_bulk = run(ok, assets_file, api_urls=API["api_urls"])["R-HVD"]
    assert no_bulk.blocks and "téléchargeable en masse" in no_bulk.message_fr
    assert run(ok, assets_file, **API)["R-HVD"].verdict == "PASS"
    assert run(entry(), assets_file)["R-HVD"].verdict == "NOT_APPLICABLE"


def test_a_share_alike_source_keeps_its_licence(assets_file: Path) -> None:
    source = {**entry().source.model_dump(), "licence": "odbl-1.0"}
    relicensed = run(entry(source=source), assets_file)["R-LICENCE"]
    assert relicensed.blocks and "partage à l'identique" in relicensed.message_fr
    assert run(entry(source=source, licence="odbl-1.0"), assets_file)["R-LICENCE"].verdict == "PASS"


def test_freshness(assets_file: Path) -> None:
    now = datetime.now(UTC)
    stale = run(entry(frequency="monthly"), assets_file, modified=now - timedelta(days=60))
    assert (stale["R-FRESHNESS"].verdict, stale["R-FRESHNESS"].severity) == ("FAIL", "WARN")
    fresh = run(entry(frequency="monthly"), assets_file, modified=now - timedelta(days=10))
    assert fresh["R-FRESHNESS"].verdict == "PASS"


def test_integrity(tmp_path: Path, assets_file: Path) -> None:
    published = tmp_path / "essai.csv"
    published.write_text("code,places\nP1,3\n", encoding="utf-8")
    recorded = {"essai.csv": sha256_file(published)}
    ctx = {"published_files": [published], "validated_checksums": recorded}
    assert run(entry(), assets_file, **ctx)["R-INTEGRITY"].verdict == "PASS"
    published.write_text("code,places\nP1,4\n", encoding="utf-8")
    assert run(entry(), assets_file, **ctx)["R-INTEGRITY"].blocks


def test_secrets(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 1 AS salaire, 2 AS n")
    policy = {"secret_columns": ["salaire"], "not_personal": {"salaire": "x"}}
    assert run(entry(personal_data=policy), data)["R-SECRETS"].blocks


def test_masked_natural_person_without_identifier_is_only_a_warning(tmp_path: Path) -> None:
    valid = SHARED / "schemas/scdl/subventions/exemple_valide.csv"
    lines = valid.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = next(csv_row for csv_row in csv.reader(lines[1:2]))
    for column, value in (("nomBeneficiaire", "Personne physique"), ("idBeneficiaire", ""),
                          ("rnaBeneficiaire", "")):  # fmt: skip
        cells[header.index(column)] = value
    masked = tmp_path / "masked.csv"
    with masked.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, cells])
    e = entry(schema="scdl/subventions", record_subject="legal_person")
    result = run(e, masked)["R-SCHEMA-CUSTOM"]
    assert (result.verdict, result.severity) == ("FAIL", "WARN")
    assert run(e, valid)["R-SCHEMA-CUSTOM"].verdict == "PASS"


def test_weak_hits_from_the_anonymization_engine_warn(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 'x' AS info")
    weak = run(entry(), data, personal_scan={"info": {"plate": 7}})["R-ANON-DIRECT-ID"]
    assert (weak.verdict, weak.severity) == ("FAIL", "WARN")
    few = run(entry(), data, personal_scan={"info": {"plate": 2}})["R-ANON-DIRECT-ID"]
    assert few.verdict == "PASS" and few.evidence["weak_hits"] == {"info": {"plate": 2}}
    unknown = run(entry(), data, personal_scan={"info": {"caf": 1}})["R-ANON-DIRECT-ID"]
    assert unknown.blocks


def test_csv_value_style_warns_except_for_schema_formats(tmp_path: Path, assets_file: Path) -> None:
    styled = tmp_path / "styled.csv"
    styled.write_text('code,date,montant\nP1,26/05/2010,"3,5"\n', encoding="utf-8")
    result = run(entry(), assets_file, published_files=[styled])["R-CSV-DIALECT"]
    assert (result.verdict, result.severity) == ("FAIL", "WARN")
    style = result.evidence["styled.csv"]["style_columns"]
    assert style == {"french_date": ["date"], "decimal_comma": ["montant"]}
    # SCDL subventions writes notificationUE as oui/non: its schema wins (precedence 1)
    valid = SHARED / "schemas/scdl/subventions/exemple_valide.csv"
    e = entry(schema="scdl/subventions", record_subject="legal_person")
    scdl = run(e, valid, published_files=[valid])["R-CSV-DIALECT"]
    assert "french_boolean" not in scdl.evidence["exemple_valide.csv"]["style_columns"]


def test_k_anonymity_ignores_declared_functional_contacts_of_legal_persons(tmp_path: Path) -> None:
    data = parquet(tmp_path, "SELECT 'Club de foot' AS club, 'contact@club.fr' AS contact_club")
    policy = {"not_personal": {"contact_club": "adresse fonctionnelle d'une association"}}
    e = entry(record_subject="legal_person", personal_data=policy)
    assert run(e, data)["R-ANON-K"].verdict == "NOT_APPLICABLE"
    undeclared = entry(record_subject="legal_person")
    assert run(undeclared, data)["R-ANON-K"].blocks  # person-level hits, no QI declared


def test_bike_share_feed_freshness(realdata: Path, tmp_path: Path) -> None:
    status = json.loads((realdata / "bikeshare/gbfs_station_status_3stations.json").read_text())
    updated = datetime.fromtimestamp(int(status["last_updated"]), UTC)  # GBFS 2.x: POSIX time
    data = parquet(tmp_path, "SELECT 'st1' AS station_id, 3 AS num_bikes_available")
    e = entry(source={"kind": "gbfs", "url": "https://example.org/gbfs.json"})
    ttl = int(status["ttl"])
    late = run(e, data, feed_last_updated=updated, feed_ttl_s=ttl,
               now=updated + timedelta(seconds=2 * max(ttl, 60) + 1))["R-MOBILITY-NAP"]  # fmt: skip
    assert (late.verdict, late.severity) == ("FAIL", "WARN")
    fresh = run(e, data, feed_last_updated=updated, feed_ttl_s=ttl,
                now=updated + timedelta(seconds=30))["R-MOBILITY-NAP"]  # fmt: skip
    assert fresh.verdict == "PASS"


class _Portal(BaseHTTPRequestHandler):
    """A portal on loopback: one open CSV, one CSV path serving a login page, one 403."""

    def do_GET(self) -> None:
        if self.path == "/open.csv":
            status, kind, body = 200, "text/csv; charset=utf-8", b"code,places\nP1,3\n"
        elif self.path == "/login.csv":
            status, kind, body = 200, "text/html", b"<html>Connexion</html>"
        else:
            status, kind, body = 403, "text/plain", b"interdit"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_anonymous_download_in_live_mode(assets_file: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        live = {"offline": False}
        ok = run(entry(), assets_file, download_urls=[f"{base}/open.csv"], **live)["R-FREE"]
        assert (ok.verdict, ok.evidence["anonymous_download"]) == ("PASS", "1/1")
        for path in ("/login.csv", "/private.csv"):
            bad = run(entry(), assets_file, download_urls=[f"{base}{path}"], **live)["R-FREE"]
            assert bad.blocks, path
        offline = run(entry(), assets_file, download_urls=[f"{base}/private.csv"])["R-FREE"]
        assert offline.evidence["anonymous_download"] == "SKIPPED (hors ligne)"
    finally:
        server.shutdown()
        server.server_close()


def test_results_of_the_anonymization_engine_feed_the_rules(tmp_path: Path) -> None:
    from opendata_pipeline.anonymize.kanon import k_anonymity
    from opendata_pipeline.anonymize.scan import find_direct_identifiers

    data = parquet(
        tmp_path,
        "SELECT * FROM (VALUES ('voir jean.dupont@orange.fr', 'Lattes', '30-39'), "
        "('rien', 'Lattes', '30-39')) v(note, commune, age)",
    )
    policy = {"quasi_identifiers": ["commune", "age"], "k": 5}
    e = entry(record_subject="natural_person", personal_data=policy)
    context = {
        "personal_scan": find_direct_identifiers(data),
        "k_achieved": k_anonymity(data, ["commune", "age"]),
    }
    results = run(e, data, **context)
    assert results["R-ANON-DIRECT-ID"].evidence["hits_outside_public_columns"] == {
        "note": {"email": 1}
    }
    assert results["R-ANON-K"].blocks and results["R-ANON-K"].evidence["k_achieved"] == 2


def test_an_organisations_kept_landlines_are_not_leftovers(tmp_path: Path) -> None:
    """A file naming no person: the anonymizer kept the landlines of a neutral-header phone
    column; the gate decides again and counts only the mobile left in it."""
    data = parquet(
        tmp_path,
        "SELECT * FROM (VALUES ('Atelier', '04 67 10 20 30'), ('Concert', '04 99 52 00 11'), "
        "('Troc', '06 71 22 33 44')) v(intitule, renseignements)",
    )
    column = {"column": "renseignements", "action": "redact", "kind": "phone"}
    clean = {"anonymization": {"columns": [column | {"decided_by": "auto", "organisations": True}]}}
    results = run(entry(), data, clean_report=clean)
    evidence = results["R-ANON-DIRECT-ID"].evidence
    assert evidence["hits_outside_public_columns"] == {"renseignements": {"phone": 1}}
    assert evidence["hits_on_legal_persons_rows"] == {"renseignements": {"phone": 2}}
    clean = {"anonymization": {"columns": [column | {"decided_by": "auto"}]}}
    evidence = run(entry(), data, clean_report=clean)["R-ANON-DIRECT-ID"].evidence
    assert evidence["hits_outside_public_columns"] == {"renseignements": {"phone": 3}}
