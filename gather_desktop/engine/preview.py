"""What a sync would do now, without writing anything to Gather (INTERFACES.md §3).

The preview runs the sync's own read → map → check → decide steps, so what it counts is
what "Sync now" would do: accounts first (users need to know which accounts are synced),
then users, then each custom model. It reads Gather only to know which records exist.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlite_utils

from gather_desktop.core.defaults import ACCOUNT
from gather_desktop.core.integration import CREATE, Integration
from gather_desktop.core.mapping import ModelPlan, build_plans
from gather_desktop.engine.decisions import AccountLinks, Action, Decider, Decision
from gather_desktop.engine.gather_index import GatherIndex, read_gather_index
from gather_desktop.errors import UserFacingError
from gather_desktop.gather import GatherClient
from gather_desktop.sources.base import Source
from gather_desktop.store.record_state import known_states

PREVIEW_COUNTS = {Action.CREATE: "will_create", Action.UPDATE: "will_update",
                  Action.UNCHANGED: "unchanged", Action.NOT_IN_GATHER: "not_in_gather",
                  Action.INVALID: "invalid", Action.REJECTED: "rejected"}


#: One decision kept by `run_preview(keep_all=True)`: source_id, action (an `Action` value),
#: the exact payload that would be sent as JSON text, and the reason with any warnings
#: (None when there is neither).
PreviewRow = tuple[str, str, str, str | None]


COUNT_LABELS = (("matched", "matched"), ("will_create", "will create"),
                ("will_update", "will update"), ("unchanged", "unchanged"),
                ("not_in_gather", "not in Gather"), ("invalid", "invalid"),
                ("rejected", "rejected before"))


class Cancelled(UserFacingError):
    """The user stopped the preview; nothing was written anywhere."""


@dataclass
class ModelPreview:
    model: str
    object_name: str
    counts: dict[str, int] = field(default_factory=lambda: {
        "matched": 0, **{name: 0 for name in PREVIEW_COUNTS.values()}})
    sample: list[dict[str, Any]] = field(default_factory=list)
    #: With `keep_all`: every decision as (source_id, action, traits as JSON text, reason),
    #: compact enough for 100,000 records; the window's table decodes a row when shown.
    rows: list[PreviewRow] = field(default_factory=list)
    #: With `keep_all`: every trait name seen in `rows`, in first-seen order ("id" first).
    trait_names: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"object": self.object_name, **self.counts, "sample": self.sample}


@dataclass
class Preview:
    integration: str
    models: dict[str, ModelPreview]
    requests: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {"integration": self.integration,
                "models": {name: model.as_dict() for name, model in self.models.items()},
                "requests": self.requests}


def run_preview(integration: Integration, source: Source, gather: GatherClient,
                db: sqlite_utils.Database, *, limit: int = 20,
                cancel: threading.Event | None = None,
                on_page: Callable[[str, int], None] | None = None,
                keep_all: bool = False) -> Preview:
    """Count and sample what a sync would do, model by model; `limit` samples per model.

    `keep_all` also keeps every decision in each model's `rows` (the window shows them all).
    """
    plans = build_plans(integration, source.schema, source.objects())
    previews: dict[str, ModelPreview] = {}
    synced_accounts: set[str] = set()
    account_index: GatherIndex | None = None
    for plan in plans:
        index = read_gather_index(gather, plan.model, plan.match_trait)
        if plan.model == ACCOUNT and plan.method != CREATE:
            account_index = index
        links = None if plan.model == ACCOUNT else AccountLinks(synced_accounts, account_index)
        preview = ModelPreview(plan.model, plan.query.object_name)
        _preview_model(integration.name, plan, Decider(plan, index, links), source, db,
                       preview, limit, cancel, on_page,
                       synced_accounts if plan.model == ACCOUNT else None, keep_all)
        previews[plan.model] = preview
    return Preview(integration.name, previews,
                   {integration.source.kind: source.requests_made,
                    "gather": gather.requests_made})


def _preview_model(integration_name: str, plan: ModelPlan, decider: Decider, source: Source,
                   db: sqlite_utils.Database, preview: ModelPreview, limit: int,
                   cancel: threading.Event | None,
                   on_page: Callable[[str, int], None] | None,
                   synced: set[str] | None, keep_all: bool) -> None:
    names: dict[str, None] = {}
    last_keys: tuple[str, ...] = ()
    for page in source.pages(plan.query):
        if cancel is not None and cancel.is_set():
            raise Cancelled("The preview was stopped; nothing was sent to Gather.")
        mapped_page = [plan.map_record(record) for record in page]
        states = known_states(db, integration_name, plan.model,
                              (mapped.source_id for mapped in mapped_page))
        for mapped in mapped_page:
            decision = decider.decide(mapped, states.get(mapped.source_id))
            preview.counts["matched"] += 1
            preview.counts[PREVIEW_COUNTS[decision.action]] += 1
            if synced is not None and decision.action in (Action.CREATE, Action.UPDATE,
                                                          Action.UNCHANGED):
                synced.add(decision.source_id)
            if len(preview.sample) < limit:
                preview.sample.append(_sample(decision))
            if keep_all:
                keys = tuple(decision.payload)
                if keys != last_keys:
                    names.update(dict.fromkeys(keys))
                    last_keys = keys
                preview.rows.append(_row(decision))
        if on_page is not None:
            on_page(plan.model, preview.counts["matched"])
    preview.trait_names = list(names)


def _sample(decision) -> dict[str, Any]:
    row: dict[str, Any] = {"source_id": decision.source_id, "action": decision.action.value,
                           "traits": decision.payload}
    if decision.reason:
        row["reason"] = decision.reason
    if decision.warnings:
        row["warnings"] = list(decision.warnings)
    return row


def _row(decision: Decision) -> PreviewRow:
    notes = [decision.reason] if decision.reason else []
    notes += [f"Warning: {warning}" for warning in decision.warnings]
    return (decision.source_id, decision.action.value,
            json.dumps(decision.payload, ensure_ascii=False, separators=(",", ":"),
                       default=str),
            " ".join(notes) or None)


def preview_in_words(preview: Preview) -> str:
    """The preview in words, a paragraph per model, then the first problems."""
    lines = [f"Preview of '{preview.integration}' (nothing was sent to Gather):"]
    for name, model in preview.models.items():
        counts = ", ".join(f"{model.counts[key]:,} {label}" for key, label in COUNT_LABELS
                           if key == "matched" or model.counts[key])
        lines.append(f"  {name} (from {model.object_name}): {counts}")
        for row in model.sample:
            if row.get("reason"):
                lines.append(f"    {row['action']} {row['source_id']}: {row['reason']}")
    return "\n".join(lines)
