"""OpenDataSoft contract fidelity (portal-apis.md §3, §9.3): what a strict server refuses.

The fake refuses what the documentation does not allow; these tests show it does (so that the
client's tests catch the class of bug), then that the client's requests are all documented.
"""

from __future__ import annotations

import re

import pytest
import requests

from opendata_pipeline.catalog.model import ColumnDoc
from opendata_pipeline.publish.errors import PortalUnavailable, PortalValidationError
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline_tests.publish.conftest import ROWS, make_entry, write_published
from opendata_pipeline_tests.publish.fakes.ods import FakeOds

KEY = {"Authorization": "apikey key-publisher"}


def _client(fake: FakeOds, policy: RetryPolicy, **kw) -> OdsPublisher:
    return OdsPublisher("herault_data", fake.url, "key-publisher", policy=policy,
                        poll_s=(0.01, 0.01), **kw)  # fmt: skip


def _get(fake: FakeOds, path: str, **params) -> requests.Response:
    return requests.get(f"{fake.url}/api/automation/v1.0{path}", params=params, headers=KEY,
                        timeout=5)  # fmt: skip


def _meta(fake: FakeOds, template: str, field: str):
    (dataset,) = fake.datasets.values()
    return dataset["metadata"][template][field]["value"]


# -- the fake is as strict as the documentation ----------------------------------------------
def test_fake_requires_query_on_suggest_and_refuses_undocumented_parameters(fake_ods) -> None:
    suggest = "/metadata/templates/internal/fields/license_id/suggest/"
    assert _get(fake_ods, suggest, count=100).status_code == 400  # `query` is required
    assert _get(fake_ods, suggest, query="Licence", count=100).json()["hits"] == [
        {"value": "5sylls5", "label": "Licence Ouverte v2.0 (Etalab)"}
    ]
    assert _get(fake_ods, "/datasets/", q="x").status_code == 400
    assert _get(fake_ods, "/datasets/", limit=5000).status_code == 400
    assert _get(fake_ods, "/metadata/templates/dcat/fields/", limit=10).status_code == 200
    wrong_verb = requests.delete(f"{fake_ods.url}/api/automation/v1.0/datasets/", headers=KEY,
                                 timeout=5)  # fmt: skip
    assert wrong_verb.status_code == 405


def test_fake_refuses_unknown_template_fields_and_field_configuration_keys(fake_ods) -> None:
    base = f"{fake_ods.url}/api/automation/v1.0"
    body = {"dataset_id": "x", "metadata": {
        "default": {"title": {"value": "T"}, "modified": {"value": "2026-01-01T00:00:00Z"},
                    "language": {"value": "fr"}},
        "dcat": {"identifier": {"value": "https://example.org/id/x"}}}}  # fmt: skip
    refused = requests.post(f"{base}/datasets/", json=body, headers=KEY, timeout=5)
    assert refused.status_code == 400 and "dcat.identifier" in refused.json()["detail"]
    del body["metadata"]["dcat"]
    uid = requests.post(f"{base}/datasets/", json=body, headers=KEY, timeout=5).json()["uid"]
    for config, where in [
        ({"type": "type", "field": "x", "type_param": "int"}, "label"),  # label is required
        ({"type": "rename", "label": "l", "from_name": "x", "to_name": "x"}, "field_label"),
        ({"type": "type", "label": "l", "field": "x", "type_param": "boolean"}, "type_param"),
        ({"type": "annotate", "label": "l", "field": "x", "annotation": "facet"}, "annotation"),
        ({"type": "type", "label": "l", "field": "x", "type_param": "int", "extra": 1}, "extra"),
    ]:
        answer = requests.post(f"{base}/datasets/{uid}/fields/", json=config, headers=KEY,
                               timeout=5)  # fmt: skip
        assert answer.status_code == 400 and where in answer.json()["detail"], config


