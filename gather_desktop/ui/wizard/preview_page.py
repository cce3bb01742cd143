"""Preview: what "Sync now" would do with the draft, before anything is saved or sent.

Entering the page runs the engine's preview (the same code as `gather-desktop preview`, so the
counts agree) as a background job; the page shows an indeterminate busy bar, how many records
were read so far, and a Cancel button, and the window stays responsive throughout. Then, per
model, the counts in words and a table of every matched record with the exact traits that
would be sent and, for records that will not be sent, why. The table is lazy (see
`preview_table`), so 100,000 records scroll smoothly. The user may go on with invalid records;
the page says how many will not be sent.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QTableView, QTabWidget,
                               QVBoxLayout, QWidget, QWizardPage)

from gather_desktop.core.integration import integration_to_dict
from gather_desktop.engine.preview import COUNT_LABELS
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.preview_jobs import ModelRows, PreviewProgress, PreviewResult, preview
from gather_desktop.ui.wizard.preview_table import ACTION_LABELS, PreviewTableModel
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.integrations_model import SOURCES
from gather_desktop.ui.workers import JobRunner

ERROR_STYLE = "color: #b3261e;"

#: The counts in the order and words of `gather-desktop preview` (after "matched").
COUNT_WORDS = tuple((key, words) for key, words in COUNT_LABELS if key != "matched")

#: Which count each action's rows add to.
COUNT_OF_ACTION = {"create": "will_create", "update": "will_update", "unchanged": "unchanged",
                   "not_in_gather": "not_in_gather", "invalid": "invalid",
                   "rejected": "rejected"}

NOT_SENT = ("not_in_gather", "invalid", "rejected")

SEARCH_DELAY_MS = 200


def model_title(model: str, object_name: str) -> str:
    """How a tab names a model: the wizard's words for accounts and users."""
    if model == "account":
        return f"Accounts (from {object_name})"
    if model == "user":
        return f"Users (from {object_name})"
    return f"{model} (from {object_name})"


def records_word(model: str) -> str:
    return {"account": "accounts", "user": "contacts"}.get(model, f"{model} records")


def counts_in_words(counts: dict[str, int]) -> str:
    """Every count, zeros included (the user asked what each will be); "rejected before"
    only when there are such records."""
    parts = [f"{counts[key]:,} {words}" for key, words in COUNT_WORDS
             if key != "rejected" or counts.get(key)]
    return f"{counts['matched']:,} matched: " + ", ".join(parts) + "."


class ModelTab(QWidget):
    """One model's counts, filter buttons, Source Id search and lazy table."""

    def __init__(self, rows: ModelRows, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.counts_label = QLabel(counts_in_words(rows.counts))
        self.counts_label.setObjectName("countsLabel")
        self.counts_label.setWordWrap(True)

        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        self.filter_buttons: dict[str | None, QPushButton] = {}
        filter_row = QHBoxLayout()
        filter_row.setSpacing(4)
        for action, label in ((None, "All"), *ACTION_LABELS.items()):
            count = (rows.counts["matched"] if action is None
                     else rows.counts[COUNT_OF_ACTION[action]])
            if action is not None and not count:
                continue
            button = QPushButton(f"{label} ({count:,})")
            button.setObjectName(f"filter_{action or 'all'}")
            button.setCheckable(True)
            button.setChecked(action is None)
            button.clicked.connect(self.apply_filter)
            self.filters.addButton(button)
            self.filter_buttons[action] = button
            filter_row.addWidget(button)
        filter_row.addStretch(1)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText("Search by Source Id")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.setMaximumWidth(300)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        filter_row.addWidget(self.search_edit)

        self.model = PreviewTableModel(rows.rows, rows.trait_names, self)
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 160)
        self.table.setColumnWidth(1, 110)

        self.shown_label = QLabel()
        self.shown_label.setObjectName("shownLabel")
        self._update_shown()

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown_label)

    def current_action(self) -> str | None:
        return next(action for action, button in self.filter_buttons.items()
                    if button.isChecked())

    def apply_filter(self) -> None:
        """Show only the chosen action's rows whose Source Id contains the search text."""
        self._search_timer.stop()
        self.model.set_filter(self.current_action(), self.search_edit.text())
        self._update_shown()

    def _update_shown(self) -> None:
        total = self.model.total()
        self.shown_label.setText(f"{total:,} of {self.rows.counts['matched']:,} records "
                                 "shown; the table loads more as you scroll.")


