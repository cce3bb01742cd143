"""A searchable list of an object's fields, filled the moment it is shown.

Gather's own Salesforce page admits its ID dropdown stays empty until you "press space"; here
the fields are listed as soon as the schema is known, the search box narrows them by label or
API name, and unique and external-ID fields (the ones that make good IDs) come first.
"""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gather_desktop.core import fieldtypes as kinds
from gather_desktop.core.schema import FieldInfo
from gather_desktop.ui.wizard.searchable_list import SEARCH_ROLE, searchable_list

NAME_ROLE = Qt.ItemDataRole.UserRole + 1

ID_HINT = ("Salesforce's 18-character Id is used; 15-character Ids are case-sensitive, so "
           "other tools that store the short form may not match it. Use the 18-character Id "
           "everywhere.")
NOT_UNIQUE_HINT = ("{name} is not marked unique (or External ID) in the source: its values must "
                   "be unique per record, or records sharing a value are reported as "
                   "duplicates.")


def can_be_id(info: FieldInfo) -> bool:
    """Fields validation accepts as an ID: the record Id, text or email, or unique ones."""
    return info.type in ("id", "string", "email") or info.unique or info.external_id


def tag(info: FieldInfo) -> str:
    """"Unique", "External ID" or both, the way Salesforce's field list marks them."""
    return " · ".join(word for word, on in (("External ID", info.external_id),
                                            ("Unique", info.unique)) if on)


def field_row_text(info: FieldInfo) -> str:
    marked = tag(info)
    return (f"{info.label} — {info.name} ({kinds.DESCRIPTIONS[kinds.kind_of(info.type)]})"
            + (f"   [{marked}]" if marked else ""))


def hint_for(info: FieldInfo | None) -> str:
    if info is None:
        return ""
    if info.type == "id":
        return ID_HINT
    if kinds.kind_of(info.type) == kinds.TEXT and not (info.unique or info.external_id):
        return NOT_UNIQUE_HINT.format(name=info.name)
    return ""


class FieldPicker(QWidget):
    """Search box over a list of fields; `fieldChosen(api_name)` when the choice changes."""

    fieldChosen = Signal(str)

    def __init__(self, eligible: Callable[[FieldInfo], bool] = can_be_id,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._eligible = eligible
        self._fields: dict[str, FieldInfo] = {}
        self._quiet = False     # True while the list is refilled or set from code
        parts = searchable_list(self, "fieldSearch", "fieldList")
        self.search, self.model, self.proxy, self.list = (parts.search, parts.model,
                                                          parts.proxy, parts.list)
        self.list.setUniformItemSizes(True)
        self.hint = QLabel(wordWrap=True)
        self.hint.setObjectName("fieldHint")
        self.hint.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.list.selectionModel().currentChanged.connect(self._on_current)

    def set_fields(self, fields: Iterable[FieldInfo]) -> None:
        """Fill the list now: unique and external-ID fields first, then the record Id, then
        the rest by label. A previous choice stays chosen when the field is still there."""
        chosen = self.current()
        usable = [info for info in fields if self._eligible(info)]
        usable.sort(key=lambda f: (not (f.unique or f.external_id), f.type != "id",
                                   f.label.lower()))
        self._fields = {info.name: info for info in usable}
        self._quiet = True
        self.model.clear()
        for info in usable:
            item = QStandardItem(field_row_text(info))
            item.setData(info.name, NAME_ROLE)
            item.setData(f"{info.label} {info.name}", SEARCH_ROLE)
            item.setToolTip(f"{info.name}: {info.type}")
            self.model.appendRow(item)
        self.set_current(chosen, emit=False)

    def set_loading(self, text: str = "Loading fields from Salesforce…") -> None:
        self._fields = {}
        self._quiet = True
        self.model.clear()
        self._quiet = False
        item = QStandardItem(text)
        item.setEnabled(False)
        self.model.appendRow(item)

    def fields(self) -> dict[str, FieldInfo]:
        return dict(self._fields)

    def current(self) -> str:
        index = self.list.currentIndex()
        return index.data(NAME_ROLE) or "" if index.isValid() else ""

    def set_current(self, name: str, emit: bool = True) -> None:
        """Choose a field by API name (case-insensitively, as Salesforce matches names)."""
        self._quiet = not emit
        try:
            target = self.proxy.index(-1, -1)
            for row in range(self.model.rowCount()):
                item = self.model.item(row)
                if name and (item.data(NAME_ROLE) or "").lower() == name.lower():
                    target = self.proxy.mapFromSource(item.index())
                    break
            self.list.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._quiet = False
        self._show_hint()

    def visible_names(self) -> list[str]:
        """The API names the search currently shows, in order (what the user sees)."""
        return [self.proxy.index(row, 0).data(NAME_ROLE)
                for row in range(self.proxy.rowCount())]

    def _on_current(self, *_: object) -> None:
        self._show_hint()
        if not self._quiet:
            self.fieldChosen.emit(self.current())

    def _show_hint(self) -> None:
        text = hint_for(self._fields.get(self.current()))
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
