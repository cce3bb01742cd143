"""Banners above the integrations list for problems only a person can fix, each with the one
button that fixes it: an expired or revoked sign-in (Reconnect), a Gather key that no longer
works (Reconnect to Gather), a field that is gone or an API allowance nearly used (Edit).

The rows come from `jobs/gather_jobs.integration_rows`, which already leaves out problems
fixed since the run that met them, so a banner disappears as soon as the fix is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gather_desktop.engine.attention import EDIT, RECONNECT_GATHER, RECONNECT_SOURCE
from gather_desktop.jobs.gather_jobs import IntegrationRow

BUTTONS = {RECONNECT_SOURCE: "Reconnect…", RECONNECT_GATHER: "Reconnect to Gather…",
           EDIT: "Edit…"}
STYLE = ("QFrame#attentionBanner { background: #fff4e5; border: 1px solid #ffd8a8; "
         "border-radius: 4px; } QFrame#attentionBanner QLabel { color: #663c00; }")


class AttentionBanners(QWidget):
    #: (integration name, action) when a banner's button is pressed.
    act = Signal(str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent, objectName="attentionBanners")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setVisible(False)

    def set_rows(self, rows: list[IntegrationRow]) -> None:
        """One banner per integration that needs someone; rebuilt only when the list is
        reloaded (after a run, an edit or a reconnect), never during a run."""
        while self._layout.count():
            self._layout.takeAt(0).widget().deleteLater()
        needing = [row for row in rows if row.attention is not None]
        for row in needing:
            self._layout.addWidget(self._banner(row))
        self.setVisible(bool(needing))

    def banners(self) -> list[QFrame]:
        return [self._layout.itemAt(i).widget() for i in range(self._layout.count())]

    def _banner(self, row: IntegrationRow) -> QFrame:
        needs = row.attention
        banner = QFrame(objectName="attentionBanner")
        banner.setStyleSheet(STYLE)
        banner.setProperty("integration", row.name)
        banner.setProperty("action", needs.action)
        text = QLabel(f"<b>{_escaped(row.name)}</b> needs you: {_escaped(needs.message)}",
                      wordWrap=True)
        button = QPushButton(BUTTONS[needs.action], objectName="attentionAction")
        button.clicked.connect(lambda: self.act.emit(row.name, needs.action))
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(text, 1)
        layout.addWidget(button)
        return banner


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
