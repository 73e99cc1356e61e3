"""CKAN adapter against the fake CKAN 2.11 over real HTTP: the §6.6 matrix of portal-apis.md."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from opendata_pipeline.publish.ckan import CkanPublisher
from opendata_pipeline.publish.errors import (
    MappingError,
    PortalAuthError,
    PortalProtocolError,
    PortalUnavailable,
    PortalValidationError,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline_tests.publish.conftest import ROWS, make_entry, write_published
from opendata_pipeline_tests.publish.fakes.ckan import FakeCkan


def _client(fake: FakeCkan, policy: RetryPolicy, token: str = "tok-editor") -> CkanPublisher:
    return CkanPublisher("montpellier", fake.url, token, policy=policy)


def test_create_then_read_back_matches(fake_ckan, entry, published, policy) -> None:
    result = _client(fake_ckan, policy).publish(entry, published)
    assert result.action == "created" and result.uploaded
    assert sorted(result.uploaded_files) == ["subventions-associations.csv",
                                             "subventions-associations.parquet"]  # fmt: skip
    (package,) = fake_ckan.packages.values()
    assert package["title"] == entry.title and package["license_id"] == "lov2"
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert (
        extras["identifier"] == "https://data.montpellier3m.fr/id/dataset/subventions-associations"
    )
    assert extras["frequency"].endswith("/frequency/ANNUAL")
    assert "data-theme/ECON" in extras["theme"]
    assert [t["name"] for t in package["tags"]] == ["subventions", "associations"]
    check = _client(fake_ckan, policy).read_back(entry, published)
    assert check.passed, check.to_dict()
    assert {c.name for c in check.checks} >= {"licence", "sha256", "lignes", "colonnes"}


def test_second_run_sends_no_write(fake_ckan, entry, published, policy) -> None:
    _client(fake_ckan, policy).publish(entry, published)
    fake_ckan.reset_journal()
    result = _client(fake_ckan, policy).publish(entry, published)
    assert result.action == "unchanged" and not result.uploaded
    assert fake_ckan.writes() == [] and fake_ckan.uploads() == []


def test_metadata_change_only_patches(fake_ckan, entry, published, policy) -> None:
    _client(fake_ckan, policy).publish(entry, published)
    fake_ckan.reset_journal()
    changed = entry.model_copy(update={"title": "Subventions aux associations (2021)"})
    result = _client(fake_ckan, policy).publish(changed, published)
    assert result.action == "updated" and result.metadata_changed and not result.uploaded
    assert [c.path.rsplit("/", 1)[-1] for c in fake_ckan.writes()] == ["package_patch"]
    (package,) = fake_ckan.packages.values()
    assert len(package["resources"]) == 2  # package_patch kept the resources


def test_data_change_uploads_only_the_changed_file(fake_ckan, entry, opendata_home, policy):
    first = PublishedDataset.load(write_published(opendata_home))
    _client(fake_ckan, policy).publish(entry, first)
    fake_ckan.reset_journal()
    rows = [*ROWS, {"commune": "Pérols", "association": "Judo club", "montant": "300"}]
    second = PublishedDataset.load(write_published(opendata_home, rows=rows))
    result = _client(fake_ckan, policy).publish(entry, second)
    assert result.uploaded
    # manifest `published_at` did not change, so only the files moved: two resource_patch
    assert {c.path.rsplit("/", 1)[-1] for c in fake_ckan.writes()} == {"resource_patch"}
    assert _client(fake_ckan, policy).read_back(entry, second).passed


def test_bad_token_is_an_auth_error_without_retry(fake_ckan, entry, published, policy, sleeps):
    with pytest.raises(PortalAuthError) as info:
        _client(fake_ckan, policy, token="Bearer tok-editor").publish(entry, published)
    assert "403" in str(info.value) and "tok-editor" not in str(info.value)
    assert sleeps.waits == []
    assert len(fake_ckan.calls(path="package_create")) == 1


def test_concurrent_creation_converges_to_update(fake_ckan, entry, published, policy) -> None:
    other = _client(fake_ckan, policy)
    # Someone else created the dataset between our package_show and package_create.
    fake_ckan.fail("package_show", status=404, times=1, body={
        "help": "", "success": False, "error": {"__type": "Not Found Error", "message": "Not found"}
    })  # fmt: skip
    other.publish(entry.model_copy(update={"title": "Ancien titre"}), published)
    fake_ckan.fail("package_show", status=404, times=1, body={
        "help": "", "success": False, "error": {"__type": "Not Found Error", "message": "Not found"}
    })  # fmt: skip
    result = _client(fake_ckan, policy).publish(entry, published)
    assert result.action == "created"  # its create answered 409 "already in use"
    assert len(fake_ckan.packages) == 1
    assert next(iter(fake_ckan.packages.values()))["title"] == entry.title


def test_invalid_metadata_fails_before_any_request(fake_ckan, published, policy) -> None:
    bad_licence = make_entry(licence="cc-by-sa-4.0")
    with pytest.raises(MappingError, match=r"licence 'cc-by-sa-4\.0'"):
        _client(fake_ckan, policy).publish(bad_licence, published)
    bad_tag = make_entry(keywords=["qualité de l'air"])
    with pytest.raises(MappingError, match="mot-clé"):
        _client(fake_ckan, policy).publish(bad_tag, published)
    assert fake_ckan.writes() == []


def test_unknown_theme_is_optional_metadata_published_without(fake_ckan, published, policy):
    result = _client(fake_ckan, policy).publish(make_entry(themes=["Astrologie"]), published)
    assert result.action == "created"
    assert result.warnings == [
        "thème « Astrologie » sans correspondance dans le vocabulaire des thèmes : publié sans "
        "ce thème"
    ]
    (package,) = fake_ckan.packages.values()
    assert "theme" not in {e["key"] for e in package["extras"]}


def test_portal_validation_error_names_the_field(fake_ckan, published, policy) -> None:
    entry = make_entry(
        portals={"montpellier": {"name": "Nom Invalide", "organization": "montpellier-3m"}}
    )
    with pytest.raises(PortalValidationError) as info:
        _client(fake_ckan, policy).publish(entry, published)
    assert info.value.fields == ["name"] and "lowercase" in str(info.value)


def test_file_over_the_limit_is_refused_before_sending(fake_ckan, entry, published, policy):
    client = _client(fake_ckan, policy)
    client.max_upload_bytes = 100
    with pytest.raises(UploadTooLarge, match="rien n'a été envoyé"):
        client.publish(entry, published)
    assert fake_ckan.writes() == []


def test_portal_409_and_413_upload_limits_keep_previous_version(
    fake_ckan, entry, opendata_home, policy
) -> None:
    first = PublishedDataset.load(write_published(opendata_home))
    _client(fake_ckan, policy).publish(entry, first)
    rows = ROWS * 50
    second = PublishedDataset.load(write_published(opendata_home, rows=rows))
    fake_ckan.max_resource_size = 1000
    with pytest.raises(UploadTooLarge, match="too large"):
        _client(fake_ckan, policy).publish(entry, second)
    fake_ckan.max_resource_size = 10**7
    fake_ckan.fail("resource_patch", status=413, body="<html>413 Request Entity Too Large</html>")
    with pytest.raises(UploadTooLarge, match="413"):
        _client(fake_ckan, policy).publish(entry, second)
    assert _client(fake_ckan, policy).read_back(entry, first).passed


def test_retries_503_and_honours_retry_after(fake_ckan, entry, published, policy, sleeps):
    fake_ckan.fail("package_show", status=503, times=1)
    fake_ckan.fail("package_create", status=429, times=1, headers={"Retry-After": "7"})
    result = _client(fake_ckan, policy).publish(entry, published)
    assert result.action == "created"
    assert 7 in sleeps.waits and len(sleeps.waits) == 2
    assert len(fake_ckan.packages) == 1


def test_bounded_retries_then_unavailable(fake_ckan, entry, published, policy, sleeps) -> None:
    fake_ckan.fail("package_show", status=504, times=10)
    with pytest.raises(PortalUnavailable, match="3 tentatives"):
        _client(fake_ckan, policy).publish(entry, published)
    assert len(fake_ckan.calls(path="package_show")) == 3 and len(sleeps.waits) == 2


def test_commit_then_504_creates_no_duplicate(fake_ckan, entry, published, policy) -> None:
    fake_ckan.fail("package_create", status=504, commit=True)
    fake_ckan.fail("resource_create", status=504, commit=True)
    _client(fake_ckan, policy).publish(entry, published)
    (package,) = fake_ckan.packages.values()
    assert len(package["resources"]) == 2
    assert len(fake_ckan.calls(path="package_create")) == 1


def test_slow_read_times_out_and_is_retried_only_when_idempotent(
    fake_ckan, entry, published, sleeps
) -> None:
    policy = RetryPolicy(attempts=2, backoff_s=0.01, read_timeout_s=0.3, sleep=sleeps)
    fake_ckan.fail("package_show", status=200, times=1, delay_s=1.0, commit=True)
    _client(fake_ckan, policy).publish(entry, published)  # show retried once
    assert len(fake_ckan.calls(path="package_show")) >= 2
    fake_ckan.fail("package_patch", status=200, times=1, delay_s=1.0, commit=True)
    fake_ckan.fail("resource_create", status=200, times=5, delay_s=1.0, commit=True)
    other = PublishedDataset.load(
        write_published(
            Path(published.directory).parents[1],
            rows=ROWS[:1],
            published_at="2026-11-29T06:00:00+00:00",
        )
    )
    fake_ckan.packages.clear()
    fake_ckan.reset_journal()
    # a slow commit: the create timed out but was done; it is never replayed, and found again
    _client(fake_ckan, policy).publish(entry, other)
    creates = fake_ckan.calls(path="resource_create")
    assert len({c.digest for c in creates}) == len(creates) == 2  # one per file, none replayed
    (package,) = fake_ckan.packages.values()
    assert len(package["resources"]) == 2


def test_uploads_silently_dropped_are_detected(fake_ckan, entry, published, policy) -> None:
    fake_ckan.uploads_enabled = False
    with pytest.raises(PortalProtocolError, match="pas conservé"):
        _client(fake_ckan, policy).publish(entry, published)


def test_read_back_detects_a_tampered_file(fake_ckan, entry, published, policy) -> None:
    _client(fake_ckan, policy).publish(entry, published)
    rid = next(r["id"] for p in fake_ckan.packages.values() for r in p["resources"]
               if r["name"].endswith(".csv"))  # fmt: skip
    fake_ckan.blobs[rid] = b"commune,association,montant\nX,Y,1\n"
    check = _client(fake_ckan, policy).read_back(entry, published)
    assert not check.passed
    assert {c.name for c in check.checks if c.passed is False} == {"sha256", "lignes"}


def test_repr_and_errors_hide_the_token(fake_ckan, policy) -> None:
    client = _client(fake_ckan, policy, token="s3cr3t-token")
    assert "s3cr3t" not in repr(client) and "s3cr3t" not in repr(client.http)
    assert not any("s3cr3t" in str(v) for v in dataclasses.asdict(policy).values())


def test_reconverted_identical_data_is_no_modification(fake_ckan, entry, opendata_home, policy):
    first = PublishedDataset.load(write_published(opendata_home))
    _client(fake_ckan, policy).publish(entry, first)
    fake_ckan.reset_journal()
    again = PublishedDataset.load(
        write_published(opendata_home, published_at="2026-11-29T06:00:00+00:00")
    )
    assert _client(fake_ckan, policy).publish(entry, again).action == "unchanged"
    assert fake_ckan.writes() == []
    rows = ROWS[:2]
    changed = PublishedDataset.load(
        write_published(opendata_home, rows=rows, published_at="2026-11-30T06:00:00+00:00")
    )
    _client(fake_ckan, policy).publish(entry, changed)
    (package,) = fake_ckan.packages.values()
    extras = {e["key"]: e["value"] for e in package["extras"]}
    assert extras["modified"] == "2026-11-30T06:00:00+00:00"
