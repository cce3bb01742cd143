"""The Schedule dialog over a real worker thread: it shows what is stored and saves changes."""

from __future__ import annotations

import functools

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialog

from gather_desktop.core.schedule import Schedule
from gather_desktop.jobs.gather_jobs import remove_integration
from gather_desktop.jobs.schedule_jobs import load_schedule
from gather_desktop.ui.schedule_dialog import ScheduleDialog
from tests.ui.test_main_window import run_job
from tests.ui_schedule.conftest import add_integrations

NAME = "salesforce-prod"


def open_dialog(qtbot, job_runner) -> ScheduleDialog:
    dialog = ScheduleDialog(job_runner, NAME)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10000)
    return dialog


def stored(qtbot, job_runner) -> Schedule:
    return run_job(qtbot, job_runner, functools.partial(load_schedule, NAME))


def test_a_new_integration_shows_off_with_only_the_choice_enabled(qtbot, job_runner) -> None:
    add_integrations(qtbot, job_runner, (NAME, None))
    dialog = open_dialog(qtbot, job_runner)

    assert dialog.objectName() == "scheduleDialog"
    assert dialog.off_button.isChecked()
    assert not dialog.minutes.isEnabled()
    assert not dialog.time.isEnabled()
    assert not dialog.catch_up.isEnabled()
    assert "only while Gather Desktop is open" in dialog.findChild(
        type(dialog.message), "scheduleNote").text()

    dialog.daily_button.setChecked(True)
    assert dialog.time.isEnabled() and dialog.catch_up.isEnabled()
    assert not dialog.minutes.isEnabled()


def test_saving_stores_the_schedule_and_a_new_dialog_shows_it(qtbot, job_runner) -> None:
    add_integrations(qtbot, job_runner, (NAME, None))
    dialog = open_dialog(qtbot, job_runner)
    dialog.interval_button.setChecked(True)
    dialog.minutes.setValue(45)
    dialog.catch_up.setChecked(True)

    with qtbot.waitSignal(dialog.saved, timeout=10000) as saved:
        dialog.save_button.click()

    assert saved.args == [NAME]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored(qtbot, job_runner) == Schedule("interval", every_minutes=45, catch_up=True)

    again = open_dialog(qtbot, job_runner)
    assert again.interval_button.isChecked()
    assert again.minutes.value() == 45
    assert again.catch_up.isChecked()


def test_switching_to_daily_keeps_the_interval_for_later(qtbot, job_runner) -> None:
    add_integrations(qtbot, job_runner, (NAME, Schedule("interval", every_minutes=45)))
    dialog = open_dialog(qtbot, job_runner)
    dialog.daily_button.setChecked(True)
    dialog.time.setTime(QTime(7, 15))

    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()

    assert stored(qtbot, job_runner) == Schedule("daily", every_minutes=45, at="07:15")


def test_saving_for_a_removed_integration_explains_and_stays_open(qtbot, job_runner) -> None:
    add_integrations(qtbot, job_runner, (NAME, None))
    dialog = open_dialog(qtbot, job_runner)
    run_job(qtbot, job_runner, functools.partial(remove_integration, NAME))
    dialog.interval_button.setChecked(True)

    dialog.save_button.click()

    qtbot.waitUntil(lambda: "no longer exists" in dialog.message.text(), timeout=10000)
    assert dialog.isVisible()
    assert dialog.save_button.isEnabled()
    assert dialog.interval_button.isChecked()
