"""The Preview page's table: every matched record of one model, fetched lazily as it scrolls.

A preview may hold 100,000 records, so the model never builds anything per row up front: rows
are the engine's compact tuples (source_id, action, traits as JSON text, reason), `rowCount`
grows in batches through `canFetchMore`/`fetchMore` as the view scrolls, and a row's traits
are decoded only when the view asks to paint it (a small cache keeps the rows on screen).
Filtering by action and searching by Source Id select row numbers, never copy rows.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gather_desktop.engine.preview import PreviewRow

ACTION_LABELS = {"create": "Will create", "update": "Will update", "unchanged": "Unchanged",
                 "not_in_gather": "Not in Gather", "invalid": "Invalid",
                 "rejected": "Rejected before"}

#: Text colors of the Action cell; readable on light and dark backgrounds alike.
ACTION_COLORS = {"create": "#2e9d4f", "update": "#2f7fd8", "unchanged": "#8a8a8a",
                 "not_in_gather": "#c98a12", "invalid": "#d93a3a", "rejected": "#d93a3a"}

BATCH = 500
DECODED_CACHE = 400

SOURCE_ID_COLUMN, ACTION_COLUMN = 0, 1

_Index = QModelIndex | QPersistentModelIndex


class PreviewTableModel(QAbstractTableModel):
    """Columns: Source Id, Action, one per trait (in the engine's first-seen order), Reason."""

    def __init__(self, rows: Sequence[PreviewRow], trait_names: Sequence[str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = rows
        self._traits = tuple(trait_names)
        self._headers = ("Source Id", "Action", *self._traits, "Reason")
        self._reason_column = len(self._headers) - 1
        self._selected: Sequence[int] = range(len(rows))
        self._loaded = min(BATCH, len(rows))
        self._decoded: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._action: str | None = None
        self._search = ""

    @property
    def trait_names(self) -> tuple[str, ...]:
        return self._traits

    def total(self) -> int:
        """How many rows the current filter selects (`rowCount` is how many are loaded)."""
        return len(self._selected)

    def set_filter(self, action: str | None = None, search: str = "") -> None:
        """Only rows of this action (None: all) whose Source Id contains `search`
        (case-insensitive); starts again at the first batch."""
        self._action, self._search = action, search.strip().lower()
        self.beginResetModel()
        rows, wanted, needle = self._rows, self._action, self._search
        if wanted is None and not needle:
            self._selected = range(len(rows))
        else:
            self._selected = [number for number, row in enumerate(rows)
                              if (wanted is None or row[1] == wanted)
                              and (not needle or needle in row[0].lower())]
        self._loaded = min(BATCH, len(self._selected))
        self.endResetModel()

    def row(self, row: int) -> PreviewRow:
        return self._rows[self._selected[row]]

    def traits(self, row: int) -> dict[str, Any]:
        """The exact payload that would be sent for this row, decoded and cached."""
        number = self._selected[row]
        cached = self._decoded.get(number)
        if cached is None:
            cached = json.loads(self._rows[number][2])
            self._decoded[number] = cached
            if len(self._decoded) > DECODED_CACHE:
                self._decoded.popitem(last=False)
        else:
            self._decoded.move_to_end(number)
        return cached

    # Qt's model interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._loaded < len(self._selected)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._selected) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return f"{section + 1:,}"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._loaded:
            return None
        row, column = index.row(), index.column()
        source_id, action, _, reason = self.row(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SOURCE_ID_COLUMN:
                return source_id
            if column == ACTION_COLUMN:
                return ACTION_LABELS.get(action, action)
            if column == self._reason_column:
                return reason or ""
            return _shown(self.traits(row).get(self._traits[column - 2]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self._reason_column or column == ACTION_COLUMN:
                return reason or None
            if column > ACTION_COLUMN:
                value = self.traits(row).get(self._traits[column - 2])
                return None if value is None else json.dumps(value, ensure_ascii=False,
                                                             indent=1)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == ACTION_COLUMN:
            color = ACTION_COLORS.get(action)
            return None if color is None else QBrush(QColor(color))
        return None


def _shown(value: Any) -> str:
    """A trait value as the user reads it: empty for null, JSON for objects such as addresses."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return str(value)
