"""The integrations list as a table model: name, source, state, last run and its counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from gather_desktop.jobs.gather_jobs import IntegrationRow

COLUMNS = ("Name", "Source", "State", "Last run", "Last run's records")
SOURCES = {"salesforce": "Salesforce", "hubspot": "HubSpot"}
STATES = {"never run": "Never run", "succeeded": "Synced", "partial": "Stopped early",
          "failed": "Failed", "cancelled": "Cancelled", "running": "Running"}
COUNTED = ("created", "updated", "unchanged", "invalid", "rejected", "failed")


def counts_in_words(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]:,} {k}" for k in COUNTED if counts.get(k)]
    return ", ".join(parts) if parts else "—"


class IntegrationsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[IntegrationRow] = []

    def set_rows(self, rows: list[IntegrationRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> IntegrationRow:
        return self._rows[index]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        return (row.name, SOURCES.get(row.source_kind, row.source_kind),
                STATES.get(row.state, row.state),
                (row.last_run_at or "—").replace("T", " ").replace("Z", " UTC"),
                counts_in_words(row.last_counts))[index.column()]
