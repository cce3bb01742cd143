"""How many requests may be in flight to Gather at once: additive increase, halve on 429.

A fixed pool of eight either overwhelms a Gather that is rate limiting us or leaves speed
unused when it is not. Like TCP's congestion window, the limit halves (at most once a
second, so one burst of 429s counts once) when Gather answers 429 and grows back by about
one slot per window of successes, never past the configured maximum.
"""

from __future__ import annotations

import threading
import time


class AdaptiveLimit:
    def __init__(self, maximum: int) -> None:
        if maximum < 1:
            raise ValueError("concurrency must be at least 1")
        self.maximum = maximum
        self._limit = float(maximum)
        self._in_flight = 0
        self._last_cut = 0.0
        self._changed = threading.Condition()

    @property
    def limit(self) -> int:
        return max(1, int(self._limit))

    def acquire(self, cancel: threading.Event) -> bool:
        """Wait for a free slot; False (and no slot) once `cancel` is set."""
        with self._changed:
            while self._in_flight >= self.limit:
                if cancel.is_set():
                    return False
                self._changed.wait(0.05)
            if cancel.is_set():
                return False
            self._in_flight += 1
            return True

    def release(self, succeeded: bool) -> None:
        with self._changed:
            self._in_flight -= 1
            if succeeded:
                self._limit = min(float(self.maximum), self._limit + 1.0 / self._limit)
            self._changed.notify()

    def throttled(self) -> None:
        """Gather said 429: halve the limit, once per second at most."""
        with self._changed:
            now = time.monotonic()
            if now - self._last_cut >= 1.0:
                self._limit = max(1.0, self._limit / 2)
                self._last_cut = now
