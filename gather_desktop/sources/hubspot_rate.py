"""Staying under HubSpot's rate limits on our side, so a sync never meets a 429 it caused.

HubSpot counts every request of a portal in a rolling window (100 per 10 s for most apps; the
`X-HubSpot-RateLimit-Max` and `-Interval-Milliseconds` headers say the real figures, and the
limiter follows them) and the search endpoint separately (about 5 per second per token,
without headers). A `RateLimiter` remembers when its last `max_requests` requests *finished*
and lets a new one start only when the oldest of them is a whole interval old. Finishing
times are later than HubSpot's arrival times, so our window is always the more cautious one.

Other apps on the same portal share its limit; when HubSpot still answers 429, the caller
waits as HubSpot says (`pause`) and tries again.

The clock and sleep are injectable, so the arithmetic is tested without waiting.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable, Mapping

DEFAULT_MAX = 100
DEFAULT_INTERVAL = 10.0
SEARCH_MAX = 5
SEARCH_INTERVAL = 1.0


class RateLimiter:
    """At most `max_requests` finished in any `interval` seconds (one per connector)."""

    def __init__(self, max_requests: int = DEFAULT_MAX, interval: float = DEFAULT_INTERVAL, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.max_requests = max_requests
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._finished: deque[float] = deque()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def wait(self, cancel: threading.Event | None = None) -> None:
        """Block until a request may start (returns early when `cancel` is set)."""
        while True:
            delay = self.delay()
            if delay <= 0 or (cancel is not None and cancel.is_set()):
                return
            self._sleep(delay)

    def delay(self) -> float:
        """Seconds until a request may start; 0 when it may start now."""
        with self._lock:
            now = self._clock()
            while self._finished and self._finished[0] <= now - self.interval:
                self._finished.popleft()
            waits = [self._paused_until - now]
            if len(self._finished) >= self.max_requests:
                waits.append(self._finished[len(self._finished) - self.max_requests]
                             + self.interval - now)
            return max(0.0, *waits)

    def finished(self) -> None:
        """A request has had its answer (whatever it was: HubSpot counted it)."""
        with self._lock:
            self._finished.append(self._clock())
            while len(self._finished) > self.max_requests:
                self._finished.popleft()

    def pause(self, seconds: float) -> None:
        """Start nothing for `seconds` (HubSpot said so with a 429)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def follow(self, headers: Mapping[str, str]) -> None:
        """Adopt the portal's own limit from a CRM answer's `X-HubSpot-RateLimit-*` headers."""
        max_requests = header_number(headers, "X-HubSpot-RateLimit-Max")
        interval_ms = header_number(headers, "X-HubSpot-RateLimit-Interval-Milliseconds")
        with self._lock:
            if max_requests and max_requests > 0:
                self.max_requests = int(max_requests)
            if interval_ms and interval_ms > 0:
                self.interval = interval_ms / 1000


def retry_after(headers: Mapping[str, str], default: float) -> float:
    """How long HubSpot asks us to wait after a 429: `Retry-After` seconds, else `default`."""
    seconds = header_number(headers, "Retry-After")
    return default if seconds is None or seconds < 0 else seconds


def header_number(headers: Mapping[str, str], name: str) -> float | None:
    value = _header(headers, name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A header by name, whatever its case (urllib3's headers ignore case; a plain dict
    from a test does not)."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)
