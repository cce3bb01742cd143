"""The main window: the Gather connection, the integrations and what can be done with them.

Everything it shows comes from jobs on the worker thread (it never opens the database or a
socket itself); it reloads the list after anything that changes it. Syncs go through a
`SyncQueue` on their own thread (`sync_runner`), so browsing the history or editing another
integration does not wait for a long run; the `SyncPanel` under the list shows the run.
Scheduled runs come from a `Scheduler` that asks the same queue. Window size is remembered
per data folder.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

from datetime import datetime, timezone

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QMainWindow, QMessageBox, QPushButton, QSplitter, QStackedWidget,
                               QTableView, QToolBar, QVBoxLayout, QWidget)

from gather_desktop.engine.attention import EDIT, RECONNECT_GATHER, RECONNECT_SOURCE
from gather_desktop.engine.summary import PROBLEMS
from gather_desktop.jobs import gather_jobs, sync_jobs
from gather_desktop.jobs.gather_jobs import GatherState
from gather_desktop.ui.attention_banners import AttentionBanners
from gather_desktop.ui.gather_dialog import GatherDialog
from gather_desktop.ui.history import export
from gather_desktop.ui.history.history_dialog import HistoryDialog
from gather_desktop.ui.history.outcomes_dialog import OutcomesDialog
from gather_desktop.ui.integrations_model import IntegrationsModel
from gather_desktop.ui.notifier import Notifier
from gather_desktop.ui.scheduler import Scheduler
from gather_desktop.ui.sync_panel import SyncPanel
from gather_desktop.ui.sync_queue import SyncQueue
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.workers import JobRunner


class MainWindow(QMainWindow):
    def __init__(self, runner: JobRunner, data_dir: Path, *, sandbox: bool = False,
                 new_integration: Callable[[], WizardState] | None = None,
                 sync_runner: JobRunner | None = None,
                 schedule_check_ms: int = 30000) -> None:
        """`new_integration` makes the draft a new integration starts from (the demo fills
        in its local Salesforce, so a first try needs nothing typed but choices).
        `sync_runner` is the thread syncs run on (default: the window's own runner)."""
        super().__init__()
        self._runner = runner
        self.sync_queue = SyncQueue(sync_runner or runner, self)
        self.notifier = Notifier(self)
        self.scheduler = Scheduler(runner, self._scheduled_sync, datetime.now(timezone.utc),
                                   schedule_check_ms)
        self._sandbox = sandbox
        self._new_integration = new_integration or WizardState
        self._gather: GatherState | None = None
        self._closing = False       # "Stop and close" was chosen; close once the run stops
        self._settings = QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle("Gather Desktop" + (" — demo sandbox" if sandbox else ""))
        self.resize(960, 600)
        self._build_actions()
        self._build_body()
        self.restoreGeometry(self._settings.value("geometry", b""))
        self._connect_sync_queue()
        self.refresh()
        self.scheduler.check_now()  # a run missed while the app was closed, if so chosen

    # -- building ------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, *, name: str) -> QAction:
        action = QAction(text, self, objectName=name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.connect_action = self._action("&Connect to Gather…", self.open_gather_dialog,
                                           name="connectGather")
        self.add_action = self._action("&Add Integration…", self.add_integration,
                                       QKeySequence.StandardKey.New, name="addIntegration")
        self.edit_action = self._action("&Edit…", self.edit_integration, "Ctrl+E",
                                        name="editIntegration")
        self.preview_action = self._action("&Preview", self.preview_integration, "Ctrl+P",
                                           name="previewIntegration")
        self.sync_action = self._action("&Sync now", self.sync_integration, "Ctrl+R",
                                        name="syncIntegration")
        self.sync_all_action = self._action("Sync &all", self.sync_all, "Ctrl+Shift+R",
                                            name="syncAll")
        self.history_action = self._action("&History…", self.show_history, "Ctrl+H",
                                           name="showHistory")
        self.schedule_action = self._action("S&chedule…", self.edit_schedule, None,
                                            name="editSchedule")
        self.remove_action = self._action("&Remove…", self.remove_integration,
                                          QKeySequence.StandardKey.Delete,
                                          name="removeIntegration")
        quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit,
                                   name="quit")
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.connect_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        menu = self.menuBar().addMenu("&Integration")
        toolbar = QToolBar("Integrations", objectName="integrationsToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.add_action, self.edit_action, self.preview_action,
                       self.sync_action, self.sync_all_action, self.history_action,
                       self.schedule_action, self.remove_action):
            menu.addAction(action)
            toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _build_body(self) -> None:
        self.problem_label = QLabel(objectName="problemBanner", wordWrap=True, visible=False)
        self.problem_label.setStyleSheet(
            "QLabel#problemBanner { background: #fdecea; color: #611a15; padding: 10px; "
            "border: 1px solid #f5c2c0; border-radius: 4px; }")
        self.connection_label = QLabel("Gather: checking…", objectName="connectionLabel")
        self.connection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change = QPushButton("Connect to Gather…", objectName="connectButton")
        change.clicked.connect(self.open_gather_dialog)
        self.connect_button = change
        header = QHBoxLayout()
        header.addWidget(self.connection_label, 1)
        header.addWidget(change)

        self.model = IntegrationsModel()
        self.table = QTableView(objectName="integrationsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.edit_integration)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.empty_title = QLabel("No integrations yet", objectName="emptyTitle",
                                  alignment=Qt.AlignmentFlag.AlignHCenter)
        font = self.empty_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.empty_title.setFont(font)
        self.empty_hint = QLabel(objectName="emptyHint", wordWrap=True,
                                 alignment=Qt.AlignmentFlag.AlignHCenter)
        self.empty_button = QPushButton(objectName="emptyButton")
        self.empty_button.clicked.connect(self._on_empty_button)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty_hint)
        empty_layout.addWidget(self.empty_button, alignment=Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(self.table)
        self.banners = AttentionBanners()
        self.banners.act.connect(self._fix)
        self.sync_panel = SyncPanel()
        self.sync_panel.cancel_clicked.connect(self.sync_queue.cancel)
        self.sync_panel.problems_clicked.connect(self.show_problems)
        self.sync_panel.export_clicked.connect(self.export_problems)
        self.sync_panel.history_clicked.connect(self.show_history)
        # Later, not at once: the panel lays out its new content first, and fitting never
        # runs inside one of the panel's own updates.
        self.sync_panel.content_changed.connect(lambda: QTimer.singleShot(0, self._fit_panel))
        self.split = split = QSplitter(Qt.Orientation.Vertical, objectName="mainSplitter")
        split.setChildrenCollapsible(False)
        split.addWidget(self.stack)
        split.addWidget(self.sync_panel)
        split.setStretchFactor(0, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.problem_label)
        layout.addLayout(header)
        layout.addWidget(self.banners)
        layout.addWidget(split, 1)
        self.setCentralWidget(body)
        self.statusBar().showMessage("Ready")
        self._update_actions()

    # -- state ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the Gather connection and the integrations from the worker."""
        self._runner.submit(gather_jobs.gather_state, on_done=self._show_gather,
                            on_error=self._show_problem)
        self._runner.submit(gather_jobs.integration_rows, on_done=self._show_rows,
                            on_error=self._show_problem)

    def _show_gather(self, state: GatherState) -> None:
        self._gather = state
        self.problem_label.setText(state.problem or "")
        self.problem_label.setVisible(bool(state.problem))
        if not state.url:
            self.connection_label.setText("Gather: not connected")
        else:
            where = " (local sandbox)" if self._sandbox else ""
            status = "connected" if state.has_key else "no API key stored — reconnect"
            self.connection_label.setText(f"Gather: {state.url}{where} — {status}")
        self.connect_button.setText("Change…" if state.url and state.has_key
                                    else "Connect to Gather…")
        self._update_empty_state()
        self._update_actions()

    def _show_rows(self, rows) -> None:
        """New rows, keeping the selected integration selected (a refresh after a sync must
        not take the user's place away)."""
        selected = self.selected_name()
        self.model.set_rows(rows)
        self.banners.set_rows(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        names = [row.name for row in rows]
        if selected in names:
            self.table.selectRow(names.index(selected))
        elif len(names) == 1:
            self.table.selectRow(0)
        self._update_actions()

    def _show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.setVisible(True)

    def _connected(self) -> bool:
        return bool(self._gather and self._gather.url and self._gather.has_key)

    def _update_empty_state(self) -> None:
        if self._connected():
            self.empty_hint.setText("Add an integration to keep Gather's accounts and users in "
                                    "sync with Salesforce or HubSpot. You choose how records "
                                    "are matched, "
                                    "which traits are sent and which records, and you see a "
                                    "preview before anything is sent.")
            self.empty_button.setText("Add Integration…")
        else:
            self.empty_hint.setText("First connect Gather: you need its API URL and an API "
                                    "key from Gather's settings. The key is kept in your "
                                    "system's keyring.")
            self.empty_button.setText("Connect to Gather…")

    def _on_empty_button(self) -> None:
        if self._connected():
            self.add_integration()
        else:
            self.open_gather_dialog()

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()).name if rows else None

    def _update_actions(self) -> None:
        name = self.selected_name()
        self.add_action.setEnabled(self._connected())
        for action in (self.edit_action, self.preview_action, self.history_action,
                       self.schedule_action, self.remove_action):
            action.setEnabled(name is not None)
        self.sync_action.setEnabled(name is not None and not self.sync_queue.has(name))
        self.sync_all_action.setEnabled(self.model.rowCount() > 0)

    # -- actions -------------------------------------------------------------------------

    def open_gather_dialog(self) -> None:
        state = self._gather
        dialog = GatherDialog(self._runner, state.url if state else None,
                              state.ca_bundle if state else None, self)
        dialog.connected.connect(self.refresh)
        dialog.open()

    def add_integration(self) -> None:
        from gather_desktop.ui.wizard.wizard import IntegrationWizard
        wizard = IntegrationWizard(self._runner, self._new_integration(), parent=self)
        wizard.saved.connect(lambda _name: self.refresh())
        wizard.open()

    def edit_integration(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        from gather_desktop.jobs.wizard_jobs import load_for_edit
        self._runner.submit(functools.partial(load_for_edit, name), on_done=self._open_editor,
                            on_error=self._show_problem)

    def _open_editor(self, loaded, reconnect: bool = False) -> None:
        """The wizard filled in with the saved integration; at its sign-in page (the
        source's own) for Reconnect."""
        from gather_desktop.ui.wizard.wizard import IntegrationWizard
        integration, secrets = loaded
        state = WizardState.from_integration(integration)
        state.secrets = dict(secrets)
        start = PageId.SOURCE
        if reconnect:
            start = PageId.HUBSPOT_CONNECT if state.hubspot else PageId.CONNECT
        wizard = IntegrationWizard(self._runner, state, parent=self, start=start)
        wizard.saved.connect(lambda _name: self.refresh())
        wizard.open()

    def preview_integration(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        self.statusBar().showMessage(f"Previewing {name}…")
        self._runner.submit(functools.partial(sync_jobs.preview_saved, name),
                            on_done=lambda text: self._report("Preview", text),
                            on_error=lambda message: self._report("Preview", message, False),
                            on_progress=self.statusBar().showMessage)

    # -- syncs ---------------------------------------------------------------------------

    def _connect_sync_queue(self) -> None:
        queue = self.sync_queue
        queue.started.connect(lambda name: self.sync_panel.show_started(
            name, scheduled=queue.is_scheduled(name)))
        queue.progressed.connect(lambda _name, progress: self.sync_panel.show_progress(progress))
        queue.finished.connect(self._sync_finished)
        queue.failed.connect(self._sync_failed)
        queue.changed.connect(self._queue_changed)

    def sync_integration(self) -> None:
        name = self.selected_name()
        if name is not None and not self.sync_queue.request(name):
            self.statusBar().showMessage(f"{name} is already syncing or waiting to.", 5000)

    def sync_all(self) -> None:
        """Every integration, one after the other (one at a time spares the org's API
        allowance and Gather's rate limit)."""
        for row in range(self.model.rowCount()):
            self.sync_queue.request(self.model.row(row).name)

    def _scheduled_sync(self, name: str) -> bool:
        return self.sync_queue.request(name, scheduled=True)

    def _queue_changed(self) -> None:
        queue = self.sync_queue
        self.sync_panel.set_waiting(queue.waiting)
        self.model.set_activity(queue.running, queue.waiting)
        self._update_actions()

    def _fit_panel(self) -> None:
        """Give the panel the height its content needs (it changes between running and the
        end, and a long message wraps); the list keeps the rest."""
        panel = self.sync_panel
        layout = panel.layout()
        need = (layout.totalHeightForWidth(panel.width()) if layout.hasHeightForWidth()
                else panel.sizeHint().height())
        sizes = self.split.sizes()
        if sizes[1] != need:
            total = sum(sizes)
            self.split.setSizes([max(total - need, 120), need])

    def _sync_finished(self, name: str, summary: dict) -> None:
        self.sync_panel.show_finished(name, summary)
        problems = sum(counts.get(outcome, 0) for counts in summary["models"].values()
                       for outcome in PROBLEMS)
        headline = self.sync_panel.headline.text()
        self.notifier.notify(headline, summary.get("message") or summary["in_words"]
                             + (f"\n{problems:,} records need a look." if problems else ""))
        self._refresh_after_run(name)

    def _refresh_after_run(self, name: str) -> None:
        """The list, and any history window of this integration left open, show the run."""
        self.refresh()
        for dialog in self.findChildren(HistoryDialog):
            if dialog.isVisible() and dialog.name == name:
                dialog.refresh()

    def _sync_failed(self, name: str, message: str) -> None:
        self.sync_panel.show_failed(name, message)
        self.notifier.notify(f"{name}: the sync could not run", message)
        self._refresh_after_run(name)

    # -- what happened -------------------------------------------------------------------

    def show_history(self, name: str | None = None) -> None:
        name = name or self.selected_name()
        if name:
            HistoryDialog(self._runner, name, self).open()

    def show_problems(self, name: str, run_id: int) -> None:
        OutcomesDialog(self._runner, name, run_id, self, outcomes="problems").open()

    def export_problems(self, name: str, run_id: int, path: str | None = None) -> None:
        """The run's problem records as the command line's CSV; asks where unless told."""
        path = path or export.choose_path(self, name, run_id)
        if path:
            export.export(self._runner, name, run_id, path, lambda text, ok: (
                self.statusBar().showMessage(text, 10000) if ok
                else self._report(export.TITLE, text, False)))

    def edit_schedule(self) -> None:
        from gather_desktop.ui.schedule_dialog import ScheduleDialog
        name = self.selected_name()
        if name:
            dialog = ScheduleDialog(self._runner, name, self)
            dialog.saved.connect(lambda _name: self.refresh())
            dialog.open()

    def _fix(self, name: str, action: str) -> None:
        """A banner's button: the one thing that fixes what the last run met."""
        if action == RECONNECT_GATHER:
            self.open_gather_dialog()
        elif action in (RECONNECT_SOURCE, EDIT):
            from gather_desktop.jobs.wizard_jobs import load_for_edit
            reconnect = action == RECONNECT_SOURCE
            self._runner.submit(functools.partial(load_for_edit, name),
                                on_done=lambda loaded: self._open_editor(loaded, reconnect),
                                on_error=self._show_problem)

    def remove_integration(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        answer = QMessageBox.question(
            self, "Remove integration",
            f"Remove '{name}'? Its settings, saved sign-in and run history are deleted. "
            "Nothing is deleted in Salesforce or Gather.")
        if answer == QMessageBox.StandardButton.Yes:
            self._runner.submit(functools.partial(gather_jobs.remove_integration, name),
                                on_done=lambda _: self.refresh(), on_error=self._show_problem)

    def _ask_to_stop(self, running: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, "A sync is running",
                          f"{running} is still syncing. Stop it and close Gather Desktop? What "
                          "was sent is kept, and the next run continues from there.",
                          parent=self)
        box.setObjectName("stopBeforeClosing")
        stop = box.addButton("Stop and close", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep syncing", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: button is stop and self._stop_and_close())
        box.open()

    def _stop_and_close(self) -> None:
        self._closing = True
        self.sync_queue.changed.connect(
            lambda: self.sync_queue.running is None and self.close())
        self.sync_queue.cancel_all()

    def _report(self, title: str, text: str, ok: bool = True) -> None:
        self.statusBar().showMessage("Ready")
        self._update_actions()
        box = QMessageBox(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
                          title, text, parent=self)
        box.setObjectName("reportBox")
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Closing during a sync asks first (without blocking: the run goes on while the
        question is open); Stop and close cancels the run — what was sent is kept and the
        next run continues from there — and the window closes once it has stopped."""
        running = self.sync_queue.running
        if running is not None:
            event.ignore()
            if not self._closing:
                self._ask_to_stop(running)
            return
        self.scheduler.stop()
        self._settings.setValue("geometry", self.saveGeometry())
        super().closeEvent(event)
