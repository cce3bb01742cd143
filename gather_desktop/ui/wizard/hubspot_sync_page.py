"""The Companies and Contacts pages of a HubSpot integration, in the words of Gather's HubSpot
help page (seed 002): how each record is identified, which properties are synced, which
records.

HubSpot has no "sync method" to choose: its rule is create if not found, update if found, and
the page says so. The ID choice is the seed's: a property holding your internal ID, HubSpot's
own `companyId` / `vid`, or (contacts) `email`, each with the seed's explanation. The draft
is checked with the same `validate_against_schema` the command line runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFrame, QGroupBox, QLabel, QRadioButton,
                               QScrollArea, QVBoxLayout, QWidget)

from gather_desktop.core.defaults import HUBSPOT_DEFAULT_TRAITS, HUBSPOT_OBJECTS
from gather_desktop.core.schema import ObjectSchema
from gather_desktop.jobs.schema_jobs import load_schema
from gather_desktop.ui.wizard.field_picker import FieldPicker
from gather_desktop.ui.wizard.filter_editor import FilterEditor
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.wizard.checked_sync_page import (PROBLEM_STYLE, CheckedSyncPage,
                                                        catalog_schema)
from gather_desktop.ui.wizard.sync_page import busy_bar, section
from gather_desktop.ui.wizard.trait_picker import TraitPicker
from gather_desktop.ui.workers import JobRunner

INTERNAL_ID = ""    # the draft's id_property is then the chosen property's name


@dataclass(frozen=True)
class Choice:
    value: str          # the id_property written to the file ("" = a property, chosen below)
    text: str
    explanation: str


@dataclass(frozen=True)
class HubSpotWords:
    key: str            # the integration file's key: accounts, users
    draft: str          # the WizardState attribute: companies, contacts
    model: str          # account, user
    title: str
    enable: str
    id_name: str        # "Account ID", "User ID"
    record: str         # company, contact
    noun: str           # companies, contacts
    choices: tuple[Choice, ...]
    next_page: PageId


INTERNAL = ("If your developers have configured HubSpot in such a way that each company and "
            "contact contains a property that contains the internal ID from your application "
            "database, then you should provide the name of that property here. This is often "
            "the case if your application backend creates new HubSpot companies/contacts when "
            "they're added to your system or if you're using HubSpot's live chat in your web "
            "app.")
HUBSPOT_IDS = ("If HubSpot is the central source of customer data in your application, you may "
               "want to use the HubSpot companyId and contact's vid as your unique IDs. Bear in "
               "mind, this will require your developers to use this HubSpot ID throughout your "
               "application and any other SaaS apps you use, otherwise Gather won't be able to "
               "connect your customer data into a single unified record.")
EMAIL = ("Often an email address is the easiest ID to use to uniquely identify your end users. "
         "Choose it if you store your customers' email addresses in your own system and those "
         "email addresses are used in all the other apps you'd like to connect to Gather.")
RULE = ("HubSpot's syncing rules: if an existing {model} cannot be found in Gather, a new one "
        "is created; if an existing {model} is found, it is updated with the properties from "
        "HubSpot.")

WORDS = {
    "accounts": HubSpotWords(
        "accounts", "companies", "account", "Sync Companies",
        "Sync HubSpot companies to Gather accounts", "Account ID", "company", "companies",
        (Choice(INTERNAL_ID, "Using an internal ID: a company property", INTERNAL),
         Choice("companyId", "Using the HubSpot companyId", HUBSPOT_IDS)),
        PageId.HUBSPOT_CONTACTS),
    "users": HubSpotWords(
        "users", "contacts", "user", "Sync Contacts",
        "Sync HubSpot contacts to Gather users", "User ID", "contact", "contacts",
        (Choice(INTERNAL_ID, "Using an internal ID: a contact property", INTERNAL),
         Choice("vid", "Using the HubSpot contact vid", HUBSPOT_IDS),
         Choice("email", "Using an email address", EMAIL)),
        PageId.PREVIEW),
}


class HubSpotSyncPage(CheckedSyncPage):
    def __init__(self, state: WizardState, runner: JobRunner, which: str = "accounts",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.runner = state, runner
        self.words = words = WORDS[which]
        self.draft_key = words.draft
        self.object_name = HUBSPOT_OBJECTS[words.model]
        self.schema: ObjectSchema | None = None
        self._job: int | None = None
        self._filling = False
        self._problems: list[str] = []
        self.setTitle(words.title)
        self.setSubTitle(f"Choose how each HubSpot {words.record} is identified in Gather, "
                         "which properties it carries and which ones are synced.")

        self.enabled_box = QCheckBox(words.enable, objectName="syncEnabled")
        self.rule_label = QLabel(RULE.format(model=words.model), wordWrap=True,
                                 objectName="hubspotRule")
        self.choice_buttons: dict[str, QRadioButton] = {}
        choices = QButtonGroup(self)
        id_group = QGroupBox(f"{words.id_name}: how each {words.record} is identified")
        id_layout = QVBoxLayout(id_group)
        self.id_picker = FieldPicker()
        self.id_picker.setObjectName("idProperty")
        self.id_picker.setMaximumHeight(220)  # the seed's other choices stay in view
        for choice in words.choices:
            button = QRadioButton(choice.text, objectName=f"idChoice_{choice.value or 'prop'}")
            choices.addButton(button)
            self.choice_buttons[choice.value] = button
            explanation = QLabel(choice.explanation, wordWrap=True)
            parts: list[QWidget] = [explanation]
            if choice.value == INTERNAL_ID:
                parts.append(QLabel(f"For {words.id_name}, choose the {words.record} property "
                                    "that contains your internal ID:", wordWrap=True))
                parts.append(self.id_picker)
            id_layout.addWidget(button)
            id_layout.addWidget(section(*parts))
            button.toggled.connect(self._choice_changed)

        self.schema_busy = busy_bar()
        self.schema_status = QLabel(wordWrap=True, objectName="schemaStatus")
        self.extra_traits = TraitPicker()
        self.extra_traits.setObjectName("extraTraits")
        self.filter_editor = FilterEditor(words.noun)
        self.filter_editor.setObjectName("filterEditor")
        self.problems_label = QLabel(wordWrap=True, objectName="problems")
        self.problems_label.setStyleSheet(PROBLEM_STYLE)

        traits_group = QGroupBox("Properties synced")
        QVBoxLayout(traits_group).addWidget(self.extra_traits)
        which_group = QGroupBox(f"Which {words.noun}")
        QVBoxLayout(which_group).addWidget(self.filter_editor)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        for widget in (self.rule_label, id_group, traits_group, which_group):
            body.addWidget(widget)
        content = QWidget()
        column = QVBoxLayout(content)
        for widget in (self.enabled_box, self.schema_busy, self.schema_status, self.body):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems_label)

        self.enabled_box.toggled.connect(self._enabled_changed)
        self.id_picker.fieldChosen.connect(self._property_chosen)
        self.extra_traits.traitsChanged.connect(self._extra_chosen)
        self.filter_editor.changed.connect(self.revalidate)

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return self.words.next_page

    # filling -------------------------------------------------------------------------------

    def initializePage(self) -> None:
        draft = self.draft
        self._filling = True
        self.enabled_box.setChecked(draft.enabled)
        self.body.setEnabled(draft.enabled)
        self._choice_button(draft.id_property).setChecked(True)
        self.filter_editor.set_draft(draft.filter)
        self._filling = False
        self.schema = catalog_schema(self.state, self.object_name)
        if self.schema is None:
            self.schema_status.setText(f"Loading the {self.words.record} properties from "
                                       "HubSpot…")
            self.id_picker.set_loading(f"Loading the {self.words.record} properties from "
                                       "HubSpot…")
            self.schema_busy.setVisible(True)
            self._job = self.runner.submit(functools.partial(load_schema, self.object_name),
                                           on_done=self._schema_loaded,
                                           on_error=self._schema_failed)
        else:
            self._schema_loaded(self.schema)
        self.revalidate()

    def _choice_button(self, id_property: str) -> QRadioButton:
        return self.choice_buttons.get(id_property, self.choice_buttons[INTERNAL_ID])

    def _schema_loaded(self, schema: ObjectSchema) -> None:
        self._job = None
        self.schema_busy.setVisible(False)
        self.schema = schema
        self.schema_status.setText("")
        draft = self.draft
        defaults = {prop: trait for trait, prop in HUBSPOT_DEFAULT_TRAITS[self.words.model]}
        self._filling = True
        self.id_picker.set_fields(schema.fields.values())
        if draft.id_property not in self.choice_buttons:
            self.id_picker.set_current(draft.id_property, emit=False)
        self.extra_traits.set_fields(schema.fields.values(), list(defaults),
                                     draft.extra_traits, trait_of=defaults.get)
        self.filter_editor.set_schema(schema)
        self._filling = False
        self._show_choice()
        self.revalidate()

    def _schema_failed(self, message: str) -> None:
        self._job = None
        self.schema_busy.setVisible(False)
        self.schema_status.setText(message)
        self.schema_status.setStyleSheet(PROBLEM_STYLE)
        self.revalidate()

    # writing back ---------------------------------------------------------------------------

    def _choice_changed(self) -> None:
        self._show_choice()
        if self._filling:
            return
        chosen = self._chosen_value()
        self.draft.id_property = chosen if chosen != INTERNAL_ID else self.id_picker.current()
        self.revalidate()

    def _chosen_value(self) -> str:
        return next(value for value, button in self.choice_buttons.items()
                    if button.isChecked())

    def _show_choice(self) -> None:
        self.id_picker.setEnabled(self.choice_buttons[INTERNAL_ID].isChecked())

    def _property_chosen(self, name: str) -> None:
        if not self._filling and self._chosen_value() == INTERNAL_ID:
            self.draft.id_property = name
            self.revalidate()

    # checking -------------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Everything that stops this page's sync from running, in words."""
        draft = self.draft
        if not draft.enabled:
            return []
        if self.schema is None:
            return [self.schema_status.text() or f"The {self.words.record} properties are "
                                                 "not loaded yet."]
        if not draft.id_property:
            return [f"For {self.words.id_name}, choose the {self.words.record} property that "
                    "contains your internal ID, or another way to identify them."]
        return (self.schema_problems(self.words.key, draft.build())
                + [f"Filter {self.words.noun}: {p}" for p in self.filter_editor.problems()])

    def isComplete(self) -> bool:
        return self._job is None and not self._problems
