"""Alert building (what kind of problem, what is copied from check metadata) and the French
texts, without any server."""

from __future__ import annotations

import pytest

from opendata_pipeline.alerts.build import check_failure_alert, step_failure_alert
from opendata_pipeline.alerts.model import Alert
from opendata_pipeline.alerts.redact import scrub_text
from opendata_pipeline.alerts.render import asset_link, render_alert, run_link
from opendata_pipeline_tests.alerts.conftest import STEWARD


@pytest.mark.parametrize(
    ("stage", "error_class", "kind", "title"),
    [
        ("raw", "FetchError", "source_down", "Source injoignable"),
        ("raw", "ConnectTimeout", "source_down", "Source injoignable"),
        ("raw", "DatasetError", "data_quality", "Données illisibles ou invalides"),
        ("clean", "DatasetError", "data_quality", "Données illisibles ou invalides"),
        ("raw", "KeyError", "run_failure", "Échec technique du traitement"),
        ("portal_herault", "HTTPError", "portal_down", "Portail Hérault Data indisponible"),
        ("portal_montpellier", None, "portal_down", "Portail data.montpellier3m.fr indisponible"),
        ("published", "OSError", "run_failure", "Échec technique du traitement"),
    ],
)
def test_step_failures_tell_down_from_bad_data(
    stage: str, error_class: str | None, kind: str, title: str
) -> None:
    alert = step_failure_alert("parkings", stage, error_class, STEWARD, None)
    assert (alert.kind, alert.title_fr, alert.problem) == (
        kind,
        title,
        ("parkings", f"step:{stage}"),
    )


def test_check_alert_copies_only_rule_counts_and_column_names() -> None:
    alert = check_failure_alert(
        "budget",
        "k_anonymity",
        {
            "rule_id": "R-K-ANON",
            "message_fr": "Groupes trop petits",
            "groupes_trop_petits": 4,
            "k": 5,
            "reached": False,
            "dagster/row_count": 120,
            "exemple": "Dupont, 34000",
            "columns": ["Âge", "Commune"],
        },
        STEWARD,
        None,
        blocks_publication=False,
    )
    assert alert.counts == {"groupes_trop_petits": 4, "k": 5}
    assert alert.columns == ("Âge", "Commune")
    assert alert.problem_key == "check:k_anonymity"
    assert alert.what_to_do_fr.endswith("Ce contrôle ne bloque pas la publication.")
    assert "Dupont" not in str(alert.to_dict())
    assert Alert.from_dict(alert.to_dict()) == alert


def test_check_alert_without_rule_metadata_still_says_what_failed() -> None:
    alert = check_failure_alert("budget", "table_schema", {}, STEWARD, None)
    assert alert.rule_id is None
    assert alert.title_fr == "Données non conformes (contrôle « table_schema »)"
    assert alert.message_fr == "Le contrôle « table_schema » a échoué."


def test_optional_metadata_left_out_by_a_portal_tells_the_steward_what_to_do() -> None:
    """The WARN check of a portal asset (a theme Hérault Data lacks): published, with advice."""
    message = "Publié sur Hérault Data sans certaines métadonnées facultatives :\n- thème « HEAL »"
    alert = check_failure_alert(
        "budget", "optional_metadata", {"message_fr": message, "warnings": 1}, STEWARD, None,
        blocks_publication=False,
    )  # fmt: skip
    assert alert.title_fr == "Métadonnée facultative non publiée"
    assert alert.message_fr == message and alert.counts == {"warnings": 1}
    assert "administrateur" in alert.what_to_do_fr
    assert alert.what_to_do_fr.endswith("Ce contrôle ne bloque pas la publication.")


@pytest.mark.parametrize(
    "text",
    [
        "contact jean.dupont@example.org",
        "tel 06 12 34 56 78",
        "tel +33 6 12 34 56 78",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "NIR 1 85 05 78 006 084 36",
    ],
)
def test_scrub_masks_personal_values(text: str) -> None:
    scrubbed = scrub_text(text)
    assert "[masqué]" in scrubbed
    assert not any(ch.isdigit() for ch in scrubbed.split(" ", 1)[1].replace("[masqué]", ""))


def test_scrub_keeps_counts_rule_ids_and_dates() -> None:
    text = "R-PD-01 : 12 lignes sur 1500 le 2026-11-29, colonne « Nom »"
    assert scrub_text(text) == text


def test_html_body_escapes_column_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAGSTER_UI_URL", "https://dagster.example.org/")
    alert = check_failure_alert(
        "budget", "table_schema", {"columns": ["<b>Montant</b>"]}, STEWARD, run_link("r 1")
    )
    rendered = render_alert(alert)
    assert "&lt;b&gt;Montant&lt;/b&gt;" in rendered.html and "<b>Montant" not in rendered.html
    assert "https://dagster.example.org/runs/r%201" in rendered.text
    assert asset_link(["published", "budget"]) == (
        "https://dagster.example.org/assets/published/budget"
    )


def test_no_ui_link_without_dagster_ui_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DAGSTER_UI_URL", raising=False)
    assert run_link("abc") is None
    rendered = render_alert(step_failure_alert("budget", "raw", "FetchError", STEWARD, None))
    assert "Voir dans Dagster" not in rendered.text


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown alert kind"):
        Alert("d", "p", "oops", None, "t", "m", {}, "w", None, "a@b.org", "A")  # type: ignore[arg-type]
