"""The Accounts and Contacts pages: how Salesforce Accounts (Contacts) become Gather Accounts
(Users), in the seed's own words.

One class serves both pages because the seed describes them the same way (Contacts have no
closed-won option). The page edits the wizard's `SyncDraft` in place and checks it with the
same `validate_against_schema` the command line runs, so Next is only enabled for a sync the
command line would accept too; problems are shown in words on the page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QFrame, QGroupBox, QLabel,
                               QProgressBar, QRadioButton, QScrollArea, QVBoxLayout, QWidget)

from gather_desktop.core.defaults import SALESFORCE_OBJECTS, salesforce_default_fields
from gather_desktop.core.integration import CREATE, UPDATE_EXISTING
from gather_desktop.core.schema import ObjectSchema
from gather_desktop.jobs.schema_jobs import gather_traits, load_schema
from gather_desktop.ui.wizard.checked_sync_page import (PROBLEM_STYLE, CheckedSyncPage,
                                                        catalog_schema)
from gather_desktop.ui.wizard.field_picker import FieldPicker
from gather_desktop.ui.wizard.filter_editor import FilterEditor
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.wizard.trait_picker import TraitPicker
from gather_desktop.ui.workers import JobRunner

@dataclass(frozen=True)
class Words:
    model: str          # the Gather model: account, user
    key: str            # the integration file's key: accounts, users
    title: str
    enable: str
    create: str
    update: str
    id_prompt: str
    trait_prompt: str
    noun: str           # for "Filter accounts"


WORDS = {
    "accounts": Words(
        "account", "accounts", "Sync Accounts", "Sync Salesforce Accounts",
        "Create new Gather Accounts for every Salesforce Account",
        "Only update existing Gather Accounts that match a Salesforce Account",
        "Choose the Salesforce Account field that should be used as the Gather Account ID",
        "Choose the Account trait that contains a Salesforce Account ID", "accounts"),
    "users": Words(
        "user", "users", "Sync Contacts", "Sync Salesforce Contacts",
        "Create new Gather Users for every Salesforce Contact",
        "Only update existing Gather Users that match a Salesforce Contact",
        "Choose the Salesforce Contact field that should be used as the Gather User ID",
        "Choose the User trait that contains a Salesforce Contact ID", "contacts"),
}

def busy_bar() -> QProgressBar:
    bar = QProgressBar(objectName="busy")
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.setVisible(False)
    return bar


class SyncPage(CheckedSyncPage):
    def __init__(self, state: WizardState, runner: JobRunner, which: str = "accounts",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.runner, self.which = state, runner, which
        self.words = words = WORDS[which]
        self.draft_key = words.key
        self.object_name = SALESFORCE_OBJECTS[words.model]
        self.schema: ObjectSchema | None = None
        self._jobs: set[int] = set()
        self._filling = False
        self._traits_loaded = False
        self._problems: list[str] = []
        self.setTitle(words.title)
        self.setSubTitle(f"Choose how Salesforce {self.object_name}s become Gather "
                         f"{words.model.capitalize()}s and which traits they carry.")

        self.enabled_box = QCheckBox(words.enable, objectName="syncEnabled")
        self.create_radio = QRadioButton(words.create, objectName="methodCreate")
        self.update_radio = QRadioButton(words.update, objectName="methodUpdate")
        methods = QButtonGroup(self)
        methods.addButton(self.create_radio)
        methods.addButton(self.update_radio)

        self.id_picker = FieldPicker()
        self.id_picker.setObjectName("idField")
        self.id_box = section(QLabel(words.id_prompt, wordWrap=True), self.id_picker)

        self.trait_combo = QComboBox(objectName="matchTrait")
        self.trait_combo.setEditable(True)
        self.trait_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.trait_combo.lineEdit().setPlaceholderText("for example salesforce_id")
        self.trait_status = QLabel(wordWrap=True, objectName="traitStatus")
        self.traits_busy = busy_bar()
        self.trait_box = section(QLabel(words.trait_prompt, wordWrap=True), self.trait_combo,
                                  self.traits_busy, self.trait_status)

        self.schema_busy = busy_bar()
        self.schema_status = QLabel(wordWrap=True, objectName="schemaStatus")
        self.extra_traits = TraitPicker()
        self.extra_traits.setObjectName("extraTraits")
        self.closed_won = QCheckBox("Only sync accounts that have a closed-won opportunity",
                                    objectName="onlyClosedWon")
        self.closed_won.setVisible(which == "accounts")
        self.filter_editor = FilterEditor(words.noun)
        self.filter_editor.setObjectName("filterEditor")
        self.problems_label = QLabel(wordWrap=True, objectName="problems")
        self.problems_label.setStyleSheet(PROBLEM_STYLE)

        method_group = QGroupBox("Sync method")
        method_layout = QVBoxLayout(method_group)
        for widget in (self.create_radio, self.update_radio, self.id_box, self.trait_box):
            method_layout.addWidget(widget)
        traits_group = QGroupBox("Traits synced")
        QVBoxLayout(traits_group).addWidget(self.extra_traits)
        which_group = QGroupBox(f"Which {words.noun}")
        which_layout = QVBoxLayout(which_group)
        which_layout.addWidget(self.closed_won)
        which_layout.addWidget(self.filter_editor)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        for widget in (method_group, traits_group, which_group):
            body.addWidget(widget)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.enabled_box)
        column.addWidget(self.schema_busy)
        column.addWidget(self.schema_status)
        column.addWidget(self.body)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems_label)

        self.enabled_box.toggled.connect(self._enabled_changed)
        self.create_radio.toggled.connect(lambda _: self._method_changed())
        self.id_picker.fieldChosen.connect(self._id_chosen)
        self.trait_combo.currentTextChanged.connect(self._trait_typed)
        self.extra_traits.traitsChanged.connect(self._extra_chosen)
        self.closed_won.toggled.connect(self._closed_won_changed)
        self.filter_editor.changed.connect(self.revalidate)

    # filling -------------------------------------------------------------------------------

    def initializePage(self) -> None:
        draft = self.draft
        if self.which != "accounts":
            draft.only_closed_won = False
        self._filling = True
        self.enabled_box.setChecked(draft.enabled)
        self.body.setEnabled(draft.enabled)
        (self.create_radio if draft.method == CREATE else self.update_radio).setChecked(True)
        self._show_method()
        self.trait_combo.setCurrentText(draft.match_trait)
        self.closed_won.setChecked(draft.only_closed_won)
        self.filter_editor.set_draft(draft.filter)
        self._filling = False
        self.schema = catalog_schema(self.state, self.object_name)
        if self.schema is None:
            self._run(functools.partial(load_schema, self.object_name), self._schema_loaded,
                      self._schema_failed, self.schema_busy)
            self.schema_status.setText(f"Loading the fields of {self.object_name} from "
                                       "Salesforce…")
            self.id_picker.set_loading()
        else:
            self._schema_loaded(self.schema)
        if draft.method == UPDATE_EXISTING:
            self._load_traits()
        self.revalidate()

    def _schema_loaded(self, schema: ObjectSchema) -> None:
        self.schema = schema
        self.schema_status.setText("")
        draft = self.draft
        self._filling = True
        self.id_picker.set_fields(schema.fields.values())
        self.id_picker.set_current(draft.id_field, emit=False)
        self.extra_traits.set_fields(schema.fields.values(),
                                     salesforce_default_fields(self.words.model),
                                     draft.extra_traits)
        self.filter_editor.set_schema(schema)
        self._filling = False
        self.revalidate()

    def _schema_failed(self, message: str) -> None:
        self.schema_status.setText(message)
        self.schema_status.setStyleSheet(PROBLEM_STYLE)
        self.revalidate()

    def _load_traits(self) -> None:
        """Trait names already on Gather's records, offered in the editable combo once."""
        if self._traits_loaded:
            return
        self._traits_loaded = True
        self.trait_status.setText(f"Reading the traits of Gather {self.words.model}s…")
        self._run(functools.partial(gather_traits, self.words.model), self._traits_found,
                  self._traits_failed, self.traits_busy)

    def _traits_found(self, traits: list[str]) -> None:
        typed = self.draft.match_trait
        self._filling = True
        self.trait_combo.clear()
        self.trait_combo.addItems(traits)
        self.trait_combo.setCurrentText(typed)
        self._filling = False
        self.trait_status.setText(
            f"{len(traits)} traits found on your Gather {self.words.model}s; you can also "
            "type a trait name." if traits else
            f"No traits found on your Gather {self.words.model}s yet; type the trait name.")

    def _traits_failed(self, message: str) -> None:
        self.trait_status.setText(f"{message} You can still type the trait name.")
        self._traits_loaded = False

    def _run(self, job: Any, done: Callable[[Any], None], failed: Callable[[str], None],
             bar: QProgressBar) -> None:
        """A background job with its busy bar shown and Next disabled until it answers."""
        holder: dict[str, int] = {}

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._jobs.discard(holder["id"])
            bar.setVisible(False)
            callback(value)
            self.completeChanged.emit()

        bar.setVisible(True)
        holder["id"] = self.runner.submit(job, on_done=lambda v: finish(done, v),
                                          on_error=lambda m: finish(failed, m))
        self._jobs.add(holder["id"])
        self.completeChanged.emit()

    # writing back ---------------------------------------------------------------------------

    def _method_changed(self) -> None:
        self._show_method()
        if self._filling:
            return
        self.draft.method = CREATE if self.create_radio.isChecked() else UPDATE_EXISTING
        if self.draft.method == UPDATE_EXISTING:
            self._load_traits()
        self.revalidate()

    def _show_method(self) -> None:
        creates = self.create_radio.isChecked()
        self.id_box.setVisible(creates)
        self.trait_box.setVisible(not creates)

    def _id_chosen(self, name: str) -> None:
        if not self._filling:
            self.draft.id_field = name
            self.revalidate()

    def _trait_typed(self, text: str) -> None:
        if not self._filling:
            self.draft.match_trait = text.strip()
            self.revalidate()

    def _closed_won_changed(self, on: bool) -> None:
        if not self._filling:
            self.draft.only_closed_won = on
            self.revalidate()

    # checking -------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Everything that stops this page's sync from running, in words."""
        draft = self.draft
        if not draft.enabled:
            return []
        if self.schema is None:
            return [self.schema_status.text() or f"The fields of {self.object_name} are not "
                                                 "loaded yet."]
        found: list[str] = []
        if draft.method == CREATE and not draft.id_field:
            found.append(f"{self.words.id_prompt}.")
        if draft.method == UPDATE_EXISTING and not draft.match_trait:
            found.append(f"{self.words.trait_prompt}.")
        filter_problems = self.filter_editor.problems()
        if not found:
            found.extend(self.schema_problems(self.words.key, draft.build()))
        return found + [f"Filter {self.words.noun}: {p}" for p in filter_problems]

    def isComplete(self) -> bool:
        return not self._jobs and not self._problems


def section(*widgets: QWidget) -> QWidget:
    """Widgets indented under the choice they belong to."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(24, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box
