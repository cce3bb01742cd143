"""The wizard's Preview as a background job: the engine's own preview of the draft integration.

It runs `engine.preview.run_preview` (the same code as `gather-desktop preview`, so the window
and the command line count alike) with `keep_all`, so the window can show every matched record
with the exact traits that would be sent. Rows stay compact tuples with the traits as JSON text;
the table decodes only the rows on screen.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from gather_desktop.core.integration import load_integration
from gather_desktop.engine.preview import PreviewRow, run_preview
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.jobs.source_jobs import WIZARD_SOURCE
from gather_desktop.sources.factory import open_source

#: Progress is reported at most this often (seconds), so the window's event loop is never
#: flooded with updates however fast pages arrive.
PROGRESS_INTERVAL = 0.1


@dataclass(frozen=True)
class PreviewProgress:
    model: str
    records_read: int


@dataclass(frozen=True)
class ModelRows:
    """One model's preview: the counts as `gather-desktop preview` prints them, every row."""
    model: str
    object_name: str
    counts: dict[str, int]
    trait_names: tuple[str, ...]
    rows: list[PreviewRow]


@dataclass(frozen=True)
class PreviewResult:
    integration: str
    models: dict[str, ModelRows]          # in sync order: accounts, users, custom models
    requests: dict[str, int]


def preview(integration_dict: Mapping[str, Any], secrets: Mapping[str, str],
            context: WorkerContext, report: Callable[[Any], None],
            cancel: threading.Event) -> PreviewResult:
    """Preview the draft; reuses the source the wizard signed in to, when there is one."""
    integration = load_integration(integration_dict)
    own_source = context.sources.get(WIZARD_SOURCE) is None
    source = (open_source(integration.source, secrets) if own_source
              else context.sources[WIZARD_SOURCE])
    gather = context.workspace.gather_client()
    last_report = [0.0]

    def on_page(model: str, records_read: int) -> None:
        now = time.monotonic()
        if now - last_report[0] >= PROGRESS_INTERVAL:
            last_report[0] = now
            report(PreviewProgress(model, records_read))

    try:
        result = run_preview(integration, source, gather, context.workspace.db, limit=0,
                             cancel=cancel, on_page=on_page, keep_all=True)
    finally:
        gather.close()
        if own_source:
            source.close()
    return PreviewResult(result.integration,
                         {name: ModelRows(name, model.object_name, dict(model.counts),
                                          tuple(model.trait_names), model.rows)
                          for name, model in result.models.items()},
                         dict(result.requests))
