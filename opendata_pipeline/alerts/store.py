"""The alert store: open problems and the outbox of messages, in a SQL database.

It lives in the Dagster instance's own database (PostgreSQL in production, a SQLite file in the
instance's storage folder locally; see `defs/alerting.store_url`), never in a pod's scratch space,
so a redeploy neither repeats alerts nor loses a "Résolu" or an undelivered message. A problem is
open from its first alert until it is resolved; each message is one outbox row per channel, kept
until delivered, so an unreachable channel loses nothing. Every change is one transaction, and
messages are claimed with a token so two sensor threads never send the same one.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from opendata_pipeline.alerts.model import Alert

MessageType = Literal["alert", "recovery", "digest"]
CLAIM_SECONDS = 300.0  # a message being sent is not picked by another tick meanwhile
KEEP_DELIVERED_SECONDS = 90 * 24 * 3600.0

_META = sa.MetaData()
PROBLEMS = sa.Table(
    "opendata_alert_problems",
    _META,
    sa.Column("dataset", sa.String(255), primary_key=True),
    sa.Column("problem_key", sa.String(255), primary_key=True),
    sa.Column("alert", sa.Text, nullable=False),
    sa.Column("opened_at", sa.Float, nullable=False),
    sa.Column("last_seen_at", sa.Float, nullable=False),
)
OUTBOX = sa.Table(
    "opendata_alert_outbox",
    _META,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("message", sa.String(16), nullable=False),
    sa.Column("dataset", sa.String(255)),
    sa.Column("problem_key", sa.String(255)),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("recipient_email", sa.String(320), nullable=False),
    sa.Column("recipient_name", sa.String(255), nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text),
    sa.Column("claimed_until", sa.Float),
    sa.Column("claim", sa.String(32)),
    sa.Column("delivered_at", sa.Float),
    sa.Index("opendata_alert_outbox_pending", "delivered_at", "channel"),
)
META = sa.Table(
    "opendata_alert_meta",
    _META,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()


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


def _serialized_sqlite(engine: sa.Engine) -> None:
    """SQLite transactions take the write lock at BEGIN (SQLAlchemy's documented recipe), so two
    sensor threads never interleave a read-then-write."""

    @sa.event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin_immediate(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _engine(url: str) -> sa.Engine:
    """One engine per database for the process, its tables created on first use."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            if url.startswith("sqlite"):
                engine = sa.create_engine(url, connect_args={"timeout": 30})
                _serialized_sqlite(engine)
            else:
                engine = sa.create_engine(url, pool_pre_ping=True, pool_size=2)
            _META.create_all(engine, checkfirst=True)
            _ENGINES[url] = engine
        return engine


def _insert(engine: sa.Engine, table: sa.Table) -> Any:
    """INSERT with ON CONFLICT support for the engine's dialect (PostgreSQL or SQLite)."""
    return (postgresql if engine.dialect.name == "postgresql" else sqlite).insert(table)


class AlertStore:
    """Open problems and the outbox, in the database at `url` (a SQLAlchemy URL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = _engine(url)

    def _enqueue(
        self,
        db: sa.Connection,
        message: MessageType,
        payload: dict[str, Any],
        recipient: tuple[str, str],
        channel: str,
        now: float,
        problem: tuple[str, str] | None = None,
    ) -> None:
        dataset, problem_key = problem or (None, None)
        db.execute(
            OUTBOX.insert().values(
                message=message,
                dataset=dataset,
                problem_key=problem_key,
                payload=json.dumps(payload, ensure_ascii=False),
                recipient_email=recipient[0],
                recipient_name=recipient[1],
                channel=channel,
                created_at=now,
                attempts=0,
            )
        )

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
        problem = (PROBLEMS.c.dataset, PROBLEMS.c.problem_key)
        with self._engine.begin() as db:
            for alert in alerts_open:
                seen = db.execute(
                    PROBLEMS.update()
                    .where(sa.tuple_(*problem) == alert.problem)
                    .values(last_seen_at=now)
                ).rowcount
                inserted = 0
                if not seen:
                    inserted = db.execute(
                        _insert(self._engine, PROBLEMS)
                        .values(
                            dataset=alert.problem[0],
                            problem_key=alert.problem[1],
                            alert=json.dumps(alert.to_dict(), ensure_ascii=False),
                            opened_at=now,
                            last_seen_at=now,
                        )
                        .on_conflict_do_nothing()
                    ).rowcount
                if not inserted:  # open already (or opened meanwhile by another sensor)
                    repeated += 1
                    continue
                recipient = (alert.steward_email, alert.steward_name)
                for channel in channels:
                    self._enqueue(
                        db, "alert", alert.to_dict(), recipient, channel, now, alert.problem
                    )
                opened.append(alert)
            for fixed in problems_resolved:
                row = db.execute(
                    sa.select(PROBLEMS.c.alert, PROBLEMS.c.opened_at).where(
                        sa.tuple_(*problem) == tuple(fixed)
                    )
                ).first()
                if row is None:
                    continue
                db.execute(PROBLEMS.delete().where(sa.tuple_(*problem) == tuple(fixed)))
                same = sa.and_(
                    OUTBOX.c.message == "alert",
                    OUTBOX.c.dataset == fixed[0],
                    OUTBOX.c.problem_key == fixed[1],
                )
                db.execute(OUTBOX.delete().where(same, OUTBOX.c.delivered_at.is_(None)))
                delivered = db.execute(
                    sa.select(OUTBOX.c.channel)
                    .distinct()
                    .where(same, OUTBOX.c.delivered_at.is_not(None))
                    .where(OUTBOX.c.created_at >= row.opened_at)
                ).scalars()
                alert = Alert.from_dict(json.loads(row.alert))
                recipient = (alert.steward_email, alert.steward_name)
                for channel in sorted(delivered):
                    self._enqueue(db, "recovery", alert.to_dict(), recipient, channel, now, fixed)
                resolved.append(alert)
        return Recorded(opened=opened, repeated=repeated, resolved=resolved)

    def open_problems(self) -> list[OpenProblem]:
        """Every problem alerted and not yet resolved, oldest first."""
        with self._engine.begin() as db:
            rows = db.execute(
                sa.select(PROBLEMS.c.alert, PROBLEMS.c.opened_at, PROBLEMS.c.last_seen_at).order_by(
                    PROBLEMS.c.opened_at
                )
            ).all()
        return [OpenProblem(Alert.from_dict(json.loads(a)), o, s) for a, o, s in rows]

    def queue_digest(self, channels: Sequence[str], day: str, now: float) -> int:
        """Queue one summary per steward with open problems, once per `day`; returns how many."""
        with self._engine.begin() as db:
            db.execute(
                _insert(self._engine, META)
                .values(key="digest_day", value="")
                .on_conflict_do_nothing()
            )
            claimed = db.execute(
                META.update()
                .where(META.c.key == "digest_day", META.c.value != day)
                .values(value=day)
            ).rowcount
            if not claimed:  # already sent today (by this sensor or a concurrent tick)
                return 0
            by_steward: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for payload in db.execute(
                sa.select(PROBLEMS.c.alert).order_by(PROBLEMS.c.dataset, PROBLEMS.c.problem_key)
            ).scalars():
                data = json.loads(payload)
                key = (data["steward_email"], data["steward_name"])
                by_steward.setdefault(key, []).append(data)
            for recipient, alerts in by_steward.items():
                for channel in channels:
                    self._enqueue(db, "digest", {"alerts": alerts}, recipient, channel, now)
        return len(by_steward)

    def claim_pending(self, channels: Sequence[str], now: float) -> list[OutboxItem]:
        """Undelivered messages for `channels`, oldest first, claimed for `CLAIM_SECONDS`."""
        token = uuid.uuid4().hex
        with self._engine.begin() as db:
            db.execute(OUTBOX.delete().where(OUTBOX.c.delivered_at < now - KEEP_DELIVERED_SECONDS))
            db.execute(
                OUTBOX.update()
                .where(
                    OUTBOX.c.delivered_at.is_(None),
                    OUTBOX.c.channel.in_(list(channels)),
                    sa.or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until < now),
                )
                .values(claimed_until=now + CLAIM_SECONDS, claim=token)
            )
            rows = db.execute(
                sa.select(
                    OUTBOX.c.id,
                    OUTBOX.c.message,
                    OUTBOX.c.payload,
                    OUTBOX.c.recipient_email,
                    OUTBOX.c.recipient_name,
                    OUTBOX.c.channel,
                    OUTBOX.c.attempts,
                )
                .where(OUTBOX.c.claim == token)
                .order_by(OUTBOX.c.id)
            ).all()
        return [
            OutboxItem(
                id=r[0],
                message=r[1],
                payload=json.loads(r[2]),
                recipient_email=r[3],
                recipient_name=r[4],
                channel=r[5],
                attempts=r[6],
            )
            for r in rows
        ]

    def mark_delivered(self, item_id: int, now: float) -> None:
        with self._engine.begin() as db:
            db.execute(
                OUTBOX.update()
                .where(OUTBOX.c.id == item_id)
                .values(
                    delivered_at=now,
                    claimed_until=None,
                    claim=None,
                    attempts=OUTBOX.c.attempts + 1,
                )
            )

    def release(self, item_id: int, error: str | None) -> None:
        """Give a claimed message back for the next tick (after a failed or skipped attempt)."""
        values: dict[str, Any] = {"claimed_until": None, "claim": None}
        if error is not None:
            values.update(attempts=OUTBOX.c.attempts + 1, last_error=error[:500])
        with self._engine.begin() as db:
            db.execute(OUTBOX.update().where(OUTBOX.c.id == item_id).values(**values))

    def pending_count(self) -> int:
        """Messages not yet delivered (all channels)."""
        with self._engine.begin() as db:
            count = db.execute(
                sa.select(sa.func.count())
                .select_from(OUTBOX)
                .where(OUTBOX.c.delivered_at.is_(None))
            ).scalar_one()
        return int(count)
