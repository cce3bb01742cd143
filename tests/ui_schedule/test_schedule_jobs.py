"""The schedule jobs on a real worker thread and database: which integrations are due."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone

import pytest

from gather_desktop.core.schedule import OFF, Schedule
from gather_desktop.jobs.schedule_jobs import due_integrations, load_schedule, save_schedule
from tests.ui.test_main_window import run_job
from tests.ui_schedule.conftest import add_integrations

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
APP_STARTED = NOW - timedelta(days=2)
EVERY_30 = Schedule("interval", every_minutes=30)
DAILY_NOON = Schedule("daily", at="12:00")


def due(qtbot, job_runner, **kwargs) -> list[str]:
    return run_job(qtbot, job_runner,
                   functools.partial(due_integrations, NOW, APP_STARTED, **kwargs))


def test_only_integrations_whose_schedule_says_so_are_due(qtbot, job_runner) -> None:
    add_integrations(qtbot, job_runner,
                     ("every-30-never-run", EVERY_30),
                     ("every-30-ran-10-min-ago", EVERY_30, NOW - timedelta(minutes=10)),
                     ("every-30-ran-an-hour-ago", EVERY_30, NOW - timedelta(hours=3),
                      NOW - timedelta(hours=1)),
                     ("daily-never-run", DAILY_NOON),
                     ("daily-ran-just-now", DAILY_NOON, NOW),
                     ("switched-off", Schedule("off", every_minutes=5)),
                     ("never-scheduled", None))

    assert due(qtbot, job_runner) == ["daily-never-run", "every-30-never-run",
                                      "every-30-ran-an-hour-ago"]


def test_a_scheduled_run_this_app_asked_for_counts_as_a_start(qtbot, job_runner) -> None:
    """A run that failed before it was recorded is not asked for again at every check."""
    add_integrations(qtbot, job_runner, ("every-30", EVERY_30), ("daily", DAILY_NOON))

    asked = {"every-30": NOW - timedelta(minutes=1), "daily": NOW}
    assert due(qtbot, job_runner, requested=asked) == []
    asked = {"every-30": NOW - timedelta(minutes=31)}
    assert due(qtbot, job_runner, requested=asked) == ["daily", "every-30"]


def test_a_schedule_is_saved_and_loaded(qtbot, job_runner) -> None:
    add_integrations(qtbot, job_runner, ("salesforce-prod", None))
    assert run_job(qtbot, job_runner, functools.partial(load_schedule, "salesforce-prod")) == OFF

    run_job(qtbot, job_runner, functools.partial(save_schedule, "salesforce-prod", DAILY_NOON))

    assert run_job(qtbot, job_runner,
                   functools.partial(load_schedule, "salesforce-prod")) == DAILY_NOON


def test_saving_for_a_removed_integration_says_so(qtbot, job_runner) -> None:
    with pytest.raises(AssertionError) as raised:
        run_job(qtbot, job_runner, functools.partial(save_schedule, "gone", DAILY_NOON))
    assert str(raised.value) == ("The integration 'gone' no longer exists, so its schedule "
                                 "was not saved.")