# -- the client's requests ------------------------------------------------------------------
# Every Automation/Explore endpoint the client uses for a file dataset (§3.3, §3.9, §9.2, §9.3);
# the push endpoints are in test_ods_realtime.py.
ENDPOINTS = {
    ("GET", r"/api/automation/v1\.0/metadata/templates/"),
    ("GET", r"/api/automation/v1\.0/metadata/templates/\w+/fields/"),
    ("GET", r"/api/automation/v1\.0/metadata/templates/internal/fields/\w+/suggest/"),
    ("GET", r"/api/automation/v1\.0/datasets/"),
    ("POST", r"/api/automation/v1\.0/datasets/"),
    ("GET", r"/api/automation/v1\.0/datasets/da_\w+/metadata/"),
    ("PUT", r"/api/automation/v1\.0/datasets/da_\w+/metadata/\w+/\w+/"),
    ("GET", r"/api/automation/v1\.0/datasets/da_\w+/status/"),
    ("POST", r"/api/automation/v1\.0/datasets/da_\w+/resources/files/"),
    ("GET", r"/api/automation/v1\.0/datasets/da_\w+/resources/"),
    ("POST", r"/api/automation/v1\.0/datasets/da_\w+/resources/"),
    ("PUT", r"/api/automation/v1\.0/datasets/da_\w+/resources/re_\w+/"),
    ("GET", r"/api/automation/v1\.0/datasets/da_\w+/fields/"),
    ("POST", r"/api/automation/v1\.0/datasets/da_\w+/fields/"),
    ("PUT", r"/api/automation/v1\.0/datasets/da_\w+/fields/pr_\w+/"),
    ("DELETE", r"/api/automation/v1\.0/datasets/da_\w+/fields/pr_\w+/"),
    ("POST", r"/api/automation/v1\.0/datasets/da_\w+/publish/"),
    ("POST", r"/api/automation/v1\.0/datasets/da_\w+/publish_metadata/"),
    ("GET", r"/api/explore/v2\.1/catalog/datasets/[\w-]+"),
}


def test_every_endpoint_the_client_uses_is_answered_2xx(fake_ods, opendata_home, policy) -> None:
    """A file dataset's life (create, new data, new labels, new metadata): every request the
    client sends is one of the documented endpoints and the strict fake accepts all of them."""
    client = _client(fake_ods, policy)
    entry = make_entry(columns={"montant": ColumnDoc(label="Montant", description="Euros.")})
    first = PublishedDataset.load(write_published(opendata_home))
    client.publish(entry, first)
    second = PublishedDataset.load(write_published(opendata_home, rows=ROWS[:2]))
    client.publish(entry, second)
    relabelled = entry.model_copy(update={"columns": {"montant": ColumnDoc(label="Montant €")}})
    client.publish(relabelled, second)
    client.publish(relabelled.model_copy(update={"title": "Autre titre"}), second)
    client.read_back(relabelled, second)
    used = {(c.method, c.path) for c in fake_ods.calls()}
    hit = {e for e in ENDPOINTS if any(m == e[0] and re.fullmatch(e[1], p) for m, p in used)}
    assert hit == ENDPOINTS
    undocumented = [(m, p) for m, p in used
                    if not any(m == e[0] and re.fullmatch(e[1], p) for e in ENDPOINTS)]  # fmt: skip
    assert undocumented == []
    assert [(c.method, c.path, c.status) for c in fake_ods.calls() if c.status >= 300] == []


def test_every_request_of_a_publication_is_documented(fake_ods, entry, published, policy):
    """No 4xx/3xx anywhere: suggest with `query`, templates listed, only existing fields sent."""
    client = _client(fake_ods, policy)
    client.publish(entry, published)
    client.read_back(entry, published)
    refused = [(c.method, c.path, c.query, c.status) for c in fake_ods.calls() if c.status >= 300]
    assert refused == []
    suggests = fake_ods.calls(path="/suggest/")
    assert suggests and all(c.query.get("query") for c in suggests)
    # the domain's templates and their fields are listed once per publisher
    client.publish(entry.model_copy(update={"title": "Nouveau titre"}), published)
    assert len(fake_ods.calls(path="/metadata/templates/", method="GET")) - len(suggests) == 4
    assert [c.path.split("/")[-3] for c in fake_ods.calls(path="/fields/") if
            "/metadata/templates/" in c.path and c.path.endswith("/fields/")] == [
        "default", "internal", "dcat"]  # fmt: skip


def test_fields_the_domain_lacks_go_to_the_description(fake_ods, entry, published, policy):
    fake_ods.templates["dcat"]["is_active"] = False
    result = _client(fake_ods, policy).publish(entry, published)
    (dataset,) = fake_ods.datasets.values()
    assert "dcat" not in dataset["metadata"]
    description = _meta(fake_ods, "default", "description")
    assert "<strong>Contact</strong> : Service Vie associative<br/>" in description
    assert "<strong>Courriel de contact</strong> : vie-associative@example.org" in description
    assert "<strong>Fréquence de mise à jour</strong> : annuelle" in description
    assert result.warnings == [] and "dcat.identifier" in result.notes[0]


def test_a_field_without_a_french_label_is_dropped_with_a_warning(fake_ods, published, policy):
    fake_ods.templates["default"]["fields"].pop("keyword")
    result = _client(fake_ods, policy).publish(make_entry(), published)
    assert result.warnings == [
        "métadonnée default.keyword absente du portail (ou valeur hors de sa liste) : non publiée"
    ]
    (dataset,) = fake_ods.datasets.values()
    assert "keyword" not in dataset["metadata"]["default"]


