"""The "Add custom object" editor: object, ID field, model name, traits and filter.

The seed's steps in order, without its "press space" bug: the ID field list is filled as soon
as the object is chosen (its fields load in the background), the model name is suggested in
snake_case and checked as it is typed, and OK stays disabled until everything is valid.
"""

from __future__ import annotations

import copy
import functools
from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget)

from gather_desktop.core.integration import Integration
from gather_desktop.core.naming import model_name_suggestion, validate_model_name
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.core.validation import validate_against_schema
from gather_desktop.jobs.schema_jobs import load_schema
from gather_desktop.ui.wizard.field_picker import FieldPicker
from gather_desktop.ui.wizard.filter_editor import FilterEditor
from gather_desktop.ui.wizard.state import ObjectDraft, WizardState
from gather_desktop.ui.wizard.checked_sync_page import PROBLEM_STYLE
from gather_desktop.ui.wizard.sync_page import busy_bar
from gather_desktop.ui.wizard.trait_picker import TraitPicker
from gather_desktop.ui.workers import JobRunner


class ObjectDialog(QDialog):
    """Edits a copy of an `ObjectDraft`; `draft` holds the result once accepted.

    `schemas` is the page's cache of loaded objects (filled here as objects are chosen), so
    reopening an object does not describe it again.
    """

    def __init__(self, state: WizardState, runner: JobRunner, objects: Iterable[ObjectSummary],
                 schemas: dict[str, ObjectSchema], taken_models: Iterable[str],
                 draft: ObjectDraft | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.runner, self.schemas = state, runner, schemas
        self.draft = copy.deepcopy(draft) if draft is not None else ObjectDraft()
        self._taken = {name.lower() for name in taken_models}
        self._summaries = sorted((o for o in objects if o.queryable),
                                 key=lambda o: (not o.custom, o.label.lower()))
        self._model_edited = bool(self.draft.model)
        self._job: int | None = None
        self._problems: list[str] = []
        self.schema: ObjectSchema | None = None
        self.setWindowTitle("Edit custom object" if draft else "Add custom object")
        self.resize(720, 760)

        self.object_combo = QComboBox(objectName="objectCombo")
        self.object_combo.setEditable(True)
        self.object_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.object_combo.addItem("", "")
        for summary in self._summaries:
            self.object_combo.addItem(f"{summary.label} ({summary.name})"
                                      + ("  — custom" if summary.custom else ""), summary.name)
        completer = self.object_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.busy = busy_bar()
        self.status = QLabel(wordWrap=True, objectName="objectStatus")
        self.id_picker = FieldPicker()
        self.id_picker.setObjectName("idField")
        self.model_edit = QLineEdit(self.draft.model, objectName="modelName")
        self.model_edit.setPlaceholderText("for example subscriptions")
        self.traits = TraitPicker()
        self.traits.setObjectName("traits")
        self.filter_editor = FilterEditor("records")
        self.filter_editor.setObjectName("filterEditor")
        self.filter_editor.set_draft(self.draft.filter)
        self.problems_label = QLabel(wordWrap=True, objectName="problems")
        self.problems_label.setStyleSheet(PROBLEM_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.addRow("Salesforce object:", self.object_combo)
        form.addRow("", self.busy)
        form.addRow("", self.status)
        form.addRow("ID field:", self.id_picker)
        form.addRow("Gather model name:", self.model_edit)
        form.addRow("Traits:", self.traits)
        form.addRow("Filter:", self.filter_editor)
        content = QWidget()
        content.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the Salesforce object to sync, the field that is used "
                                "as the ID of each synced record, and the Gather model the "
                                "records go to; Gather Desktop creates the model when you "
                                "save.", wordWrap=True))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)

        self.object_combo.currentIndexChanged.connect(lambda _: self._object_chosen())
        self.id_picker.fieldChosen.connect(self._id_chosen)
        self.model_edit.textEdited.connect(self._model_typed)
        self.traits.traitsChanged.connect(self._traits_chosen)
        self.filter_editor.changed.connect(self.revalidate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if self.draft.object:
            index = self.object_combo.findData(self.draft.object,
                                               flags=Qt.MatchFlag.MatchFixedString)
            if index < 0:
                self.object_combo.addItem(self.draft.object, self.draft.object)
                index = self.object_combo.count() - 1
            self.object_combo.setCurrentIndex(index)
        else:
            self.revalidate()

    def choose_object(self, name: str) -> None:
        """Pick an object by API name, as a user would in the combo."""
        self.object_combo.setCurrentIndex(self.object_combo.findData(name))

    def _object_chosen(self) -> None:
        name = self.object_combo.currentData() or ""
        changed = name.lower() != self.draft.object.lower()
        self.draft.object = name
        if changed:
            self.draft.id_field = "Id"
            self.draft.traits = []
            self.draft.filter.conditions.clear()
            self.draft.filter.enabled = False
            self.filter_editor.set_draft(self.draft.filter)
        if name and not self._model_edited:
            self.model_edit.setText(self._suggested_model(name))
            self.draft.model = self.model_edit.text()
        self.schema = None
        if not name:
            self.revalidate()
            return
        known = self.schemas.get(name.lower())
        if known is not None:
            self._schema_loaded(known)
            return
        self.id_picker.set_loading()
        self.status.setText(f"Loading the fields of {name} from Salesforce…")
        self.busy.setVisible(True)
        self._job = self.runner.submit(functools.partial(load_schema, name),
                                       on_done=self._schema_loaded,
                                       on_error=self._schema_failed)
        self.revalidate()

    def _suggested_model(self, name: str) -> str:
        base = model_name_suggestion(name)
        suggestion, number = base, 2
        while suggestion in self._taken:
            suggestion, number = f"{base}_{number}", number + 1
        return suggestion

    def _schema_loaded(self, schema: ObjectSchema) -> None:
        self._job = None
        self.busy.setVisible(False)
        self.status.setText("")
        if schema.name.lower() != self.draft.object.lower():
            return                      # the user chose another object meanwhile
        self.schemas[schema.name.lower()] = schema
        self.schema = schema
        self.id_picker.set_fields(schema.fields.values())
        self.id_picker.set_current(self.draft.id_field, emit=False)
        self.traits.set_fields(schema.fields.values(), (), self.draft.traits)
        self.filter_editor.set_schema(schema)
        self.revalidate()

    def _schema_failed(self, message: str) -> None:
        self._job = None
        self.busy.setVisible(False)
        self.status.setText(message)
        self.revalidate()

    def _id_chosen(self, name: str) -> None:
        self.draft.id_field = name
        self.revalidate()

    def _model_typed(self, text: str) -> None:
        self._model_edited = True
        self.draft.model = text.strip()
        self.revalidate()

    def _traits_chosen(self, names: list[str]) -> None:
        self.draft.traits = list(names)
        self.revalidate()

    def problems(self) -> list[str]:
        draft = self.draft
        if not draft.object:
            return ["Choose the Salesforce object to sync."]
        if self.schema is None:
            return [self.status.text() or f"The fields of {draft.object} are loading…"]
        found = []
        if not draft.id_field:
            found.append("Choose the field that should be used as the ID of the synced "
                         "record.")
        model_problem = validate_model_name(draft.model)
        if model_problem:
            found.append(f"Model name: {model_problem}.")
        elif draft.model.lower() in self._taken:
            found.append(f"Model name: '{draft.model}' is already used by another custom "
                         "object of this integration; choose another name.")
        filter_problems = [f"Filter: {p}" for p in self.filter_editor.problems()]
        if not found:
            found.extend(self._schema_problems())
        return found + filter_problems

    def _schema_problems(self) -> list[str]:
        schema = self.schema
        assert schema is not None
        probe = Integration(name=self.state.name.strip() or "draft", source=self.state.source(),
                            objects=(self.draft.build(),))
        summary = ObjectSummary(schema.name, schema.label, schema.custom, True)
        problems = validate_against_schema(probe, lambda name: schema, [summary])
        return [_described(p) for p in problems if not p.startswith("objects[0].filter")]

    def revalidate(self) -> None:
        self._problems = self.problems()
        self.problems_label.setText("\n".join(f"• {p}" for p in self._problems))
        self.problems_label.setVisible(bool(self._problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            not self._problems and self._job is None)

    def accept(self) -> None:
        self.revalidate()
        if not self._problems:
            super().accept()


_PARTS: tuple[tuple[str, str], ...] = (("objects[0].id_field", "ID field"),
                                       ("objects[0].traits", "Traits"),
                                       ("objects[0].model", "Model name"),
                                       ("objects[0].object", "Object"))


def _described(problem: str) -> str:
    path, _, text = problem.partition(": ")
    for prefix, name in _PARTS:
        if path.startswith(prefix):
            return f"{name}: {text}"
    return text or problem


def schema_cache(state: WizardState) -> dict[str, ObjectSchema]:
    """The Connect page's schemas by lower-case name: the start of the objects page's cache."""
    catalog = getattr(state, "catalog", None)
    return {name.lower(): schema for name, schema in catalog.schemas.items()} if catalog else {}
