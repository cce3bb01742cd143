"""Connect to Gather: URL, API key (masked; kept in the keyring), CA bundle (advanced).

"Test connection" only checks; "Save" checks again and keeps the key, so a typo never
replaces a working key. Problems are shown in words inside the dialog, input kept.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout)

from gather_desktop.gather.client import DEFAULT_URL
from gather_desktop.jobs import gather_jobs
from gather_desktop.ui.workers import JobRunner


class GatherDialog(QDialog):
    """Signals: `connected()` after a successful save."""

    connected = Signal()

    def __init__(self, runner: JobRunner, url: str | None, ca_bundle: str | None,
                 parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle("Connect to Gather")
        self.setMinimumWidth(520)
        self.url = QLineEdit(url or DEFAULT_URL, objectName="gatherUrl")
        self.api_key = QLineEdit(objectName="gatherApiKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText("Paste the API key from Gather's settings")
        self.ca_bundle = QLineEdit(ca_bundle or "", objectName="gatherCaBundle")
        self.ca_bundle.setPlaceholderText("Only if your company inspects TLS traffic")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_bundle)
        bundle_row = QHBoxLayout()
        bundle_row.addWidget(self.ca_bundle, 1)
        bundle_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Gather API URL", self.url)
        form.addRow("API key", self.api_key)
        form.addRow("CA bundle (advanced)", bundle_row)

        self.message = QLabel(objectName="gatherMessage", wordWrap=True)
        self.busy = QProgressBar(objectName="gatherBusy", maximum=0, visible=False)
        self.busy.setTextVisible(False)
        self.test_button = QPushButton("Test connection", objectName="gatherTest")
        self.test_button.clicked.connect(self.test_connection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _choose_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "CA bundle", "", "Certificates (*.pem *.crt)")
        if path:
            self.ca_bundle.setText(path)

    def _values(self) -> tuple[str, str, str | None]:
        return self.url.text(), self.api_key.text(), self.ca_bundle.text().strip() or None

    def _start(self, job) -> None:
        self._set_busy(True)
        self._runner.submit(job, on_done=self._on_done, on_error=self._on_error)

    def test_connection(self) -> None:
        self._pending_save = False
        self._start(functools.partial(gather_jobs.check_gather, *self._values()))

    def save(self) -> None:
        self._pending_save = True
        self._start(functools.partial(gather_jobs.connect_gather, *self._values()))

    def _on_done(self, result) -> None:
        self._set_busy(False)
        if self._pending_save:
            self.connected.emit()
            self.accept()
        else:
            self._show(str(result), ok=True)

    def _on_error(self, message: str) -> None:
        self._set_busy(False)
        self._show(message, ok=False)

    def _show(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b71c1c;")

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.test_button, self.save_button, self.url, self.api_key,
                       self.ca_bundle):
            widget.setEnabled(not busy)
        if busy:
            self.message.setText("Checking the connection to Gather…")
            self.message.setStyleSheet("")
