"""The schema of the SQLite cache, written as the ordered steps that build it.

A database remembers how far it got in `PRAGMA user_version`, so an install that skipped
releases still replays every step in order, and a fresh database runs them all. Steps are
never edited once released: a change to the schema is a new step at the end.

Deleting an integration cascades. Its change cache (`record_state`, `gather_index`,
`cursors`) and its `runs` reference `integrations(name)` with ON DELETE CASCADE, and
`outcomes` cascade from `runs`, so one `DELETE FROM integrations WHERE name = ?` removes
everything the integration left behind. This is deliberate: if the caller had to clean up,
a forgotten table would keep old hashes, and an integration removed and added again under
the same name would treat its records as "unchanged" and never send them. The cost is that
an integration's row must exist before anything is recorded for it (foreign keys are on).

Timestamps are ISO-8601 UTC text; JSON columns are text checked with `json_valid`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

log = logging.getLogger(__name__)

_NOW = "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"


@dataclass(frozen=True)
class Migration:
    """One schema step: the version it brings the database to, and how."""

    version: int
    description: str
    apply: Callable[[sqlite_utils.Database], None]


def _settings_and_integrations(db: sqlite_utils.Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL CHECK (json_valid(value))
        );
        CREATE TABLE integrations (
            name TEXT PRIMARY KEY,
            source_kind TEXT NOT NULL,
            config TEXT NOT NULL CHECK (json_valid(config)),
            created_at TEXT NOT NULL DEFAULT {_NOW},
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        """
    )


def _change_cache(db: sqlite_utils.Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE record_state (
            integration TEXT NOT NULL REFERENCES integrations (name) ON DELETE CASCADE,
            model TEXT NOT NULL,
            source_id TEXT NOT NULL,
            gather_id TEXT,
            hash TEXT,
            last_outcome TEXT,
            reason TEXT,
            updated_at TEXT NOT NULL DEFAULT {_NOW},
            PRIMARY KEY (integration, model, source_id)
        );
        CREATE TABLE gather_index (
            integration TEXT NOT NULL REFERENCES integrations (name) ON DELETE CASCADE,
            model TEXT NOT NULL,
            trait TEXT NOT NULL,
            value TEXT NOT NULL,
            gather_id TEXT NOT NULL,
            refreshed_at TEXT NOT NULL DEFAULT {_NOW},
            PRIMARY KEY (integration, model, trait, value, gather_id)
        );
        CREATE TABLE cursors (
            integration TEXT NOT NULL REFERENCES integrations (name) ON DELETE CASCADE,
            model TEXT NOT NULL,
            cursor TEXT NOT NULL,
            updated_at TEXT NOT NULL DEFAULT {_NOW},
            PRIMARY KEY (integration, model)
        );
        """
    )


def _runs(db: sqlite_utils.Database) -> None:
    db.executescript(
        f"""
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            integration TEXT NOT NULL REFERENCES integrations (name) ON DELETE CASCADE,
            status TEXT NOT NULL,
            full INTEGER NOT NULL DEFAULT 0 CHECK (full IN (0, 1)),
            started_at TEXT NOT NULL DEFAULT {_NOW},
            finished_at TEXT,
            summary TEXT CHECK (summary IS NULL OR json_valid(summary))
        );
        CREATE INDEX runs_by_integration ON runs (integration, started_at);
        CREATE TABLE outcomes (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            source_id TEXT,
            gather_id TEXT,
            outcome TEXT NOT NULL,
            reason TEXT,
            traits TEXT CHECK (traits IS NULL OR json_valid(traits))
        );
        CREATE INDEX outcomes_by_run_outcome ON outcomes (run_id, outcome);
        CREATE INDEX outcomes_by_run_source ON outcomes (run_id, source_id);
        """
    )


def _sync_bookkeeping(db: sqlite_utils.Database) -> None:
    """What the sync engine needs beyond issue 3's tables.

    - `record_state.seen_run`: the run that last read the record, so a full read can tell
      which records no longer match the filters (they stop counting as synced accounts).
    - `record_state.rejected_hash`: the hash of a payload Gather rejected, so the same data is
      not sent again until it changes (its reason is kept in `reason`).
    - `sync_locks`: one row while a sync of an integration runs, so a scheduled run and a
      click on "Sync now" never run the same integration twice at once.
    """
    db.executescript(
        f"""
        ALTER TABLE record_state ADD COLUMN seen_run INTEGER;
        ALTER TABLE record_state ADD COLUMN rejected_hash TEXT;
        CREATE INDEX record_state_by_outcome ON record_state (integration, model, last_outcome);
        CREATE TABLE sync_locks (
            integration TEXT PRIMARY KEY REFERENCES integrations (name) ON DELETE CASCADE,
            run_id INTEGER,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            heartbeat_at TEXT NOT NULL DEFAULT {_NOW}
        );
        """
    )


def _schedules(db: sqlite_utils.Database) -> None:
    """One schedule per integration (the JSON of `core.schedule.Schedule`); no row means off.

    It cascades from `integrations` like everything else, so an integration removed and added
    again does not start syncing by itself on an old schedule.
    """
    db.executescript(
        f"""
        CREATE TABLE schedules (
            integration TEXT PRIMARY KEY REFERENCES integrations (name) ON DELETE CASCADE,
            schedule TEXT NOT NULL CHECK (json_valid(schedule)),
            updated_at TEXT NOT NULL DEFAULT {_NOW}
        );
        """
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "settings and integrations", _settings_and_integrations),
    Migration(2, "change cache: record hashes, Gather index, cursors", _change_cache),
    Migration(3, "runs and per-record outcomes", _runs),
    Migration(4, "sync bookkeeping: records seen per run, rejected payloads, run locks",
              _sync_bookkeeping),
    Migration(5, "scheduled runs", _schedules),
)
LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(db: sqlite_utils.Database) -> int:
    """The step the database has reached; 0 for a new, empty one."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, target: int | None = None) -> int:
    """Apply the pending steps up to `target` (default: the latest) and return the version.

    Never goes backwards: a database already past `target` is left as it is. `target` lets
    tests build a database as an older release left it.
    """
    target = LATEST_VERSION if target is None else target
    if not 0 <= target <= LATEST_VERSION:
        raise ValueError(f"There is no schema version {target}; the latest is {LATEST_VERSION}.")
    for step in MIGRATIONS:
        if step.version <= target and schema_version(db) < step.version:
            _apply(db, step)
    return schema_version(db)


def _apply(db: sqlite_utils.Database, step: Migration) -> None:
    """Run one step and record it in one transaction, so a crash leaves the old version whole.

    BEGIN IMMEDIATE takes the write lock before re-reading the version, so two processes
    opening the same old database at once do not both run the step.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        if schema_version(db) < step.version:
            step.apply(db)
            db.execute(f"PRAGMA user_version = {int(step.version)}")
            log.info("Upgraded the database schema to %d: %s.", step.version, step.description)
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise
