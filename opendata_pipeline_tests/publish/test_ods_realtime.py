"""Realtime push to Hérault Data (portal-apis.md §9.1) against the strict fake, over real HTTP."""

from __future__ import annotations

import json
import logging

import pytest
import requests

from opendata_pipeline.catalog.model import ColumnDoc
from opendata_pipeline.publish.errors import (
    PortalAuthError,
    PortalConfigurationError,
    PortalUnavailable,
)
from opendata_pipeline.publish.http import RetryPolicy
from opendata_pipeline.publish.opendatasoft import OdsPublisher
from opendata_pipeline_tests.publish.conftest import (
    CAR_PARKS,
    REALTIME_FIELDS,
    realtime_entry,
    write_catalog,
    write_realtime,
)
from opendata_pipeline_tests.publish.conftest import cli as _cli
from opendata_pipeline_tests.publish.fakes.ods import FakeOds

DATASET_ID = "disponibilite-parkings-3m"
PUSH_KEY = "pk-9f2a61c0ffee"


@pytest.fixture
def fake(fake_ods: FakeOds) -> FakeOds:
    """The realtime source an operator declared in the back office (bootstrap fields, key)."""
    fake_ods.declare_realtime(DATASET_ID, "realtime", REALTIME_FIELDS, PUSH_KEY)
    return fake_ods


def _client(fake: FakeOds, policy: RetryPolicy, key: str = PUSH_KEY, **kw) -> OdsPublisher:
    return OdsPublisher("herault_data", fake.url, "key-publisher", policy=policy,
                        poll_s=(0.01, 0.01), push_keys={DATASET_ID: key}, **kw)  # fmt: skip


def _records(fake: FakeOds) -> list[dict]:
    answer = requests.get(
        f"{fake.url}/api/explore/v2.1/catalog/datasets/{DATASET_ID}/records",
        params={"limit": 100}, timeout=5,
    )  # fmt: skip
    assert answer.status_code == 200
    return sorted(answer.json()["results"], key=lambda r: r["id"])


def _pushes(fake: FakeOds, operation: str = "push") -> list:
    return [c for c in fake.calls() if c.path.endswith(f"/realtime/{operation}/")]


def test_first_publish_configures_the_key_then_pushes_every_record(
    fake, opendata_home, policy
) -> None:
    entry, published = realtime_entry(), write_realtime(opendata_home)
    result = _client(fake, policy).publish(entry, published)
    assert result.records_pushed == 5 and result.records_deleted == 0
    paths = [c.path for c in fake.calls() if c.method != "GET"]
    key_config = next(i for i, c in enumerate(fake.calls()) if c.method == "POST"
                      and c.path.endswith("/fields/") and c.status == 201)  # fmt: skip
    publish = next(i for i, c in enumerate(fake.calls()) if c.path.endswith("/publish/"))
    push = next(i for i, c in enumerate(fake.calls()) if c.path.endswith("/push/"))
    assert key_config < publish < push  # the unique key is configured before the first publish
    assert not any("/resources/" in p for p in paths)  # the source comes from the back office
    dataset = fake.by_dataset_id(DATASET_ID)
    key = [c for c in dataset["fields"].values() if c.get("annotation") == "id"]
    assert [c["field"] for c in key] == ["id"]
    records = _records(fake)
    assert [r["name"] for r in records] == [p[1] for p in CAR_PARKS]
    assert records[0]["geo_point_2d"] == "43.60856,3.879858"  # "lat,lon": the portal's map
    assert records[0]["observed_at"] == "2026-11-28T08:00:00+00:00"
    assert _client(fake, policy).read_back(entry, published).passed
    explore = requests.get(f"{fake.url}/api/explore/v2.1/catalog/datasets/{DATASET_ID}",
                           timeout=5).json()  # fmt: skip
    fields = {f["name"]: f for f in explore["fields"]}
    assert fields["geo_point_2d"]["type"] == "geo_point_2d"
    assert fields["available"]["label"] == "Places libres"
    assert fields["available"]["annotations"]["unit"] == ["places"]
    assert fields["capacity"]["type"] == "int" and fields["observed_at"]["type"] == "datetime"


