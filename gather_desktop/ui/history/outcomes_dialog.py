"""One run's records: every record it created, updated, could not find in Gather, or had a
problem with, and why — the "View Successes / View Errors" of Salesforce Data Loader.

The user filters by outcome and searches by source Id (typing waits a moment before
asking); the table loads pages as it scrolls. Unchanged records are only counted, so the
window says how many there were; a search that finds nothing says why.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from gather_desktop.engine.summary import PROBLEMS
from gather_desktop.jobs import history_jobs
from gather_desktop.jobs.history_jobs import RunRow
from gather_desktop.ui.history import export
from gather_desktop.ui.history.alive import while_alive
from gather_desktop.ui.history.outcomes_model import OutcomesModel
from gather_desktop.ui.words import (ERROR_STYLE, NOTE_STYLE, duration, local_time,
                                             records)
from gather_desktop.ui.integrations_model import STATES
from gather_desktop.ui.workers import JobRunner

SEARCH_DELAY_MS = 250

#: The filter's choices: key, words, the outcomes listed (None: all).
FILTERS = (("all", "All", None), ("created", "Created", ("created",)),
           ("updated", "Updated", ("updated",)),
           ("not_in_gather", "Not in Gather", ("not_in_gather",)),
           ("problems", "Problems (invalid, rejected, failed)", PROBLEMS),
           ("invalid", "Invalid", ("invalid",)), ("rejected", "Rejected", ("rejected",)),
           ("failed", "Failed", ("failed",)))
LISTED = ("created", "updated", "not_in_gather", *PROBLEMS)


class OutcomesDialog(QDialog):
    def __init__(self, runner: JobRunner, name: str, run_id: int,
                 parent: QWidget | None = None, *, outcomes: str = "all") -> None:
        super().__init__(parent)
        keys = [key for key, _, _ in FILTERS]
        if outcomes not in keys:
            raise ValueError(f"outcomes must be one of {', '.join(keys)}, not {outcomes!r}")
        self._runner = runner
        self.name = name
        self.run_id = run_id
        self.run: RunRow | None = None
        self.setObjectName("outcomesDialog")
        self.setWindowTitle(f"Run #{run_id} of {name} — records")
        self.resize(960, 620)

        self.heading = QLabel(f"Run #{run_id}", objectName="runHeading", wordWrap=True)
        self.filter_combo = QComboBox(objectName="filterCombo")
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key, words, _ in FILTERS:
            self.filter_combo.addItem(words, key)
        self.filter_combo.setCurrentIndex(keys.index(outcomes))
        self.filter_combo.currentIndexChanged.connect(self.apply_query)
        self.search_edit = QLineEdit(objectName="searchEdit", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText("Search by source Id")
        self.search_edit.setMinimumWidth(240)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_query)
        self.search_edit.textChanged.connect(self._search_timer.start)
        query_row = QHBoxLayout()
        query_row.addWidget(QLabel("Show:"))
        query_row.addWidget(self.filter_combo)
        query_row.addStretch(1)
        query_row.addWidget(self.search_edit)

        self.model = OutcomesModel(runner, name, run_id, self)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self._on_failed)
        self.table = QTableView(objectName="outcomesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((110, 170, 130, 110)):
            self.table.setColumnWidth(column, width)

        self.shown_label = QLabel("Loading…", objectName="shownLabel")
        self.unchanged_label = QLabel(objectName="unchangedLabel", wordWrap=True)
        self.unchanged_label.setStyleSheet(NOTE_STYLE)
        self.note_label = QLabel(objectName="noteLabel", wordWrap=True, visible=False)

        self.export_button = QPushButton("Export problems as CSV…", objectName="exportButton",
                                         enabled=False)
        self.export_button.clicked.connect(lambda: self.export_problems())
        self.export_label = QLabel(objectName="exportLabel", wordWrap=True)
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.export_label, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(query_row)
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown_label)
        layout.addWidget(self.unchanged_label)
        layout.addLayout(bottom)

        runner.submit(functools.partial(history_jobs.run_details, name, run_id),
                      on_done=while_alive(self, self._show_run),
                      on_error=while_alive(self, self._on_failed))
        self.apply_query()

    def current_filter(self) -> str:
        return self.filter_combo.currentData()

    def apply_query(self) -> None:
        """List the chosen outcomes whose source Id contains the search text."""
        self._search_timer.stop()
        outcomes = next(listed for key, _, listed in FILTERS if key == self.current_filter())
        self.shown_label.setText("Loading…")
        self.note_label.setVisible(False)
        self.model.set_query(outcomes, self.search_edit.text())

    def export_problems(self, path: str | None = None) -> None:
        """Ask where (unless `path` is given) and write the run's problem records there."""
        path = path or export.choose_path(self, self.name, self.run_id)
        if path:
            self.export_label.setText("Exporting…")
            export.export(self._runner, self.name, self.run_id, path,
                          while_alive(self, self._show_export))

    def _show_export(self, text: str, ok: bool) -> None:
        self.export_label.setStyleSheet("" if ok else ERROR_STYLE)
        self.export_label.setText(text)

    def _show_run(self, run: RunRow) -> None:
        self.run = run
        status = STATES.get(run.status, run.status)
        self.heading.setText(f"<b>Run #{run.id}</b> of {html.escape(self.name)}, started "
                             f"{local_time(run.started_at)}: {status.lower()}, took "
                             f"{html.escape(duration(run.duration_s))}.")
        for index, (key, words, listed) in enumerate(FILTERS):
            count = sum(run.totals[o] for o in (LISTED if listed is None else listed))
            self.filter_combo.setItemText(index, f"{words} — {count:,}")
        unchanged = f"{run.totals['unchanged']:,}" if run.totals["unchanged"] else "none"
        self.unchanged_label.setText(
            "Unchanged records are counted but not listed (Gather already had exactly their "
            f"data, so nothing was sent): this run had {unchanged}.")
        self.export_button.setEnabled(run.problems > 0)
        self.export_button.setToolTip("" if run.problems else
                                      "This run had no invalid, rejected or failed records.")

    def _on_loaded(self, total: int, note: str | None) -> None:
        shown = self.model.rowCount()
        more = "; more load as you scroll" if shown < total else ""
        self.shown_label.setText(f"Showing {shown:,} of {records(total)}{more}.")
        self.note_label.setStyleSheet(NOTE_STYLE)
        self.note_label.setText(note or "")
        self.note_label.setVisible(bool(note))

    def _on_failed(self, message: str) -> None:
        self.shown_label.setText("")
        self.note_label.setStyleSheet(ERROR_STYLE)
        self.note_label.setText(message)
        self.note_label.setVisible(True)
