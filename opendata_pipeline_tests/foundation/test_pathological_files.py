"""Files as stewards really drop them, generated here, through `opendata-pipeline scan --json`:
each is read (the right rows and columns, warnings naming the lines) or refused with a named
kind and a French sentence; never a traceback, never an empty success."""

from __future__ import annotations

import codecs
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from opendata_pipeline.cli.main import main

ROWS = [
    ("École Jules Ferry", "Montpellier", "1 200,50"),
    ("Crèche des Arceaux", "Montpellier", "850,00"),
    ("Gymnase Fontcarrade", "Lattes", "3 100,00"),
    ("Médiathèque Émile Zola", "Montpellier", "12 400,00"),
]
TABLE = "nom;commune;montant\n" + "".join(";".join(r) + "\n" for r in ROWS)


def _mac_roman_cr(path: Path) -> None:
    """A classic Mac export: Mac Roman, CR line ends, about 170 rows."""
    lines = ["Équipement;Adresse;Capacité;Fréquentation"] + [
        f"Équipement n°{i};{i} rue de l'Aiguillerie;{i * 3};{i},5" for i in range(170)
    ]
    path.write_bytes("\r".join(lines).encode("mac_roman") + b"\r")


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# name → (how to write it, what scan must say: rows read, or the kind of refusal)
CASES: dict[str, tuple[Callable[[Path], None], dict[str, Any]]] = {
    "mac_roman_cr.csv": (_mac_roman_cr, {"rows": 170, "encoding": "mac_roman", "line_end": "CR"}),
    "utf16_bom.csv": (
        lambda p: p.write_bytes(codecs.BOM_UTF16_LE + TABLE.encode("utf-16-le")),
        {"rows": 4, "encoding": "utf-16"},
    ),
    "utf16le_sans_bom.csv": (
        lambda p: p.write_bytes(TABLE.encode("utf-16-le")),
        {"rows": 4, "encoding": "utf-16-le"},
    ),
    "utf16be_sans_bom.csv": (
        lambda p: p.write_bytes(TABLE.encode("utf-16-be")),
        {"rows": 4, "encoding": "utf-16-be"},
    ),
    "fins_de_ligne_melangees.csv": (
        lambda p: p.write_bytes(b"a;b\r\n1;2\n3;4\r5;6\r\n"),
        {"rows": 3, "line_end": "mixed"},
    ),
    "preambule.json": (
        lambda p: p.write_text(
            "Export du capteur généré le 12/03/2019 à 10:00:00\n"
            + json.dumps({"A1": {"nom": "Comédie", "v": 3}, "B2": {"nom": "Gare", "v": 5}})
            + "\nFin de l'export\n",
            "utf-8",
        ),
        {
            "rows": 2,
            "warnings": [
                "ligne 1 de texte ignorée(s) avant le JSON",
                "ligne 3 de texte ignorée(s) après le JSON",
            ],
        },
    ),
    "titre_puis_tableau.csv": (
        lambda p: p.write_text("Subventions 2023 : état au 12/03/2024\n\n" + TABLE, "utf-8"),
        {"rows": 4, "warnings": ["ligne 1 ignorée(s) avant l'en-tête (titre ou préambule)"]},
    ),
    "notes_sous_le_tableau.csv": (
        lambda p: p.write_text(
            "Population légale 2021\n\n" + TABLE + "\nSource : Insee, RP2021\nChamp : Métropole\n",
            "utf-8",
        ),
        {
            "rows": 4,
            "warnings": [
                "ligne 1 ignorée(s) avant l'en-tête (titre ou préambule)",
                "lignes 9, 10 ignorée(s) après le tableau (notes, source)",
            ],
        },
    ),
    "sans_fin_de_ligne.csv": (lambda p: p.write_text(TABLE.rstrip("\n"), "utf-8"), {"rows": 4}),
    "derniere_ligne_coupee.csv": (
        lambda p: p.write_text(TABLE + "Piscine Olympique;Montp", "utf-8"),
        {"refused": "unreadable", "says": "fichier tronqué"},
    ),
    "octets_nul.csv": (
        lambda p: p.write_bytes(
            TABLE.encode().replace(b"Gymnase", b"Gym\x00\x00nase") + b"\x00" * 64
        ),
        {"rows": 4, "warnings": ["octets NUL supprimés (fichier abîmé ou mal exporté)"]},
    ),
    "une_colonne.csv": (
        lambda p: p.write_text("commune\nLattes\nPérols\nGrabels\n", "utf-8"),
        {"rows": 3, "columns": ["commune"]},
    ),
    "entete_seul.csv": (
        lambda p: p.write_text("nom;commune;montant\n", "utf-8"),
        {"refused": "header_only", "says": "3 colonne(s) : nom, commune, montant"},
    ),
    "page_erreur.csv": (
        lambda p: p.write_text(
            "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
            "<body><h1>Not Found</h1></body></html>\n",
            "utf-8",
        ),
        {"refused": "html_page", "says": "page HTML"},
    ),
    "archive.zip": (
        lambda p: _zip(p, {"donnees/equipements.csv": TABLE.encode("cp1252")}),
        {"rows": 4, "encoding": "cp1252"},
    ),
    "archive_avec_notice.zip": (
        lambda p: _zip(p, {"equipements.csv": TABLE.encode(), "notice.pdf": b"%PDF-1.4"}),
        {
            "rows": 4,
            "warnings": ["archive : « equipements.csv » lu, 1 autre(s) fichier(s) non lu(s)"],
        },
    ),
    "archive_insee.zip": (
        lambda p: _zip(
            p, {"base.csv": (TABLE + TABLE.split("\n", 1)[1] * 19).encode(), "varmod.csv": b"V;M\n"}
        ),
        {
            "rows": 80,
            "warnings": ["archive : « base.csv » lu, 1 autre(s) fichier(s) non lu(s)"],
        },
    ),
    "archive_shapefile.zip": (
        lambda p: _zip(
            p, {"voies.shp": b"\x00\x00\x27\x0a", "voies.dbf": b"\x03", "voies.prj": b"PROJCS"}
        ),
        {"refused": "shapefile", "says": "convertissez-la en GeoJSON"},
    ),
    "accents_apres_le_premier_mio.csv": (
        lambda p: p.write_bytes(
            b"id;libelle\n"
            + b"".join(b"%d;Rue de la Loge\n" % i for i in range(70_000))
            + "99999;Crèche des Arceaux\n".encode("cp1252")
        ),
        {"rows": 70_001, "encoding": "cp1252"},
    ),
    "archive_deux_tableaux.zip": (
        lambda p: _zip(p, {"a.csv": TABLE.encode(), "b.csv": TABLE.encode()}),
        {"refused": "archive", "says": "l'archive contient 2 fichiers (a.csv, b.csv)"},
    ),
    "classeur.xlsx": (
        lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
        {"refused": "spreadsheet", "says": "enregistrez la feuille en CSV"},
    ),
    "vide.csv": (lambda p: p.write_bytes(b""), {"refused": "empty_file", "says": "fichier vide"}),
    "lignes_blanches.csv": (
        lambda p: p.write_bytes(b"\n\n  \n"),
        {"refused": "empty_file", "says": "aucune ligne de texte"},
    ),
    "notice.txt": (
        lambda p: p.write_text(
            "NOTICE\n\nCe jeu de données recense les équipements sportifs de la ville.\n\n"
            "Producteur : Direction des sports, mise à jour annuelle.\n",
            "utf-8",
        ),
        {"refused": "text_document", "says": "document texte"},
    ),
    "document.pdf": (
        lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        {"refused": "pdf", "says": "document PDF"},
    ),
    "cyrillique_cp1251.csv": (
        lambda p: p.write_bytes(
            ("Город;Значение\n" + "".join(f"Москва {i};{i}\n" for i in range(30))).encode("cp1251")
        ),
        {"rows": 30, "encoding": "cp1251", "method": "charset-normalizer"},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_read_or_named_refusal(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write, expected = CASES[name]
    path = tmp_path / name
    write(path)
    code = main(["scan", "--json", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    report = json.loads(out)
    assert report["kind"] != "internal_error", report["error"]
    if "refused" in expected:
        assert code == 2
        assert report["kind"] == expected["refused"] and report["read"] is False
        assert expected["says"] in report["error"] and name in report["error"]
        return
    assert code == 0, err
    read = report["input"]
    assert read["rows"] == expected["rows"]
    assert read["warnings"] == expected.get("warnings", [])
    if "encoding" in expected:
        assert read["encoding"] == expected["encoding"]
    if "method" in expected:
        assert read["details"]["encoding_method"] == expected["method"]
        assert 0 < read["details"]["encoding_confidence"] <= 1
    if "line_end" in expected:
        assert read["details"]["line_end"] == expected["line_end"]
    if "columns" in expected:
        assert [c["name"] for c in read["columns"]] == expected["columns"]


def test_mac_roman_cr_values_are_decoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mac.csv"
    _mac_roman_cr(path)
    assert main(["scan", "--json", str(path)]) == 0
    read = json.loads(capsys.readouterr().out)["input"]
    assert [c["name"] for c in read["columns"]] == [
        "Équipement", "Adresse", "Capacité", "Fréquentation",
    ]  # fmt: skip
    assert read["details"]["encoding_method"] == "french"
