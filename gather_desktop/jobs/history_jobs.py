"""Jobs behind the run history window: the runs with their counts, a run's records page by
page, and a run's problem records as the same CSV error file the command line writes.

A run lists only the records it sent or that had a problem; unchanged ones are counted in
its summary but not listed. So when a search finds nothing, `outcomes_page` says why in
words (another filter would show it, the run read it and it was unchanged, or the run never
met it) rather than leaving the user with an empty table.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, NamedTuple, Sequence

from gather_desktop.engine.error_file import write_error_file
from gather_desktop.engine.summary import OUTCOMES, PROBLEMS
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.store.integrations import get_integration
from gather_desktop.store.runs import (get_run, list_runs, outcome_page, problem_outcomes,
                                       record_in_run)


@dataclass(frozen=True)
class RunRow:
    """One run as the history shows it; `totals` sums each outcome over the models."""
    id: int
    status: str
    started_at: str
    finished_at: str | None
    duration_s: float | None
    totals: dict[str, int]
    models: dict[str, dict[str, int]]
    message: str | None

    @property
    def problems(self) -> int:
        return sum(self.totals[o] for o in PROBLEMS)


class OutcomePage(NamedTuple):
    rows: list[dict[str, Any]]   # {model, source_id, gather_id, outcome, reason}
    total: int                   # how many records match the filter and search
    unlisted_note: str | None    # why a search found nothing, in words


def run_history(name: str, context: WorkerContext, report: Callable[[Any], None],
                cancel: threading.Event, *, limit: int = 100) -> list[RunRow]:
    """The integration's latest runs, newest first."""
    db = context.workspace.db
    _check_integration(db, name)
    return [_run_row(item) for item in list_runs(db, name, limit=limit)]


def run_details(name: str, run_id: int, context: WorkerContext,
                report: Callable[[Any], None], cancel: threading.Event) -> RunRow:
    """One run of the integration (the records window's heading and counts)."""
    return _run_row(_check_run(context.workspace.db, name, run_id))


def outcomes_page(name: str, run_id: int, outcomes: Sequence[str] | None, search: str,
                  offset: int, limit: int, context: WorkerContext,
                  report: Callable[[Any], None], cancel: threading.Event) -> OutcomePage:
    """A page of the run's listed records (see `store.runs.outcome_page`), with a note when
    a search found nothing."""
    db = context.workspace.db
    _check_run(db, name, run_id)
    rows, total = outcome_page(db, run_id, outcomes=outcomes, search=search, offset=offset,
                               limit=limit)
    note = None
    if total == 0 and search.strip():
        note = _why_not_listed(db, name, run_id, outcomes, search.strip())
    return OutcomePage(rows, total, note)


def export_problems(name: str, run_id: int, path: str, context: WorkerContext,
                    report: Callable[[Any], None], cancel: threading.Event) -> int:
    """Write the run's invalid, rejected and failed records to `path`; how many were written.

    The same file as `gather-desktop runs NAME --csv FILE --run ID`."""
    db = context.workspace.db
    _check_run(db, name, run_id)
    return write_error_file(path, problem_outcomes(db, run_id))


def _why_not_listed(db, name: str, run_id: int, outcomes: Sequence[str] | None,
                    search: str) -> str:
    if outcomes is not None:
        _, elsewhere = outcome_page(db, run_id, outcomes=None, search=search, offset=0,
                                    limit=0)
        if elsewhere:
            return (f"No record of this kind matches “{search}”, but {elsewhere:,} of this "
                    "run's other records do: choose All to see them.")
    found = record_in_run(db, name, run_id, search)
    if found is not None:
        return (f"{found['source_id']} was read in this run and was unchanged (Gather already "
                "had exactly this data), so nothing was sent and it is not listed.")
    return (f"No record of this run has a source Id containing “{search}”. Unchanged records "
            "are counted but not listed, and records the run did not read (not changed since "
            "the run before, or not matching the filters) are not part of it.")


def _check_integration(db, name: str) -> None:
    if get_integration(db, name) is None:
        raise UserFacingError(f"The integration '{name}' no longer exists.")


def _check_run(db, name: str, run_id: int) -> dict[str, Any]:
    _check_integration(db, name)
    run = get_run(db, name, run_id)
    if run is None:
        raise UserFacingError(f"Run #{run_id} of '{name}' no longer exists. Close this window "
                              "and open the history again.")
    return run


def _run_row(item: dict[str, Any]) -> RunRow:
    summary = item["summary"] or {}
    models = summary.get("models", {})
    totals = {o: sum(counts.get(o, 0) for counts in models.values()) for o in OUTCOMES}
    return RunRow(item["id"], item["status"], item["started_at"], item["finished_at"],
                  _duration(summary, item["started_at"], item["finished_at"]), totals, models,
                  summary.get("message"))


def _duration(summary: dict[str, Any], started: str, finished: str | None) -> float | None:
    """The summary's own duration; for a run closed as interrupted, from its timestamps."""
    if "duration_s" in summary:
        return float(summary["duration_s"])
    if finished is None:
        return None
    return (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
