"""The alert store: open problems and the outbox of messages, in one SQLite file.

SQLite gives atomic, crash-safe writes and lets the three sensors share the file. A problem is
open from its first alert until it is resolved; each message is one outbox row per channel,
kept until delivered, so an unreachable channel loses nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from opendata_pipeline.alerts.model import Alert
from opendata_pipeline.paths import opendata_home

MessageType = Literal["alert", "recovery", "digest"]
CLAIM_SECONDS = 300.0  # a message being sent is not picked by another tick meanwhile
KEEP_DELIVERED_SECONDS = 90 * 24 * 3600.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS problems (
    dataset TEXT NOT NULL, problem_key TEXT NOT NULL, alert TEXT NOT NULL,
    opened_at REAL NOT NULL, last_seen_at REAL NOT NULL,
    PRIMARY KEY (dataset, problem_key));
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message TEXT NOT NULL, dataset TEXT, problem_key TEXT, payload TEXT NOT NULL,
    recipient_email TEXT NOT NULL, recipient_name TEXT NOT NULL, channel TEXT NOT NULL,
    created_at REAL NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    claimed_until REAL, delivered_at REAL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class OpenProblem:
    """A problem alerted and not yet resolved."""

    alert: Alert
    opened_at: float
    last_seen_at: float


@dataclass(frozen=True)
class OutboxItem:
    """One message waiting for delivery through one channel."""

    id: int
    message: MessageType
    payload: dict[str, Any]
    recipient_email: str
    recipient_name: str
    channel: str
    attempts: int


@dataclass(frozen=True)
class Recorded:
    """What `AlertStore.record` changed."""

    opened: list[Alert]
    repeated: int
    resolved: list[Alert]


def default_store_path() -> Path:
    """`OPENDATA_HOME/alerts/alerts.sqlite3`."""
    return opendata_home() / "alerts" / "alerts.sqlite3"


class AlertStore:
    """Open problems and the outbox, in the SQLite file `path` (created on first use)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.executescript(_SCHEMA)  # commits by itself
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def _enqueue(
        self,
        db: sqlite3.Connection,
        message: MessageType,
        payload: dict[str, Any],
        recipient: tuple[str, str],
        channel: str,
        now: float,
        problem: tuple[str, str] | None = None,
    ) -> None:
        dataset, problem_key = problem or (None, None)
        db.execute(
            "INSERT INTO outbox (message, dataset, problem_key, payload, recipient_email,"
            " recipient_name, channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (message, dataset, problem_key, json.dumps(payload, ensure_ascii=False),
             recipient[0], recipient[1], channel, now),
        )  # fmt: skip

    def record(
        self,
        alerts_open: Iterable[Alert],
        problems_resolved: Iterable[tuple[str, str]],
        channels: Sequence[str],
        now: float,
    ) -> Recorded:
        """Open new problems (one alert per channel), resolve fixed ones (one recovery per
        channel that delivered the alert; an alert never delivered is withdrawn instead)."""
        opened: list[Alert] = []
        resolved: list[Alert] = []
        repeated = 0
        with self._transaction() as db:
            for alert in alerts_open:
                updated = db.execute(
                    "UPDATE problems SET last_seen_at = ? WHERE dataset = ? AND problem_key = ?",
                    (now, *alert.problem),
                ).rowcount
                if updated:
                    repeated += 1
                    continue
                db.execute(
                    "INSERT INTO problems VALUES (?, ?, ?, ?, ?)",
                    (*alert.problem, json.dumps(alert.to_dict(), ensure_ascii=False), now, now),
                )
                recipient = (alert.steward_email, alert.steward_name)
                for channel in channels:
                    self._enqueue(
                        db, "alert", alert.to_dict(), recipient, channel, now, alert.problem
                    )
                opened.append(alert)
            for problem in problems_resolved:
                row = db.execute(
                    "SELECT alert, opened_at FROM problems WHERE dataset = ? AND problem_key = ?",
                    problem,
                ).fetchone()
                if row is None:
                    continue
                db.execute("DELETE FROM problems WHERE dataset = ? AND problem_key = ?", problem)
                db.execute(
                    "DELETE FROM outbox WHERE message = 'alert' AND dataset = ? AND problem_key = ?"
                    " AND delivered_at IS NULL",
                    problem,
                )
                delivered = db.execute(
                    "SELECT DISTINCT channel FROM outbox WHERE message = 'alert' AND dataset = ?"
                    " AND problem_key = ? AND delivered_at IS NOT NULL AND created_at >= ?",
                    (*problem, row[1]),
                ).fetchall()
                alert = Alert.from_dict(json.loads(row[0]))
                for (channel,) in delivered:
                    recipient = (alert.steward_email, alert.steward_name)
                    self._enqueue(db, "recovery", alert.to_dict(), recipient, channel, now, problem)
                resolved.append(alert)
        return Recorded(opened=opened, repeated=repeated, resolved=resolved)

    def open_problems(self) -> list[OpenProblem]:
        """Every problem alerted and not yet resolved, oldest first."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT alert, opened_at, last_seen_at FROM problems ORDER BY opened_at"
            ).fetchall()
        return [OpenProblem(Alert.from_dict(json.loads(a)), o, s) for a, o, s in rows]

    def queue_digest(self, channels: Sequence[str], day: str, now: float) -> int:
        """Queue one summary per steward with open problems, once per `day`; returns how many."""
        with self._transaction() as db:
            done = db.execute("SELECT value FROM meta WHERE key = 'digest_day'").fetchone()
            if done is not None and done[0] == day:
                return 0
            db.execute(
                "INSERT INTO meta VALUES ('digest_day', ?) ON CONFLICT(key) DO UPDATE"
                " SET value = excluded.value",
                (day,),
            )
            by_steward: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for (payload,) in db.execute("SELECT alert FROM problems ORDER BY dataset"):
                data = json.loads(payload)
                key = (data["steward_email"], data["steward_name"])
                by_steward.setdefault(key, []).append(data)
            for recipient, alerts in by_steward.items():
                for channel in channels:
                    self._enqueue(db, "digest", {"alerts": alerts}, recipient, channel, now)
        return len(by_steward)

    def claim_pending(self, channels: Sequence[str], now: float) -> list[OutboxItem]:
        """Undelivered messages for `channels`, oldest first, claimed for `CLAIM_SECONDS`."""
        marks = ", ".join("?" * len(channels))
        with self._transaction() as db:
            db.execute("DELETE FROM outbox WHERE delivered_at < ?", (now - KEEP_DELIVERED_SECONDS,))
            rows = db.execute(
                "SELECT id, message, payload, recipient_email, recipient_name, channel, attempts"
                f" FROM outbox WHERE delivered_at IS NULL AND channel IN ({marks})"
                " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id",
                (*channels, now),
            ).fetchall()
            db.executemany(
                "UPDATE outbox SET claimed_until = ? WHERE id = ?",
                [(now + CLAIM_SECONDS, row[0]) for row in rows],
            )
        return [
            OutboxItem(id=r[0], message=r[1], payload=json.loads(r[2]), recipient_email=r[3],
                       recipient_name=r[4], channel=r[5], attempts=r[6])
            for r in rows
        ]  # fmt: skip

    def mark_delivered(self, item_id: int, now: float) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET delivered_at = ?, claimed_until = NULL, attempts = attempts + 1"
                " WHERE id = ?",
                (now, item_id),
            )

    def release(self, item_id: int, error: str | None) -> None:
        """Give a claimed message back for the next tick (after a failed or skipped attempt)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET claimed_until = NULL,"
                " attempts = attempts + (? IS NOT NULL), last_error = coalesce(?, last_error)"
                " WHERE id = ?",
                (error, error and error[:500], item_id),
            )

    def pending_count(self) -> int:
        """Messages not yet delivered (all channels)."""
        with self._transaction() as db:
            (count,) = db.execute(
                "SELECT count(*) FROM outbox WHERE delivered_at IS NULL"
            ).fetchone()
        return int(count)
