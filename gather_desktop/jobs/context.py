"""What background jobs share on the worker thread: the workspace and the open sources.

Made on the worker thread itself (SQLite connections and connector sessions belong to the
thread that opened them) and closed there when the window shuts down.
"""

from __future__ import annotations

from pathlib import Path

from gather_desktop.sources.base import Source
from gather_desktop.store.secrets import SecretStore
from gather_desktop.workspace import Workspace


class WorkerContext:
    def __init__(self, data_dir: Path, secrets: SecretStore) -> None:
        self.data_dir = data_dir
        self.secrets = secrets
        self._workspace: Workspace | None = None
        #: Sources the wizard signed in to, by a key the wizard chooses; reused by its pages.
        self.sources: dict[str, Source] = {}

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = Workspace(self.data_dir, self.secrets)
        return self._workspace

    def replace_source(self, key: str, source: Source) -> None:
        old = self.sources.pop(key, None)
        if old is not None:
            old.close()
        self.sources[key] = source

    def close(self) -> None:
        for source in self.sources.values():
            source.close()
        self.sources.clear()
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
