"""Schedules: their words, their checks, and when each kind is due, DST change days included."""

from __future__ import annotations

import time as time_module
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gather_desktop.core.schedule import (
    OFF,
    Schedule,
    ScheduleError,
    describe,
    is_due,
    next_due,
)
from gather_desktop.errors import UserFacingError

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def berlin(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def every(minutes: int, catch_up: bool = False) -> Schedule:
    return Schedule("interval", every_minutes=minutes, catch_up=catch_up)


def daily(at: str, catch_up: bool = False) -> Schedule:
    return Schedule("daily", at=at, catch_up=catch_up)


# -- the schedule itself ------------------------------------------------------------------


@pytest.mark.parametrize(("schedule", "words"), [
    (OFF, "Off"),
    (Schedule("off", every_minutes=30), "Off"),
    (every(5), "Every 5 minutes"),
    (every(30), "Every 30 minutes"),
    (every(90), "Every 90 minutes"),
    (every(60), "Every hour"),
    (every(120), "Every 2 hours"),
    (every(1440), "Every 24 hours"),
    (daily("06:00"), "Daily at 06:00"),
    (daily("23:59"), "Daily at 23:59"),
])
def test_a_schedule_in_words(schedule: Schedule, words: str) -> None:
    assert describe(schedule) == words


def test_a_schedule_round_trips_through_its_dict() -> None:
    schedule = Schedule("daily", every_minutes=45, at="07:15", catch_up=True)
    assert schedule.to_dict() == {"mode": "daily", "every_minutes": 45, "at": "07:15",
                                  "catch_up": True}
    assert Schedule.from_dict(schedule.to_dict()) == schedule
    assert Schedule.from_dict({}) == OFF
    assert Schedule.from_dict({"mode": "interval", "every_minutes": 30, "future": 1}) == every(30)


@pytest.mark.parametrize(("values", "words"), [
    ({"mode": "weekly"}, "mode is one of off, interval, daily, not 'weekly'"),
    ({"every_minutes": 4}, "every 5 to 1440 minutes, not every 4"),
    ({"every_minutes": 1441}, "not every 1441"),
    ({"every_minutes": "30"}, "not every '30'"),
    ({"every_minutes": True}, "not every True"),
    ({"at": "6:00"}, "HH:MM from 00:00 to 23:59, not '6:00'"),
    ({"at": "24:00"}, "not '24:00'"),
    ({"at": "12:60"}, "not '12:60'"),
])
def test_a_schedule_that_cannot_be_used_says_why(values: dict, words: str) -> None:
    with pytest.raises(ScheduleError, match=words) as raised:
        Schedule.from_dict(values)
    assert isinstance(raised.value, UserFacingError)


def test_off_is_never_due() -> None:
    now = utc(2026, 1, 10, 12, 0)
    assert next_due(OFF, None, now, now - timedelta(days=1)) is None
    assert not is_due(OFF, None, now, now - timedelta(days=1))


# -- every N minutes ----------------------------------------------------------------------


def test_an_interval_with_no_run_yet_is_due_at_once() -> None:
    started = utc(2026, 1, 10, 9, 0)
    assert next_due(every(30), None, started + timedelta(seconds=5), started) == started
    assert is_due(every(30), None, started, started)


def test_an_interval_counts_from_the_last_run_start_manual_runs_included() -> None:
    app_started = utc(2026, 1, 10, 8, 0)
    last = utc(2026, 1, 10, 9, 0)  # e.g. a click on Sync now
    assert next_due(every(30), last, utc(2026, 1, 10, 9, 10), app_started) == utc(2026, 1, 10,
                                                                                   9, 30)
    assert not is_due(every(30), last, utc(2026, 1, 10, 9, 29, 59), app_started)
    assert is_due(every(30), last, utc(2026, 1, 10, 9, 30), app_started)
    assert is_due(every(30), last, utc(2026, 1, 10, 11, 0), app_started)


def test_an_interval_slot_missed_while_closed_runs_at_start_up_only_with_catch_up() -> None:
    last = utc(2026, 1, 9, 17, 0)
    app_started = utc(2026, 1, 10, 9, 10)

    assert is_due(every(60, catch_up=True), last, app_started, app_started)
    assert next_due(every(60, catch_up=True), last, app_started, app_started) == utc(
        2026, 1, 9, 18, 0)

    later = next_due(every(60), last, app_started, app_started)
    assert later == utc(2026, 1, 10, 10, 0)  # the next slot on the same grid
    assert not is_due(every(60), last, app_started + timedelta(minutes=49), app_started)
    assert is_due(every(60), last, later, app_started)


def test_an_interval_slot_at_the_moment_the_app_started_is_due() -> None:
    last = utc(2026, 1, 10, 8, 0)
    app_started = utc(2026, 1, 10, 9, 0)
    assert is_due(every(60), last, app_started, app_started)


# -- daily ----------------------------------------------------------------------------------


def test_daily_before_the_slot_waits_for_it() -> None:
    app_started = utc(2026, 1, 9, 8, 0)
    ran = utc(2026, 1, 9, 6, 0)
    now = utc(2026, 1, 10, 5, 59)
    assert next_due(daily("06:00"), ran, now, app_started, UTC) == utc(2026, 1, 10, 6, 0)
    assert not is_due(daily("06:00"), ran, now, app_started, UTC)


def test_daily_after_the_slot_is_due_until_a_run_starts() -> None:
    app_started = utc(2026, 1, 10, 5, 0)
    now = utc(2026, 1, 10, 6, 1)
    assert next_due(daily("06:00"), utc(2026, 1, 9, 6, 0), now, app_started, UTC) == utc(
        2026, 1, 10, 6, 0)
    assert is_due(daily("06:00"), None, now, app_started, UTC)

    ran = utc(2026, 1, 10, 6, 0, 30)
    assert next_due(daily("06:00"), ran, now, app_started, UTC) == utc(2026, 1, 11, 6, 0)
    assert not is_due(daily("06:00"), ran, utc(2026, 1, 11, 5, 59), app_started, UTC)


def test_daily_counts_a_manual_run_after_the_slot() -> None:
    app_started = utc(2026, 1, 10, 5, 0)
    manual = utc(2026, 1, 10, 6, 0)  # exactly at the slot
    assert not is_due(daily("06:00"), manual, utc(2026, 1, 10, 12, 0), app_started, UTC)


def test_daily_slot_missed_while_closed_runs_at_start_up_only_with_catch_up() -> None:
    last = utc(2026, 1, 3, 6, 0)  # a week ago
    app_started = utc(2026, 1, 10, 9, 0)

    assert next_due(daily("06:00", catch_up=True), last, app_started, app_started, UTC) == utc(
        2026, 1, 10, 6, 0)
    assert not is_due(daily("06:00", catch_up=True), app_started, app_started + timedelta(
        hours=1), app_started, UTC), "a week closed is one run, not seven"

    assert next_due(daily("06:00"), last, app_started, app_started, UTC) == utc(2026, 1, 11, 6,
                                                                                 0)
    assert not is_due(daily("06:00"), None, app_started, app_started, UTC)


def test_daily_before_todays_slot_still_owes_yesterdays_when_the_app_was_open() -> None:
    app_started = utc(2026, 1, 9, 5, 0)
    last = utc(2026, 1, 8, 6, 0)
    now = utc(2026, 1, 10, 3, 0)  # yesterday's 06:00 passed with the app open, no run since
    assert next_due(daily("06:00"), last, now, app_started, UTC) == utc(2026, 1, 9, 6, 0)


def test_daily_reads_the_time_in_the_given_zone() -> None:
    app_started = berlin(2026, 1, 10, 0, 0)
    now = berlin(2026, 1, 10, 6, 30)
    assert next_due(daily("06:00"), None, now, app_started, BERLIN) == utc(2026, 1, 10, 5, 0)
    assert next_due(daily("06:00"), None, now, app_started, UTC) == utc(2026, 1, 10, 6, 0)


# -- DST change days ------------------------------------------------------------------------


def simulate(schedule: Schedule, start: datetime, end: datetime, tz) -> list[datetime]:
    """Check once a minute with the app open throughout; start a run whenever one is due."""
    runs: list[datetime] = []
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    now = start
    while now < end:
        if is_due(schedule, runs[-1] if runs else start - timedelta(hours=1), now, start, tz):
            runs.append(now)
        now += timedelta(minutes=1)
    return runs


# Three local days around each change: 29 March 02:00 → 03:00, 25 October 03:00 → 02:00.
SPRING_FORWARD = berlin(2026, 3, 28, 0, 0), berlin(2026, 3, 31, 0, 0)
FALL_BACK = berlin(2026, 10, 24, 0, 0), berlin(2026, 10, 27, 0, 0)


@pytest.mark.parametrize("days", [SPRING_FORWARD, FALL_BACK], ids=["spring", "autumn"])
@pytest.mark.parametrize("at", ["00:00", "01:59", "02:00", "02:30", "03:00", "06:00", "23:59"])
def test_daily_runs_once_a_day_across_a_dst_change(days, at: str) -> None:
    start, end = days
    runs = simulate(daily(at), start, end, BERLIN)

    dates = [run.astimezone(BERLIN).date() for run in runs]
    assert len(dates) == len(set(dates)) == 3, runs
    hour, minute = (int(part) for part in at.split(":"))
    for run in runs:
        local = run.astimezone(BERLIN)
        skipped = local.date().isoformat() == "2026-03-29" and hour == 2
        expected = (hour + 1 if skipped else hour, minute)
        assert (local.hour, local.minute) == expected, local


def test_the_twice_passed_hour_runs_at_its_first_occurrence() -> None:
    runs = simulate(daily("02:30"), *FALL_BACK, BERLIN)
    autumn = [run for run in runs if run.astimezone(BERLIN).day == 25]
    assert autumn == [utc(2026, 10, 25, 0, 30)]  # 02:30 summer time, not 02:30 winter time


def test_an_interval_keeps_real_minutes_across_a_dst_change() -> None:
    runs = simulate(every(60), *FALL_BACK, BERLIN)
    assert {later - earlier for earlier, later in zip(runs, runs[1:])} == {timedelta(hours=1)}
    on_the_day = [run for run in runs if run.astimezone(BERLIN).day == 25]
    assert len(on_the_day) == 25  # the local day has 25 hours


@pytest.fixture
def berlin_computer(monkeypatch: pytest.MonkeyPatch):
    """The computer's own time zone set to Berlin (and put back afterwards)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


@pytest.mark.skipif(not hasattr(time_module, "tzset"), reason="needs time.tzset (POSIX)")
@pytest.mark.parametrize("days", [SPRING_FORWARD, FALL_BACK], ids=["spring", "autumn"])
def test_without_a_zone_the_computers_own_is_used(berlin_computer, days) -> None:
    for at in ("02:30", "06:00"):
        assert simulate(daily(at), *days, None) == simulate(daily(at), *days, BERLIN)
