"""What a running sync tells whoever watches it: plain data, no Qt, no callbacks back in."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Progress:
    model: str
    read: int                   # records of this model read so far
    total: int | None           # how many the source says match (None: unknown)
    sent: int                   # requests that reached Gather for this model
    counts: dict[str, int]      # per outcome, for this model
    rate: float                 # records per second over the model so far
    eta_s: float | None         # seconds left for this model, when the total is known


@dataclass
class RateMeter:
    """Records per second and time left, measured from the model's start."""
    total: int | None
    started: float = field(default_factory=time.monotonic)

    def rate(self, done: int) -> float:
        elapsed = time.monotonic() - self.started
        return done / elapsed if elapsed > 0 else 0.0

    def eta(self, done: int) -> float | None:
        rate = self.rate(done)
        if self.total is None or rate <= 0:
            return None
        return max(self.total - done, 0) / rate


class Throttled:
    """Passes progress on at most once per `interval` seconds, so a fast source (a page every
    few milliseconds) cannot flood the window's event loop with repaints. The first value of
    each model always passes (the panel shows the new model and its total at once); values
    in between are dropped, which loses nothing: each carries the model's running totals."""

    def __init__(self, report: Callable[[Progress], None], interval: float = 0.1) -> None:
        self._report = report
        self._interval = interval
        self._model: str | None = None
        self._last = float("-inf")

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.model != self._model or now - self._last >= self._interval:
            self._model, self._last = progress.model, now
            self._report(progress)
