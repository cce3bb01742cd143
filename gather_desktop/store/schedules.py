"""Each integration's schedule, as the JSON of `core.schedule.Schedule`; none stored = off.

A schedule switched off is still stored (mode "off"), so its interval and time come back
when it is switched on again. Rows cascade from `integrations`.
"""

from __future__ import annotations

import json

import sqlite_utils

from gather_desktop.core.schedule import OFF, Schedule


def get_schedule(db: sqlite_utils.Database, name: str) -> Schedule:
    row = db.execute("SELECT schedule FROM schedules WHERE integration = ?", [name]).fetchone()
    return OFF if row is None else Schedule.from_dict(json.loads(row[0]))


def save_schedule(db: sqlite_utils.Database, name: str, schedule: Schedule) -> None:
    """Insert or replace; the integration must exist (foreign keys are on)."""
    with db.conn:
        db.execute("INSERT INTO schedules (integration, schedule) VALUES (?, ?) ON CONFLICT "
                   "(integration) DO UPDATE SET schedule = excluded.schedule, updated_at = "
                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                   [name, json.dumps(schedule.to_dict())])


def all_schedules(db: sqlite_utils.Database) -> dict[str, Schedule]:
    """Every stored schedule by integration name, off ones included."""
    rows = db.execute("SELECT integration, schedule FROM schedules ORDER BY integration")
    return {name: Schedule.from_dict(json.loads(text)) for name, text in rows}
