"""The Scheduler over a real worker thread and database, with a plain function as the queue."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from gather_desktop.core.schedule import Schedule
from gather_desktop.ui.scheduler import Scheduler
from tests.ui_schedule.conftest import add_integrations

EVERY_30 = Schedule("interval", every_minutes=30)
APP_STARTED = datetime.now(timezone.utc) - timedelta(hours=1)


class Queue:
    """Stands in for the window's sync queue: records the names and says whether it took them."""

    def __init__(self, accepts: bool = True) -> None:
        self.accepts = accepts
        self.requested: list[str] = []

    def __call__(self, name: str) -> bool:
        self.requested.append(name)
        return self.accepts


@pytest.fixture
def make_scheduler(job_runner):
    made = []

    def make(queue: Queue, interval_ms: int = 600_000) -> Scheduler:
        scheduler = Scheduler(job_runner, queue, APP_STARTED, interval_ms)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.stop()


@pytest.fixture
def scheduled(qtbot, job_runner) -> None:
    """One integration due, one that ran a minute ago, one switched off, one never scheduled."""
    now = datetime.now(timezone.utc)
    add_integrations(qtbot, job_runner,
                     ("due", EVERY_30),
                     ("ran-a-minute-ago", EVERY_30, now - timedelta(minutes=1)),
                     ("switched-off", Schedule("off")),
                     ("not-scheduled", None))


def checked(qtbot, job_runner) -> None:
    qtbot.waitUntil(lambda: not job_runner.busy(), timeout=10000)


def test_a_due_integration_is_started_and_no_other(qtbot, job_runner, scheduled,
                                                    make_scheduler) -> None:
    queue = Queue()
    scheduler = make_scheduler(queue)

    with qtbot.waitSignal(scheduler.started, timeout=10000) as started:
        assert scheduler.check_now()

    assert started.args == ["due"]
    assert queue.requested == ["due"]


def test_a_requested_run_is_not_requested_again_at_the_next_check(qtbot, job_runner, scheduled,
                                                                   make_scheduler) -> None:
    queue = Queue()
    scheduler = make_scheduler(queue)
    scheduler.check_now()
    checked(qtbot, job_runner)

    scheduler.check_now()
    checked(qtbot, job_runner)

    assert queue.requested == ["due"]


def test_a_run_the_queue_already_has_is_asked_for_again_later(qtbot, job_runner, scheduled,
                                                               make_scheduler) -> None:
    queue = Queue(accepts=False)  # already running or waiting
    scheduler = make_scheduler(queue)
    started: list[str] = []
    scheduler.started.connect(started.append)

    scheduler.check_now()
    checked(qtbot, job_runner)
    scheduler.check_now()
    checked(qtbot, job_runner)

    assert queue.requested == ["due", "due"]
    assert started == []


def test_checks_do_not_pile_up(qtbot, job_runner, scheduled, make_scheduler) -> None:
    scheduler = make_scheduler(Queue())

    assert scheduler.check_now()
    assert not scheduler.check_now()  # the first is still in flight
    checked(qtbot, job_runner)
    assert scheduler.check_now()
    checked(qtbot, job_runner)


def test_the_timer_checks_by_itself(qtbot, job_runner, scheduled, make_scheduler) -> None:
    queue = Queue()
    make_scheduler(queue, interval_ms=20)

    qtbot.waitUntil(lambda: queue.requested == ["due"], timeout=10000)


def test_a_stopped_scheduler_starts_nothing(qtbot, job_runner, scheduled,
                                            make_scheduler) -> None:
    queue = Queue()
    scheduler = make_scheduler(queue)
    scheduler.check_now()
    scheduler.stop()
    checked(qtbot, job_runner)

    assert queue.requested == []
