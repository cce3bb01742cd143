"""Connect to HubSpot: a private app's access token, or the browser sign-in; a test before
Next (`TestedConnectPage`).

A private app token is what most ops teams can get themselves (HubSpot: Settings →
Integrations → Private Apps); the browser sign-in needs a public app's client ID and secret
from whoever built it. The API address is under Advanced: it is HubSpot's own unless the
local demo sandbox stands in for it.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtWidgets import (QButtonGroup, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QRadioButton, QVBoxLayout, QWidget)

from gather_desktop.jobs.source_jobs import SourceCatalog, hubspot_browser_connect
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.state import HUBSPOT_API, WizardState
from gather_desktop.ui.wizard.tested_connect_page import TestedConnectPage
from gather_desktop.ui.workers import JobRunner

SCOPES_HINT = ("The app needs these scopes: crm.objects.companies.read, "
               "crm.objects.contacts.read, crm.schemas.companies.read and "
               "crm.schemas.contacts.read. Gather Desktop only reads from HubSpot.")


class HubSpotConnectPage(TestedConnectPage):
    source_noun = "HubSpot"

    def __init__(self, state: WizardState, runner: JobRunner, parent=None) -> None:
        super().__init__(state, runner, parent)
        self.setTitle("Connect your HubSpot account")
        self.setSubTitle("Allow Gather Desktop to read your HubSpot companies and contacts, "
                         "then test the connection.")

        self.token_radio = QRadioButton("Private app access token", objectName="tokenRadio")
        self.browser_radio = QRadioButton("Sign in with browser (a HubSpot public app)",
                                          objectName="hubspotBrowserRadio")
        self.auth_choice = QButtonGroup(self)
        self.auth_choice.addButton(self.token_radio)
        self.auth_choice.addButton(self.browser_radio)

        self.token_edit = QLineEdit(objectName="accessTokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("pat-…")
        token_hint = QLabel("In HubSpot: Settings → Integrations → Private Apps → your app → "
                            "Access token → Copy. " + SCOPES_HINT, wordWrap=True)
        self.token_box = QWidget()
        token_form = QFormLayout(self.token_box)
        token_form.setContentsMargins(24, 0, 0, 0)
        token_form.addRow("Access token:", self.token_edit)
        token_form.addRow("", token_hint)

        self.client_id_edit = QLineEdit(objectName="hubspotClientIdEdit")
        self.client_secret_edit = QLineEdit(objectName="hubspotClientSecretEdit")
        self.client_secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        browser_hint = QLabel("Your browser opens HubSpot, where you choose the account and "
                              "allow access; come back here afterwards. " + SCOPES_HINT,
                              wordWrap=True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.browser_button)
        buttons.addWidget(self.cancel_sign_in_button)
        buttons.addStretch(1)
        self.browser_box = QWidget()
        browser_form = QFormLayout(self.browser_box)
        browser_form.setContentsMargins(24, 0, 0, 0)
        browser_form.addRow("Client ID:", self.client_id_edit)
        browser_form.addRow("Client secret:", self.client_secret_edit)
        browser_form.addRow("", browser_hint)
        browser_form.addRow("", buttons)

        how = QGroupBox("Sign in")
        how_layout = QVBoxLayout(how)
        for widget in (self.token_radio, self.token_box, self.browser_radio, self.browser_box):
            how_layout.addWidget(widget)

        self.base_url_edit = QLineEdit(objectName="baseUrlEdit")
        self.base_url_edit.setPlaceholderText(HUBSPOT_API)
        self.advanced_box = QWidget()
        advanced_form = QFormLayout(self.advanced_box)
        advanced_form.setContentsMargins(24, 0, 0, 0)
        advanced_form.addRow("HubSpot API address:", self.base_url_edit)

        self._lay_out(how, advanced=self.advanced_box)

        for edit in (self.token_edit, self.client_id_edit, self.client_secret_edit,
                     self.base_url_edit):
            edit.textChanged.connect(self._on_value_changed)
        for button in (self.token_radio, self.browser_radio):
            button.toggled.connect(self._on_value_changed)

    def initializePage(self) -> None:
        state = self.state
        self._filling = True
        self.browser_radio.setChecked(state.hubspot_auth == "oauth")
        self.token_radio.setChecked(state.hubspot_auth != "oauth")
        self.token_edit.setText(state.secrets.get("access_token", ""))
        self.client_id_edit.setText(state.client_id)
        self.client_secret_edit.setText(state.secrets.get("client_secret", ""))
        self._refresh_token = state.secrets.get("refresh_token", "")
        url = state.base_url.strip().rstrip("/")
        self.base_url_edit.setText("" if url == HUBSPOT_API else url)
        self.advanced_toggle.setChecked(url != HUBSPOT_API)
        self._filling = False
        self._on_value_changed()

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return PageId.HUBSPOT_COMPANIES

    # -- TestedConnectPage -----------------------------------------------------------------

    def _write_state(self) -> None:
        state = self.state
        state.hubspot_auth = "oauth" if self.browser_radio.isChecked() else "private_app"
        state.base_url = self.base_url_edit.text().strip().rstrip("/") or HUBSPOT_API
        state.client_id = self.client_id_edit.text().strip()
        if state.hubspot_auth == "private_app":
            state.secrets = {"access_token": self.token_edit.text().strip()}
        else:
            state.secrets = {"client_secret": self.client_secret_edit.text().strip()}
            if self._refresh_token:
                state.secrets["refresh_token"] = self._refresh_token

    def _input_problem(self) -> str | None:
        url = self.state.base_url
        if not url.lower().startswith(("https://", "http://127.0.0.1", "http://localhost")):
            return f"The HubSpot API address starts with https://, for example {HUBSPOT_API}."
        if self.token_radio.isChecked():
            if not self.token_edit.text().strip():
                return "Paste your private app's access token (see where to find it above)."
        elif not (self.client_id_edit.text().strip() and self.client_secret_edit.text().strip()):
            return ("Signing in with the browser needs the HubSpot app's client ID and client "
                    "secret (whoever set up the app has them).")
        return None

    def _browser_job(self) -> Any:
        return functools.partial(hubspot_browser_connect, self.state.source(),
                                 self.client_secret_edit.text().strip(), self.open_browser,
                                 self.browser_timeout)

    def _browser_chosen(self) -> bool:
        return self.browser_radio.isChecked()

    def _connected_words(self, catalog: SourceCatalog) -> str:
        fields = sum(len(schema.fields) for schema in catalog.schemas.values())
        return (f"Connected: HubSpot lets Gather Desktop read companies and contacts "
                f"({fields} properties). Press Next.")

    # -- slots -----------------------------------------------------------------------------

    def _on_value_changed(self) -> None:
        if self._filling:
            return
        self._write_state()
        browser = self.browser_radio.isChecked()
        self.token_box.setVisible(not browser)
        self.browser_box.setVisible(browser)
        self.test_button.setVisible(not browser)
        self._after_value_changed()
