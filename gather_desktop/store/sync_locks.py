"""One sync per integration at a time, across processes (the window, cron, a second window).

A row in `sync_locks` names the process that runs the integration. A row left by a process
that died (SIGKILL, a power cut) must not block the next run forever: on the same machine a
dead process id frees it at once; from another machine (a data folder on a share) a row whose
heartbeat is older than STALE_AFTER is taken over.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone

import sqlite_utils

from gather_desktop.errors import UserFacingError

STALE_AFTER = timedelta(minutes=15)


class SyncAlreadyRunning(UserFacingError):
    """Another process is syncing this integration now."""


def acquire(db: sqlite_utils.Database, integration: str) -> None:
    host, pid = socket.gethostname(), os.getpid()
    with db.conn:
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT host, pid, heartbeat_at FROM sync_locks WHERE integration = ?",
                         [integration]).fetchone()
        if row is not None and not _stale(*row):
            raise SyncAlreadyRunning(
                f"A sync of '{integration}' is already running (process {row[1]} on {row[0]}); "
                "wait for it to finish, or stop it, then try again.")
        db.execute("INSERT INTO sync_locks (integration, host, pid) VALUES (?, ?, ?) ON CONFLICT "
                   "(integration) DO UPDATE SET host = excluded.host, pid = excluded.pid, "
                   "heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                   [integration, host, pid])


def heartbeat(db: sqlite_utils.Database, integration: str) -> None:
    with db.conn:
        db.execute("UPDATE sync_locks SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
                   "WHERE integration = ? AND pid = ?", [integration, os.getpid()])


def release(db: sqlite_utils.Database, integration: str) -> None:
    with db.conn:
        db.execute("DELETE FROM sync_locks WHERE integration = ? AND pid = ? AND host = ?",
                   [integration, os.getpid(), socket.gethostname()])


def _stale(host: str, pid: int, heartbeat_at: str) -> bool:
    if host == socket.gethostname() and (pid == os.getpid() or _dead(pid)):
        return True
    beat = datetime.strptime(heartbeat_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc) - beat > STALE_AFTER


def _dead(pid: int) -> bool:
    """True only when this machine says the process does not exist."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive but someone else's, or a platform that cannot probe this way
        return False
    return False
