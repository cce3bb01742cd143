"""Opening the SQLite cache: the one place that sets a connection up and upgrades the schema.

Every connection gets the same settings: WAL so the window can read while a sync writes,
`synchronous=NORMAL` (fast commits; a power cut may lose the last ones but never corrupts),
foreign keys (the cascades in `migrations` depend on them) and a busy timeout so a second
connection waits for a short write instead of failing. A connection belongs to the thread
that opened it; each worker thread opens its own.

SQLite failures a person can do something about (a full disk, an unwritable folder, a file
that is not a database) become `StoreError`, whose message says what to do.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from gather_desktop.errors import UserFacingError
from gather_desktop.store.migrations import LATEST_VERSION, migrate, schema_version

log = logging.getLogger(__name__)

DATABASE_FILE = "gather-desktop.db"
BUSY_TIMEOUT_SECONDS = 10.0

_ELSEWHERE = "choose another data folder with --data-dir"
_EXPLANATIONS = {
    sqlite3.SQLITE_FULL: (
        "The disk holding {path} is full, so Gather Desktop could not save its data. "
        "Nothing was lost: the database still holds everything saved before. "
        "Free some disk space and try again."
    ),
    sqlite3.SQLITE_NOTADB: (
        "{path} is not a Gather Desktop database (it is not an SQLite file). "
        "Move it out of the way, or {elsewhere}."
    ),
    sqlite3.SQLITE_CORRUPT: (
        "{path} is damaged and cannot be read. Move it out of the way (Gather Desktop then "
        "starts with an empty one), restore a backup copy, or {elsewhere}."
    ),
    sqlite3.SQLITE_CANTOPEN: (
        "Gather Desktop cannot open {path}. Check that you may write to {folder}, "
        "or {elsewhere}."
    ),
    sqlite3.SQLITE_READONLY: (
        "Gather Desktop cannot write to {path}. Check that you may write to the file and to "
        "{folder}, or {elsewhere}."
    ),
    sqlite3.SQLITE_PERM: (
        "Gather Desktop is not allowed to use {path}. Check the file's permissions, "
        "or {elsewhere}."
    ),
    sqlite3.SQLITE_IOERR: (
        "Reading or writing {path} failed with a disk error. Check the disk (and, for a "
        "network folder, the connection), then try again."
    ),
    sqlite3.SQLITE_BUSY: (
        "{path} is in use by another program, probably another Gather Desktop that is still "
        "syncing. Wait for it to finish or close it, then try again."
    ),
}


class StoreError(UserFacingError):
    """The app's database cannot be opened or written, for a reason the user can fix."""


def database_path(data_dir: Path) -> Path:
    """Where the database lives inside a data folder."""
    return data_dir / DATABASE_FILE


@contextlib.contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Turn SQLite failures a person can fix into `StoreError`; let programming errors through.

    The engine wraps its writes in this too, so a disk that fills up mid-sync is reported
    in words rather than as a traceback.
    """
    try:
        yield
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", None)
        explanation = None if code is None else _EXPLANATIONS.get(code & 0xFF)
        if explanation is None:
            raise
        message = explanation.format(path=path, folder=path.parent, elsewhere=_ELSEWHERE)
        raise StoreError(message) from error


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at `path`, upgraded to the latest schema."""
    _create_folder(path.parent)
    with store_errors(path):
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        try:
            db = sqlite_utils.Database(connection)
            _prepare(db, path)
        except BaseException:
            connection.close()
            raise
    return db


def _create_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"Gather Desktop cannot create its data folder {folder} ({error.strerror}). "
            f"Check that you may write there, or {_ELSEWHERE}."
        ) from error


def _prepare(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a newer schema before touching anything, configure, back up, then migrate."""
    found = schema_version(db)
    if found > LATEST_VERSION:
        raise StoreError(
            f"{path} was written by a newer Gather Desktop (schema {found}; this one knows up "
            f"to {LATEST_VERSION}). Install the newer version, or {_ELSEWHERE}."
        )
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    if 0 < found < LATEST_VERSION:
        _back_up(db, path, found)
    migrate(db)


def _back_up(db: sqlite_utils.Database, path: Path, version: int) -> None:
    """Copy the database beside itself before an upgrade, so a bad upgrade can be undone.

    The online backup API copies a consistent snapshot, WAL contents included, which a file
    copy of the main file alone would not.
    """
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    backup_path = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    try:
        with contextlib.closing(sqlite3.connect(backup_path)) as backup:
            db.conn.backup(backup)
    except BaseException:
        backup_path.unlink(missing_ok=True)
        raise
    log.info(
        "Saved a copy of the database at schema %d as %s before upgrading it to schema %d.",
        version,
        backup_path,
        LATEST_VERSION,
    )
