"""DKAN 7 adapter against the fake DKAN 7 over real HTTP: the §6.6 matrix of portal-apis.md."""

from __future__ import annotations

import pytest
import requests

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
    assert result.action == "created"
    assert result.uploaded_files == [f"{entry.id}.csv", f"{entry.id}.schema.json"]
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


def test_unknown_publisher_fails_before_any_write(fake_dkan, published, policy) -> None:
    with pytest.raises(MappingError, match="éditeur 'Commune inconnue'"):
        _client(fake_dkan, policy).publish(make_entry(publisher="Commune inconnue"), published)
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
    fake_dkan.fail("/api/dataset/node", method="POST", status=504, commit=True, times=2)
    # the dataset and the resource nodes were created before their 504: found again, not resent
    result = _client(fake_dkan, policy).publish(entry, published)
    assert len(sleeps.waits) == 2 and result.uploaded
    assert len(_datasets(fake_dkan)) == 1
    creates = [c for c in fake_dkan.calls(method="POST") if c.path == "/api/dataset/node"]
    assert len(creates) == 3  # dataset, CSV resource, dictionary resource: once each
    assert len([n for n in fake_dkan.nodes.values() if n["type"] == "resource"]) == 2
    fake_dkan.fail("/api/dataset/node", method="POST", status=503, times=5)
    other = make_entry("autre-jeu", title="Un autre jeu")
    with pytest.raises(PortalUnavailable, match="503"):  # not created: the error stands
        _client(fake_dkan, policy).publish(other, published)


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


# -- data dictionary (portal-apis §9.4.1) ---------------------------------------------------
def _value(node: dict, field: str) -> str:
    return node[field]["und"][0]["value"]


def test_data_dictionary_is_a_table_schema_resource_referenced_by_the_node(
    fake_dkan, published, policy
) -> None:
    entry = make_entry(columns={"montant": {"label": "Montant attribué", "unit": "EUR",
                                            "description": "En euros, toutes taxes comprises."}})  # fmt: skip
    _client(fake_dkan, policy).publish(entry, published)
    (node,) = _datasets(fake_dkan)
    url = _value(node, "field_data_dictionary")
    assert _value(node, "field_data_dictionary_type") == "application/vnd.tableschema+json"
    schema = requests.get(url, timeout=5).json()
    assert [f["name"] for f in schema["fields"]] == ["commune", "association", "montant"]
    montant = schema["fields"][2]
    assert montant == {"name": "montant", "type": "integer", "title": "Montant attribué",
                       "description": "En euros, toutes taxes comprises.", "unit": "EUR"}  # fmt: skip
    fake_dkan.reset_journal()
    assert _client(fake_dkan, policy).publish(entry, published).action == "unchanged"
    assert fake_dkan.writes() == []
    relabelled = entry.model_copy(update={"columns": {}})
    _client(fake_dkan, policy).publish(relabelled, published)
    # a replaced file gets a new URL: the node follows it
    (attach, put) = fake_dkan.writes()
    assert attach.path.endswith("/attach_file") and put.method == "PUT"
    url = _value(_datasets(fake_dkan)[0], "field_data_dictionary")
    assert "title" not in requests.get(url, timeout=5).json()["fields"][2]


def test_official_schema_is_referenced_by_its_public_url(fake_dkan, published, policy) -> None:
    entry = make_entry(schema="scdl/subventions")
    result = _client(fake_dkan, policy).publish(entry, published)
    (node,) = _datasets(fake_dkan)
    assert _value(node, "field_data_dictionary") == (
        "https://gitlab.com/opendatafrance/scdl/subventions/raw/v2.1.1/schema.json"
    )
    assert result.uploaded_files == [f"{entry.id}.csv"]  # no generated dictionary


def test_fake_refuses_what_dkan_7_refuses(fake_dkan, policy) -> None:
    """The fake is as strict as §2.3 and §9.4: unknown fields, bad dictionary, list filters."""
    client = _client(fake_dkan, policy)
    with pytest.raises(PortalValidationError, match="field_identifier: no such field"):
        client._write("POST", "/api/dataset/node", json={"type": "dataset", "title": "x",
                                                          "field_identifier": _und("y")})  # fmt: skip
    with pytest.raises(PortalValidationError, match="Data dictionary should be empty"):
        client._write("POST", "/api/dataset/node", json={"type": "dataset", "title": "x",
                                                          "field_data_dictionary": _und("dict.json")})  # fmt: skip
    with pytest.raises(PortalValidationError, match="field_data_dictionary: no such field"):
        client._write("POST", "/api/dataset/node", json={"type": "resource", "title": "x",
                                                          "field_data_dictionary": _und("https://a/b")})  # fmt: skip
    for suffix in (".json", ""):  # §2.3 lists `node.json`, §9.4.2 `node`: both answer
        base = f"{fake_dkan.url}/api/dataset/node{suffix}"
        assert requests.get(base, params={"parameters[type]": "dataset"}, timeout=5).ok
        # Services ignores query keys it does not know, but not a filter on a missing field
        assert requests.get(base, params={"limit": 5}, timeout=5).ok
        assert requests.get(base, params={"parameters[nosuch]": 1}, timeout=5).status_code == 406


def _und(value: str) -> dict:
    return {"und": [{"value": value}]}


# -- session renewal (portal-apis §9.4.3) ----------------------------------------------------
def _logins(fake: FakeDkan7) -> int:
    return len(fake.calls(path="/user/login"))


@pytest.mark.parametrize("expire", ["expire_sessions", "rotate_tokens"])
def test_expired_session_or_stale_token_logs_in_again_and_retries_once(
    fake_dkan, entry, published, policy, expire
) -> None:
    client = _client(fake_dkan, policy)
    client.publish(entry, published)
    getattr(fake_dkan, expire)()  # 403 "…anonymous" or 401 "CSRF validation failed"
    fake_dkan.reset_journal()
    changed = entry.model_copy(update={"description": "Description après expiration."})
    result = client.publish(changed, published)
    assert result.action == "updated"
    puts = fake_dkan.calls(method="PUT")
    assert [c.status for c in puts] == [403 if expire == "expire_sessions" else 401, 200]
    assert _logins(fake_dkan) == 1 and len(_datasets(fake_dkan)) == 1
    assert _value(_datasets(fake_dkan)[0], "body").startswith("Description après")


def test_create_refused_by_an_expired_session_is_not_duplicated(
    fake_dkan, entry, published, policy
) -> None:
    client = _client(fake_dkan, policy)
    client._login()
    fake_dkan.expire_sessions()
    client.publish(entry, published)
    creates = [c for c in fake_dkan.calls(method="POST") if c.path == "/api/dataset/node"]
    assert [c.status for c in creates][:2] == [403, 200]
    assert len(_datasets(fake_dkan)) == 1


def test_renewal_is_tried_once_never_in_a_loop(fake_dkan, entry, published, policy) -> None:
    client = _client(fake_dkan, policy)
    client.publish(entry, published)
    fake_dkan.reset_journal()
    fake_dkan.fail("/api/dataset/node/", method="PUT", status=403, times=5,
                   body=["Access denied for user anonymous"])  # fmt: skip
    with pytest.raises(PortalAuthError, match="session refusée même après une nouvelle connexion"):
        client.publish(entry.model_copy(update={"title": "Autre titre"}), published)
    assert len(fake_dkan.calls(method="PUT")) == 2 and _logins(fake_dkan) == 1


def test_permission_refused_to_a_logged_in_user_is_not_retried(
    fake_dkan, entry, published, policy, sleeps
) -> None:
    client = _client(fake_dkan, policy)
    client.publish(entry, published)
    fake_dkan.read_only_users.add("pipeline")
    fake_dkan.reset_journal()
    with pytest.raises(PortalAuthError, match="droits insuffisants") as info:
        client.publish(entry.model_copy(update={"title": "Autre titre"}), published)
    assert "Access denied for user pipeline" in str(info.value)
    assert len(fake_dkan.calls(method="PUT")) == 1 and _logins(fake_dkan) == 0
    assert sleeps.waits == []


def test_login_while_a_session_cookie_is_still_valid(fake_dkan, entry, published, policy):
    client = _client(fake_dkan, policy)
    auth = client._login()
    sessid = auth["Cookie"].split("=", 1)[1]
    client.http.session.cookies.set("SESSdkan", sessid)  # as a Set-Cookie would have left it
    client._renew()
    assert not client.http.session.cookies  # the renewal drops the cookie first
    client.publish(entry, published)
    assert all(c.status == 200 for c in fake_dkan.calls(path="/user/login"))
