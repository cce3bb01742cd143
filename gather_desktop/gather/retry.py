"""When and how long to wait before trying Gather again.

Exponential backoff with full jitter (a random pause between 0 and base·2^attempt, capped),
so that eight workers hit by the same 503 do not come back in lock-step; a `Retry-After`
from Gather is a floor, never shortened. Two bounds keep a Gather outage from hanging a sync:
a number of attempts and a total time, whichever comes first.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from gather_desktop.gather.errors import GatherError

T = TypeVar("T")


@dataclass
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0
    #: No retry starts after this many seconds from the first attempt.
    deadline: float = 120.0
    rng: random.Random = field(default_factory=random.Random)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    #: Told of every failure that will be retried (the sync narrows its concurrency on 429).
    on_retry: Callable[[GatherError], None] | None = None
    #: Set by a user's Cancel: no new attempt starts, the pause before one is cut short.
    cancel: threading.Event | None = None

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The pause before retry number `attempt` (0 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** attempt))
        jittered = self.rng.uniform(0.0, ceiling)
        return max(jittered, retry_after or 0.0)

    def call(self, attempt_once: Callable[[], T]) -> T:
        """Run `attempt_once` until it succeeds, fails for good, or the bounds run out.

        Only `GatherError`s marked retryable are retried; the last one is raised with a note of
        how long we kept trying, so the user knows it was not a single hiccup.
        """
        started = self.clock()
        attempt = 0
        while True:
            try:
                return attempt_once()
            except GatherError as error:
                if not error.retryable:
                    raise
                pause = self.delay(attempt, error.retry_after)
                attempt += 1
                elapsed = self.clock() - started
                if attempt >= self.max_attempts or elapsed + pause > self.deadline:
                    error.message = (f"{error.message} Gave up after {attempt} attempts over "
                                     f"{elapsed:.0f} s; try again later.")
                    error.args = (error.message,)
                    raise
                if self.on_retry is not None:
                    self.on_retry(error)
                if self.cancel is not None:
                    if self.cancel.wait(pause):
                        raise
                else:
                    self.sleep(pause)
