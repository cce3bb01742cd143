"""Sending one page of decided records to Gather, several at a time.

Upserts are idempotent, so a page may be sent again after a crash without harm; what must
never happen is recording a send that did not happen. So the pusher only reports what Gather
answered, record by record, and the caller commits the page afterwards. A Cancel stops new
sends at once (in-flight ones finish, and their answers are kept); a fatal answer (a revoked
key, a model deleted in Gather) stops the page too and is raised after the answers are in.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Sequence

from gather_desktop.engine.concurrency import AdaptiveLimit
from gather_desktop.engine.decisions import Decision
from gather_desktop.gather import FailureKind, GatherClient, GatherError


@dataclass(frozen=True)
class Sent:
    decision: Decision
    outcome: str            # created, updated, rejected or failed
    reason: str | None = None


class FatalPushError(Exception):
    """Gather refused in a way no record can get past; `sent` holds the answers before it."""

    def __init__(self, error: GatherError, sent: list[Sent]) -> None:
        super().__init__(error.message)
        self.error = error
        self.sent = sent


class Pusher:
    def __init__(self, client: GatherClient, pool: ThreadPoolExecutor, limit: AdaptiveLimit,
                 cancel: threading.Event) -> None:
        self._client = client
        self._pool = pool
        self._limit = limit
        self._cancel = cancel

    def push(self, model: str, decisions: Sequence[Decision]) -> list[Sent]:
        """Send each decision's payload; the answers for those sent (all, unless cancelled
        or stopped by a fatal answer)."""
        stop = threading.Event()
        fatal: list[GatherError] = []
        futures: list[Future[Sent | None]] = []
        for decision in decisions:
            if stop.is_set() or not self._limit.acquire(self._cancel):
                break
            futures.append(self._pool.submit(self._send, model, decision, stop, fatal))
        sent = [result for result in (f.result() for f in futures) if result is not None]
        if fatal:
            raise FatalPushError(fatal[0], sent)
        return sent

    def _send(self, model: str, decision: Decision, stop: threading.Event,
              fatal: list[GatherError]) -> Sent | None:
        succeeded = False
        try:
            if stop.is_set():
                return None
            result = self._client.upsert(model, decision.payload)
            succeeded = True
            return Sent(decision, "created" if result.created else "updated")
        except GatherError as error:
            if error.kind is FailureKind.REJECTED:
                return Sent(decision, "rejected", error.message)
            if error.kind is FailureKind.RETRYABLE:
                return Sent(decision, "failed", error.message)
            stop.set()
            fatal.append(error)
            return None
        finally:
            self._limit.release(succeeded)
