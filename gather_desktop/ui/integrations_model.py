"""The integrations list as a table model: name, source, state, last run and its counts.

The state says what is happening now (syncing, waiting for another run) before what the
last run did, and "Needs you" when a banner above the list asks for a fix.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from gather_desktop.jobs.gather_jobs import IntegrationRow
from gather_desktop.ui.rows_model import RowsModel

COLUMNS = ("Name", "Source", "State", "Schedule", "Last run", "Last run's records")
SOURCES = {"salesforce": "Salesforce", "hubspot": "HubSpot"}
STATES = {"never run": "Never run", "succeeded": "Synced", "partial": "Stopped early",
          "failed": "Failed", "cancelled": "Cancelled", "running": "Running"}
COUNTED = ("created", "updated", "unchanged", "invalid", "rejected", "failed")
NEEDS = {"source_sign_in": "Needs sign-in", "gather_key": "Needs a Gather key",
         "source_field": "Needs editing", "api_allowance": "API allowance low"}


def counts_in_words(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]:,} {k}" for k in COUNTED if counts.get(k)]
    return ", ".join(parts) if parts else "—"


class IntegrationsModel(RowsModel[IntegrationRow]):
    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self._running: str | None = None
        self._waiting: tuple[str, ...] = ()

    def set_activity(self, running: str | None, waiting: tuple[str, ...]) -> None:
        """Which integration is syncing and which wait; only the State column changes (as a
        layout change, so the views size the column to its new words)."""
        self.layoutAboutToBeChanged.emit()
        self._running, self._waiting = running, tuple(waiting)
        self.layoutChanged.emit()

    def state_in_words(self, row: IntegrationRow) -> str:
        if row.name == self._running:
            return "Syncing…"
        if row.name in self._waiting:
            return "Waiting"
        if row.attention is not None:
            return NEEDS.get(row.attention.kind, "Needs you")
        return STATES.get(row.state, row.state)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        return (row.name, SOURCES.get(row.source_kind, row.source_kind),
                self.state_in_words(row), row.schedule,
                (row.last_run_at or "—").replace("T", " ").replace("Z", " UTC"),
                counts_in_words(row.last_counts))[index.column()]
