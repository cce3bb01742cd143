"""When an integration syncs by itself while the window is open, and whether it is due now.

Pure time arithmetic, so every case (a missed slot, catch-up, a DST change) is tested without
a clock or a timer. Two kinds of schedule:

- interval: due `every_minutes` after the last run *started*. Any run counts, a click on
  "Sync now" too, so a manual run pushes the next scheduled one back instead of being
  followed by a second run a minute later.
- daily: one slot a day at `at` local time; due once that slot has passed and no run has
  started since it. Only the most recent slot matters: days the app was closed collapse into
  at most one run, never a burst.

A slot that fell while the app was closed (before `app_started`) is run at start-up only when
`catch_up` is on; otherwise the next slot counts. Slots are computed per local *date* and
compared as absolute (aware) times, so a DST change can move a slot but never make a day have
two or none: a time the clock skips is read with the offset from before the change (02:30
on a spring-forward day in Berlin becomes 03:30), and a time the clock passes twice is its
first occurrence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Mapping

from gather_desktop.errors import UserFacingError

MODES = ("off", "interval", "daily")
MIN_MINUTES, MAX_MINUTES = 5, 1440
_AT = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


class ScheduleError(UserFacingError):
    """A schedule that cannot be used (the message names the value and what is allowed)."""


@dataclass(frozen=True)
class Schedule:
    """`every_minutes` and `at` are kept whatever the mode, so switching a schedule off and on
    again gives back the same numbers."""

    mode: str = "off"
    every_minutes: int = 60
    at: str = "06:00"
    catch_up: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ScheduleError(f"A schedule's mode is one of {', '.join(MODES)}, "
                                f"not {self.mode!r}.")
        if (isinstance(self.every_minutes, bool) or not isinstance(self.every_minutes, int)
                or not MIN_MINUTES <= self.every_minutes <= MAX_MINUTES):
            raise ScheduleError(f"A schedule runs every {MIN_MINUTES} to {MAX_MINUTES} minutes, "
                                f"not every {self.every_minutes!r}.")
        if not isinstance(self.at, str) or not _AT.fullmatch(self.at):
            raise ScheduleError(f"A daily schedule's time is HH:MM from 00:00 to 23:59, "
                                f"not {self.at!r}.")

    @property
    def at_time(self) -> time:
        hours, minutes = self.at.split(":")
        return time(int(hours), int(minutes))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schedule:
        """The schedule `to_dict` wrote; keys left out take their defaults."""
        known = {key: data[key] for key in ("mode", "every_minutes", "at", "catch_up")
                 if key in data}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "every_minutes": self.every_minutes, "at": self.at,
                "catch_up": self.catch_up}


OFF = Schedule()


def describe(schedule: Schedule) -> str:
    """The schedule in a few words: "Off", "Every 30 minutes", "Every 2 hours",
    "Daily at 06:00"."""
    if schedule.mode == "daily":
        return f"Daily at {schedule.at}"
    if schedule.mode == "interval":
        hours, minutes = divmod(schedule.every_minutes, 60)
        if minutes == 0:
            return "Every hour" if hours == 1 else f"Every {hours} hours"
        return f"Every {schedule.every_minutes} minutes"
    return "Off"


def next_due(schedule: Schedule, last_started: datetime | None, now: datetime,
             app_started: datetime, tz: tzinfo | None = None) -> datetime | None:
    """When the next scheduled run is due (a time at or before `now` means: run now), or None
    when the schedule is off.

    All datetimes are aware. `last_started` is the start of the integration's latest run of
    any kind. `tz` is the zone a daily time is read in; None means the computer's own.
    Everything is reckoned in UTC: Python adds to and compares datetimes that share a zone by
    their wall-clock reading, which is off by an hour across a DST change.
    """
    now, app_started = now.astimezone(timezone.utc), app_started.astimezone(timezone.utc)
    if last_started is not None:
        last_started = last_started.astimezone(timezone.utc)
    if schedule.mode == "interval":
        return _interval_due(schedule, last_started, app_started)
    if schedule.mode == "daily":
        return _daily_due(schedule, last_started, now, app_started, tz)
    return None


def is_due(schedule: Schedule, last_started: datetime | None, now: datetime,
           app_started: datetime, tz: tzinfo | None = None) -> bool:
    due = next_due(schedule, last_started, now, app_started, tz)
    return due is not None and due <= now


def _interval_due(schedule: Schedule, last_started: datetime | None,
                  app_started: datetime) -> datetime:
    """Slots are `last_started + k × every_minutes`. With no run to count from, the first run
    is due as soon as the app runs."""
    if last_started is None:
        return app_started
    step = timedelta(minutes=schedule.every_minutes)
    first = last_started + step
    if first >= app_started or schedule.catch_up:
        return first
    return last_started + step * math.ceil((app_started - last_started) / step)


def _daily_due(schedule: Schedule, last_started: datetime | None, now: datetime,
               app_started: datetime, tz: tzinfo | None) -> datetime:
    today = now.astimezone(tz).date()
    latest = _slot(today, schedule.at_time, tz)
    if latest > now:
        upcoming, latest = latest, _slot(today - timedelta(days=1), schedule.at_time, tz)
    else:
        upcoming = _slot(today + timedelta(days=1), schedule.at_time, tz)
    already_ran = last_started is not None and last_started >= latest
    missed_while_closed = latest < app_started and not schedule.catch_up
    return upcoming if already_ran or missed_while_closed else latest


def _slot(day: date, at: time, tz: tzinfo | None) -> datetime:
    """The absolute time (UTC) of `at` on the local date `day`: a time the clock passes twice
    is its first occurrence, a time it skips is read as after the change (02:30 → 03:30).

    Both readings of the wall time (`fold` 0 and 1) are compared rather than trusting `fold`
    alone, because a naive datetime (the computer's own zone) resolves a skipped time the
    other way round from `zoneinfo`.
    """
    wall = datetime.combine(day, at, tzinfo=tz)  # naive when tz is None: the computer's zone
    first, second = sorted(wall.replace(fold=fold).astimezone(timezone.utc) for fold in (0, 1))
    skipped = first.astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None)
    return second if skipped else first
