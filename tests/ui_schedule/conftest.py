"""Integrations, schedules and runs written straight into a real database, for schedule tests.

Only the store's own functions are used; runs get an explicit start so "due" does not depend
on the clock.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils

from gather_desktop.core.schedule import Schedule
from gather_desktop.store.integrations import save_integration
from gather_desktop.store.schedules import save_schedule
from tests.ui.test_main_window import run_job


def add_integration(db: sqlite_utils.Database, name: str, schedule: Schedule | None = None,
                    *run_starts: datetime) -> None:
    save_integration(db, {"version": 1, "name": name,
                          "source": {"kind": "salesforce", "login_url": "https://x.example",
                                     "auth": "password", "username": "ops@example.com"},
                          "accounts": {"method": "create", "id_field": "Gather_Id__c",
                                       "match_trait": None, "extra_traits": [],
                                       "only_closed_won": False, "filter": None},
                          "users": None, "objects": []})
    if schedule is not None:
        save_schedule(db, name, schedule)
    with db.conn:
        for start in run_starts:
            db.execute("INSERT INTO runs (integration, status, started_at) VALUES (?, ?, ?)",
                       [name, "succeeded",
                        start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")])


def add_integrations(qtbot, job_runner, *specs: tuple) -> None:
    """`specs`: (name, schedule or None, run start, ...) each, added on the worker thread."""
    def add(context, report, cancel):
        for spec in specs:
            add_integration(context.workspace.db, *spec)
    run_job(qtbot, job_runner, add)

