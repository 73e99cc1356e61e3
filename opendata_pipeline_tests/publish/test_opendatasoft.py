"""OpenDataSoft adapter against the fake Automation + Explore APIs over real HTTP (§6.6)."""

from __future__ import annotations

import pytest

from opendata_pipeline.publish.errors import (
    MappingError,
    PortalAuthError,
    PortalStateError,
    PortalUnavailable,
    UploadTooLarge,
)
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline.publish.outbox import OutboxPublisher
from opendata_pipeline.publish.service import publish_dataset
from opendata_pipeline_tests.publish.conftest import ROWS, make_entry, write_published
from opendata_pipeline_tests.publish.fakes.ods import FakeOds


def _client(fake: FakeOds, policy: RetryPolicy, key: str = "key-publisher", **kw) -> OdsPublisher:
    return OdsPublisher("herault_data", fake.url, key, policy=policy, poll_s=(0.01, 0.01), **kw)


def _only(fake: FakeOds) -> dict:
    (dataset,) = fake.datasets.values()
    return dataset


def _meta(dataset: dict, template: str, field: str):
    return dataset["metadata"][template][field]["value"]


def test_create_publish_poll_and_read_back(fake_ods, entry, published, policy) -> None:
    result = _client(fake_ods, policy).publish(entry, published)
    assert result.action == "created" and result.uploaded
    dataset = _only(fake_ods)
    assert dataset["dataset_id"] == "subventions-associations-3m" and dataset["is_published"]
    assert not dataset["is_restricted"]
    assert _meta(dataset, "internal", "license_id") == "5sylls5"
    assert _meta(dataset, "internal", "theme_id") == ["th_eco"]
    assert _meta(dataset, "default", "modified") == "2026-11-28T06:00:00Z"
    assert "identifier" not in dataset["metadata"]["dcat"]  # no such field in the domain's dcat
    description = _meta(dataset, "default", "description")
    assert (
        "Identifiant</strong> : https://data.montpellier3m.fr/id/dataset/subventions-associations"
        in description
    )
    assert len(fake_ods.calls(path="/status/")) >= 4  # queued/processing polled until idle
    check = _client(fake_ods, policy).read_back(entry, published)
    assert check.passed, check.to_dict()
    assert check.unverified == ["sha256"]


def test_second_run_sends_no_write(fake_ods, entry, published, policy) -> None:
    _client(fake_ods, policy).publish(entry, published)
    fake_ods.reset_journal()
    result = _client(fake_ods, policy).publish(entry, published)
    assert result.action == "unchanged" and not result.uploaded
    assert fake_ods.writes() == []


def test_metadata_change_publishes_metadata_only(fake_ods, entry, published, policy) -> None:
    _client(fake_ods, policy).publish(entry, published)
    fake_ods.reset_journal()
    changed = entry.model_copy(update={"keywords": ["subventions", "associations", "budget"]})
    result = _client(fake_ods, policy).publish(changed, published)
    assert result.action == "updated" and not result.uploaded
    paths = [c.path.split("/", 6)[-1] for c in fake_ods.writes()]
    assert paths == ["metadata/default/keyword/", "publish_metadata/"]


def test_data_change_uploads_once_and_republishes(fake_ods, entry, opendata_home, policy):
    _client(fake_ods, policy).publish(entry, PublishedDataset.load(write_published(opendata_home)))
    fake_ods.reset_journal()
    rows = [*ROWS, {"commune": "Pérols", "association": "Judo club", "montant": "300"}]
    second = PublishedDataset.load(write_published(opendata_home, rows=rows))
    result = _client(fake_ods, policy).publish(entry, second)
    assert result.uploaded and len(fake_ods.uploads()) == 1
    writes = [c.path.split("/", 6)[-1] for c in fake_ods.writes()]
    assert writes[0] == "resources/files/" and writes[-1] == "publish/"
    assert any(c.method == "PUT" and "/resources/re_" in c.path for c in fake_ods.writes())
    assert _client(fake_ods, policy).read_back(entry, second).passed


