"""What several commands share: opening the data folder, reading a secret from stdin."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from typing import Iterator

from gather_desktop.errors import UserFacingError
from gather_desktop.paths import resolve_data_dir
from gather_desktop.store.integrations import SavedIntegration, get_integration, list_integrations
from gather_desktop.workspace import Workspace


@contextlib.contextmanager
def open_workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    """The data folder named by --data-dir (or the default), with the system keyring.

    The keyring is checked first, so a machine without one hears about it before any work.
    """
    from gather_desktop.store.secrets import Secrets
    secrets = Secrets()
    secrets.check()
    workspace = Workspace(resolve_data_dir(args.data_dir), secrets)
    try:
        yield workspace
    finally:
        workspace.close()


def read_secret(prompt: str) -> str:
    """A secret from stdin (never argv, where other users' `ps` could read it)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def saved_integration(workspace: Workspace, name: str) -> SavedIntegration:
    """The integration saved under `name`, or an error listing the names there are."""
    saved = get_integration(workspace.db, name)
    if saved is None:
        known = ", ".join(s.name for s in list_integrations(workspace.db)) or "none yet"
        raise UserFacingError(f"There is no integration named '{name}' (saved: {known}).")
    return saved