def test_unchanged_records_send_nothing(fake, opendata_home, policy) -> None:
    entry, published = realtime_entry(), write_realtime(opendata_home)
    _client(fake, policy).publish(entry, published)
    fake.reset_journal()
    result = _client(fake, policy).publish(entry, published)
    assert result.action == "unchanged" and result.records_pushed == 0
    assert fake.writes() == []


def test_only_changed_records_are_pushed_and_vanished_ones_deleted(
    fake, opendata_home, policy
) -> None:
    entry = realtime_entry()
    _client(fake, policy).publish(entry, write_realtime(opendata_home))
    fake.reset_journal()
    parks = [CAR_PARKS[0], (*CAR_PARKS[1][:5], 24, "Open"), *CAR_PARKS[2:4]]  # Arceaux removed
    result = _client(fake, policy).publish(entry, write_realtime(opendata_home, parks=parks))
    assert (result.records_pushed, result.records_deleted) == (1, 1)
    (push,) = _pushes(fake)
    (delete,) = _pushes(fake, "delete")
    assert delete.method == "POST" and push.method == "POST"
    assert not fake.calls(method="DELETE")
    records = _records(fake)
    assert len(records) == 4 and records[1]["available"] == 24


def test_lower_case_ok_is_accepted(fake, opendata_home, policy) -> None:
    fake.push_status = "ok"
    result = _client(fake, policy).publish(realtime_entry(), write_realtime(opendata_home))
    assert result.records_pushed == 5


def test_chunks_stay_under_the_limit(fake, opendata_home, policy) -> None:
    client = _client(fake, policy, push_max_bytes=700)
    client.publish(realtime_entry(), write_realtime(opendata_home))
    assert len(_pushes(fake)) >= 3 and len(_records(fake)) == 5


def test_the_fake_refuses_bodies_over_5_mb_and_the_delete_verb(fake, opendata_home, policy):
    _client(fake, policy).publish(realtime_entry(), write_realtime(opendata_home))
    url = f"{fake.url}/api/push/1.0/{DATASET_ID}/realtime"
    big = [{"id": str(i), "name": "x" * 1000} for i in range(5200)]
    assert requests.post(f"{url}/push/", params={"pushkey": PUSH_KEY}, json=big,
                         timeout=10).status_code == 400  # fmt: skip
    assert requests.delete(f"{url}/delete/", params={"pushkey": PUSH_KEY}, json={"id": "x"},
                           timeout=5).status_code == 405  # fmt: skip
    unknown = requests.post(f"{url}/push/", params={"pushkey": PUSH_KEY},
                            json={"id": "x", "colour": "red"}, timeout=5)  # fmt: skip
    assert unknown.status_code == 400


def test_retried_pushes_duplicate_nothing(fake, opendata_home, policy, sleeps) -> None:
    fake.fail("/push/", status=503, commit=True, times=1)  # applied, then answered 503
    fake.fail("/push/", status=502, times=1)
    result = _client(fake, policy).publish(realtime_entry(), write_realtime(opendata_home))
    assert result.records_pushed == 5
    assert len(_pushes(fake)) == 3 and len(_records(fake)) == 5


def test_a_failed_push_is_resumed_by_the_next_run(fake, opendata_home, sleeps) -> None:
    policy = RetryPolicy(attempts=2, backoff_s=0.01, sleep=sleeps)
    fake.fail("/push/", status=503, times=5)
    entry, published = realtime_entry(), write_realtime(opendata_home)
    with pytest.raises(PortalUnavailable):
        _client(fake, policy).publish(entry, published)
    fake.faults.clear()
    result = _client(fake, policy).publish(entry, published)
    assert result.records_pushed == 5 and len(_records(fake)) == 5


