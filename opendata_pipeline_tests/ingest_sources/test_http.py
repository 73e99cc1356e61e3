"""HttpFetcher against a real server on 127.0.0.1: validators, retries, limits, content types.

Waits between retries are recorded by the fixture's `sleep` instead of slept (no timing
asserts); the timeout test uses a real slow answer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from opendata_pipeline.errors import DatasetError, SourceUnchanged
from opendata_pipeline.ingest.http import FetchError, HttpFetcher, redact_url
from opendata_pipeline.retry import RetryPolicy

from .conftest import LocalServer, Reply, sequence, static

PARKING = "parking/offstreetparking_2025-02-27.json"


def test_fetch_keeps_bytes_and_provenance(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    body = (realdata / PARKING).read_bytes()
    server.routes["/offstreetparking"] = static(body, "application/json; charset=utf-8")
    result = fetcher.fetch(
        server.url("/offstreetparking"), raw / "p.json", max_bytes=10**6,
        expected_kind="ngsi", dataset="parkings",
    )  # fmt: skip
    assert (raw / "p.json").read_bytes() == body
    assert result.sha256 == hashlib.sha256(body).hexdigest()
    assert (result.size, result.status, result.content_length) == (34549, 200, 34549)
    assert result.etag and result.last_modified
    assert result.content_type == "application/json; charset=utf-8"
    manifest = result.to_manifest()
    assert manifest["path"] == "p.json" and manifest["final_url"].endswith("/offstreetparking")
    user_agent = server.seen[0].headers["user-agent"]
    assert user_agent.startswith("opendata-pipeline/") and "Montpellier" in user_agent
    assert list(raw.iterdir()) == [raw / "p.json"]


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_conditional_get_304_means_unchanged(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path, validator: str
) -> None:
    body = (realdata / PARKING).read_bytes()
    server.routes["/p"] = static(
        body, "application/json", etag=validator == "etag",
        last_modified=validator == "last_modified",
    )  # fmt: skip
    first = fetcher.fetch(server.url("/p"), raw / "a.json", max_bytes=10**6, expected_kind="json")
    previous = first.to_manifest()
    with pytest.raises(SourceUnchanged):
        fetcher.fetch(
            server.url("/p"), raw / "b.json", previous=previous, max_bytes=10**6,
            expected_kind="json",
        )  # fmt: skip
    second = server.seen[1].headers
    header = "if-none-match" if validator == "etag" else "if-modified-since"
    assert second[header] == previous[validator]
    assert sorted(p.name for p in raw.iterdir()) == ["a.json"]


def test_same_hash_without_validators_is_unchanged(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    body = (realdata / PARKING).read_bytes()
    server.routes["/p"] = static(body, "application/json", etag=False, last_modified=False)
    first = fetcher.fetch(server.url("/p"), raw / "a.json", max_bytes=10**6, expected_kind="json")
    assert first.etag is None
    with pytest.raises(SourceUnchanged):
        fetcher.fetch(
            server.url("/p"), raw / "b.json", previous=first.to_manifest(), max_bytes=10**6,
            expected_kind="json",
        )  # fmt: skip
    assert sorted(p.name for p in raw.iterdir()) == ["a.json"]


def test_429_honours_retry_after(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, sleeps: list[float]
) -> None:
    server.routes["/p"] = sequence(
        Reply(429, b"slow down", {"Retry-After": "3"}),
        Reply(200, b"[]", {"Content-Type": "application/json"}),
    )
    result = fetcher.fetch(server.url("/p"), raw / "p.json", max_bytes=100, expected_kind="json")
    assert (result.status, result.attempts) == (200, 2)
    assert sleeps == [3.0]
    assert (raw / "p.json").read_bytes() == b"[]"


def test_retry_after_beyond_the_limit_fails_at_once(
    server: LocalServer, raw: Path, sleeps: list[float]
) -> None:
    server.routes["/p"] = sequence(Reply(429, b"", {"Retry-After": "86400"}))
    with (
        HttpFetcher(policy=RetryPolicy(max_retry_after_s=60, sleep=sleeps.append)) as fetcher,
        pytest.raises(FetchError, match="wait 86400 s") as caught,
    ):
        fetcher.fetch(server.url("/p"), raw / "p.json", max_bytes=100, expected_kind="json")
    assert caught.value.status == 429 and sleeps == [] and len(server.seen) == 1


def test_5xx_then_success_backs_off(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, sleeps: list[float]
) -> None:
    server.routes["/p"] = sequence(
        Reply(500, b"<html>oops</html>", {"Content-Type": "text/html"}),
        Reply(503, b"<html>busy</html>", {"Content-Type": "text/html"}),
        Reply(200, b"<a/>", {"Content-Type": "text/xml"}),
    )
    result = fetcher.fetch(server.url("/p"), raw / "p.xml", max_bytes=100, expected_kind="xml")
    assert result.attempts == 3 and (raw / "p.xml").read_bytes() == b"<a/>"
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.01 and 0 <= sleeps[1] <= 0.02  # full jitter, base 0.01 s


def test_persistent_5xx_gives_up_with_status(
    server: LocalServer, fetcher: HttpFetcher, raw: Path
) -> None:
    server.routes["/p"] = sequence(Reply(502, b"bad gateway"))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(
            server.url("/p"), raw / "p.json", max_bytes=100, expected_kind="json", dataset="d"
        )
    assert caught.value.status == 502
    assert isinstance(caught.value, DatasetError) and caught.value.dataset == "d"
    assert "HTTP 502 after 4 attempts" in str(caught.value)
    assert len(server.seen) == 4 and not list(raw.iterdir())


def test_4xx_is_not_retried(server: LocalServer, fetcher: HttpFetcher, raw: Path) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(server.url("/missing"), raw / "p.json", max_bytes=100, expected_kind="json")
    assert len(server.seen) == 1


def test_timeout(server: LocalServer, raw: Path, sleeps: list[float]) -> None:
    server.routes["/slow"] = sequence(Reply(200, b"[]", delay_s=1.0))
    with (
        HttpFetcher(timeout_s=0.2, policy=RetryPolicy(attempts=2, sleep=sleeps.append)) as fetcher,
        pytest.raises(FetchError, match="timed out after 2 attempts"),
    ):
        fetcher.fetch(server.url("/slow"), raw / "p.json", max_bytes=100, expected_kind="json")
    assert len(sleeps) == 1 and not list(raw.iterdir())


def test_connection_refused_is_retried_then_reported(
    raw: Path, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    with (
        HttpFetcher(policy=RetryPolicy(attempts=3, backoff_s=0.01, sleep=sleeps.append)) as fetcher,
        pytest.raises(FetchError, match="connection failed after 3 attempts") as caught,
    ):
        fetcher.fetch(
            "http://127.0.0.1:9/x?apikey=SECRET-KEY", raw / "x", max_bytes=1, expected_kind="json"
        )
    assert len(sleeps) == 2
    # urllib3 logs each retry with the request path: never its query (a key may be there)
    assert any("Retrying" in r.getMessage() for r in caplog.records)
    assert "SECRET-KEY" not in caplog.text + str(caught.value)


def test_oversized_declared_length(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    server.routes["/p"] = static((realdata / PARKING).read_bytes(), "application/json")
    with pytest.raises(FetchError, match="declared size 34549 bytes exceeds the maximum"):
        fetcher.fetch(server.url("/p"), raw / "p.json", max_bytes=1000, expected_kind="json")
    assert not list(raw.iterdir())


def test_oversized_streamed_body_without_length(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, realdata: Path
) -> None:
    body = (realdata / PARKING).read_bytes()
    server.routes["/p"] = sequence(
        Reply(200, body, {"Content-Type": "application/json"}, send_length=False)
    )
    with pytest.raises(FetchError, match="body exceeds the maximum of 1000 bytes"):
        fetcher.fetch(server.url("/p"), raw / "p.json", max_bytes=1000, expected_kind="json")
    assert not list(raw.iterdir())  # no partial file left behind


@pytest.mark.parametrize(
    ("content_type", "kind"),
    [("text/html; charset=utf-8", "json"), ("application/json", "xml"), ("text/xml", "csv")],
)
def test_wrong_content_type(
    server: LocalServer, fetcher: HttpFetcher, raw: Path, content_type: str, kind: str
) -> None:
    server.routes["/p"] = static(b"<html>portal maintenance</html>", content_type)
    with pytest.raises(FetchError, match=f"does not match the declared kind '{kind}'"):
        fetcher.fetch(server.url("/p"), raw / "p", max_bytes=1000, expected_kind=kind)
    assert not list(raw.iterdir())


def test_secrets_never_in_errors(server: LocalServer, fetcher: HttpFetcher, raw: Path) -> None:
    url = server.url("/p").replace("http://", "http://user:hunter2@") + "?apikey=S3CRET&limit=5"
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url, raw / "p", max_bytes=10, expected_kind="json")
    message = str(caught.value)
    assert "S3CRET" not in message and "hunter2" not in message
    assert "apikey=***" in message and "limit=5" in message
    assert server.seen[0].query["apikey"] == "S3CRET"  # the real value was sent
    assert redact_url("https://h/x?token=a&b=c") == "https://h/x?token=***&b=c"


def test_local_paths_and_file_urls(fetcher: HttpFetcher, raw: Path, realdata: Path) -> None:
    source = realdata / PARKING
    by_path = fetcher.fetch(str(source), raw / "a.json", max_bytes=10**6, expected_kind="json")
    by_url = fetcher.fetch(source.as_uri(), raw / "b.json", max_bytes=10**6, expected_kind="json")
    assert by_path.sha256 == by_url.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (raw / "b.json").read_bytes() == source.read_bytes()
    with pytest.raises(SourceUnchanged):
        fetcher.fetch(
            str(source), raw / "c.json", previous=by_path.to_manifest(), max_bytes=10**6,
            expected_kind="json",
        )  # fmt: skip
    with pytest.raises(FetchError, match="exceeds the maximum"):
        fetcher.fetch(str(source), raw / "d.json", max_bytes=10, expected_kind="json")
    with pytest.raises(FetchError, match="local file not found"):
        fetcher.fetch(str(raw / "nope.json"), raw / "e.json", max_bytes=10, expected_kind="json")


def test_local_file_copied_with_the_checksum_of_its_bytes(
    fetcher: HttpFetcher, raw: Path, tmp_path: Path
) -> None:
    """A local file is read once (copied and hashed together); one of the same size as before
    is hashed first, so an unchanged one is not copied and a changed one is."""
    source = tmp_path / "source.csv"
    source.write_bytes(b"a;b\n" + b"1;2\n" * 3_000_000)  # several chunks
    first = fetcher.fetch(str(source), raw / "a.csv", max_bytes=10**9, expected_kind="csv")
    assert (raw / "a.csv").read_bytes() == source.read_bytes()
    assert (first.sha256, first.size) == (_sha(source), source.stat().st_size)
    with pytest.raises(SourceUnchanged):
        fetcher.fetch(str(source), raw / "b.csv", previous=first.to_manifest(), max_bytes=10**9,
                      expected_kind="csv")  # fmt: skip
    assert not (raw / "b.csv").exists()
    source.write_bytes(source.read_bytes().replace(b"1;2", b"3;4"))  # same size, new bytes
    second = fetcher.fetch(
        str(source), raw / "c.csv", previous=first.to_manifest(), max_bytes=10**9,
        expected_kind="csv",
    )  # fmt: skip
    assert second.sha256 == _sha(source) != first.sha256
    assert (raw / "c.csv").read_bytes() == source.read_bytes()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_interrupted_download_leaves_nothing(
    server: LocalServer, fetcher: HttpFetcher, raw: Path
) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": "99999"}
    server.routes["/p"] = sequence(Reply(200, b'[{"id": 1}', headers, send_length=False))
    with pytest.raises(FetchError, match=r"download interrupted after \d+ bytes"):
        fetcher.fetch(server.url("/p"), raw / "p.json", max_bytes=10**6, expected_kind="json")
    assert not list(raw.iterdir())


def test_unusable_urls(fetcher: HttpFetcher, raw: Path) -> None:
    with pytest.raises(FetchError, match=r"request failed \(InvalidURL\)"):
        fetcher.fetch("http://", raw / "x", max_bytes=10, expected_kind="json")
    with pytest.raises(FetchError, match="unsupported URL scheme 'ftp'"):
        fetcher.fetch("ftp://127.0.0.1/x", raw / "x", max_bytes=10, expected_kind="json")
