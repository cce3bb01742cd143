"""An opened data folder: its database, its secrets and its Gather connection.

The command line and the window both start here, so "connected to Gather" means the same in
both: the URL and CA bundle in the database's settings, the API key in the keyring under this
folder's own id (two data folders may hold keys for two different Gather accounts).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import sqlite_utils

from gather_desktop.errors import UserFacingError
from gather_desktop.gather import GatherClient, GatherError
from gather_desktop.gather.retry import RetryPolicy
from gather_desktop.store.database import database_path, open_database
from gather_desktop.store.integrations import remove_integration
from gather_desktop.store.secrets import SecretStore
from gather_desktop.store.runs import latest_run_id
from gather_desktop.store.settings import (GATHER_CA_BUNDLE, GATHER_CONNECTED_AFTER_RUN,
                                           GATHER_URL, get_setting, set_setting)


@dataclass(frozen=True)
class GatherSettings:
    url: str
    ca_bundle: str | None


class Workspace:
    def __init__(self, data_dir: Path, secrets: SecretStore) -> None:
        self.data_dir = data_dir
        self.db: sqlite_utils.Database = open_database(database_path(data_dir))
        self.secrets = secrets

    def close(self) -> None:
        self.db.conn.close()

    def _scope(self, owner: str) -> str:
        """The keyring scope of a secret's owner in this folder (its id is made on first use)."""
        workspace_id = get_setting(self.db, "workspace_id")
        if not workspace_id:
            workspace_id = uuid.uuid4().hex
            set_setting(self.db, "workspace_id", workspace_id)
        return f"{workspace_id}/{owner}"

    def _gather_scope(self) -> str:
        return self._scope("gather")

    def save_integration_secrets(self, name: str, values: Mapping[str, str]) -> None:
        scope = self._scope(f"integration:{name}")
        for secret_name, value in values.items():
            self.secrets.set(scope, secret_name, value)

    def integration_secrets(self, name: str, names: Iterable[str]) -> dict[str, str]:
        """The integration's stored secrets among `names` (missing ones are left out)."""
        scope = self._scope(f"integration:{name}")
        found = {secret_name: self.secrets.get(scope, secret_name) for secret_name in names}
        return {key: value for key, value in found.items() if value}

    def delete_integration_secrets(self, name: str, names: Iterable[str]) -> None:
        scope = self._scope(f"integration:{name}")
        for secret_name in names:
            self.secrets.delete(scope, secret_name)

    def gather_settings(self) -> GatherSettings | None:
        """The saved Gather URL and CA bundle, or None before the first connect."""
        url = get_setting(self.db, GATHER_URL)
        if not url:
            return None
        return GatherSettings(url=url, ca_bundle=get_setting(self.db, GATHER_CA_BUNDLE))

    def has_gather_key(self) -> bool:
        return self.gather_settings() is not None and bool(
            self.secrets.get(self._gather_scope(), "api_key"))

    def check_gather(self, url: str, api_key: str, ca_bundle: str | None = None) -> str:
        """"Test connection": the URL as it will be saved, once Gather accepted the key.

        Raises a UserFacingError in words (bad URL, wrong key, unreachable, proxy page).
        """
        url = url.strip().rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise UserFacingError(f"'{url}' is not a Gather URL; it should start with https:// "
                                  "(for example https://api.gatherdata.co).")
        if not api_key.strip():
            raise UserFacingError("No API key was given. Paste the key from Gather's settings.")
        if ca_bundle and not Path(ca_bundle).is_file():
            raise UserFacingError(f"The CA bundle '{ca_bundle}' does not exist; choose the .pem "
                                  "file your IT department gave you.")
        client = GatherClient(url, api_key.strip(), ca_bundle=ca_bundle)
        try:
            client.check_key()
        except GatherError as error:
            raise UserFacingError(error.message) from None
        finally:
            client.close()
        return url

    def connect_gather(self, url: str, api_key: str, ca_bundle: str | None = None) -> None:
        """Check the key against Gather, then remember the URL and keep the key in the keyring.

        Nothing is saved when the check fails, so a typo never replaces a working key.
        """
        url = self.check_gather(url, api_key, ca_bundle)
        self.secrets.set(self._gather_scope(), "api_key", api_key.strip())
        set_setting(self.db, GATHER_URL, url)
        set_setting(self.db, GATHER_CA_BUNDLE, ca_bundle)
        set_setting(self.db, GATHER_CONNECTED_AFTER_RUN, latest_run_id(self.db))

    def remove_integration(self, name: str, secret_names: Iterable[str]) -> bool:
        """Forget the integration, its secrets, cache and history; False if there was none."""
        self.delete_integration_secrets(name, secret_names)
        return remove_integration(self.db, name)

    def gather_client(self, retry: RetryPolicy | None = None) -> GatherClient:
        """A client for the saved connection, or a UserFacingError saying how to connect."""
        settings = self.gather_settings()
        api_key = self.secrets.get(self._gather_scope(), "api_key") if settings else None
        if settings is None or not api_key:
            raise UserFacingError("Gather is not connected yet. Run `gather-desktop gather "
                                  "connect --url URL` (the key is read from stdin), or connect "
                                  "from the window.")
        return GatherClient(settings.url, api_key, ca_bundle=settings.ca_bundle, retry=retry)