# -- themes: optional metadata (issue: EU codes against the domain's labels) -----------------
@pytest.mark.parametrize(
    ("themes", "expected"),
    [(["ECON"], ["th_eco"]), (["TRAN", "ENVI"], ["th_mob", "th_env"]),
     (["Économie"], ["th_eco"]), (["Culture, Patrimoine"], ["th_cul"]),
     (["GOVE"], ["th_adm"]), (["Finances publiques"], ["th_adm"]), (["budget"], ["th_eco"])],
)  # fmt: skip
def test_eu_theme_codes_map_to_the_domains_labels(fake_ods, published, policy, themes, expected):
    result = _client(fake_ods, policy).publish(make_entry(themes=themes), published)
    assert _meta(fake_ods, "internal", "theme_id") == expected and result.warnings == []


def test_themes_are_found_by_an_exact_prefix_search_too(fake_ods, published, policy) -> None:
    fake_ods.suggest_folds = False  # "économie" does not start "Economie, Business, PME, …"
    result = _client(fake_ods, policy).publish(make_entry(themes=["ECON", "TRAN"]), published)
    assert _meta(fake_ods, "internal", "theme_id") == ["th_eco", "th_mob"]
    assert result.warnings == []


def test_a_theme_the_domain_lacks_is_published_without_and_warned(fake_ods, published, policy):
    result = _client(fake_ods, policy).publish(make_entry(themes=["HEAL", "ECON"]), published)
    assert result.action == "created"
    assert _meta(fake_ods, "internal", "theme_id") == ["th_eco"]
    assert result.warnings == [
        "thème « HEAL » sans équivalent parmi les thèmes de Hérault Data : publié sans ce thème "
        "(demandez à l'administrateur du portail ou corrigez le catalogue)"
    ]


def test_theme_choices_listed_by_the_domain_need_no_suggest(fake_ods, published, policy):
    fake_ods.theme_choices = True
    _client(fake_ods, policy).publish(make_entry(themes=["TRAN"]), published)
    assert _meta(fake_ods, "internal", "theme_id") == ["th_mob"]
    assert not fake_ods.calls(path="/theme_id/suggest/")


# -- fault profile: 503 storm, slow commit, busy processing ------------------------------------
def test_survives_503s_a_slow_commit_and_a_busy_dataset(fake_ods, entry, published, sleeps):
    policy = RetryPolicy(attempts=3, backoff_s=0.01, read_timeout_s=0.5, sleep=sleeps)
    for path in ("/metadata/templates/", "/datasets/", "/resources/files/", "/status/"):
        fake_ods.fail(path, status=503, times=2)
    fake_ods.fail("/v1.0/datasets/", method="POST", status=504, commit=True, delay_s=1.0)
    client = _client(fake_ods, policy)
    result = client.publish(entry, published)
    assert result.action == "created" and len(fake_ods.datasets) == 1
    (dataset,) = fake_ods.datasets.values()
    dataset.update(status="processing", pending=("publish", 3))  # someone else publishes
    fake_ods.fail("/metadata/default/title/", status=400,
                  body={"error_code": "invalid_dataset_status", "message": "processing"})  # fmt: skip
    client.publish(entry.model_copy(update={"title": "Titre révisé"}), published)
    assert _meta(fake_ods, "default", "title") == "Titre révisé"
    assert client.read_back(entry, published).passed


def test_an_unlisted_template_field_value_is_refused_by_the_portal(fake_ods, published, policy):
    """A configured id the domain does not know still fails: the portal validates it."""
    client = _client(fake_ods, policy, theme_ids={"ECON": "not-a-theme"})
    with pytest.raises(PortalValidationError, match=r"internal\.theme_id"):
        client.publish(make_entry(themes=["ECON"]), published)


def test_a_dead_portal_fails_retryable(published, policy) -> None:
    client = OdsPublisher("herault_data", "http://127.0.0.1:9", "k", policy=policy)
    with pytest.raises(PortalUnavailable):
        client.publish(make_entry(), published)


def test_a_domain_without_themes_publishes_without_them(fake_ods, published, policy) -> None:
    fake_ods.templates["internal"]["fields"].pop("theme_id")
    result = _client(fake_ods, policy).publish(make_entry(themes=["ECON"]), published)
    assert result.action == "created" and len(result.warnings) == 1
    assert not fake_ods.calls(path="/theme_id/suggest/")
    assert [c for c in fake_ods.calls() if c.status >= 400] == []
