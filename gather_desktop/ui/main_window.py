"""The main window: for now, the Gather connection and what to do first.

The integrations list, the wizard and Sync now arrive in later issues; this window already
shows the one thing everything depends on: which Gather it talks to and whether a key is set.
It reads plain values handed to it and never speaks HTTP or SQL itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget


@dataclass(frozen=True)
class ConnectionState:
    """What the window shows about Gather: plain data from the composition root."""
    url: str | None
    has_key: bool
    sandbox: bool = False
    #: Why the connection cannot be used (no keyring, say), in words; shown above everything.
    problem: str | None = None


class MainWindow(QMainWindow):
    def __init__(self, state: ConnectionState) -> None:
        super().__init__()
        self.setWindowTitle("Gather Desktop" + (" — demo sandbox" if state.sandbox else ""))
        self.resize(900, 560)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)

        self.connection_label = QLabel(self._connection_text(state))
        self.connection_label.setObjectName("connectionLabel")
        self.connection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label = QLabel(state.problem or "")
        self.problem_label.setObjectName("problemBanner")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(
            "QLabel#problemBanner { background: #fdecea; color: #611a15; padding: 10px; "
            "border: 1px solid #f5c2c0; border-radius: 4px; }")
        self.problem_label.setVisible(bool(state.problem))
        title = QLabel("No integrations yet")
        title.setObjectName("emptyTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.empty_hint = QLabel(self._empty_hint(state))
        self.empty_hint.setWordWrap(True)
        # Centred text across the full width: a wrapped label placed with an alignment
        # flag gets its too-narrow size hint and clips the text.
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.empty_hint.setTextFormat(Qt.TextFormat.RichText)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.connection_label)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.empty_hint)
        layout.addStretch(2)
        self.setCentralWidget(body)
        self.statusBar().showMessage("Ready")

    @staticmethod
    def _connection_text(state: ConnectionState) -> str:
        if not state.url:
            return "Gather: not connected"
        status = "connected" if state.has_key else "no API key stored — reconnect"
        suffix = " (local sandbox)" if state.sandbox else ""
        return f"Gather: {state.url}{suffix} — {status}"

    @staticmethod
    def _empty_hint(state: ConnectionState) -> str:
        if not state.url or not state.has_key:
            return ("First connect Gather. In a terminal, run<br><code>gather-desktop gather "
                    "connect --url https://api.gatherdata.co</code><br>and paste your API key "
                    "when asked.")
        return ("Gather is connected. Integrations with Salesforce and HubSpot will be listed "
                "here; adding them from the window arrives with the integration wizard.")
