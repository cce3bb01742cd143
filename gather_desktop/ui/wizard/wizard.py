"""The Add Integration wizard (and Edit Integration: the same wizard, filled in).

Every page reads and writes one `WizardState` and starts its background work through the
one `JobRunner` the composition root hands in; both are attributes here so pages can reach
them. Pages are registered under their `PageId`, so QWizard's default order (ascending ids)
is a Salesforce integration's order and tests can name pages; the Source page sends a HubSpot
integration through HubSpot's own Connect, Companies and Contacts pages to the shared Preview
and Review (each page's `nextId`).

Signals: `saved(name)` after the Review page saved the integration; the wizard then closes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QWizard

from gather_desktop.ui.wizard.connect_page import ConnectPage
from gather_desktop.ui.wizard.hubspot_connect_page import HubSpotConnectPage
from gather_desktop.ui.wizard.hubspot_sync_page import HubSpotSyncPage
from gather_desktop.ui.wizard.objects_page import ObjectsPage
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.preview_page import PreviewPage
from gather_desktop.ui.wizard.review_page import ReviewPage
from gather_desktop.ui.wizard.source_page import SourcePage
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.wizard.sync_page import SyncPage
from gather_desktop.ui.workers import JobRunner

MINIMUM_SIZE = QSize(820, 600)


class IntegrationWizard(QWizard):
    saved = Signal(str)

    def __init__(self, runner: JobRunner, state: WizardState | None = None,
                 parent=None, *, start: PageId = PageId.SOURCE) -> None:
        """`start` lets Reconnect open an existing integration straight at its sign-in."""
        super().__init__(parent)
        self.runner = runner
        self.state = state if state is not None else WizardState()
        self.setWindowTitle("Edit Integration" if self.state.editing else "Add Integration")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(MINIMUM_SIZE)

        state = self.state
        self.connect_page = ConnectPage(state, runner)
        self.hubspot_connect_page = HubSpotConnectPage(state, runner)
        self.review_page = ReviewPage(state, runner)
        pages = {
            PageId.SOURCE: SourcePage(state, runner),
            PageId.CONNECT: self.connect_page,
            PageId.ACCOUNTS: SyncPage(state, runner, which="accounts"),
            PageId.CONTACTS: SyncPage(state, runner, which="users"),
            PageId.OBJECTS: ObjectsPage(state, runner),
            PageId.PREVIEW: PreviewPage(state, runner),
            PageId.REVIEW: self.review_page,
            PageId.HUBSPOT_CONNECT: self.hubspot_connect_page,
            PageId.HUBSPOT_COMPANIES: HubSpotSyncPage(state, runner, which="accounts"),
            PageId.HUBSPOT_CONTACTS: HubSpotSyncPage(state, runner, which="users"),
        }
        for page_id, page in pages.items():
            self.setPage(page_id, page)
        self.setStartId(start)
        self.review_page.saved.connect(self._on_review_page_saved)

    def done(self, result: int) -> None:
        """Closing (Cancel, Esc, or after Save) stops a browser sign-in still waiting."""
        self.connect_page.cancel_sign_in()
        self.hubspot_connect_page.cancel_sign_in()
        super().done(result)

    def _on_review_page_saved(self, name: str) -> None:
        self.saved.emit(name)
        self.accept()
