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

from gather_desktop.sandbox.faults import GatherFaults, parse_faults
from gather_desktop.sandbox.gather_server import GatherSandbox


class Sandbox:
    """The running emulators; `connection_info()` is the JSON line of INTERFACES.md §4."""

    def __init__(self, *, gather_port: int = 0, faults: list[str] | None = None) -> None:
        by_service = parse_faults(faults or [])
        gather_faults = GatherFaults.from_specs(by_service.get("gather", {}))
        self._state_dir = Path(tempfile.mkdtemp(prefix="gather-sandbox-"))
        self.gather_api_key = "sandbox-" + secrets.token_urlsafe(18)
        self.gather = GatherSandbox(self._state_dir / "gather.db", self.gather_api_key,
                                    faults=gather_faults,
                                    port=gather_port)

    def start(self) -> "Sandbox":
        self.gather.start()
        return self

    def stop(self) -> None:
        self.gather.stop()
        shutil.rmtree(self._state_dir, ignore_errors=True)

    def connection_info(self) -> dict[str, Any]:
        return {"gather": {"url": self.gather.url, "api_key": self.gather_api_key}}
