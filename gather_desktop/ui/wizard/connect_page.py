"""Connect to Salesforce: where the org signs in, how, and a test before Next.

Next is enabled only after a successful test with the values on the page now (the URL, the
user, a password, the CA bundle): `TestedConnectPage` holds that rule and the test itself.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtWidgets import (QButtonGroup, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout,
                               QWidget)

from gather_desktop.jobs.source_jobs import browser_connect
from gather_desktop.ui.wizard.state import PRODUCTION, SANDBOX, WizardState
from gather_desktop.ui.wizard.tested_connect_page import TestedConnectPage
from gather_desktop.ui.workers import JobRunner


class ConnectPage(TestedConnectPage):
    source_noun = "Salesforce"

    def __init__(self, state: WizardState, runner: JobRunner, parent=None) -> None:
        super().__init__(state, runner, parent)
        self.setTitle("Connect to Salesforce")
        self.setSubTitle("Sign in to the Salesforce org to sync from, then test the "
                         "connection. Gather Desktop only reads from Salesforce.")

        # Where the org signs in.
        self.production_radio = QRadioButton(f"Production ({PRODUCTION})")
        self.production_radio.setObjectName("productionRadio")
        self.sandbox_radio = QRadioButton(f"Sandbox ({SANDBOX})")
        self.sandbox_radio.setObjectName("sandboxRadio")
        self.my_domain_radio = QRadioButton("My Domain:")
        self.my_domain_radio.setObjectName("myDomainRadio")
        self.my_domain_edit = QLineEdit()
        self.my_domain_edit.setObjectName("myDomainEdit")
        self.my_domain_edit.setPlaceholderText("https://yourcompany.my.salesforce.com")
        self.environments = QButtonGroup(self)
        for button in (self.production_radio, self.sandbox_radio, self.my_domain_radio):
            self.environments.addButton(button)
        my_domain_row = QHBoxLayout()
        my_domain_row.addWidget(self.my_domain_radio)
        my_domain_row.addWidget(self.my_domain_edit, 1)
        where = QGroupBox("Salesforce environment")
        where_layout = QVBoxLayout(where)
        where_layout.addWidget(self.production_radio)
        where_layout.addWidget(self.sandbox_radio)
        where_layout.addLayout(my_domain_row)

        # How to sign in.
        self.browser_radio = QRadioButton("Sign in with browser (recommended; works with "
                                          "single sign-on and MFA)")
        self.browser_radio.setObjectName("browserRadio")
        self.password_radio = QRadioButton("User name, password and security token")
        self.password_radio.setObjectName("passwordRadio")
        self.auth_choice = QButtonGroup(self)
        self.auth_choice.addButton(self.browser_radio)
        self.auth_choice.addButton(self.password_radio)

        self.browser_hint = QLabel("Your browser opens Salesforce's sign-in page; come back "
                                   "here after choosing Allow.")
        self.browser_hint.setWordWrap(True)
        self.browser_box = QWidget()
        browser_layout = QHBoxLayout(self.browser_box)
        browser_layout.setContentsMargins(24, 0, 0, 0)
        browser_layout.addWidget(self.browser_button)
        browser_layout.addWidget(self.cancel_sign_in_button)
        browser_layout.addWidget(self.browser_hint, 1)

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setPlaceholderText("you@company.com")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit = QLineEdit()
        self.token_edit.setObjectName("tokenEdit")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText("emailed by Salesforce; empty from a trusted network")
        self.password_box = QWidget()
        password_form = QFormLayout(self.password_box)
        password_form.setContentsMargins(24, 0, 0, 0)
        password_form.addRow("User name:", self.username_edit)
        password_form.addRow("Password:", self.password_edit)
        password_form.addRow("Security token:", self.token_edit)

        how = QGroupBox("Sign in")
        how_layout = QVBoxLayout(how)
        how_layout.addWidget(self.browser_radio)
        how_layout.addWidget(self.browser_box)
        how_layout.addWidget(self.password_radio)
        how_layout.addWidget(self.password_box)

        # Advanced: the connected app and the company CA bundle.
        self.client_id_edit = QLineEdit()
        self.client_id_edit.setObjectName("clientIdEdit")
        self.client_id_edit.setPlaceholderText("the connected app's Consumer Key (browser "
                                               "sign-in)")
        self.ca_bundle_edit = QLineEdit()
        self.ca_bundle_edit.setObjectName("caBundleEdit")
        self.ca_bundle_edit.setPlaceholderText("a .pem file from IT, for a company proxy")
        browse = QPushButton("Choose…")
        browse.setObjectName("caBundleBrowse")
        browse.clicked.connect(self._on_browse_clicked)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle_edit, 1)
        ca_row.addWidget(browse)
        self.advanced_box = QWidget()
        advanced_form = QFormLayout(self.advanced_box)
        advanced_form.setContentsMargins(24, 0, 0, 0)
        advanced_form.addRow("Consumer Key:", self.client_id_edit)
        advanced_form.addRow("CA bundle:", ca_row)

        self._lay_out(where, how, advanced=self.advanced_box)

        for edit in (self.my_domain_edit, self.username_edit, self.password_edit,
                     self.token_edit, self.client_id_edit, self.ca_bundle_edit):
            edit.textChanged.connect(self._on_value_changed)
        for button in (self.production_radio, self.sandbox_radio, self.my_domain_radio,
                       self.browser_radio, self.password_radio):
            button.toggled.connect(self._on_value_changed)

    # -- QWizardPage ---------------------------------------------------------------------

    def initializePage(self) -> None:
        state = self.state
        self._filling = True
        url = state.login_url.strip().rstrip("/")
        self.production_radio.setChecked(url == PRODUCTION)
        self.sandbox_radio.setChecked(url == SANDBOX)
        self.my_domain_radio.setChecked(url not in (PRODUCTION, SANDBOX))
        self.my_domain_edit.setText("" if url in (PRODUCTION, SANDBOX) else url)
        self.browser_radio.setChecked(state.auth == "oauth")
        self.password_radio.setChecked(state.auth != "oauth")
        self.username_edit.setText(state.username)
        self.password_edit.setText(state.secrets.get("password", ""))
        self.token_edit.setText(state.secrets.get("security_token", ""))
        self._refresh_token = state.secrets.get("refresh_token", "")
        self.client_id_edit.setText(state.client_id)
        self.ca_bundle_edit.setText(state.ca_bundle)
        self.advanced_toggle.setChecked(bool(state.client_id or state.ca_bundle))
        self._filling = False
        self._on_value_changed()

    # -- reading the page ----------------------------------------------------------------

    def _login_url(self) -> str:
        if self.production_radio.isChecked():
            return PRODUCTION
        if self.sandbox_radio.isChecked():
            return SANDBOX
        return self.my_domain_edit.text().strip().rstrip("/")

    def _write_state(self) -> None:
        state = self.state
        state.login_url = self._login_url()
        state.auth = "oauth" if self.browser_radio.isChecked() else "password"
        state.username = self.username_edit.text().strip()
        state.client_id = self.client_id_edit.text().strip()
        state.ca_bundle = self.ca_bundle_edit.text().strip()
        if state.auth == "password":
            state.secrets = {"password": self.password_edit.text(),
                             "security_token": self.token_edit.text().strip()}
        else:
            state.secrets = {"refresh_token": self._refresh_token} if self._refresh_token else {}

    def _input_problem(self) -> str | None:
        """What to fill in before a test can run, in words."""
        url = self._login_url()
        if not url:
            return "Enter your My Domain address, for example https://acme.my.salesforce.com."
        if not url.lower().startswith("https://"):
            return ("The My Domain address starts with https://, for example "
                    "https://acme.my.salesforce.com.")
        if self.password_radio.isChecked():
            if not self.username_edit.text().strip():
                return "Enter your Salesforce user name."
            if not self.password_edit.text():
                return "Enter your Salesforce password."
        elif not self.client_id_edit.text().strip():
            return ("Signing in with the browser needs your connected app's Consumer Key: "
                    "enter it under Advanced (your Salesforce admin has it).")
        return None

    # -- slots -----------------------------------------------------------------------------

    def _on_value_changed(self) -> None:
        if self._filling:
            return
        self._write_state()
        browser = self.browser_radio.isChecked()
        self.my_domain_edit.setEnabled(self.my_domain_radio.isChecked())
        self.browser_box.setVisible(browser)
        self.password_box.setVisible(not browser)
        self.test_button.setVisible(not browser)
        if browser and not self.client_id_edit.text().strip():
            self.advanced_toggle.setChecked(True)
        self._after_value_changed()

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the CA bundle", "",
                                              "Certificates (*.pem *.crt *.cer);;All files (*)")
        if path:
            self.ca_bundle_edit.setText(path)

    def _browser_job(self) -> Any:
        return functools.partial(browser_connect, self.state.source(), self.open_browser,
                                 self.browser_timeout)

    def _browser_chosen(self) -> bool:
        return self.browser_radio.isChecked()
