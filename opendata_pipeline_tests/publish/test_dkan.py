"""DKAN 7 adapter against the fake DKAN 7 over real HTTP: the §6.6 matrix of portal-apis.md."""

from __future__ import annotations

import pytest

from opendata_pipeline.publish.dkan import Dkan7Publisher
from opendata_pipeline.publish.errors import (
    MappingError,
    PortalAuthError,
    PortalUnavailable,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.ledger import Ledger
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline_tests.publish.conftest import ROWS, make_entry, write_published
from opendata_pipeline_tests.publish.fakes.dkan7 import FakeDkan7


def _client(
    fake: FakeDkan7, policy: RetryPolicy, password: str = "pw-secret", **kw
) -> Dkan7Publisher:
    return Dkan7Publisher("montpellier", fake.url, "pipeline", password, policy=policy, **kw)


def _datasets(fake: FakeDkan7) -> list[dict]:
    return [n for n in fake.nodes.values() if n["type"] == "dataset"]


def test_create_with_session_and_csrf_then_read_back(fake_dkan, entry, published, policy):
    result = _client(fake_dkan, policy).publish(entry, published)
    assert result.action == "created" and result.uploaded_files == ["subventions-associations.csv"]
    (node,) = _datasets(fake_dkan)
    assert node["field_license"] == {"und": [{"value": "etalab-2.0"}]}
    assert node["field_frequency"] == {"und": [{"value": "R/P1Y"}]}
    group = fake_dkan.nodes[node["og_group_ref"]["und"][0]["target_id"]]
    assert group["title"] == "Montpellier Méditerranée Métropole"
    check = _client(fake_dkan, policy).read_back(entry, published)
    assert check.passed, check.to_dict()
    assert {c.name for c in check.checks} >= {"licence", "sha256", "lignes", "colonnes"}


def test_second_run_sends_no_write(fake_dkan, entry, published, policy) -> None:
    _client(fake_dkan, policy).publish(entry, published)
    fake_dkan.reset_journal()
    result = _client(fake_dkan, policy).publish(entry, published)
    assert result.action == "unchanged" and not result.uploaded
    assert fake_dkan.writes() == [] and fake_dkan.uploads() == []


def test_metadata_change_is_one_put_of_the_changed_fields(fake_dkan, entry, published, policy):
    _client(fake_dkan, policy).publish(entry, published)
    fake_dkan.reset_journal()
    changed = entry.model_copy(update={"description": "Nouvelle description des subventions."})
    result = _client(fake_dkan, policy).publish(changed, published)
    assert result.action == "updated" and not result.uploaded
    (put,) = fake_dkan.writes()
    assert put.method == "PUT"
    (node,) = _datasets(fake_dkan)
    assert node["body"]["und"][0]["value"].startswith("Nouvelle")


def test_data_change_replaces_the_file_only(fake_dkan, entry, opendata_home, policy) -> None:
    _client(fake_dkan, policy).publish(entry, PublishedDataset.load(write_published(opendata_home)))
    fake_dkan.reset_journal()
    rows = [*ROWS, {"commune": "Pérols", "association": "Judo club", "montant": "300"}]
    second = PublishedDataset.load(write_published(opendata_home, rows=rows))
    result = _client(fake_dkan, policy).publish(entry, second)
    assert result.uploaded and [c.path.rsplit("/", 1)[-1] for c in fake_dkan.writes()] == [
        "attach_file"
    ]
    assert _client(fake_dkan, policy).read_back(entry, second).passed


def test_lost_ledger_recovers_by_identifier_not_title(
    fake_dkan, entry, published, policy, opendata_home
):
    _client(fake_dkan, policy).publish(entry, published)
    Ledger().path("montpellier", entry.id).unlink()
    fake_dkan.reset_journal()
    result = _client(fake_dkan, policy).publish(entry, published)
    assert len(_datasets(fake_dkan)) == 1  # DKAN would silently create `...-0`
    # the portal copy is downloaded and hashed: identical, so nothing is sent again
    assert result.action == "unchanged" and not result.uploaded
    assert fake_dkan.writes() == []


def test_wrong_password_is_an_auth_error(fake_dkan, entry, published, policy, sleeps) -> None:
    with pytest.raises(PortalAuthError, match="401") as info:
        _client(fake_dkan, policy, password="nope").publish(entry, published)
    assert "nope" not in str(info.value) and sleeps.waits == []


def test_write_without_csrf_token_is_refused(fake_dkan, policy) -> None:
    import requests

    login = requests.post(
        f"{fake_dkan.url}/api/dataset/user/login",
        json={"username": "pipeline", "password": "pw-secret"},
        timeout=5,
    ).json()
    cookie = {"Cookie": f"{login['session_name']}={login['sessid']}"}
    no_csrf = requests.post(
        f"{fake_dkan.url}/api/dataset/node",
        json={"type": "dataset", "title": "x"},
        headers=cookie,
        timeout=5,
    )
    assert no_csrf.status_code == 401
    no_cookie = requests.post(
        f"{fake_dkan.url}/api/dataset/node", json={"type": "dataset"}, timeout=5
    )
    assert no_cookie.status_code == 403


def test_licence_shapes_and_illegal_choice(fake_dkan, entry, published, policy) -> None:
    _client(fake_dkan, policy, licence_shape="select").publish(entry, published)
    (node,) = _datasets(fake_dkan)
    assert node["field_license"] == {"und": {"select": "etalab-2.0"}}
    odbl = make_entry(licence="odbl-1.0")
    with pytest.raises(PortalValidationError) as info:
        _client(fake_dkan, policy, licences={"odbl-1.0": "odbl"}).publish(odbl, published)
    assert info.value.fields == ["field_license"]


def test_unknown_publisher_or_theme_fails_before_any_write(fake_dkan, published, policy) -> None:
    with pytest.raises(MappingError, match="éditeur 'Commune inconnue'"):
        _client(fake_dkan, policy).publish(make_entry(publisher="Commune inconnue"), published)
    with pytest.raises(MappingError, match="thème"):
        _client(fake_dkan, policy).publish(make_entry(themes=["Astrologie"]), published)
    assert fake_dkan.writes() == []


def test_commune_publisher_maps_to_its_group(fake_dkan, published, policy) -> None:
    _client(fake_dkan, policy).publish(make_entry(publisher="Ville de Lattes"), published)
    (node,) = _datasets(fake_dkan)
    assert (
        fake_dkan.nodes[node["og_group_ref"]["und"][0]["target_id"]]["title"] == "Ville de Lattes"
    )


def test_upload_over_the_limit(fake_dkan, entry, opendata_home, policy) -> None:
    first = PublishedDataset.load(write_published(opendata_home))
    _client(fake_dkan, policy).publish(entry, first)
    second = PublishedDataset.load(write_published(opendata_home, rows=ROWS * 40))
    fake_dkan.max_upload = 500
    with pytest.raises(UploadTooLarge, match="413"):
        _client(fake_dkan, policy).publish(entry, second)
    assert _client(fake_dkan, policy).read_back(entry, first).passed
    with pytest.raises(UploadTooLarge, match="rien n'a été envoyé"):
        _client(fake_dkan, policy, max_upload_bytes=10).publish(entry, second)


def test_503_then_success_and_commit_then_504_on_create(
    fake_dkan, entry, published, policy, sleeps
):
    fake_dkan.fail("/api/dataset/node.json", status=503, times=2)
    fake_dkan.fail("/api/dataset/node", method="POST", status=504, commit=True)
    with pytest.raises(PortalUnavailable, match="504"):
        _client(fake_dkan, policy).publish(entry, published)
    assert len(sleeps.waits) == 2
    # The re-run finds the node created before the 504 (by identifier): no duplicate.
    result = _client(fake_dkan, policy).publish(entry, published)
    assert len(_datasets(fake_dkan)) == 1 and result.uploaded


def test_not_found_is_404_with_success_true(fake_dkan, entry, published, policy) -> None:
    check = _client(fake_dkan, policy).read_back(entry, published)
    assert not check.passed and check.checks[0].name == "présence"
    state = _client(fake_dkan, policy).remote_state(entry)
    assert state.portal_ids == []


def test_frequency_codes_are_configurable_and_validated(fake_dkan, entry, published, policy):
    client = _client(fake_dkan, policy, frequencies={"annual": "8"})  # numeric code, older DKAN 7
    with pytest.raises(PortalValidationError) as info:
        client.publish(entry, published)
    assert info.value.fields == ["field_frequency"] and "illegal choice" in str(info.value)
