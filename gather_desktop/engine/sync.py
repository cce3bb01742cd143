"""A sync run: for each model (accounts, then users, then custom models) pull pages → map →
check → decide against the cache → push what changed → record the page.

Qt-free: the command line and the window run this same code. It takes a cancel token (a
`threading.Event`) and a progress callback that receives plain `Progress` values.

The guarantees, and where each comes from:
- Only what changed is sent: a record whose payload hashes as Gather last accepted it is
  `unchanged` (`decisions.py`); `full` ignores the cache.
- Nothing lost, nothing counted twice: a page's outcomes and cache rows are written in one
  transaction after Gather has answered for every record of it (`store/runs.record_page`);
  a killed run re-sends at most the page in flight (upserts are idempotent).
- Incremental reads: after a completed run, each model is read from `SystemModstamp >=
  cursor - lookback`, the cursor being that run's start; a changed configuration forces a
  full read; records whose send failed are read again first.
- Limits: the org's API allowance is checked after each page; past the configured share the
  run stops as `partial`, and the next run continues (the cursor did not move).
"""

from __future__ import annotations

import hashlib
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

from gather_desktop.core.defaults import ACCOUNT, STANDARD_MODELS
from gather_desktop.core.integration import CREATE, Integration, integration_to_dict
from gather_desktop.core.mapping import ModelPlan, build_plans, model_definition
from gather_desktop.engine import attention
from gather_desktop.engine.attention import Attention
from gather_desktop.engine.concurrency import AdaptiveLimit
from gather_desktop.engine.decisions import AccountLinks, Action, Decider, Decision
from gather_desktop.engine.gather_index import GatherIndex, read_gather_index
from gather_desktop.engine.progress import Progress, RateMeter
from gather_desktop.engine.pusher import FatalPushError, Pusher, Sent
from gather_desktop.engine.summary import RunSummary, rfc3339
from gather_desktop.errors import UserFacingError
from gather_desktop.gather import GatherClient, GatherError
from gather_desktop.gather.retry import RetryPolicy
from gather_desktop.sources.base import Source
from gather_desktop.store import sync_locks
from gather_desktop.store.record_state import (RecordResult, failed_source_ids, forget_unseen,
                                               known_states, synced_source_ids)
from gather_desktop.store.runs import finish_run, get_cursor, record_page, save_cursors, start_run

RETRY_FIRST_CHUNK = 200   # Ids per query when failed records are read again first
SENDS = (Action.CREATE, Action.UPDATE)
#: This many sends in a row failing after all their retries means Gather is down, not that a
#: few records are unlucky: the run stops instead of waiting out every record's retries.
FAILURES_IN_A_ROW = 32
CANCELLED = ("Stopped by the user; what was sent is kept, and the next run continues from "
             "there.")


@dataclass(frozen=True)
class SyncOptions:
    full: bool = False
    concurrency: int = 8
    lookback: timedelta = timedelta(minutes=10)
    #: Stop (status `partial`) before the org's API calls today pass this share of its allowance.
    api_share: float = 0.5
    #: How hard each send tries through 429s, 5xx and timeouts before it counts as failed.
    retry_attempts: int = 6
    retry_base_delay: float = 0.5


