""""Export problems as CSV…", shared by the history and the records windows: ask where, write
through a job (the same file as `gather-desktop runs NAME --csv FILE --run ID`), and say what
happened in words."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from gather_desktop.jobs import history_jobs
from gather_desktop.ui.words import records
from gather_desktop.ui.workers import JobRunner

TITLE = "Export problems as CSV"


def choose_path(parent: QWidget, name: str, run_id: int) -> str | None:
    """Ask where to save the file (None: the user cancelled)."""
    suggested = Path.home() / f"{name}-run-{run_id}-problems.csv"
    path, _ = QFileDialog.getSaveFileName(parent, TITLE, str(suggested),
                                          "CSV files (*.csv);;All files (*)")
    return path or None


def export(runner: JobRunner, name: str, run_id: int, path: str,
           show: Callable[[str, bool], None]) -> None:
    """Write the run's problem records to `path`; `show(text, ok)` gets the outcome."""
    def done(written: int) -> None:
        show(f"Wrote {records(written).replace('record', 'problem record')} of run "
             f"#{run_id} to {path}.", True)

    runner.submit(functools.partial(history_jobs.export_problems, name, run_id, path),
                  on_done=done, on_error=lambda message: show(message, False))
