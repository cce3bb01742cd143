"""The runs of one integration as a table: when, how long, how it ended, and its counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from gather_desktop.jobs.history_jobs import RunRow
from gather_desktop.ui.words import PROBLEM_COLOR, duration, local_time
from gather_desktop.ui.integrations_model import STATES
from gather_desktop.ui.rows_model import Index, RowsModel

COLUMNS = ("Run", "Started", "Took", "Status", "Created", "Updated", "Unchanged", "Problems",
           "Message")
TOOK_COLUMN, COUNT_COLUMNS = 2, {4: "created", 5: "updated", 6: "unchanged"}
PROBLEMS_COLUMN, MESSAGE_COLUMN = 7, 8

class RunsModel(RowsModel[RunRow]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def row_of(self, run_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == run_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (TOOK_COLUMN, *COUNT_COLUMNS,
                                                                    PROBLEMS_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == PROBLEMS_COLUMN and row.problems:
            return QBrush(QColor(PROBLEM_COLOR))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == MESSAGE_COLUMN and row.message:
                return row.message
            if column == PROBLEMS_COLUMN and row.problems:
                return ", ".join(f"{row.totals[o]:,} {o}" for o in ("invalid", "rejected",
                                                                      "failed") if row.totals[o])
        return None

    @staticmethod
    def _text(row: RunRow, column: int) -> str:
        if column in COUNT_COLUMNS:
            return f"{row.totals[COUNT_COLUMNS[column]]:,}"
        return (f"#{row.id}", local_time(row.started_at), duration(row.duration_s),
                STATES.get(row.status, row.status), "", "", "", f"{row.problems:,}",
                row.message or "")[column]