def test_field_change_republishes_and_pushes_everything_again(fake, opendata_home, policy):
    entry, published = realtime_entry(), write_realtime(opendata_home)
    _client(fake, policy).publish(entry, published)
    relabelled = entry.model_copy(update={"columns": {"name": ColumnDoc(label="Parking")}})
    fake.reset_journal()
    result = _client(fake, policy).publish(relabelled, published)
    assert fake.calls(path="/publish/") and result.records_pushed == 5
    assert len(_records(fake)) == 5  # a republish may drop pushed records: they are back


def test_push_key_problems_are_clear_and_never_printed(fake, opendata_home, policy, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    urllib3 = logging.getLogger("urllib3.connectionpool")
    lines: list[str] = []
    catcher = logging.Handler(logging.DEBUG)
    catcher.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    urllib3.addHandler(catcher)
    level, urllib3.level = urllib3.level, logging.DEBUG
    disabled, urllib3.disabled = urllib3.disabled, False  # a logging config may have disabled it
    entry, published = realtime_entry(), write_realtime(opendata_home)
    with pytest.raises(PortalConfigurationError, match="HERAULT_DATA_PUSH_KEYS"):
        OdsPublisher("herault_data", fake.url, "key-publisher", policy=policy).publish(
            entry, published
        )
    assert fake.calls() == []  # refused before any request
    with pytest.raises(PortalAuthError, match=r"HERAULT_DATA_PUSH_KEYS\['disponibilite") as info:
        _client(fake, policy, key="pk-revoked-4242").publish(entry, published)
    assert "pk-revoked-4242" not in str(info.value)
    files = [p for p in opendata_home.rglob("*") if p.is_file()]
    urllib3.removeHandler(catcher)
    urllib3.setLevel(level)
    urllib3.disabled = disabled
    texts = caplog.text + "\n".join(lines)
    texts += "".join(p.read_text("utf-8", errors="replace") for p in files)
    assert "pk-revoked-4242" not in texts and PUSH_KEY not in texts
    assert any("pushkey=***" in line for line in lines)  # urllib3's request lines are masked


def test_realtime_entry_without_resource_or_back_office_source(fake, opendata_home, policy):
    published = write_realtime(opendata_home)
    entry = realtime_entry(portals={"herault_data": {"dataset_id": DATASET_ID}})
    with pytest.raises(PortalConfigurationError, match="realtime_resource"):
        _client(fake, policy).publish(entry, published)
    other = realtime_entry(portals={"herault_data": {"dataset_id": "inconnu-3m",
                                                     "realtime_resource": "realtime"}})  # fmt: skip
    client = OdsPublisher("herault_data", fake.url, "key-publisher", policy=policy,
                          push_keys={"inconnu-3m": "k"})  # fmt: skip
    with pytest.raises(PortalConfigurationError, match="back-office"):
        client.publish(other, published)
    assert fake.writes() == [] and len(fake.datasets) == 1


def test_cli_publishes_a_realtime_entry_by_push(
    fake, opendata_home, tmp_path, monkeypatch, capsys
) -> None:
    """The operator contract: `publish --dataset ID --portal herault_data` pushes."""
    folder = write_catalog(tmp_path / "catalog", realtime_entry())
    monkeypatch.setenv("OPENDATA_CATALOG_DIR", str(folder))
    monkeypatch.setenv("HERAULT_DATA_URL", fake.url)
    monkeypatch.setenv("HERAULT_DATA_API_KEY", "key-publisher")
    monkeypatch.setenv("HERAULT_DATA_PUSH_KEYS", json.dumps({DATASET_ID: PUSH_KEY}))
    fake.processing_polls = 0
    write_realtime(opendata_home)
    argv = ["publish", "--dataset", "parkings-temps-reel", "--portal", "herault_data"]
    assert _cli(argv) == 0
    out = capsys.readouterr().out
    assert "herault_data : updated (5 enregistrement(s) poussé(s), 0 supprimé(s))" in out
    assert "conforme" in out and PUSH_KEY not in out
    assert len(_records(fake)) == 5
    assert _cli(argv) == 0
    assert "(0 enregistrement(s) poussé(s), 0 supprimé(s))" in capsys.readouterr().out
