"""An integration's run history: a chart of the latest runs over a table of all of them, and
from a run, its records ("View records…") or its problem records as CSV.

It reloads whenever it is shown, and on `refresh()` (the main window calls it after a run),
keeping the selected run selected.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QLabel, QPushButton, QSplitter, QStackedWidget,
                               QTableView, QVBoxLayout, QWidget)

from gather_desktop.jobs import history_jobs
from gather_desktop.jobs.history_jobs import RunRow
from gather_desktop.ui.history import export
from gather_desktop.ui.history.alive import while_alive
from gather_desktop.ui.history.outcomes_dialog import OutcomesDialog
from gather_desktop.ui.history.runs_chart import RunsChart
from gather_desktop.ui.history.runs_model import MESSAGE_COLUMN, RunsModel
from gather_desktop.ui.words import ERROR_STYLE
from gather_desktop.ui.workers import JobRunner


class HistoryDialog(QDialog):
    def __init__(self, runner: JobRunner, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.name = name
        self.setObjectName("historyDialog")
        self.setWindowTitle(f"History — {name}")
        self.resize(980, 680)

        self.chart = RunsChart()
        self.model = RunsModel(self)
        self.table = QTableView(objectName="runsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MESSAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.view_records)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setSizes([300, 260])

        self.empty_label = QLabel(objectName="emptyLabel", wordWrap=True,
                                  alignment=Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(splitter)
        self._show_empty(f"Loading the runs of {name}…")

        self.view_button = QPushButton("View records…", objectName="viewButton")
        self.view_button.clicked.connect(self.view_records)
        self.export_button = QPushButton("Export problems as CSV…", objectName="exportButton")
        self.export_button.clicked.connect(lambda: self.export_problems())
        self.message_label = QLabel(objectName="messageLabel", wordWrap=True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.view_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.message_label, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """Reload the runs from the worker."""
        self._runner.submit(functools.partial(history_jobs.run_history, self.name),
                            on_done=while_alive(self, self._show_runs),
                            on_error=while_alive(self, self._show_problem))

    def selected_run(self) -> RunRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def select_run(self, run_id: int) -> None:
        row = self.model.row_of(run_id)
        if row is not None:
            self.table.selectRow(row)

    def view_records(self) -> OutcomesDialog | None:
        """Open the selected run's records (the opened window, for its caller)."""
        run = self.selected_run()
        if run is None:
            return None
        dialog = OutcomesDialog(self._runner, self.name, run.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_problems(self, path: str | None = None) -> None:
        """Ask where (unless `path` is given) and write the selected run's problem records."""
        run = self.selected_run()
        if run is None:
            return
        path = path or export.choose_path(self, self.name, run.id)
        if path:
            self._show_message("Exporting…")
            export.export(self._runner, self.name, run.id, path,
                          while_alive(self, self._show_message))

    def _show_runs(self, rows: list[RunRow]) -> None:
        selected = self.selected_run()
        self.model.set_rows(rows)
        self.chart.set_runs(rows)
        if not rows:
            self._show_empty(f"<p><big><b>No runs yet</b></big></p><p>{html.escape(self.name)} "
                             "has not run yet. Press Sync now in the main window: each run "
                             "then appears here with what it created and updated, and any "
                             "problem records.</p>")
        else:
            self.stack.setCurrentIndex(1)
            self.select_run(selected.id if selected and self.model.row_of(selected.id)
                            is not None else rows[0].id)
        self._update_buttons()

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.stack.setCurrentIndex(0)

    def _show_problem(self, message: str) -> None:
        self._show_message(message, False)

    def _show_message(self, text: str, ok: bool = True) -> None:
        self.message_label.setStyleSheet("" if ok else ERROR_STYLE)
        self.message_label.setText(text)

    def _update_buttons(self) -> None:
        run = self.selected_run()
        self.view_button.setEnabled(run is not None)
        self.export_button.setEnabled(run is not None and run.problems > 0)
        self.export_button.setToolTip(
            "" if run is None or run.problems else
            "This run had no invalid, rejected or failed records.")
