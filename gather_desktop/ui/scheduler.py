"""Starts scheduled syncs while the window is open.

A timer asks a job which integrations are due (the arithmetic is `core.schedule`; the data is
in the database, so the question goes to the worker thread) and hands each due name to
`start_sync`, the window's sync queue. The queue decides whether a run can start: it answers
False when that integration is already running or waiting, which is fine, the run in
progress counts. One check at a time: a timer tick while a check is still in flight (the
worker busy with a long job) is skipped, so checks never pile up behind each other.

Signals: `started(name)` after a scheduled run was requested and accepted.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from gather_desktop.jobs import schedule_jobs
from gather_desktop.ui.workers import JobRunner

log = logging.getLogger(__name__)


class Scheduler(QObject):
    started = Signal(str)

    def __init__(self, runner: JobRunner, start_sync: Callable[[str], bool],
                 app_started: datetime, interval_ms: int = 30000, parent=None) -> None:
        """The timer runs from construction; call `check_now()` once at start-up so a due or
        caught-up run does not wait for the first tick."""
        super().__init__(parent)
        self._runner = runner
        self._start_sync = start_sync
        self._app_started = app_started
        self._checking = False
        #: When this app last asked for each integration's scheduled run (counts as a start).
        self._requested: dict[str, datetime] = {}
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check_now)
        self._timer.start()

    def check_now(self) -> bool:
        """Ask which integrations are due and start them; False when a check is in flight."""
        if self._checking:
            return False
        self._checking = True
        now = datetime.now(timezone.utc)
        self._runner.submit(functools.partial(schedule_jobs.due_integrations, now,
                                              self._app_started,
                                              requested=dict(self._requested)),
                            on_done=functools.partial(self._on_due, now),
                            on_error=self._on_error)
        return True

    def stop(self) -> None:
        """No more checks (the window is closing); a check in flight starts nothing."""
        self._timer.stop()

    def _on_due(self, asked_at: datetime, names: list[str]) -> None:
        self._checking = False
        if not self._timer.isActive():
            return
        for name in names:
            if self._start_sync(name):
                self._requested[name] = asked_at
                self.started.emit(name)

    def _on_error(self, message: str) -> None:
        self._checking = False
        log.warning("Could not check which scheduled runs are due: %s", message)
