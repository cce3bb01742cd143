"""The panel under the integrations list that shows a sync: per model the records read and
sent, the outcome counts growing, the rate and the time left, with Cancel; at the end the
summary in words and the ways to find out more (View problems, Export CSV, History).

It is fed plain values (`Progress`, the summary dict) by the main window and only ever sets
the text of cells it already has: a new row appears once per model, never per record, so
a 150,000-record run costs the UI thread a few label updates a second.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from gather_desktop.core.naming import model_in_words
from gather_desktop.engine.progress import Progress
from gather_desktop.engine.summary import PROBLEMS
from gather_desktop.ui.words import duration

COLUMNS = ("Model", "Read", "Sent", "Created", "Updated", "Unchanged", "Not in Gather",
           "Problems", "Rate", "Time left")
HEADLINES = {"succeeded": "{name}: synced in {took}",
             "partial": "{name}: stopped early after {took}",
             "cancelled": "{name}: stopped by you after {took}",
             "failed": "{name}: the sync failed after {took}"}
#: Background and text colours of the headline per status: green done, amber stopped early
#: or by the user (nothing is wrong, the next run continues), red failed.
TONES = {"succeeded": ("#e6f4ea", "#1e4620"), "partial": ("#fff4e5", "#663c00"),
         "cancelled": ("#fff4e5", "#663c00"), "failed": ("#fdecea", "#611a15"),
         "running": ("#e8f0fe", "#0b3d91")}


def problems_in(counts: dict[str, int]) -> int:
    return sum(counts.get(outcome, 0) for outcome in PROBLEMS)


class SyncPanel(QFrame):
    cancel_clicked = Signal(str)
    problems_clicked = Signal(str, int)     # integration, run id
    export_clicked = Signal(str, int)
    history_clicked = Signal(str)
    closed = Signal()
    #: What the panel shows changed size (a new model row, the end summary, a message).
    content_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="syncPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._name: str | None = None
        self._run_id: int | None = None
        self._rows: dict[str, int] = {}

        self.headline = QLabel(objectName="syncHeadline", wordWrap=True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.cancel_button = QPushButton("Cancel", objectName="cancelSync")
        self.cancel_button.setToolTip("Stop within a second; what was sent is kept and the "
                                      "next run continues from there.")
        self.cancel_button.clicked.connect(lambda: self.cancel_clicked.emit(self._name or ""))
        self.close_button = QPushButton("Close", objectName="closeSyncPanel")
        self.close_button.clicked.connect(self._close)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        top.addWidget(self.cancel_button)
        top.addWidget(self.close_button)

        self.current = QLabel(objectName="syncCurrent", wordWrap=True)
        self.bar = QProgressBar(objectName="syncProgress")
        self.bar.setTextVisible(True)
        self.table = QTableWidget(0, len(COLUMNS), objectName="syncModelsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # numbers stay together

        self.summary = QLabel(objectName="syncSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(objectName="syncMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.waiting = QLabel(objectName="syncWaiting", wordWrap=True)
        self.problems_button = QPushButton("View problems", objectName="viewProblems")
        self.problems_button.clicked.connect(
            lambda: self.problems_clicked.emit(self._name or "", self._run_id or 0))
        self.export_button = QPushButton("Export CSV…", objectName="exportProblems")
        self.export_button.setToolTip("The run's invalid, rejected and failed records, with "
                                      "the reason for each, as a CSV file.")
        self.export_button.clicked.connect(
            lambda: self.export_clicked.emit(self._name or "", self._run_id or 0))
        self.history_button = QPushButton("History…", objectName="syncHistory")
        self.history_button.clicked.connect(lambda: self.history_clicked.emit(self._name or ""))
        buttons = QHBoxLayout()
        for button in (self.problems_button, self.export_button, self.history_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.current)
        layout.addWidget(self.bar)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.waiting)
        layout.addStretch(1)  # the panel's lines stay together at the top when it is tall
        self.setVisible(False)

    # -- what the main window calls ------------------------------------------------------

    @property
    def name(self) -> str | None:
        """The integration shown (running, or the last one that finished)."""
        return self._name

    def show_started(self, name: str, *, scheduled: bool = False) -> None:
        self._name, self._run_id, self._rows = name, None, {}
        self.table.setRowCount(0)
        self.table.setVisible(False)  # until the first model starts: no empty grid
        self._tone("running")
        self.headline.setText(f"{'Scheduled sync' if scheduled else 'Syncing'} {name}…")
        self.current.setText("Signing in and reading what matches…")
        self.bar.setRange(0, 0)
        self._set_running(True)
        self.setVisible(True)
        self.content_changed.emit()

    def show_progress(self, progress: Progress) -> None:
        row = self._row(progress.model)
        total = f" of {progress.total:,}" if progress.total is not None else ""
        if progress.total is not None and progress.read >= progress.total:
            left = "done"
        elif progress.eta_s is not None and progress.read:
            left = f"about {duration(progress.eta_s)}"
        else:
            left = "—"
        rate = f"{progress.rate:,.0f}/s" if progress.read else "—"
        self._set_cells(row, progress.counts, f"{progress.read:,}{total}", progress.sent, rate,
                        left)
        self.current.setText(f"{model_in_words(progress.model).capitalize()}: "
                             f"{progress.read:,}{total} read, {progress.sent:,} sent"
                             + (f", {rate}, {left} left" if progress.read else ""))
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.read, progress.total))
        else:
            self.bar.setRange(0, 0)

    def show_finished(self, name: str, summary: dict[str, Any]) -> None:
        self._name, self._run_id = name, summary.get("run_id")
        status = summary["status"]
        self._tone(status)
        self.headline.setText(HEADLINES.get(status, "{name}: {took}").format(
            name=name, took=duration(summary.get("duration_s", 0))))
        seconds = max(summary.get("duration_s", 0), 0.001)
        for model, counts in summary["models"].items():
            self._set_cells(self._row(model), counts, f"{counts['matched']:,}",
                            counts["created"] + counts["updated"],
                            f"{counts['matched'] / seconds:,.0f}/s" if counts["matched"]
                            else "—", "done"
                            if status == "succeeded" else "—")
        self.summary.setText(summary.get("in_words", ""))
        self.message.setText(summary.get("message", ""))
        self.message.setVisible(bool(summary.get("message")))
        problems = sum(problems_in(counts) for counts in summary["models"].values())
        self.problems_button.setText(f"View problems ({problems:,})" if problems
                                     else "View problems")
        self.problems_button.setEnabled(problems > 0)
        self.export_button.setEnabled(problems > 0)
        self._set_running(False)
        self.content_changed.emit()

    def show_failed(self, name: str, message: str) -> None:
        """The run could not start (or went wrong outside the engine): no summary, no run."""
        self._name, self._run_id = name, None
        self._tone("failed")
        self.headline.setText(f"{name}: the sync could not run")
        self.summary.setText("")
        self.message.setText(message)
        self.message.setVisible(True)
        self.problems_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self._set_running(False)
        self.content_changed.emit()

    def set_waiting(self, names: tuple[str, ...]) -> None:
        self.waiting.setText("Waiting to run next: " + ", ".join(names) if names else "")
        self.waiting.setVisible(bool(names))

    # -- inside --------------------------------------------------------------------------

    def _set_running(self, running: bool) -> None:
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.close_button.setVisible(not running)
        self.current.setVisible(running)
        self.bar.setVisible(running)
        for widget in (self.summary, self.problems_button, self.export_button,
                       self.history_button):
            widget.setVisible(not running)
        if running:
            self.message.setVisible(False)

    def _tone(self, status: str) -> None:
        background, text = TONES[status]
        self.headline.setStyleSheet(f"QLabel#syncHeadline {{ background: {background}; "
                                    f"color: {text}; padding: 6px 8px; border-radius: 4px; }}")

    def _row(self, model: str) -> int:
        if model not in self._rows:
            row = self._rows[model] = self.table.rowCount()
            self.table.insertRow(row)
            for column in range(len(COLUMNS)):
                item = QTableWidgetItem()
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            self.table.item(row, 0).setText(model_in_words(model).capitalize())
            self._fit_table()
            self.table.setVisible(True)
            self.content_changed.emit()
        return self._rows[model]

    def _set_cells(self, row: int, counts: dict[str, int], read: str, sent: int, rate: str,
                   left: str) -> None:
        values = (read, f"{sent:,}", f"{counts.get('created', 0):,}",
                  f"{counts.get('updated', 0):,}", f"{counts.get('unchanged', 0):,}",
                  f"{counts.get('not_in_gather', 0):,}", f"{problems_in(counts):,}", rate, left)
        for column, text in enumerate(values, start=1):
            item = self.table.item(row, column)
            if item.text() != text:
                item.setText(text)

    def _fit_table(self) -> None:
        """As tall as its rows (a handful of models), so the panel never scrolls."""
        height = self.table.horizontalHeader().sizeHint().height() + 4
        height += sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setFixedHeight(height)

    def _close(self) -> None:
        self.setVisible(False)
        self.closed.emit()