class PreviewPage(QWizardPage):
    def __init__(self, state: WizardState, runner: JobRunner, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.result: PreviewResult | None = None
        self._job_id: int | None = None
        self._generation = 0    # callbacks of an earlier run (before Refresh) are ignored
        self.tabs_by_model: dict[str, ModelTab] = {}
        self.setTitle("Preview")
        self.setSubTitle("What a sync would do now, record by record. Nothing is sent to "
                         "Gather and nothing is saved yet.")

        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyBar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(200)
        self.busy_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setToolTip("Read the source again and recount.")
        self.refresh_button.clicked.connect(self.start)
        top = QHBoxLayout()
        top.addWidget(self.busy_bar)
        top.addWidget(self.progress_label, 1)
        top.addWidget(self.cancel_button)
        top.addWidget(self.refresh_button)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("modelTabs")
        self.tabs.setDocumentMode(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.tabs, 1)
        self._show_running(False)

    # QWizardPage

    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:
        """Going Back: stop a running preview; the draft may change before it runs again."""
        self.cancel()

    def isComplete(self) -> bool:
        return self.result is not None and self._job_id is None

    # running

    def running(self) -> bool:
        return self._job_id is not None

    def start(self) -> None:
        """Run the preview of the current draft (again), dropping any earlier result."""
        if self._job_id is not None:
            self.runner.cancel(self._job_id)
            self._job_id = None
        self.result = None
        self._clear_tabs()
        self.error_label.clear()
        self.summary_label.clear()
        try:
            integration = integration_to_dict(self.state.to_integration())
        except UserFacingError as error:
            self._finish(error=str(error))
            return
        self._generation += 1
        generation = self._generation
        self._job_id = self.runner.submit(
            functools.partial(preview, integration, dict(self.state.secrets)),
            on_done=functools.partial(self._on_done, generation),
            on_error=functools.partial(self._on_error, generation),
            on_progress=functools.partial(self._on_progress, generation))
        self.progress_label.setText("Reading the source…")
        self._show_running(True)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self._job_id is not None:
            self.runner.cancel(self._job_id)
            self.progress_label.setText("Stopping…")
            self.cancel_button.setEnabled(False)

    def _on_progress(self, generation: int, progress: Any) -> None:
        if generation == self._generation and isinstance(progress, PreviewProgress):
            self.progress_label.setText(
                f"Read {progress.records_read:,} {records_word(progress.model)}…")

    def _on_done(self, generation: int, result: PreviewResult) -> None:
        if generation != self._generation:
            return
        self.result = result
        for name, rows in result.models.items():
            tab = ModelTab(rows)
            tab.setObjectName(f"tab_{name}")
            self.tabs_by_model[name] = tab
            self.tabs.addTab(tab, model_title(name, rows.object_name))
        self.summary_label.setText(_summary(result, self.state.source_kind))
        self._finish()

    def _on_error(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._finish(error=message)

    def _finish(self, error: str | None = None) -> None:
        self._job_id = None
        self._show_running(False)
        self.progress_label.setText("")
        if error is not None:
            self.error_label.setText(error)
        self.completeChanged.emit()

    def _show_running(self, running: bool) -> None:
        self.busy_bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.refresh_button.setEnabled(not running)

    def _clear_tabs(self) -> None:
        self.tabs_by_model.clear()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()


def _summary(result: PreviewResult, source_kind: str) -> str:
    """One sentence for the whole preview: what will be sent, and what will not and why."""
    if not result.models:
        return "Nothing to preview: choose accounts, contacts or a custom object to sync."
    sent = sum(rows.counts["will_create"] + rows.counts["will_update"]
               for rows in result.models.values())
    not_sent = {key: sum(rows.counts.get(key, 0) for rows in result.models.values())
                for key in NOT_SENT}
    text = f"A sync now would send {sent:,} records to Gather."
    held = sum(not_sent.values())
    if held:
        reasons = ", ".join(f"{count:,} {words}" for key, words in COUNT_WORDS
                            if (count := not_sent.get(key)))
        text += (f" {held:,} will not be sent ({reasons}); filter by them below to see why. "
                 f"You can still go on and fix them in {SOURCES[source_kind]} later.")
    return text
