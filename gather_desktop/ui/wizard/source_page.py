"""Choose the source: Salesforce today (HubSpot is shown, disabled, as coming soon), and the
integration's name.

The name is what the command line uses (`gather-desktop sync NAME`) and what the keyring
files the secrets under, so it is checked here with the same rule as an integration file
(1–64 letters, digits, - and _). It cannot change while editing: the run history and the
stored secrets belong to the saved name.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (QButtonGroup, QFormLayout, QLabel, QLineEdit, QRadioButton,
                               QVBoxLayout, QWizardPage)

from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.workers import JobRunner

NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
ERROR_STYLE = "color: #b3261e;"


def name_problem(name: str) -> str | None:
    """Why `name` cannot name an integration, in words; None when it can."""
    if not name:
        return "Give the integration a name, for example salesforce."
    if len(name) > 64:
        return f"The name is {len(name)} characters long; use at most 64."
    if not NAME_PATTERN.fullmatch(name):
        return ("Use only letters, digits, - and _ in the name (no spaces), for example "
                "salesforce-emea.")
    return None


class SourcePage(QWizardPage):
    def __init__(self, state: WizardState, runner: JobRunner, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self.setTitle("Choose the source")
        self.setSubTitle("Where your customer data comes from. Gather Desktop reads it there "
                         "and keeps Gather's accounts, users and models in step with it.")

        self.salesforce_choice = QRadioButton("Salesforce")
        self.salesforce_choice.setObjectName("salesforceChoice")
        self.salesforce_choice.setChecked(True)
        self.hubspot_choice = QRadioButton("HubSpot")
        self.hubspot_choice.setObjectName("hubspotChoice")
        self.sources = QButtonGroup(self)
        self.sources.addButton(self.salesforce_choice)
        self.sources.addButton(self.hubspot_choice)
        self.hubspot_choice.toggled.connect(self._on_source_toggled)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setMaxLength(200)  # over-long names get a message, not a silent cut
        self.name_edit.setPlaceholderText("salesforce")
        self.name_edit.textChanged.connect(self._on_name_edit_changed)
        self.name_hint = QLabel("Used on the command line too: gather-desktop sync NAME.")
        self.name_hint.setObjectName("nameHint")
        self.name_hint.setWordWrap(True)
        self.name_error = QLabel()
        self.name_error.setObjectName("nameError")
        self.name_error.setStyleSheet(ERROR_STYLE)
        self.name_error.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(QLabel("Source"))
        layout.addWidget(self.salesforce_choice)
        layout.addWidget(self.hubspot_choice)
        layout.addSpacing(16)
        form = QFormLayout()
        form.addRow("Integration name:", self.name_edit)
        form.addRow("", self.name_hint)
        form.addRow("", self.name_error)
        layout.addLayout(form)
        layout.addStretch(1)

    def initializePage(self) -> None:
        editing = self.state.editing is not None
        (self.hubspot_choice if self.state.hubspot else self.salesforce_choice).setChecked(True)
        for choice in (self.salesforce_choice, self.hubspot_choice):
            choice.setEnabled(not editing)  # a saved integration keeps its source
        if not self.state.name:
            self.state.name = self.state.source_kind
        self.name_edit.setText(self.state.name)
        self.name_edit.setReadOnly(editing)
        if self.state.editing is not None:
            self.name_hint.setText("The name of a saved integration stays as it is (its run "
                                   "history and stored sign-in belong to it).")
        self._show_problem()

    def isComplete(self) -> bool:
        return name_problem(self.state.name) is None

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return PageId.HUBSPOT_CONNECT if self.state.hubspot else PageId.CONNECT

    def _on_source_toggled(self) -> None:
        """The other source: its own pages follow, and a name still the default follows."""
        kind = "hubspot" if self.hubspot_choice.isChecked() else "salesforce"
        if self.state.name in ("", self.state.source_kind):
            self.name_edit.setText(kind)
        self.state.source_kind = kind
        self.state.catalog = None

    def _on_name_edit_changed(self, text: str) -> None:
        self.state.name = text.strip()
        self._show_problem()
        self.completeChanged.emit()

    def _show_problem(self) -> None:
        self.name_error.setText(name_problem(self.state.name) or "")
