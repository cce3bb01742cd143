"""HubSpot's request limits: a rolling window per portal, a search limit per token, a daily cap.

HubSpot counts a portal's requests over a *rolling* 10-second window (not fixed seconds as the
Gather sandbox does), so a client that sends 100 requests in a burst waits until the oldest
leaves the window; `Retry-After` says how many whole seconds that is. The clock is injectable so
the arithmetic can be tested without sleeping.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Admission:
    """The outcome of counting one request: allowed or not, what is left, and when to retry."""

    allowed: bool
    remaining: int
    retry_after: int = 0  # whole seconds, when not allowed


class RollingWindow:
    """At most `limit` requests in any `interval_s` seconds; `limit=None` admits everything."""

    def __init__(
        self, limit: int | None, interval_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.interval_s = interval_s
        self._clock = clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def admit(self) -> Admission:
        if self.limit is None:
            return Admission(True, 0)
        now = self._clock()
        with self._lock:
            while self._times and self._times[0] <= now - self.interval_s:
                self._times.popleft()
            if len(self._times) >= self.limit:
                wait = self._times[0] + self.interval_s - now
                return Admission(False, 0, max(1, math.ceil(wait)))
            self._times.append(now)
            return Admission(True, self.limit - len(self._times))


class DailyCounter:
    """Requests counted against a daily allowance (the sandbox's day is its lifetime)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._used = 0
        self._lock = threading.Lock()

    def admit(self) -> Admission:
        with self._lock:
            if self._used >= self.limit:
                return Admission(False, 0, 24 * 3600)
            self._used += 1
            return Admission(True, self.limit - self._used)

    def remaining(self) -> int:
        with self._lock:
            return max(0, self.limit - self._used)


class PerKeyWindows:
    """One RollingWindow per key (the search limit is per access token)."""

    def __init__(
        self, limit: int | None, interval_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limit, self._interval_s, self._clock = limit, interval_s, clock
        self._windows: dict[str, RollingWindow] = {}
        self._lock = threading.Lock()

    def admit(self, key: str) -> Admission:
        with self._lock:
            window = self._windows.setdefault(
                key, RollingWindow(self._limit, self._interval_s, self._clock)
            )
        return window.admit()
