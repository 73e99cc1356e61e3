"""A chat or text-message export pasted in a note: each line's sender, between the message's
stamp and its colon (or before the stamp in brackets), is a person, named alone by a first name
or with an initial; a service or a stamp without a name stays. Through the command line, with
invented rows."""

from __future__ import annotations

from pathlib import Path

from opendata_pipeline_tests.anonymize.cli import anonymize_rows

SENDERS = [
    ("Copie du fil Signal : [0{d}/02 18:45] Géraldine : « je prends la clé demain »", "Géraldine"),
    ("Message du groupe : 1{d}/05/2024 09:12 - Anselme : je passe à 10h", "Anselme"),
    ("Échange SMS : Honorine (1{d}/03 10:02) : je confirme pour jeudi", "Honorine"),
    ("[2{d}/09/2025, 07:30:12] ~ Océane B. : « ok pour le local »", "Océane B."),
]
KEPT = [
    "[1{d}:02] Mairie : fermeture exceptionnelle du local jeudi.",
    "Rapport (1{d}/03/2024) : rien à signaler sur le créneau.",
]


def test_a_chat_exports_senders_go_and_a_services_line_stays(
    tmp_path: Path, opendata_home: Path
) -> None:
    texts = [t for t, _ in SENDERS] + KEPT
    rows = [[f"R{i:03d}", texts[i % 6].format(d=i % 10)] for i in range(36)]
    after = anonymize_rows(tmp_path, ["Référence", "Remarques"], rows)
    for i, ((_, text), out) in enumerate(zip(rows, after, strict=True)):
        if i % 6 < len(SENDERS):
            sender = SENDERS[i % 6][1]
            assert sender not in out["Remarques"] and "[NOM]" in out["Remarques"], out
        else:
            assert out["Remarques"] == text
