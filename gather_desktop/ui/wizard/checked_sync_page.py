"""What the sync pages of both sources share: they are checked with the same
`validate_against_schema` the command line runs, so Next is only enabled for a sync the
command line would accept too, and the problems are listed on the page in words.

A subclass sets `state`, `draft_key` (the draft's attribute on the state), `object_name`,
`schema`, `body`, `problems_label` and `filter_editor`, and says which problems it has
(`problems()`); `schema_problems(key, built)` checks its part of the draft against the
source's schemas.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from gather_desktop.core.integration import Integration
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.core.validation import validate_against_schema

PROBLEM_STYLE = "color: #c0392b;"

#: Where in a sync a validation problem points, named as the pages name that part.
PART_NAMES = (("id_field", "ID field"), ("id_property", "ID"), ("match_trait", "Trait"),
              ("extra_traits", "Extra traits"), ("only_closed_won", "Closed-won"),
              ("filter", "Filter"))


def catalog_objects(state: Any) -> list[ObjectSummary]:
    """The source's objects as the Connect page listed them (empty before it has)."""
    catalog = getattr(state, "catalog", None)
    return list(catalog.objects) if catalog is not None else []


def catalog_schema(state: Any, name: str) -> ObjectSchema | None:
    """A schema the Connect page already loaded, by object name, case-insensitively."""
    catalog = getattr(state, "catalog", None)
    if catalog is None:
        return None
    for known, schema in catalog.schemas.items():
        if known.lower() == name.lower():
            return schema
    return None


def described_problem(key: str, problem: str) -> str:
    """"accounts.extra_traits[1]: X is not a field…" → "Extra traits: X is not a field…"."""
    path, _, text = problem.partition(": ")
    rest = path.removeprefix(key).lstrip(".")
    for part, name in PART_NAMES:
        if rest.startswith(part):
            return f"{name}: {text}"
    return text or problem


class CheckedSyncPage(QWizardPage):
    draft_key: str
    object_name: str
    schema: ObjectSchema | None
    body: QWidget
    problems_label: QLabel
    _problems: list[str]
    _filling: bool

    @property
    def draft(self) -> Any:
        """The part of the wizard's draft this page edits (a SyncDraft or a HubSpotDraft)."""
        return getattr(self.state, self.draft_key)

    def _enabled_changed(self, on: bool) -> None:
        self.body.setEnabled(on)
        if not self._filling:
            self.draft.enabled = on
            self.revalidate()

    def _extra_chosen(self, names: list[str]) -> None:
        if not self._filling:
            self.draft.extra_traits = list(names)
            self.revalidate()

    def problems(self) -> list[str]:
        raise NotImplementedError

    def schema_problems(self, key: str, built: Any) -> list[str]:
        """This page's part of the draft (`key`: accounts or users) checked against the
        source; filter problems are left to the filter editor's own rows."""
        state = self.state
        integration = Integration(name=state.name.strip() or "draft", source=state.source(),
                                  **{key: built})
        problems = validate_against_schema(
            integration, self._schemas,
            catalog_objects(state) or [ObjectSummary(self.object_name, self.object_name,
                                                     False, True)])
        mine = [p for p in problems if p.split(":")[0].split(".")[0].split("[")[0] == key]
        if problems and not mine:  # something before this page blocks checking it; say so
            return problems
        return [described_problem(key, p) for p in mine
                if not p.startswith(f"{key}.filter")]

    def _schemas(self, name: str) -> ObjectSchema:
        if self.schema is not None and name.lower() == self.object_name.lower():
            return self.schema
        known = catalog_schema(self.state, name)
        if known is None:
            raise LookupError(f"the fields of {name} were not loaded on the Connect page")
        return known

    def revalidate(self) -> None:
        self._problems = self.problems()
        self.problems_label.setText("\n".join(f"• {p}" for p in self._problems))
        self.problems_label.setVisible(bool(self._problems))
        self.completeChanged.emit()

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        self.revalidate()
        return self.isComplete()