def test_wrong_key_and_missing_permission(fake_ods, entry, published, policy, sleeps) -> None:
    with pytest.raises(PortalAuthError, match="401"):
        _client(fake_ods, policy, key="bad").publish(entry, published)
    fake_ods.keys["read-only"] = {"browse"}
    with pytest.raises(PortalAuthError, match="403"):
        _client(fake_ods, policy, key="read-only").publish(entry, published)
    assert sleeps.waits == [] and fake_ods.datasets == {}


def test_concurrent_creation_converges(fake_ods, entry, published, policy) -> None:
    fake_ods.fail("/datasets/", method="GET", status=200, body={"total_count": 0, "results": []})
    _client(fake_ods, policy).publish(entry.model_copy(update={"title": "Autre titre"}), published)
    fake_ods.fail("/datasets/", method="GET", status=200, body={"total_count": 0, "results": []})
    result = _client(fake_ods, policy).publish(entry, published)
    assert len(fake_ods.datasets) == 1 and result.portal_id == _only(fake_ods)["uid"]
    assert _meta(_only(fake_ods), "default", "title") == entry.title


def test_unknown_licence_fails_before_any_write(fake_ods, published, policy) -> None:
    with pytest.raises(MappingError, match="licence"):
        _client(fake_ods, policy).publish(make_entry(licence="wtfpl"), published)
    assert fake_ods.writes() == []


def test_configured_ids_are_validated_by_the_portal(fake_ods, entry, published, policy) -> None:
    client = _client(fake_ods, policy, licence_ids={"etalab-2.0": "not-an-id"})
    with pytest.raises(Exception) as info:
        client.publish(entry, published)
    assert "license_id" in str(info.value)


def test_upload_limits(fake_ods, entry, opendata_home, policy) -> None:
    first = PublishedDataset.load(write_published(opendata_home))
    _client(fake_ods, policy).publish(entry, first)
    second = PublishedDataset.load(write_published(opendata_home, rows=ROWS * 40))
    fake_ods.max_upload = 500
    with pytest.raises(UploadTooLarge, match="413"):
        _client(fake_ods, policy).publish(entry, second)
    assert _client(fake_ods, policy).read_back(entry, first).passed
    with pytest.raises(UploadTooLarge):
        _client(fake_ods, policy, max_upload_bytes=10).publish(entry, second)


def test_mutation_while_processing_waits_for_idle(fake_ods, entry, published, policy) -> None:
    client = _client(fake_ods, policy)
    client.publish(entry, published)
    dataset = _only(fake_ods)
    dataset.update(status="processing", pending=("publish", 2))  # someone else published
    changed = entry.model_copy(update={"title": "Titre modifié"})
    result = client.publish(changed, published)
    assert result.metadata_changed and _meta(dataset, "default", "title") == "Titre modifié"
    rejected = [c for c in fake_ods.calls() if c.status == 400]
    assert rejected == []  # waited for idle before the first write


def test_invalid_status_answer_is_retried_after_idle(fake_ods, entry, published, policy) -> None:
    client = _client(fake_ods, policy)
    client.publish(entry, published)
    fake_ods.fail(
        "/metadata/default/title/",
        status=400,
        body={"error_code": "invalid_dataset_status", "message": "dataset status is processing"},
    )
    client.publish(entry.model_copy(update={"title": "Titre 2"}), published)
    assert _meta(_only(fake_ods), "default", "title") == "Titre 2"


def test_error_end_state_is_reported_and_rerun_redoes_it(fake_ods, entry, published, policy):
    fake_ods.next_end = ("error", "Erreur de traitement du fichier", 4)
    with pytest.raises(PortalStateError, match="4 erreur"):
        _client(fake_ods, policy).publish(entry, published)
    fake_ods.reset_journal()
    _client(fake_ods, policy).publish(entry, published)
    assert len(fake_ods.uploads()) == 1 and _only(fake_ods)["is_published"]


def test_retry_on_429_and_503(fake_ods, entry, published, policy, sleeps) -> None:
    fake_ods.fail("/datasets/", method="GET", status=503, times=1)
    fake_ods.fail("/resources/files/", status=429, headers={"Retry-After": "3"})
    _client(fake_ods, policy).publish(entry, published)
    assert 3 in sleeps.waits and len(fake_ods.uploads()) == 2


