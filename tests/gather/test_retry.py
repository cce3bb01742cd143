"""The backoff rule itself: full jitter under a growing ceiling, Retry-After as a floor."""

import random

from gather_desktop.gather.retry import RetryPolicy


def test_pauses_are_jittered_under_an_exponential_ceiling():
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, rng=random.Random(7))
    for attempt, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (6, 4.0)]:
        pauses = [policy.delay(attempt, None) for _ in range(200)]
        assert all(0.0 <= p <= ceiling for p in pauses)
        assert max(pauses) > ceiling * 0.8 and min(pauses) < ceiling * 0.2  # spread, not fixed


def test_retry_after_is_never_shortened():
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, rng=random.Random(7))
    assert all(policy.delay(0, 3.0) >= 3.0 for _ in range(50))
