"""Loading a saved integration into the wizard for Edit."""

from __future__ import annotations

import threading
from typing import Any, Callable

from gather_desktop.core.integration import Integration, load_integration
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.sources.factory import secret_names
from gather_desktop.store.integrations import get_integration


def load_for_edit(name: str, context: WorkerContext, report: Callable[[Any], None],
                  cancel: threading.Event) -> tuple[Integration, dict[str, str]]:
    """The saved integration and its stored secrets (held in memory by the wizard only)."""
    workspace = context.workspace
    saved = get_integration(workspace.db, name)
    if saved is None:
        raise UserFacingError(f"The integration '{name}' no longer exists.")
    integration = load_integration(saved.config)
    return integration, workspace.integration_secrets(name, secret_names(integration.source))
