"""A run's listed records as a lazy table: pages of `PAGE` rows are fetched through jobs as
the view scrolls, so a run of 100,000 records opens at once and never sits in memory whole.

Signals: `loaded(total, note)` after each page arrives (`total` records match the query;
`note` says in words why a search found nothing, else None); `failed(message)`.
"""

from __future__ import annotations

import functools
import html
from typing import Any, Sequence

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from gather_desktop.jobs.history_jobs import OutcomePage, outcomes_page
from gather_desktop.ui.history.alive import while_alive
from gather_desktop.ui.rows_model import Index, RowsModel
from gather_desktop.ui.words import OUTCOME_COLORS, OUTCOME_LABELS
from gather_desktop.ui.workers import JobRunner

PAGE = 500
COLUMNS = ("Model", "Source Id", "Gather ID", "Outcome", "Reason")
KEYS = ("model", "source_id", "gather_id", "outcome", "reason")
OUTCOME_COLUMN, REASON_COLUMN = 3, 4

class OutcomesModel(RowsModel[dict[str, Any]]):
    loaded = Signal(int, object)
    failed = Signal(str)

    def __init__(self, runner: JobRunner, name: str, run_id: int,
                 parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._runner = runner
        self._name = name
        self._run_id = run_id
        self._query: tuple[Sequence[str] | None, str] = (None, "")
        self._total: int | None = None       # unknown until the first page arrives
        self._fetching = False
        self._generation = 0                 # pages of an earlier query are dropped

    def set_query(self, outcomes: Sequence[str] | None, search: str) -> None:
        """List only these outcomes (None: all) whose source Id contains `search`; starts
        again from the first page."""
        self._generation += 1
        self._query = (None if outcomes is None else tuple(outcomes), search)
        self.beginResetModel()
        self._rows, self._total = [], None
        self.endResetModel()
        self._request(0)

    def total(self) -> int | None:
        """How many records match the query (None while the first page is on its way)."""
        return self._total

    def loading(self) -> bool:
        return self._fetching

    def _request(self, offset: int) -> None:
        self._fetching = True
        outcomes, search = self._query
        self._runner.submit(
            functools.partial(outcomes_page, self._name, self._run_id, outcomes, search,
                              offset, PAGE),
            on_done=while_alive(self, functools.partial(self._on_page, self._generation)),
            on_error=while_alive(self, functools.partial(self._on_error, self._generation)))

    def _on_page(self, generation: int, page: OutcomePage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self._total = page.total
        if page.rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.loaded.emit(page.total, page.unlisted_note)

    def _on_error(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._fetching = False
            self.failed.emit(message)

    # Qt's model interface

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return (not parent.isValid() and not self._fetching and self._total is not None
                and len(self._rows) < self._total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self._request(len(self._rows))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == OUTCOME_COLUMN:
                return OUTCOME_LABELS.get(row["outcome"], row["outcome"])
            if column == REASON_COLUMN:
                return " ".join((row["reason"] or "").split())  # one line; the view elides it
            return row[KEYS[column]] or ""
        if role == Qt.ItemDataRole.ToolTipRole and column == REASON_COLUMN and row["reason"]:
            return f"<p>{html.escape(row['reason'])}</p>"  # rich text, so Qt wraps it
        if role == Qt.ItemDataRole.ForegroundRole and column == OUTCOME_COLUMN:
            color = OUTCOME_COLORS.get(row["outcome"])
            return None if color is None else QBrush(QColor(color))
        return None
