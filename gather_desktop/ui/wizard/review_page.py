"""Review and save: every choice in plain words, then Save.

People who are afraid of breaking data read this page before anything is stored, so it says
what will happen in the words of the earlier pages (the seed's own), not as a file. Save runs
as a job (`jobs.source_jobs.save_wizard_integration`): the org checks every field again,
Gather creates the custom models, the keyring takes the secrets, and only then is the
integration saved. A failure is shown here and the wizard stays open.

Signals: `saved(name)` after a successful save.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QLabel, QProgressBar, QScrollArea, QVBoxLayout, QWizard,
                               QWizardPage)

from gather_desktop.core.defaults import STANDARD_MODELS
from gather_desktop.core.integration import CREATE, LIST_OPS, NO_VALUE_OPS
from gather_desktop.core.naming import trait_name
from gather_desktop.jobs.source_jobs import save_wizard_integration
from gather_desktop.ui.wizard.source_page import ERROR_STYLE
from gather_desktop.ui.wizard.state import (HUBSPOT_API, PRODUCTION, SANDBOX, FilterDraft,
                                            HubSpotDraft, ObjectDraft, SyncDraft, WizardState)
from gather_desktop.ui.workers import JobRunner

OPERATOR_WORDS = {"eq": "equals", "ne": "does not equal", "contains": "contains",
                  "not_contains": "does not contain", "starts_with": "starts with",
                  "gt": "greater than", "gte": "greater than or equal to", "lt": "less than",
                  "lte": "less than or equal to", "in": "is one of", "not_in": "is not one of",
                  "is_empty": "is empty", "is_not_empty": "is not empty"}


def _value_words(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def filter_words(draft: FilterDraft) -> str:
    """"all of Industry equals Energy; NumberOfEmployees greater than 50", or "none"."""
    built = draft.build()
    if built is None:
        return "none"
    parts = []
    for condition in built.conditions:
        words = f"{condition.field} {OPERATOR_WORDS.get(condition.op, condition.op)}"
        if condition.op in LIST_OPS and isinstance(condition.value, (list, tuple)):
            words += " " + ", ".join(_value_words(v) for v in condition.value)
        elif condition.op not in NO_VALUE_OPS:
            words += " " + _value_words(condition.value)
        parts.append(words)
    return f"{built.match} of " + "; ".join(parts)


def _traits_words(fields: list[str], what: str) -> str:
    if not fields:
        return f"no {what}"
    names = ", ".join(trait_name(name) for name in fields)
    return f"{len(fields)} {what if len(fields) != 1 else what.rstrip('s')} ({names})"


def sync_words(title: str, plural: str, draft: SyncDraft, *, accounts: bool) -> str:
    """One line for Accounts or Contacts, in the seed's words."""
    if not draft.enabled:
        return f"{title}: not synced"
    if draft.method == CREATE:
        parts = [f"Create new Gather {plural}", f"Gather ID from {draft.id_field}"]
    else:
        parts = [f"Only update existing Gather {plural}",
                 f"matched on the Gather trait {draft.match_trait} (the Salesforce Id)"]
    parts.append(_traits_words(draft.extra_traits, "extra traits"))
    if accounts and draft.only_closed_won:
        parts.append("only accounts with a closed-won opportunity")
    parts.append(f"filter: {filter_words(draft.filter)}")
    return f"{title}: " + ", ".join(parts)


def object_words(draft: ObjectDraft) -> str:
    return (f"{draft.object} → Gather model {draft.model}: ID from {draft.id_field}, "
            f"{_traits_words(draft.traits, 'traits')}, filter: {filter_words(draft.filter)}")


def hubspot_sync_words(title: str, plural: str, draft: HubSpotDraft) -> str:
    """One line for HubSpot companies or contacts: create or update, by which ID."""
    if not draft.enabled:
        return f"{title}: not synced"
    return (f"{title}: create or update Gather {plural}, ID from {draft.id_property}, "
            f"{_traits_words(draft.extra_traits, 'extra properties')}, "
            f"filter: {filter_words(draft.filter)}")


def connection_words(state: WizardState) -> str:
    if state.hubspot:
        where = "" if state.base_url.rstrip("/") == HUBSPOT_API else f" at {state.base_url}"
        how = ("with a private app access token" if state.hubspot_auth == "private_app"
               else "with the browser sign-in")
        return f"HubSpot{where}, {how}"
    url = state.login_url.strip().rstrip("/")
    where = {PRODUCTION: "production", SANDBOX: "sandbox"}.get(url, url)
    how = (f"as {state.username}, with password and security token" if state.auth == "password"
           else "with the browser sign-in")
    return f"Salesforce ({where}), {how}"


def summary_lines(state: WizardState) -> list[str]:
    """The whole integration as sentences: what the Review page shows."""
    if state.hubspot:
        return [f"Name: {state.name}", f"Source: {connection_words(state)}",
                hubspot_sync_words("Companies", "accounts", state.companies),
                hubspot_sync_words("Contacts", "users", state.contacts)]
    lines = [f"Name: {state.name}", f"Source: {connection_words(state)}",
             sync_words("Accounts", "Accounts", state.accounts, accounts=True),
             sync_words("Contacts", "Users", state.users, accounts=False)]
    if state.objects:
        lines += [f"Custom object: {object_words(draft)}" for draft in state.objects]
    else:
        lines.append("Custom objects: none")
    return lines


def models_to_create(state: WizardState) -> list[str]:
    if state.hubspot:
        return []
    return [draft.model for draft in state.objects if draft.model not in STANDARD_MODELS]


class ReviewPage(QWizardPage):
    saved = Signal(str)

    def __init__(self, state: WizardState, runner: JobRunner, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.runner = runner
        self._job: int | None = None
        self._done = False
        self.setTitle("Review and save")
        self.setSubTitle("Check every choice. Saving checks them against the source once "
                         "more; nothing is sent to Gather until you sync.")
        self.setFinalPage(True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Save")

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.summary_label)
        self.models_label = QLabel()
        self.models_label.setObjectName("modelsLabel")
        self.models_label.setWordWrap(True)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyBar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.models_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:
        self._done = False
        self.error_label.setText("")
        items = "".join(f"<li style='margin-bottom:6px'>{html.escape(line)}</li>"
                        for line in summary_lines(self.state))
        self.summary_label.setText(f"<ul style='margin-left:-20px'>{items}</ul>")
        models = models_to_create(self.state)
        self.models_label.setText(
            "Gather will create these models when you save (one that exists is used as it "
            f"is): {', '.join(models)}." if models else "No custom models to create in Gather.")

    def isComplete(self) -> bool:
        return self._job is None

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return -1  # the last page for either source (HubSpot's pages have higher ids)

    def validatePage(self) -> bool:
        """Save in the background; Finish goes through once the save has succeeded."""
        if self._done:
            return True
        if self._job is None:
            self.error_label.setText("")
            self.busy_bar.setVisible(True)
            job = functools.partial(save_wizard_integration, self.state.to_integration(),
                                    dict(self.state.secrets), self.state.editing)
            self._job = self.runner.submit(job, on_done=self._on_saved,
                                           on_error=self._on_failed)
            self.completeChanged.emit()
        return False

    def _on_saved(self, name: str) -> None:
        self._job = None
        self._done = True
        self.busy_bar.setVisible(False)
        self.completeChanged.emit()
        self.saved.emit(name)

    def _on_failed(self, message: str) -> None:
        self._job = None
        self.busy_bar.setVisible(False)
        self.error_label.setText(message)
        self.completeChanged.emit()
