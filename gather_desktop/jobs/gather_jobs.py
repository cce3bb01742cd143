"""Jobs about the Gather connection and the list of integrations (for the main window)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from gather_desktop.core.schedule import OFF, describe
from gather_desktop.engine.attention import RECONNECT_GATHER, Attention, in_summary
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.store.integrations import list_integrations
from gather_desktop.store.runs import list_runs
from gather_desktop.store.schedules import all_schedules
from gather_desktop.store.settings import GATHER_CONNECTED_AFTER_RUN, get_setting


@dataclass(frozen=True)
class GatherState:
    url: str | None
    ca_bundle: str | None
    has_key: bool
    problem: str | None         # e.g. no keyring, in words


@dataclass(frozen=True)
class IntegrationRow:
    name: str
    source_kind: str
    state: str                  # "never run", or the last run's status
    last_run_at: str | None
    last_counts: dict[str, int]
    #: What the last run needs a person to do, unless it was done since (a new Gather key,
    #: the integration edited or signed in again after that run).
    attention: Attention | None = None
    schedule: str = "Off"       # the schedule in words ("Daily at 06:00")


def gather_state(context: WorkerContext, report: Callable[[Any], None],
                 cancel: threading.Event) -> GatherState:
    workspace = context.workspace
    settings = workspace.gather_settings()
    try:
        workspace.secrets.check()  # a missing keyring is shown at once, not at first save
        has_key = workspace.has_gather_key()
        problem = None
    except UserFacingError as error:
        has_key, problem = False, str(error)
    return GatherState(settings.url if settings else None,
                       settings.ca_bundle if settings else None, has_key, problem)


def connect_gather(url: str, api_key: str, ca_bundle: str | None, context: WorkerContext,
                   report: Callable[[Any], None], cancel: threading.Event) -> GatherState:
    """Check the key against Gather, then keep it ("Test connection" and "Save" both use it)."""
    context.workspace.connect_gather(url, api_key, ca_bundle or None)
    return gather_state(context, report, cancel)


def integration_rows(context: WorkerContext, report: Callable[[Any], None],
                     cancel: threading.Event) -> list[IntegrationRow]:
    db = context.workspace.db
    gather_connected_after = get_setting(db, GATHER_CONNECTED_AFTER_RUN, 0)
    schedules = all_schedules(db)
    rows = []
    for saved in list_integrations(db):
        runs = list_runs(db, saved.name, limit=1)
        last = runs[0] if runs else None
        summary = (last or {}).get("summary") or {}
        totals: dict[str, int] = {}
        for counts in summary.get("models", {}).values():
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
        needs = in_summary(summary)
        if needs is not None and last is not None and (
                last["id"] <= gather_connected_after if needs.action == RECONNECT_GATHER
                else saved.updated_at > (last["finished_at"] or last["started_at"])):
            needs = None
        rows.append(IntegrationRow(saved.name, saved.source_kind,
                                   last["status"] if last else "never run",
                                   last["finished_at"] or last["started_at"] if last else None,
                                   totals, needs,
                                   describe(schedules.get(saved.name, OFF))))
    return rows


def check_gather(url: str, api_key: str, ca_bundle: str | None, context: WorkerContext,
                 report: Callable[[Any], None], cancel: threading.Event) -> str:
    """"Test connection": is this Gather, and does it take this key? Nothing is saved."""
    checked = context.workspace.check_gather(url, api_key, ca_bundle or None)
    return f"Connected: Gather at {checked} accepts this key."


def remove_integration(name: str, context: WorkerContext, report: Callable[[Any], None],
                       cancel: threading.Event) -> None:
    """Remove the integration, its secrets and its history."""
    from gather_desktop.core.integration import load_integration
    from gather_desktop.sources.factory import secret_names
    from gather_desktop.store.integrations import get_integration
    saved = get_integration(context.workspace.db, name)
    if saved is not None:
        context.workspace.remove_integration(
            name, secret_names(load_integration(saved.config).source))
