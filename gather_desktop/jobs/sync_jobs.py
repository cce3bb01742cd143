"""Jobs that run a saved integration: its preview and its sync (for the main window)."""

from __future__ import annotations

import threading
from typing import Any, Callable

from gather_desktop.core.integration import Integration, load_integration
from gather_desktop.engine.preview import preview_in_words, run_preview
from gather_desktop.engine.progress import Throttled
from gather_desktop.engine.summary import in_words
from gather_desktop.engine.sync import SyncOptions, run_sync
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.sources.base import Source
from gather_desktop.sources.factory import open_source, secret_names
from gather_desktop.store.integrations import get_integration


def _open(name: str, context: WorkerContext) -> tuple[Integration, Source]:
    workspace = context.workspace
    saved = get_integration(workspace.db, name)
    if saved is None:
        raise UserFacingError(f"The integration '{name}' no longer exists.")
    integration = load_integration(saved.config)
    secrets = workspace.integration_secrets(name, secret_names(integration.source))
    return integration, open_source(integration.source, secrets)


def preview_saved(name: str, context: WorkerContext, report: Callable[[Any], None],
                  cancel: threading.Event) -> str:
    """What a sync of the saved integration would do now, in words."""
    integration, source = _open(name, context)
    gather = context.workspace.gather_client()
    try:
        preview = run_preview(integration, source, gather, context.workspace.db, limit=5,
                              cancel=cancel,
                              on_page=lambda model, read: report(f"Read {read:,} {model} records…"))
    finally:
        source.close()
        gather.close()
    return preview_in_words(preview)


def sync_saved(name: str, context: WorkerContext, report: Callable[[Any], None],
               cancel: threading.Event, *, options: SyncOptions = SyncOptions()
               ) -> dict[str, Any]:
    """Run the sync; progress goes back as plain `Progress` values, at most ten a second (each
    one becomes a signal and a repaint in the window); the summary is returned (with
    `in_words` added for display)."""
    integration, source = _open(name, context)
    try:
        summary = run_sync(integration, source, context.workspace.gather_client,
                           context.workspace.db, options, cancel=cancel,
                           progress=Throttled(report))
    finally:
        source.close()
    return {**summary, "in_words": in_words(summary)}
