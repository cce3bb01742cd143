"""Sync runs for the window: one at a time, in the order asked, never two of one integration.

Runs go to their own worker thread (the composition root hands in its `JobRunner`), so the
window's other work — loading the history while a sync runs, opening the wizard — is not
stuck behind a sync that takes an hour. One run at a time keeps a Salesforce org's API
allowance and Gather's rate limit for one run; a second request for an integration that is
running or waiting is refused (the caller says so, or, for a schedule, just skips it). The
database's run lock still guards against the command line running the same integration.

Signals carry plain data: `started(name)`, `progressed(name, Progress)`,
`finished(name, summary)` (the engine's summary with `in_words`), `failed(name, message)`
(the run could not start or went wrong in a way the engine does not summarise), and
`changed()` whenever what is running or waiting changes.
"""

from __future__ import annotations

import functools
from collections import deque

from PySide6.QtCore import QObject, Signal

from gather_desktop.jobs import sync_jobs
from gather_desktop.ui.workers import JobRunner


class SyncQueue(QObject):
    started = Signal(str)
    progressed = Signal(str, object)
    finished = Signal(str, object)
    failed = Signal(str, str)
    changed = Signal()

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._waiting: deque[str] = deque()
        self._running: str | None = None
        self._job_id: int | None = None
        self._scheduled: set[str] = set()

    @property
    def running(self) -> str | None:
        return self._running

    @property
    def waiting(self) -> tuple[str, ...]:
        return tuple(self._waiting)

    def has(self, name: str) -> bool:
        return name == self._running or name in self._waiting

    def is_scheduled(self, name: str) -> bool:
        """Whether the run of `name` was started by its schedule (the panel says so, since
        nobody pressed anything)."""
        return name in self._scheduled

    def request(self, name: str, *, scheduled: bool = False) -> bool:
        """Queue a run of `name`; False when it is already running or waiting."""
        if self.has(name):
            return False
        if scheduled:
            self._scheduled.add(name)
        self._waiting.append(name)
        self._next()
        self.changed.emit()
        return True

    def cancel(self, name: str) -> None:
        """Stop the run of `name` (within a second; what was sent is kept) or take it off
        the queue if it has not started."""
        if name == self._running and self._job_id is not None:
            self._runner.cancel(self._job_id)
        elif name in self._waiting:
            self._waiting.remove(name)
            self._scheduled.discard(name)
            self.changed.emit()

    def cancel_all(self) -> None:
        self._scheduled.difference_update(self._waiting)
        self._waiting.clear()
        if self._running is not None:
            self.cancel(self._running)
        self.changed.emit()

    def _next(self) -> None:
        if self._running is not None or not self._waiting:
            return
        name = self._running = self._waiting.popleft()
        self._job_id = self._runner.submit(
            functools.partial(sync_jobs.sync_saved, name),
            on_done=functools.partial(self._done, name, self.finished.emit),
            on_error=functools.partial(self._done, name, self.failed.emit),
            on_progress=functools.partial(self.progressed.emit, name))
        self.started.emit(name)

    def _done(self, name: str, emit, result) -> None:
        self._running = self._job_id = None
        emit(name, result)
        self._scheduled.discard(name)
        self._next()
        self.changed.emit()