def test_never_ending_processing_is_bounded(fake_ods, entry, published, sleeps) -> None:
    fake_ods.processing_polls = 10**6
    policy = RetryPolicy(attempts=2, sleep=sleeps)
    client = OdsPublisher("herault_data", fake_ods.url, "key-publisher", policy=policy,
                          max_polls=5, poll_s=(0.01, 0.01))  # fmt: skip
    with pytest.raises(PortalUnavailable, match="trop long"):
        client.publish(entry, published)


def test_read_back_of_restricted_dataset_fails_presence(fake_ods, entry, published, policy):
    _client(fake_ods, policy).publish(entry, published)
    _only(fake_ods)["is_restricted"] = True
    check = _client(fake_ods, policy).read_back(entry, published)
    assert not check.passed and check.checks[0].name == "présence"


def test_a_restricted_dataset_is_opened_without_losing_this_run_s_metadata(
    fake_ods, published, policy
) -> None:
    _client(fake_ods, policy).publish(make_entry(), published)
    _only(fake_ods)["is_restricted"] = True
    retitled = make_entry(title="Subventions aux associations (révisé)")
    result = _client(fake_ods, policy).publish(retitled, published)
    dataset = _only(fake_ods)
    assert result.metadata_changed and not dataset["is_restricted"]
    assert _meta(dataset, "default", "title") == "Subventions aux associations (révisé)"


def test_commit_then_504_on_create_does_not_duplicate(fake_ods, entry, published, policy) -> None:
    fake_ods.fail("/datasets/", method="POST", status=504, commit=True)
    result = _client(fake_ods, policy).publish(entry, published)
    assert len(fake_ods.datasets) == 1 and result.portal_id == _only(fake_ods)["uid"]
    creates = [c for c in fake_ods.calls(method="POST") if c.path.endswith("/v1.0/datasets/")]
    assert len(creates) == 1


def test_vocabulary_ids_from_the_environment(fake_ods, entry, published) -> None:
    from opendata_pipeline.publish.config import publisher_for

    client = publisher_for("herault_data", {
        "HERAULT_DATA_URL": fake_ods.url, "HERAULT_DATA_API_KEY": "key-publisher",
        "HERAULT_DATA_LICENCE_IDS": '{"etalab-2.0": "5sylls5"}',
        "HERAULT_DATA_THEME_IDS": '{"Économie": "th_eco"}'})  # fmt: skip
    fake_ods.processing_polls = 0
    client.publish(entry, published)
    assert not fake_ods.calls(path="/suggest/")
    assert _meta(_only(fake_ods), "internal", "theme_id") == ["th_eco"]


def test_the_twin_is_referenced_once_published_on_the_other_portal(
    fake_ods, published, policy
) -> None:
    entry = make_entry(high_value="geospatial")
    _client(fake_ods, policy).publish(entry, published)
    dataset = _only(fake_ods)
    assert "relation" not in dataset["metadata"]["dcat"]  # no link to a page not yet there
    assert "references" not in dataset["metadata"]["default"]
    publish_dataset(entry, published, OutboxPublisher("montpellier"))  # the twin now exists
    fake_ods.reset_journal()
    result = publish_dataset(entry, published, _client(fake_ods, policy))
    assert result.action == "updated" and not result.uploaded  # metadata only
    twin = "https://data.montpellier3m.fr/dataset/subventions-associations"
    assert _meta(dataset, "dcat", "relation") == twin
    assert _meta(dataset, "default", "references") == twin
    fake_ods.reset_journal()
    assert publish_dataset(entry, published, _client(fake_ods, policy)).action == "unchanged"
    assert fake_ods.writes() == []


def test_explore_quota_429_is_retried_after_the_announced_delay(
    fake_ods, entry, published, policy, sleeps
) -> None:
    _client(fake_ods, policy).publish(entry, published)
    sleeps.waits.clear()
    quota = {"errorcode": 10002, "reset_time": "2026-11-30T00:00:00Z", "call_limit": 10000,
             "limit_time_unit": "day", "error": "Too many requests on the domain."}  # fmt: skip
    fake_ods.fail("/catalog/datasets/", status=429, body=quota, headers={"Retry-After": "2"})
    assert _client(fake_ods, policy).read_back(entry, published).passed
    assert sleeps.waits == [2]
