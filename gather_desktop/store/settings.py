"""App-wide settings kept in the database, such as the Gather URL and CA bundle path.

Values are stored as JSON so a setting can be a string, a number, a list or a mapping.
The database is an ordinary file that support staff may be sent, so no secret belongs
here: secrets go to the keyring through `gather_desktop.store.secrets`, and `set_setting`
refuses keys that look like one.
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

GATHER_URL = "gather_url"
GATHER_CA_BUNDLE = "gather_ca_bundle"
#: The last run id when the current Gather key was saved: a run up to it that failed on the
#: old key no longer needs the user (see `jobs/gather_jobs.integration_rows`). A run id, not
#: a time, because both can happen within one second.
GATHER_CONNECTED_AFTER_RUN = "gather_connected_after_run"

_SECRET_WORDS = ("key", "token", "password", "secret", "credential")


def get_setting(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    """The stored value of `key`, or `default` when it was never set."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else json.loads(row[0])


def set_setting(db: sqlite_utils.Database, key: str, value: Any) -> None:
    """Store `value` (anything JSON can hold) under `key`, replacing what was there."""
    lowered = key.lower()
    if any(word in lowered for word in _SECRET_WORDS):
        raise ValueError(
            f"The setting name {key!r} looks like a secret; secrets belong in the keyring "
            "(gather_desktop.store.secrets), never in the database."
        )
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value)],
    )
