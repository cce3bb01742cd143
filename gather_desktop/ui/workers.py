"""Background work for the window: one `Worker` on its own `QThread`, fed jobs by a `JobRunner`.

Every call to a source, to Gather or to the engine runs here, never on the UI thread, so the
window never freezes. A job is a plain Python callable `job(context, report, cancel)`:
`context` is the worker thread's own `WorkerContext` (its own database connection: SQLite
connections belong to the thread that opened them), `report(value)` sends progress back, and
`cancel` is a `threading.Event` the UI may set. Results, progress and errors cross threads as
signals carrying plain data; an expected failure (`UserFacingError`) arrives as its message,
anything else as a short sentence (the traceback goes to the log, never to the user).

Signals of Worker: `finished(job_id, result)`, `failed(job_id, message)`,
`progressed(job_id, value)`.
"""

from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

from gather_desktop.errors import UserFacingError

log = logging.getLogger(__name__)

Job = Callable[[Any, Callable[[Any], None], threading.Event], Any]


class Worker(QObject):
    finished = Signal(int, object)
    failed = Signal(int, str)
    progressed = Signal(int, object)

    def __init__(self, make_context: Callable[[], Any]) -> None:
        super().__init__()
        self._make_context = make_context
        self._context: Any = None

    @Slot(int, object, object)
    def run(self, job_id: int, job: Job, cancel: threading.Event) -> None:
        try:
            if self._context is None:
                self._context = self._make_context()
            result = job(self._context, lambda value: self.progressed.emit(job_id, value),
                         cancel)
        except UserFacingError as error:
            self.failed.emit(job_id, str(error))
        except Exception:  # a bug: say so in words, keep the details for the log
            log.exception("A background job failed.")
            self.failed.emit(job_id, "Something went wrong inside Gather Desktop; the details "
                                     "are in its log. Please try again.")
        else:
            self.finished.emit(job_id, result)

    @Slot()
    def close(self) -> None:
        """Release the context (database, open sources) on the worker's own thread."""
        close = getattr(self._context, "close", None)
        if close is not None:
            close()
        self._context = None


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None
    on_progress: Callable[[Any], None] | None
    cancel: threading.Event = field(default_factory=threading.Event)


class JobRunner(QObject):
    """The UI side: `submit(job, on_done=..., on_error=..., on_progress=...)` returns a job id;
    the callbacks run on the UI thread. `cancel(job_id)` asks a running job to stop."""

    _send = Signal(int, object, object)

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._send.connect(worker.run)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.progressed.connect(self._on_progressed)

    def submit(self, job: Job, *, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[str], None] | None = None,
               on_progress: Callable[[Any], None] | None = None) -> int:
        job_id = next(self._ids)
        pending = _Pending(on_done, on_error, on_progress)
        self._pending[job_id] = pending
        self._send.emit(job_id, job, pending.cancel)
        return job_id

    def cancel(self, job_id: int) -> None:
        pending = self._pending.get(job_id)
        if pending is not None:
            pending.cancel.set()

    def busy(self) -> bool:
        return bool(self._pending)

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: Any) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is not None and pending.on_done is not None:
            pending.on_done(result)

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is not None and pending.on_error is not None:
            pending.on_error(message)

    @Slot(int, object)
    def _on_progressed(self, job_id: int, value: Any) -> None:
        pending = self._pending.get(job_id)
        if pending is not None and pending.on_progress is not None:
            pending.on_progress(value)
