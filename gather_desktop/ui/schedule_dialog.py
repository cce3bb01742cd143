"""Schedule one integration: off, every N minutes, or daily at a time; and whether a run
missed while the app was closed is made up at the next start.

The schedule is read and saved through jobs. The dialog says plainly that scheduled runs
only happen while the app is open, and where to read about runs while it is closed, so no
one relies on a schedule that cannot fire.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QDialogButtonBox, QGridLayout,
                               QLabel, QProgressBar, QRadioButton, QSpinBox, QTimeEdit,
                               QVBoxLayout)

from gather_desktop.core.schedule import MAX_MINUTES, MIN_MINUTES, Schedule
from gather_desktop.jobs import schedule_jobs
from gather_desktop.ui.workers import JobRunner

CATCH_UP = "If Gather Desktop was closed at the scheduled time, run when it next opens"
ONLY_WHILE_OPEN = (
    "Scheduled runs happen only while Gather Desktop is open (minimised is fine). To sync "
    "while it is closed, the computer itself can run it on a schedule (cron, or Task "
    "Scheduler on Windows): see “Scheduled and unattended runs” in the README.")


class ScheduleDialog(QDialog):
    """Signals: `saved(name)` after the schedule was stored."""

    saved = Signal(str)

    def __init__(self, runner: JobRunner, name: str, parent=None) -> None:
        super().__init__(parent, objectName="scheduleDialog")
        self._runner = runner
        self._name = name
        self._busy = False
        self._loaded = False  # Save stays off until the stored schedule is shown
        self.setWindowTitle(f"Schedule — {name}")
        self.setMinimumWidth(520)

        question = QLabel(f"When should Gather Desktop sync “{name}” by itself?",
                          wordWrap=True)
        self.off_button = QRadioButton("Off: only when you press Sync now",
                                       objectName="scheduleOff")
        self.interval_button = QRadioButton("Every", objectName="scheduleInterval")
        self.minutes = QSpinBox(objectName="scheduleMinutes", minimum=MIN_MINUTES,
                                maximum=MAX_MINUTES, singleStep=5, suffix=" minutes")
        self.daily_button = QRadioButton("Daily at", objectName="scheduleDaily")
        self.time = QTimeEdit(objectName="scheduleTime", displayFormat="HH:mm")
        self.modes = QButtonGroup(self)
        for button in (self.off_button, self.interval_button, self.daily_button):
            self.modes.addButton(button)
        self.modes.buttonToggled.connect(self._update_enabled)
        self.catch_up = QCheckBox(CATCH_UP, objectName="scheduleCatchUp")

        choices = QGridLayout()
        choices.setColumnStretch(2, 1)
        choices.addWidget(self.off_button, 0, 0, 1, 3)
        choices.addWidget(self.interval_button, 1, 0)
        choices.addWidget(self.minutes, 1, 1)
        choices.addWidget(self.daily_button, 2, 0)
        choices.addWidget(self.time, 2, 1)
        choices.addWidget(QLabel("(this computer's clock)"), 2, 2)

        note = QLabel(ONLY_WHILE_OPEN, objectName="scheduleNote", wordWrap=True)
        note.setStyleSheet("QLabel#scheduleNote { background: #eef3fb; color: #1a2b45; "
                           "padding: 8px; border: 1px solid #c9d6ea; border-radius: 4px; }")
        self.message = QLabel(objectName="scheduleMessage", wordWrap=True)
        self.busy = QProgressBar(objectName="scheduleBusy", maximum=0, visible=False)
        self.busy.setTextVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(choices)
        layout.addWidget(self.catch_up)
        layout.addSpacing(6)
        layout.addWidget(note)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self._show_schedule(Schedule())
        self._set_busy(True, "Reading the schedule…")
        runner.submit(functools.partial(schedule_jobs.load_schedule, name),
                      on_done=self._on_loaded, on_error=self._on_load_error)

    def schedule(self) -> Schedule:
        """The schedule the controls show; a switched-off one keeps its numbers."""
        mode = ("interval" if self.interval_button.isChecked() else
                "daily" if self.daily_button.isChecked() else "off")
        return Schedule(mode, self.minutes.value(), self.time.time().toString("HH:mm"),
                        self.catch_up.isChecked())

    def save(self) -> None:
        self._set_busy(True, "Saving…")
        self._runner.submit(functools.partial(schedule_jobs.save_schedule, self._name,
                                              self.schedule()),
                            on_done=self._on_saved, on_error=self._on_save_error)

    def _on_loaded(self, schedule: Schedule) -> None:
        self._loaded = True
        self._set_busy(False)
        self._show_schedule(schedule)
        self.adjustSize()  # drop the room the loading line took

    def _on_load_error(self, message: str) -> None:
        self._set_busy(False)
        self._show_error(message)

    def _on_saved(self, schedule: Schedule) -> None:
        self._set_busy(False)
        self.saved.emit(self._name)
        self.accept()

    def _on_save_error(self, message: str) -> None:
        self._set_busy(False)
        self._show_error(message)

    def _show_schedule(self, schedule: Schedule) -> None:
        {"off": self.off_button, "interval": self.interval_button,
         "daily": self.daily_button}[schedule.mode].setChecked(True)
        self.minutes.setValue(schedule.every_minutes)
        self.time.setTime(QTime.fromString(schedule.at, "HH:mm"))
        self.catch_up.setChecked(schedule.catch_up)
        self._update_enabled()

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)
        self.message.setStyleSheet("color: #b71c1c;")

    def _update_enabled(self) -> None:
        ready = self._loaded and not self._busy
        for button in self.modes.buttons():
            button.setEnabled(ready)
        self.minutes.setEnabled(ready and self.interval_button.isChecked())
        self.time.setEnabled(ready and self.daily_button.isChecked())
        self.catch_up.setEnabled(ready and not self.off_button.isChecked())
        self.save_button.setEnabled(ready)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("")
        self._update_enabled()
