"""Starting and stopping the emulators together, for `gather-desktop sandbox` and `--demo`.

The emulators keep their state in a temporary folder that disappears with them: a sandbox is
for trying things out and for tests, never a place to keep data.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gather_desktop.sandbox.faults import (
    GATHER,
    HUBSPOT,
    SALESFORCE,
    GatherFaults,
    HubSpotFaults,
    SalesforceFaults,
    parse_faults,
)
from gather_desktop.sandbox.gather_server import GatherSandbox
from gather_desktop.sandbox.hubspot_server import HubSpotSandbox
from gather_desktop.sandbox.salesforce_datasets import build_org
from gather_desktop.sandbox.salesforce_server import SalesforceSandbox


class Sandbox:
    """The running emulators; `connection_info()` is the JSON line of INTERFACES.md §4.

    `dataset` picks the Salesforce org and the HubSpot portal: "demo" (fixed, small) or "scale"
    (`accounts` accounts/companies and `contacts` contacts generated, 10,000 each unless given).
    """

    def __init__(self, *, gather_port: int = 0, salesforce_port: int = 0, hubspot_port: int = 0,
                 dataset: str = "demo", accounts: int | None = None, contacts: int | None = None,
                 faults: list[str] | None = None) -> None:
        by_service = parse_faults(faults or [])
        unknown = sorted(set(by_service) - {GATHER, SALESFORCE, HUBSPOT})
        if unknown:
            raise ValueError(f"--fault {unknown[0]}:...: unknown service {unknown[0]!r}; "
                             f"use gather, salesforce or hubspot.")
        gather_faults = GatherFaults.from_specs(by_service.get(GATHER, {}))
        salesforce_faults = SalesforceFaults.from_specs(by_service.get(SALESFORCE, {}))
        hubspot_faults = HubSpotFaults.from_specs(by_service.get(HUBSPOT, {}))
        if dataset != "scale" and (accounts is not None or contacts is not None):
            raise ValueError("--accounts and --contacts size the scale data set; add --dataset scale.")
        sizes = {name: size for name, size in (("accounts", accounts), ("contacts", contacts)) if size is not None}
        org = build_org(dataset, **sizes)
        self._state_dir = Path(tempfile.mkdtemp(prefix="gather-sandbox-"))
        self.gather_api_key = "sandbox-" + secrets.token_urlsafe(18)
        self.gather = GatherSandbox(self._state_dir / "gather.db", self.gather_api_key,
                                    faults=gather_faults,
                                    port=gather_port)
        self.salesforce = SalesforceSandbox(self._state_dir / "salesforce", org, salesforce_faults,
                                            port=salesforce_port)
        self.hubspot = HubSpotSandbox(self._state_dir / "hubspot", dataset=dataset,
                                      companies=accounts, contacts=contacts,
                                      faults=hubspot_faults, port=hubspot_port)

    def start(self) -> "Sandbox":
        self.gather.start()
        self.salesforce.start()
        self.hubspot.start()
        return self

    def stop(self) -> None:
        self.hubspot.stop()
        self.salesforce.stop()
        self.gather.stop()
        shutil.rmtree(self._state_dir, ignore_errors=True)

    def connection_info(self) -> dict[str, Any]:
        credentials = self.salesforce.credentials
        salesforce = {"url": self.salesforce.url, "login_url": self.salesforce.url,
                      "username": credentials["username"], "password": credentials["password"],
                      "security_token": credentials["security_token"], "ca_bundle": self.salesforce.ca_bundle,
                      "client_id": credentials["client_id"], "client_secret": credentials["client_secret"],
                      "refresh_token": credentials["refresh_token"]}
        return {"gather": {"url": self.gather.url, "api_key": self.gather_api_key},
                "salesforce": salesforce, "hubspot": self.hubspot.connection_info()}
