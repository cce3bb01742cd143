"""Jobs for scheduled runs: read and save a schedule (the Schedule dialog), and which
integrations are due now (the window's `Scheduler`, every half minute)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Callable

from gather_desktop.core.schedule import Schedule, is_due
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.store import schedules
from gather_desktop.store.integrations import get_integration
from gather_desktop.store.runs import list_runs


def load_schedule(name: str, context: WorkerContext, report: Callable[[Any], None],
                  cancel: threading.Event) -> Schedule:
    return schedules.get_schedule(context.workspace.db, name)


def save_schedule(name: str, schedule: Schedule, context: WorkerContext,
                  report: Callable[[Any], None], cancel: threading.Event) -> Schedule:
    db = context.workspace.db
    if get_integration(db, name) is None:
        raise UserFacingError(f"The integration '{name}' no longer exists, so its schedule "
                              "was not saved.")
    schedules.save_schedule(db, name, schedule)
    return schedule


def due_integrations(now: datetime, app_started: datetime, context: WorkerContext,
                     report: Callable[[Any], None], cancel: threading.Event, *,
                     requested: Mapping[str, datetime] | None = None) -> list[str]:
    """The names whose schedule says "run now", in name order.

    `requested` holds when this app last asked for a scheduled run of an integration; it
    counts as a run start. Without it, a run that fails before it is recorded (a wrong
    password, say) would be asked for again on every check, and repeated failed sign-ins can
    lock a Salesforce user out.
    """
    db = context.workspace.db
    requested = requested or {}
    due = []
    for name, schedule in schedules.all_schedules(db).items():
        if schedule.mode == "off":
            continue
        runs = list_runs(db, name, limit=1)
        starts = [datetime.fromisoformat(runs[0]["started_at"])] if runs else []
        if name in requested:
            starts.append(requested[name])
        if is_due(schedule, max(starts, default=None), now, app_started):
            due.append(name)
    return due
