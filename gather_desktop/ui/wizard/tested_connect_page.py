"""What every Connect page shares: Next only after a successful test *with the values on the
page now*, the test and the browser sign-in as jobs, and their outcome in words.

The page remembers the exact values the last good test used (`_values()`), so changing any
of them asks for a new test. A subclass builds its own fields and says three things:
`_write_state()` (the page into the draft), `_input_problem()` (what to fill in first) and
`_browser_job()` (its source's browser sign-in). The test and the sign-in leave the source's
catalog on `state.catalog` for the next pages; failures stay on the page in the connector's
own words, and what was typed stays.
"""

from __future__ import annotations

import functools
import webbrowser
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QToolButton,
                               QVBoxLayout, QWidget, QWizardPage)

from gather_desktop.jobs.source_jobs import BrowserSignIn, SourceCatalog, connect_source
from gather_desktop.sources.oauth_loopback import DEFAULT_TIMEOUT
from gather_desktop.ui.wizard.source_page import ERROR_STYLE
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.workers import JobRunner

OK_STYLE = "color: #1e7a34;"


def advanced_toggle(box: QWidget) -> QToolButton:
    """An "Advanced" disclosure arrow that shows and hides `box` (hidden at first): settings
    most people never need stay out of the way."""
    toggle = QToolButton(objectName="advancedToggle", text="Advanced", checkable=True,
                         autoRaise=True)
    toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toggle.setArrowType(Qt.ArrowType.RightArrow)
    box.setVisible(False)

    def show(shown: bool) -> None:
        box.setVisible(shown)
        toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    toggle.toggled.connect(show)
    return toggle


class TestedConnectPage(QWizardPage):
    """`open_browser` and `browser_timeout` are attributes so tests can stand in for the
    system browser and wait less. `source_noun` names the source in messages."""

    source_noun = "the source"

    def __init__(self, state: WizardState, runner: JobRunner, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.open_browser: Callable[[str], bool] = webbrowser.open
        self.browser_timeout: float = DEFAULT_TIMEOUT
        self._job: int | None = None
        self._tested: object = None       # the values of the last successful test
        self._refresh_token = ""          # from the last browser sign-in
        self._filling = False

        self.browser_button = QPushButton("Sign in with browser", objectName="browserButton")
        self.browser_button.clicked.connect(self._on_browser_button_clicked)
        self.cancel_sign_in_button = QPushButton("Cancel sign-in",
                                                 objectName="cancelSignInButton")
        self.cancel_sign_in_button.clicked.connect(self.cancel_sign_in)
        self.cancel_sign_in_button.setVisible(False)
        self.test_button = QPushButton("Test connection", objectName="testButton")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.busy_bar = QProgressBar(objectName="busyBar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setVisible(False)
        self.status_label = QLabel(objectName="statusLabel", wordWrap=True)
        self.status_label.setStyleSheet(OK_STYLE)
        self.error_label = QLabel(objectName="errorLabel", wordWrap=True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_row = QHBoxLayout()
        self.test_row.addWidget(self.test_button)
        self.test_row.addWidget(self.busy_bar)
        self.test_row.addStretch(1)

    def _lay_out(self, *groups: QWidget, advanced: QWidget) -> None:
        """The page from top to bottom: the subclass's groups, the Advanced settings (hidden
        behind their toggle), the test button, and the outcome."""
        self.advanced_toggle = advanced_toggle(advanced)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        for group in groups:
            layout.addWidget(group)
        layout.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(advanced)
        layout.addLayout(self.test_row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    # -- what a subclass says --------------------------------------------------------------

    def _write_state(self) -> None:
        raise NotImplementedError

    def _input_problem(self) -> str | None:
        raise NotImplementedError

    def _browser_job(self) -> Any:
        """The job that signs in in the system browser and returns a `BrowserSignIn`."""
        raise NotImplementedError

    def _browser_chosen(self) -> bool:
        raise NotImplementedError

    # -- QWizardPage ---------------------------------------------------------------------

    def isComplete(self) -> bool:
        return (self._job is None and self.state.catalog is not None
                and self._tested == self._values())

    def _values(self) -> object:
        """Everything a test depends on; a test counts only for exactly these values."""
        return (self.state.source(), tuple(sorted(self.state.secrets.items())))

    # -- slots -----------------------------------------------------------------------------

    def _after_value_changed(self) -> None:
        """The part of a value change every page does: forget a stale outcome, update the
        buttons and whether Next is allowed."""
        tested = self._tested == self._values() and self.state.catalog is not None
        if not tested and self._job is None:
            self.status_label.setText("")
        self._update_buttons()
        self.completeChanged.emit()

    def _on_test_button_clicked(self) -> None:
        if not self._start():
            return
        self.status_label.setText(f"Signing in to {self.source_noun}…")
        job = functools.partial(connect_source, self.state.source(), dict(self.state.secrets))
        values = self._values()
        self._job = self.runner.submit(
            job, on_done=lambda catalog: self._on_connected(values, catalog),
            on_error=self._on_failed)
        self._update_buttons()

    def _on_browser_button_clicked(self) -> None:
        if not self._start():
            return
        self.status_label.setText("Waiting for you to sign in in the browser…")
        self._job = self.runner.submit(self._browser_job(), on_done=self._on_browser_signed_in,
                                       on_error=self._on_failed)
        self._update_buttons()

    def cancel_sign_in(self) -> None:
        """Stop waiting for the browser (the Cancel button, and the wizard closing: a sign-in
        left waiting would hold the worker until its timeout)."""
        if self._job is not None:
            self.runner.cancel(self._job)

    def _on_browser_signed_in(self, result: BrowserSignIn) -> None:
        self._refresh_token = result.refresh_token
        self._write_state()
        self._on_connected(self._values(), result.catalog)

    def _on_connected(self, values: object, catalog: SourceCatalog) -> None:
        self._job = None
        self.busy_bar.setVisible(False)
        self.state.catalog = catalog
        self._tested = values
        if values == self._values():
            self.status_label.setText(self._connected_words(catalog))
        else:
            self.status_label.setText("Something changed during the test; test again.")
        self._update_buttons()
        self.completeChanged.emit()

    def _connected_words(self, catalog: SourceCatalog) -> str:
        return (f"Connected: {len(catalog.objects)} {self.source_noun} objects are readable. "
                "Press Next.")

    def _on_failed(self, message: str) -> None:
        self._job = None
        self.busy_bar.setVisible(False)
        self.status_label.setText("")
        self.error_label.setText(message)
        self._update_buttons()
        self.completeChanged.emit()

    # -- helpers ---------------------------------------------------------------------------

    def _start(self) -> bool:
        """Clear the last outcome and say what is missing; False when a test cannot start."""
        self._write_state()
        problem = self._input_problem()
        self.error_label.setText(problem or "")
        if problem:
            return False
        self.state.catalog = None
        self._tested = None
        self.busy_bar.setVisible(True)
        self.completeChanged.emit()
        return True

    def _update_buttons(self) -> None:
        busy = self._job is not None
        self.test_button.setEnabled(not busy)
        self.browser_button.setEnabled(not busy)
        self.cancel_sign_in_button.setVisible(busy and self._browser_chosen())
