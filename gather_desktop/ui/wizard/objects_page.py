"""Optional step 4 of the seed, "Sync additional objects": custom objects to Gather models.

The page lists the configured objects with Add custom object / Edit / Remove; each one is
edited in an `ObjectDialog`. Objects come from the Connect page's catalog, custom ones first.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout,
                               QWidget, QWizardPage)

from gather_desktop.core.naming import trait_name
from gather_desktop.ui.wizard.object_dialog import ObjectDialog, schema_cache
from gather_desktop.ui.wizard.state import ObjectDraft, WizardState
from gather_desktop.ui.wizard.checked_sync_page import PROBLEM_STYLE, catalog_objects
from gather_desktop.ui.workers import JobRunner


def describe(draft: ObjectDraft) -> str:
    """One line per object: what goes where, by which ID, with which traits."""
    traits = ", ".join(trait_name(name) for name in draft.traits) or "no traits"
    filtered = f", {len(draft.filter.conditions)} filter condition(s)" \
        if draft.filter.enabled and draft.filter.conditions else ""
    return f"{draft.object} → Gather model '{draft.model}' (ID: {draft.id_field}; {traits}" \
           f"{filtered})"


class ObjectsPage(QWizardPage):
    def __init__(self, state: WizardState, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.runner = state, runner
        self.schemas = schema_cache(state)
        self.setTitle("Sync additional objects")
        self.setSubTitle("Optional: sync any other Salesforce object to a dedicated model in "
                         "Gather. Gather Desktop creates the model when you save.")
        self.list = QListWidget(objectName="objectList")
        self.empty = QLabel("No custom objects yet. Click Add custom object to sync, for "
                            "example, subscriptions or opportunities.", wordWrap=True,
                            objectName="objectsEmpty")
        self.add_button = QPushButton("Add custom object", objectName="addObject")
        self.edit_button = QPushButton("Edit…", objectName="editObject")
        self.remove_button = QPushButton("Remove", objectName="removeObject")
        self.problems_label = QLabel(wordWrap=True, objectName="problems")
        self.problems_label.setStyleSheet(PROBLEM_STYLE)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.problems_label)
        self.add_button.clicked.connect(lambda: self.open_dialog(None).open())
        self.edit_button.clicked.connect(self._edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(lambda _: self._show_buttons())
        self.list.itemDoubleClicked.connect(lambda _: self._edit_current())

    def initializePage(self) -> None:
        self.schemas = {**schema_cache(self.state), **self.schemas}
        self._refresh()

    def open_dialog(self, index: int | None) -> ObjectDialog:
        """The editor for a new object (None) or the one at `index`; not yet shown, so tests
        and the buttons decide how to show it. Accepting it stores the object."""
        taken = [o.model for i, o in enumerate(self.state.objects) if i != index]
        draft = self.state.objects[index] if index is not None else None
        dialog = ObjectDialog(self.state, self.runner, catalog_objects(self.state),
                              self.schemas, taken, draft, self)
        dialog.accepted.connect(lambda: self._store(index, dialog.draft))
        return dialog

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            del self.state.objects[row]
            self._refresh()

    def _edit_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.open_dialog(row).open()

    def _store(self, index: int | None, draft: ObjectDraft) -> None:
        if index is None:
            self.state.objects.append(draft)
        else:
            self.state.objects[index] = draft
        self._refresh()
        self.list.setCurrentRow(len(self.state.objects) - 1 if index is None else index)

    def _refresh(self) -> None:
        self.list.clear()
        self.list.addItems([describe(draft) for draft in self.state.objects])
        self.empty.setVisible(not self.state.objects)
        self._show_buttons()
        self.completeChanged.emit()

    def _show_buttons(self) -> None:
        chosen = self.list.currentRow() >= 0
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        problems = self.problems()
        self.problems_label.setText("\n".join(f"• {p}" for p in problems))
        self.problems_label.setVisible(bool(problems))

    def problems(self) -> list[str]:
        """Two objects may not share a Gather model (each dialog checks everything else)."""
        first_by_model: dict[str, ObjectDraft] = {}
        found = []
        for draft in self.state.objects:
            first = first_by_model.setdefault(draft.model.lower(), draft)
            if first is not draft:
                found.append(f"{draft.object} and {first.object} both sync to the model "
                             f"'{draft.model}'; edit one of them to choose another name.")
        return found

    def isComplete(self) -> bool:
        return not self.problems()
