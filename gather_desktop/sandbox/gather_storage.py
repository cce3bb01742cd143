"""SQLite storage for the Gather sandbox: models, records and events. No HTTP in here.

One connection guarded by a lock (`check_same_thread=False`), WAL and synchronous=NORMAL:
the HTTP server runs a thread per connection, and one commit per upsert under WAL costs
tens of microseconds, so storage never limits a benchmark. Checks that must be atomic with
a write (a new record's required traits, an event's client id) happen here, under the lock;
the rest of the API's validation lives in the server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    id_trait TEXT NOT NULL,
    relationships TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY,
    model TEXT NOT NULL,
    id TEXT NOT NULL,
    traits TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (model, id)
);
CREATE INDEX IF NOT EXISTS records_in_order ON records (model, seq);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    event_id TEXT UNIQUE,
    type TEXT NOT NULL,
    user_id TEXT,
    account_id TEXT,
    properties TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    received_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Relationship:
    from_trait: str
    to_model: str
    to_trait: str


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    kind: str
    id_trait: str
    relationships: tuple[Relationship, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


STANDARD_MODELS = (
    Model("account", "Account", "standard", "id", ()),
    Model("user", "User", "standard", "id", (Relationship("account_id", "account", "id"),)),
)


@dataclass(frozen=True)
class StoredRecord:
    id: str
    traits: dict[str, Any]
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class RecordPage:
    records: list[StoredRecord]
    next_after: int | None  # the position to continue after, or None on the last page


@dataclass(frozen=True)
class Event:
    type: str
    user_id: str | None
    account_id: str | None
    properties: dict[str, Any]
    timestamp: str | None  # None: the time it was received
    event_id: str | None  # the client's id that makes a retried event idempotent


@dataclass(frozen=True)
class StoredEvent:
    id: str
    event: Event  # its timestamp is always set: the client's, else the time it was received
    received_at: str


class MissingTrait(Exception):
    def __init__(self, trait: str) -> None:
        super().__init__(trait)
        self.trait = trait


class ModelExists(Exception):
    pass


def trait_text(value: Any) -> str:
    """The string form that list filters compare: a string as is, anything else as its JSON text.

    So `42` -> "42", `12.5` -> "12.5", `True` -> "true", `None` -> "null", `{"a": 1}` -> '{"a":1}'.
    """
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _traits_match(traits_json: str, filters_json: str) -> bool:
    traits = json.loads(traits_json)
    return all(name in traits and trait_text(traits[name]) == value for name, value in json.loads(filters_json))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class GatherStorage:
    """The sandbox's data; every method is safe to call from any thread."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(os.fspath(path), check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.create_function("traits_match", 2, _traits_match, deterministic=True)
        with self._conn:
            self._conn.executescript(_SCHEMA)
            for model in STANDARD_MODELS:
                self._insert_model(model, or_ignore=True)
        rows = self._conn.execute("SELECT id, name, kind, id_trait, relationships FROM models ORDER BY seq")
        # Models are only ever added, so an in-memory copy spares a query on every upsert.
        self._models = {
            row[0]: Model(*row[:4], tuple(Relationship(**item) for item in json.loads(row[4]))) for row in rows
        }

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # Models

    def models(self) -> list[Model]:
        with self._lock:
            return list(self._models.values())

    def model(self, model_id: str) -> Model | None:
        with self._lock:
            return self._models.get(model_id)

    def create_model(self, model: Model) -> None:
        """Add a model; raises ModelExists if its id is taken."""
        with self._lock, self._conn:
            if model.id in self._models:
                raise ModelExists(model.id)
            self._insert_model(model, or_ignore=False)
            self._models[model.id] = model

    def _insert_model(self, model: Model, or_ignore: bool) -> None:
        verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
        self._conn.execute(
            f"{verb} INTO models (id, name, kind, id_trait, relationships) VALUES (?, ?, ?, ?, ?)",
            (model.id, model.name, model.kind, model.id_trait, _dump([asdict(r) for r in model.relationships])),
        )

    # Records

    def upsert_record(
        self, model: str, record_id: str, traits: dict[str, Any], required: Collection[str]
    ) -> tuple[StoredRecord, bool]:
        """Create the record or merge `traits` into it (the new values win); True when created.

        On create, every `required` trait must be present and not null, else MissingTrait.
        """
        now = _now()
        with self._lock, self._conn:
            row = self._conn.execute(
                "SELECT traits, created_at FROM records WHERE model = ? AND id = ?", (model, record_id)
            ).fetchone()
            if row is None:
                missing = next((name for name in required if traits.get(name) is None), None)
                if missing is not None:
                    raise MissingTrait(missing)
                self._conn.execute(
                    "INSERT INTO records (model, id, traits, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (model, record_id, _dump(traits), now, now),
                )
                return StoredRecord(record_id, traits, now, now), True
            merged = {**json.loads(row[0]), **traits}
            self._conn.execute(
                "UPDATE records SET traits = ?, updated_at = ? WHERE model = ? AND id = ?",
                (_dump(merged), now, model, record_id),
            )
            return StoredRecord(record_id, merged, row[1], now), False

    def record(self, model: str, record_id: str) -> StoredRecord | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, traits, created_at, updated_at FROM records WHERE model = ? AND id = ?",
                (model, record_id),
            ).fetchone()
        return None if row is None else StoredRecord(row[0], json.loads(row[1]), row[2], row[3])

    def list_records(
        self, model: str, limit: int, after: int = 0, filters: Sequence[tuple[str, str]] = ()
    ) -> RecordPage:
        """Records in the order they were first created, after position `after`.

        `filters` are (trait, value) pairs that must all match `trait_text()` of the trait; a
        trait the record lacks never matches. The trait `id` matches the record's id.
        """
        sql = "SELECT seq, id, traits, created_at, updated_at FROM records WHERE model = ? AND seq > ?"
        args: list[Any] = [model, after]
        for name, value in filters:
            if name == "id":
                sql += " AND id = ?"
                args.append(value)
        trait_filters = [(name, value) for name, value in filters if name != "id"]
        if trait_filters:
            sql += " AND traits_match(traits, ?)"
            args.append(_dump(trait_filters))
        sql += " ORDER BY seq LIMIT ?"
        args.append(limit + 1)
        with self._lock:
            rows = self._conn.execute(sql, args).fetchall()
        page = rows[:limit]
        records = [StoredRecord(row[1], json.loads(row[2]), row[3], row[4]) for row in page]
        return RecordPage(records, page[-1][0] if len(rows) > limit else None)

    # Events

    def add_event(self, event: Event) -> tuple[str, bool]:
        """Store the event and return its id and True; a known `event_id` returns the first id and False."""
        now = _now()
        with self._lock, self._conn:
            if event.event_id is not None:
                row = self._conn.execute("SELECT id FROM events WHERE event_id = ?", (event.event_id,)).fetchone()
                if row is not None:
                    return row[0], False
            event_key = f"evt_{uuid.uuid4().hex}"
            self._conn.execute(
                "INSERT INTO events (id, event_id, type, user_id, account_id, properties, timestamp, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    event_key,
                    event.event_id,
                    event.type,
                    event.user_id,
                    event.account_id,
                    _dump(event.properties),
                    event.timestamp or now,
                    now,
                ),
            )
            return event_key, True

    def events(self) -> list[StoredEvent]:
        """Every stored event, oldest first (the API has no route for this; tests inspect it)."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, event_id, type, user_id, account_id, properties, timestamp, received_at"
                " FROM events ORDER BY seq"
            ).fetchall()
        return [
            StoredEvent(row[0], Event(row[2], row[3], row[4], json.loads(row[5]), row[6], row[1]), row[7])
            for row in rows
        ]