class _Stop(Exception):
    """Ends the run early with a status and a message for the summary."""

    def __init__(self, status: str, message: str, needs: Attention | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.needs = needs


def config_fingerprint(integration: Integration) -> str:
    """Changes whenever the integration's settings do (a reason to read everything again)."""
    canonical = json.dumps(integration_to_dict(integration), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def run_sync(integration: Integration, source: Source,
             gather_client: Callable[[RetryPolicy], GatherClient],
             db: sqlite_utils.Database, options: SyncOptions = SyncOptions(), *,
             cancel: threading.Event | None = None,
             progress: Callable[[Progress], None] | None = None) -> dict[str, Any]:
    """Run one sync and return its summary (also stored with the run).

    `gather_client` makes the Gather client for this run from the retry policy the engine
    needs (one that narrows concurrency on 429 and stops waiting on Cancel).
    """
    cancel = cancel or threading.Event()
    sync_locks.acquire(db, integration.name)
    try:
        run = _Run(integration, source, gather_client, db, options, cancel, progress)
        return run.execute()
    finally:
        sync_locks.release(db, integration.name)


class _Run:
    def __init__(self, integration: Integration, source: Source,
                 gather_client: Callable[[RetryPolicy], GatherClient],
                 db: sqlite_utils.Database, options: SyncOptions, cancel: threading.Event,
                 progress: Callable[[Progress], None] | None) -> None:
        self.integration = integration
        self.name = integration.name
        self.source = source
        self.db = db
        self.options = options
        self.cancel = cancel
        self.progress = progress
        self.limit = AdaptiveLimit(options.concurrency)
        self.gather = gather_client(RetryPolicy(
            max_attempts=options.retry_attempts, base_delay=options.retry_base_delay,
            on_retry=self._on_retry, cancel=cancel))
        self.fingerprint = config_fingerprint(integration)
        self.run_id = start_run(db, self.name, full=options.full)
        self.summary = RunSummary(self.name, self.run_id, options.full)
        self.failures_in_a_row = 0
        self.last_failure: str | None = None

    def _on_retry(self, error: GatherError) -> None:
        if error.status == 429:
            self.limit.throttled()

    def execute(self) -> dict[str, Any]:
        status, message, needs = "succeeded", None, None
        try:
            with ThreadPoolExecutor(self.options.concurrency,
                                    thread_name_prefix="gather-push") as pool:
                pusher = Pusher(self.gather, pool, self.limit, self.cancel)
                plans = build_plans(self.integration, self.source.schema, self.source.objects())
                self._ensure_models(plans)
                account_index: GatherIndex | None = None
                for plan in plans:
                    index = self._index(plan)
                    if plan.model == ACCOUNT and plan.method != CREATE:
                        account_index = index
                    self._sync_model(plan, index, account_index, pusher)
        except _Stop as stop:
            status, message, needs = stop.status, stop.message, stop.needs
        except FatalPushError as fatal:
            status, message, needs = ("failed", fatal.error.message,
                                      attention.for_failure(fatal.error))
        except GatherError as error:
            status, message, needs = "failed", error.message, attention.for_failure(error)
        except UserFacingError as error:
            status, message, needs = "failed", str(error), attention.for_failure(error)
        finally:
            self.gather.close()
        usage = self.source.api_usage()
        if status == "succeeded":
            save_cursors(self.db, self.name, {
                plan_model: {"at": rfc3339(self.summary.started), "config": self.fingerprint}
                for plan_model in self.summary.models})
            if usage is not None:
                needs = attention.for_allowance(*usage, self.options.api_share, stopped=False)
        summary = self.summary.finish(
            status, {self.source.kind: self.source.requests_made,
                     "gather": self.gather.requests_made},
            message, usage, needs)
        finish_run(self.db, self.run_id, status, summary)
        return summary

    # -- per model ---------------------------------------------------------------------------

    def _ensure_models(self, plans: list[ModelPlan]) -> None:
        """Custom models are made when an integration is added; one deleted in Gather since
        is made again, so its records are not all rejected."""
        custom = [plan for plan in plans if plan.model not in STANDARD_MODELS]
        if not custom:
            return
        existing = {model["id"] for model in self.gather.list_models()}
        for plan in custom:
            if plan.model not in existing:
                definition = model_definition(plan)
                self.gather.create_model(definition["id"], definition["name"],
                                         definition["relationships"])

    def _index(self, plan: ModelPlan) -> GatherIndex:
        """Only update existing needs Gather's records by match trait, fresh each run; create
        learns from Gather's answers (201 created, 200 updated) and reads nothing."""
        if plan.method == CREATE:
            return GatherIndex(plan.model, None)
        return read_gather_index(self.gather, plan.model, plan.match_trait)

    def _sync_model(self, plan: ModelPlan, index: GatherIndex,
                    account_index: GatherIndex | None, pusher: Pusher) -> None:
        links = None
        if plan.account_link is not None:
            links = AccountLinks(synced_source_ids(self.db, self.name, ACCOUNT), account_index)
        decider = Decider(plan, index, links)
        since = self._since(plan)
        self.summary.incremental[plan.model] = since is not None
        self.summary.model(plan.model)
        query = replace(plan.query, modified_since=since)
        retried: set[str] = set()
        if since is not None:
            failed = failed_source_ids(self.db, self.name, plan.model)
            retried.update(failed)
            self._process(plan, decider, pusher, self._pages_of_ids(plan, failed), None, set())
        meter = RateMeter(self.source.count(query))
        self._report(plan.model, meter)
        self._check_allowance()
        self._process(plan, decider, pusher, self.source.pages(query), meter, retried)
        if since is None:
            forget_unseen(self.db, self.name, plan.model, self.run_id)

    def _since(self, plan: ModelPlan) -> datetime | None:
        if self.options.full:
            return None
        cursor = get_cursor(self.db, self.name, plan.model)
        if not cursor or cursor.get("config") != self.fingerprint:
            return None
        return datetime.fromisoformat(cursor["at"].replace("Z", "+00:00")) - self.options.lookback

    def _pages_of_ids(self, plan: ModelPlan, ids: list[str]) -> Iterator[list[dict]]:
        for start in range(0, len(ids), RETRY_FIRST_CHUNK):
            chunk = tuple(ids[start:start + RETRY_FIRST_CHUNK])
            yield from self.source.pages(replace(plan.query, ids=chunk))

    def _process(self, plan: ModelPlan, decider: Decider, pusher: Pusher,
                 pages: Iterable[list[dict]], meter: RateMeter | None, skip: set[str]) -> None:
        for page in pages:
            if self.cancel.is_set():
                raise _Stop("cancelled", CANCELLED)
            mapped = [plan.map_record(record) for record in page]
            mapped = [m for m in mapped if m.source_id not in skip]
            states = ({} if self.options.full else
                      known_states(self.db, self.name, plan.model, (m.source_id for m in mapped)))
            decisions = [decider.decide(m, states.get(m.source_id)) for m in mapped]
            try:
                sent = pusher.push(plan.model, [d for d in decisions if d.action in SENDS])
            except FatalPushError as fatal:
                self._record(plan.model, decisions, fatal.sent, complete=False)
                raise
            self._record(plan.model, decisions, sent,
                         complete=len(sent) == sum(d.action in SENDS for d in decisions))
            sync_locks.heartbeat(self.db, self.name)
            if meter is not None:
                self._report(plan.model, meter)
            self._check_allowance()

    def _report(self, model: str, meter: RateMeter) -> None:
        """Tell the watcher where this model stands (once before its first page, so the
        total shows at once, then after every page)."""
        if self.progress is None:
            return
        counts = self.summary.model(model)
        done = counts["matched"]
        self.progress(Progress(model, done, meter.total, counts["created"] + counts["updated"],
                               dict(counts), meter.rate(done), meter.eta(done)))

    def _record(self, model: str, decisions: list[Decision], sent: list[Sent],
                complete: bool) -> None:
        """Write the page: every decision not needing a send, and every send Gather answered.
        Sends that never happened (Cancel, a fatal answer) are left out: the next run does
        them."""
        answers = {id(s.decision): s for s in sent}
        results = []
        for decision in decisions:
            if decision.action in SENDS:
                answer = answers.get(id(decision))
                if answer is None:
                    continue
                outcome, reason = answer.outcome, answer.reason
            else:
                outcome, reason = decision.action.value, decision.reason
            results.append(RecordResult(model, decision.source_id, decision.gather_id, outcome,
                                        reason, decision.payload, decision.hash))
            self.summary.count(model, outcome, decision.source_id, reason)
            if outcome == "failed":
                self.failures_in_a_row += 1
                self.last_failure = reason
            elif outcome in ("created", "updated", "rejected"):
                self.failures_in_a_row = 0
        record_page(self.db, self.name, self.run_id, results)
        if not complete and self.cancel.is_set():
            raise _Stop("cancelled", CANCELLED)
        if self.failures_in_a_row >= FAILURES_IN_A_ROW:
            raise _Stop("failed", f"Gather kept failing, so the run stopped: {self.last_failure} "
                                  "The records that failed are sent first on the next run.")

    def _check_allowance(self) -> None:
        usage = self.source.api_usage()
        if usage is None:
            return
        used, allowance = usage
        if allowance and used >= self.options.api_share * allowance:
            raise _Stop("partial",
                        f"Stopped to spare the org's API allowance: {used:,} of {allowance:,} "
                        f"calls used today, past the {self.options.api_share:.0%} this app may "
                        "use. What was sent is kept; the next run continues from there.",
                        attention.for_allowance(used, allowance, self.options.api_share,
                                                stopped=True))
