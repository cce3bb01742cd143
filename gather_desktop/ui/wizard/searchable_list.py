"""A list with a search box above it, filtering as you type on label, API name and trait.

Both field pickers (the ID field, the extra traits) are this list: filled the moment it is
shown, never waiting for a key press, case-insensitive, over a QStandardItemModel whose items
carry their search text in SEARCH_ROLE.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QListView, QWidget

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class SearchableList:
    search: QLineEdit
    model: QStandardItemModel
    proxy: QSortFilterProxyModel
    list: QListView


def searchable_list(owner: QWidget, search_name: str, list_name: str) -> SearchableList:
    search = QLineEdit(placeholderText="Search fields by label or API name")
    search.setObjectName(search_name)
    search.setClearButtonEnabled(True)
    model = QStandardItemModel(owner)
    proxy = QSortFilterProxyModel(owner)
    proxy.setSourceModel(model)
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QListView()
    view.setObjectName(list_name)
    view.setModel(proxy)
    view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
    view.setMinimumHeight(150)
    search.textChanged.connect(proxy.setFilterFixedString)
    return SearchableList(search, model, proxy, view)
