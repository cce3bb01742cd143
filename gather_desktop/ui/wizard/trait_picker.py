""""Extra traits": pick fields to sync on top of the default traits, seeing each trait's name.

The seed says "Traits are converted to snake_case"; showing the resulting name next to every
field (and next to every default trait) means nobody has to guess what will appear in Gather.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gather_desktop.core import fieldtypes as kinds
from gather_desktop.core.naming import trait_name
from gather_desktop.core.schema import FieldInfo
from gather_desktop.ui.wizard.searchable_list import SEARCH_ROLE, searchable_list

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class TraitPicker(QWidget):
    """Default traits (listed, not removable) and a searchable checkable list of the others.

    `traitsChanged(list)` carries the chosen API names in the order they were chosen, so a
    saved integration keeps the user's order.
    """

    traitsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chosen: list[str] = []
        self._filling = False
        self.defaults = QLabel(wordWrap=True)
        self.defaults.setObjectName("defaultTraits")
        self.defaults.setTextFormat(Qt.TextFormat.PlainText)
        parts = searchable_list(self, "traitSearch", "traitList")
        self.search, self.model, self.proxy, self.list = (parts.search, parts.model,
                                                          parts.proxy, parts.list)
        self.count = QLabel()
        self.count.setObjectName("traitCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.defaults)
        layout.addWidget(QLabel("Extra traits (synced on top of the default traits):"))
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.count)
        self.model.itemChanged.connect(self._on_item_changed)
        self._show_count()

    def set_fields(self, fields: Iterable[FieldInfo], default_fields: Sequence[str],
                   chosen: Sequence[str],
                   trait_of: Callable[[str], str | None] = lambda name: None) -> None:
        """List every field that can be a trait except the defaults; tick the chosen ones.
        `trait_of` names a default field's trait where it is not the field's snake_case
        (HubSpot's `firstname` is sent as `first_name`)."""
        defaults = {name.lower() for name in default_fields}
        if default_fields:
            self.defaults.setText("Traits synced by default: " + ", ".join(
                f"{name} → {trait_of(name) or trait_name(name)}" for name in default_fields))
        else:
            self.defaults.setText("No traits are synced by default: choose them below.")
        self._chosen = list(chosen)
        wanted = {name.lower() for name in chosen}
        self._filling = True
        self.model.clear()
        for info in sorted(fields, key=lambda f: f.label.lower()):
            if info.name.lower() in defaults or kinds.kind_of(info.type) == kinds.BINARY:
                continue
            item = QStandardItem(f"{info.label} — {info.name} → {trait_name(info.name)}")
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if info.name.lower() in wanted
                               else Qt.CheckState.Unchecked)
            item.setData(info.name, NAME_ROLE)
            item.setData(f"{info.label} {info.name} {trait_name(info.name)}", SEARCH_ROLE)
            self.model.appendRow(item)
        self._filling = False
        self._show_count()

    def chosen(self) -> list[str]:
        return list(self._chosen)

    def set_checked(self, name: str, checked: bool) -> None:
        """Tick or untick a field by API name (what a click on its box does)."""
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.data(NAME_ROLE).lower() == name.lower():
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)

    def visible_names(self) -> list[str]:
        return [self.proxy.index(row, 0).data(NAME_ROLE) for row in range(self.proxy.rowCount())]

    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._filling:
            return
        name = item.data(NAME_ROLE)
        self._chosen = [n for n in self._chosen if n.lower() != name.lower()]
        if item.checkState() == Qt.CheckState.Checked:
            self._chosen.append(name)
        self._show_count()
        self.traitsChanged.emit(list(self._chosen))

    def _show_count(self) -> None:
        if not self._chosen:
            self.count.setText("No extra traits chosen.")
        else:
            self.count.setText(f"{len(self._chosen)} extra trait(s): "
                               + ", ".join(trait_name(name) for name in self._chosen))
