"""Desktop notifications for runs that end while the user looks elsewhere.

A sync of 150,000 records takes long enough that people switch to another window; when it
ends (or a scheduled run ends) they should hear about it without watching. When the window is
in front, the panel already says everything, so nothing pops up. Where the desktop offers a
notification area the message goes there; elsewhere the taskbar entry asks for attention.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

SHOWN_MS = 10000


class Notifier(QObject):
    #: Emitted for every notification actually given (title, text).
    notified = Signal(str, str)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._tray: QSystemTrayIcon | None = None

    def notify(self, title: str, text: str) -> bool:
        """Tell the user, unless the window is in front; True when a notification was given."""
        if self._window.isActiveWindow():
            return False
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._tray_icon().showMessage(title, text, QSystemTrayIcon.MessageIcon.Information,
                                          SHOWN_MS)
        else:
            QApplication.alert(self._window)
        self.notified.emit(title, text)
        return True

    def _tray_icon(self) -> QSystemTrayIcon:
        if self._tray is None:
            icon = self._window.windowIcon()
            if icon.isNull():
                icon = self._window.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("Gather Desktop")
            self._tray.activated.connect(self._bring_to_front)
            self._tray.messageClicked.connect(self._bring_to_front)
        self._tray.show()
        return self._tray

    def _bring_to_front(self, *_args) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
