"""The client-side rate limiter's arithmetic, on a fake clock (pure: nothing waits)."""

from __future__ import annotations

from gather_desktop.sources.hubspot_rate import RateLimiter, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_a_full_window_waits_until_its_oldest_request_is_an_interval_old() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    for at in (0.0, 1.0, 2.0):
        clock.now = at
        limiter.wait()
        limiter.finished()
    assert clock.slept == [] and limiter.delay() == 8.0
    limiter.wait()
    assert clock.slept == [8.0] and limiter.delay() == 0.0


def test_it_follows_the_portals_headers_and_pauses_on_429() -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.follow({"x-hubspot-ratelimit-max": "190",
                    "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"})
    assert (limiter.max_requests, limiter.interval) == (190, 10.0)
    limiter.pause(retry_after({"Retry-After": "3"}, 10.0))
    assert limiter.delay() == 3.0
    assert retry_after({}, 10.0) == 10.0 and retry_after({"Retry-After": "soon"}, 2.0) == 2.0
