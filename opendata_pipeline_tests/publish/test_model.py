"""The published-folder contract (manifest.json) and the retry policy helpers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from opendata_pipeline.errors import DatasetError
from opendata_pipeline.publish.http import RetryPolicy, retry_after_seconds
from opendata_pipeline.publish.model import PublishedDataset
from opendata_pipeline_tests.publish.conftest import write_published


def test_load_reads_the_manifest(opendata_home) -> None:
    published = PublishedDataset.load(write_published(opendata_home))
    assert published.rows == 3 and published.column_names == ["commune", "association", "montant"]
    assert set(published.files) == {"parquet", "csv"}
    assert published.published_at == datetime(2026, 11, 28, 6, tzinfo=UTC)
    assert published.files["parquet"].media_type == "application/vnd.apache.parquet"


def test_load_refuses_a_file_that_differs_from_the_manifest(opendata_home) -> None:
    folder = write_published(opendata_home)
    (folder / "subventions-associations.csv").write_text("commune\nX\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="ne correspond plus au manifeste"):
        PublishedDataset.load(folder)
    assert PublishedDataset.load(folder, verify=False).rows == 3


def test_load_reports_missing_or_broken_manifests(opendata_home) -> None:
    with pytest.raises(DatasetError, match="manifeste de publication absent"):
        PublishedDataset.load(opendata_home / "published" / "absent")
    folder = write_published(opendata_home)
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["rows"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DatasetError, match="manifeste invalide"):
        PublishedDataset.load(folder)


def test_content_hash_follows_the_files(opendata_home) -> None:
    first = PublishedDataset.load(write_published(opendata_home)).content_hash
    assert PublishedDataset.load(write_published(opendata_home)).content_hash == first
    rows = [{"commune": "Sète", "association": "Jazz", "montant": "1"}]
    assert PublishedDataset.load(write_published(opendata_home, rows=rows)).content_hash != first


def test_retry_after_and_backoff_bounds() -> None:
    assert retry_after_seconds("12") == 12
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds("soon") is None
    policy = RetryPolicy(backoff_s=1, max_backoff_s=5)
    assert policy.delay(1, 120) == 5
    assert all(0 <= policy.delay(n, None) <= min(2 ** (n - 1), 5) for n in range(1, 8))  # type: ignore[operator]
    assert RetryPolicy(max_retry_after_s=60).delay(1, 120) is None  # too long: give up
