"""The wizard's frame and its own pages against the sandbox: choose the source, connect (and
every way that fails), sign in with the browser, review and save.

A real `Worker` on a `QThread` runs every job, so these tests wait on the page the way a
person does, and the event loop keeps running while Salesforce and Gather answer.
"""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWizard

from gather_desktop.core.integration import load_integration
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.store.integrations import get_integration
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.wizard import IntegrationWizard
from gather_desktop.ui.wizard.state import ConditionDraft, FilterDraft, ObjectDraft, WizardState
from tests.sources.test_salesforce_browser_signin import Browser

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton
WAIT = 20000


@pytest.fixture
def open_wizard(qtbot, job_runner):
    def open_(state: WizardState | None = None, start: PageId = PageId.SOURCE):
        wizard = IntegrationWizard(job_runner, state)
        qtbot.addWidget(wizard)
        wizard.setStartId(start)
        wizard.show()
        return wizard
    return open_


def page_of(wizard, page_id):
    return wizard.page(page_id)


def fill_password(page, salesforce, *, login_url=None, password=None):
    page.my_domain_radio.setChecked(True)
    page.my_domain_edit.setText(login_url or salesforce["login_url"])
    page.password_radio.setChecked(True)
    page.username_edit.setText(salesforce["username"])
    page.password_edit.setText(password if password is not None else salesforce["password"])
    page.token_edit.setText(salesforce["security_token"])
    page.advanced_toggle.setChecked(True)
    page.ca_bundle_edit.setText(salesforce["ca_bundle"])


def wait_idle(qtbot, page):
    qtbot.waitUntil(lambda: page._job is None, timeout=WAIT)


def test_source_then_connect_with_password(qtbot, open_wizard, sandbox):
    wizard = open_wizard()
    assert wizard.windowTitle() == "Add Integration"
    assert wizard.minimumWidth() >= 820 and wizard.minimumHeight() >= 600
    source = page_of(wizard, PageId.SOURCE)
    assert source.salesforce_choice.isChecked() and source.hubspot_choice.isEnabled()
    assert source.name_edit.text() == "salesforce"
    source.hubspot_choice.setChecked(True)  # the default name follows the source
    assert source.name_edit.text() == "hubspot" and wizard.state.source_kind == "hubspot"
    source.salesforce_choice.setChecked(True)
    assert source.name_edit.text() == "salesforce"
    source.name_edit.setText("sales force!")
    assert not wizard.button(NEXT).isEnabled()
    assert "letters, digits, - and _" in source.name_error.text()
    source.name_edit.setText("salesforce-demo")
    assert wizard.button(NEXT).isEnabled() and source.name_error.text() == ""
    wizard.next()
    assert wizard.currentId() == PageId.CONNECT

    connect = page_of(wizard, PageId.CONNECT)
    assert connect.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert connect.token_edit.echoMode() == QLineEdit.EchoMode.Password
    fill_password(connect, sandbox.connection_info()["salesforce"])
    assert not wizard.button(NEXT).isEnabled()  # not tested yet
    qtbot.mouseClick(connect.test_button, Qt.MouseButton.LeftButton)
    assert connect.busy_bar.isVisible() and not wizard.button(NEXT).isEnabled()
    wait_idle(qtbot, connect)
    assert connect.error_label.text() == ""
    assert "Connected" in connect.status_label.text()
    assert wizard.button(NEXT).isEnabled()
    catalog = wizard.state.catalog
    assert {"Account", "Contact", "Opportunity"} <= set(catalog.schemas)
    assert "Subscription__c" in {summary.name for summary in catalog.objects}
    assert catalog.schemas["Account"].field("Gather_Id__c") is not None
    state = wizard.state
    assert (state.login_url, state.auth, state.ca_bundle) == (
        sandbox.salesforce.url, "password", sandbox.salesforce.ca_bundle)

    # Any change asks for a new test (putting back the tested values counts as tested).
    connect.token_edit.setText("something-else")
    assert not wizard.button(NEXT).isEnabled() and connect.status_label.text() == ""
    connect.token_edit.setText(sandbox.connection_info()["salesforce"]["security_token"])
    assert wizard.button(NEXT).isEnabled()
    connect.token_edit.setText("something-else")
    connect.test_button.click()
    wait_idle(qtbot, connect)
    assert "Wrong password or security token" in connect.error_label.text()
    connect.token_edit.setText(sandbox.connection_info()["salesforce"]["security_token"])
    assert not wizard.button(NEXT).isEnabled()  # the last test failed: test again
    connect.test_button.click()
    wait_idle(qtbot, connect)
    assert wizard.button(NEXT).isEnabled() and connect.error_label.text() == ""
    wizard.next()
    assert wizard.currentId() == PageId.ACCOUNTS


def test_wrong_password_is_said_and_the_input_kept(qtbot, open_wizard, sandbox):
    wizard = open_wizard(WizardState(name="sf"), start=PageId.CONNECT)
    connect = page_of(wizard, PageId.CONNECT)
    fill_password(connect, sandbox.connection_info()["salesforce"], password="not-it")
    connect.test_button.click()
    wait_idle(qtbot, connect)
    assert connect.error_label.text().startswith("Wrong password or security token for "
                                                 "ops@demo-org.example")
    assert connect.password_edit.text() == "not-it"
    assert connect.username_edit.text() == "ops@demo-org.example"
    assert not wizard.button(NEXT).isEnabled()


def test_an_unreachable_host_is_said(qtbot, open_wizard, sandbox):
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    wizard = open_wizard(WizardState(name="sf"), start=PageId.CONNECT)
    connect = page_of(wizard, PageId.CONNECT)
    fill_password(connect, sandbox.connection_info()["salesforce"],
                  login_url=f"https://127.0.0.1:{port}")
    connect.test_button.click()
    wait_idle(qtbot, connect)
    assert connect.error_label.text() == (f"Could not reach Salesforce at https://127.0.0.1:"
                                          f"{port}. Check the URL and your network connection.")
    assert connect.my_domain_edit.text() == f"https://127.0.0.1:{port}"
    assert not wizard.button(NEXT).isEnabled()


def test_missing_input_is_said_before_any_test(qtbot, open_wizard):
    wizard = open_wizard(WizardState(name="sf"), start=PageId.CONNECT)
    connect = page_of(wizard, PageId.CONNECT)
    connect.my_domain_radio.setChecked(True)
    connect.my_domain_edit.setText("http://acme.my.salesforce.com")
    connect.test_button.click()
    assert "starts with https://" in connect.error_label.text()
    assert connect._job is None
    connect.browser_radio.setChecked(True)
    connect.my_domain_edit.setText("https://acme.my.salesforce.com")
    assert connect.advanced_box.isVisible()  # the Consumer Key lives there
    connect.browser_button.click()
    assert "Consumer Key" in connect.error_label.text()


def browser_fill(connect, salesforce):
    connect.my_domain_radio.setChecked(True)
    connect.my_domain_edit.setText(salesforce["login_url"])
    connect.browser_radio.setChecked(True)
    connect.client_id_edit.setText(salesforce["client_id"])
    connect.ca_bundle_edit.setText(salesforce["ca_bundle"])


def test_sign_in_with_browser(qtbot, open_wizard, sandbox):
    wizard = open_wizard(WizardState(name="sf"), start=PageId.CONNECT)
    connect = page_of(wizard, PageId.CONNECT)
    browser_fill(connect, sandbox.connection_info()["salesforce"])
    assert not connect.test_button.isVisible()
    browser = Browser(sandbox.salesforce)
    connect.open_browser = browser
    connect.browser_button.click()
    wait_idle(qtbot, connect)
    assert connect.error_label.text() == ""
    assert browser.opened and "/services/oauth2/authorize?" in browser.opened[0]
    state = wizard.state
    assert state.auth == "oauth" and set(state.secrets) == {"refresh_token"}
    assert state.secrets["refresh_token"]
    assert "Account" in state.catalog.schemas
    assert wizard.button(NEXT).isEnabled()
    connect.client_id_edit.setText("another-app")
    assert not wizard.button(NEXT).isEnabled()


def test_browser_sign_in_can_be_cancelled_and_times_out(qtbot, open_wizard, sandbox):
    wizard = open_wizard(WizardState(name="sf"), start=PageId.CONNECT)
    connect = page_of(wizard, PageId.CONNECT)
    browser_fill(connect, sandbox.connection_info()["salesforce"])
    connect.open_browser = lambda url: True  # a person who never answers in the browser
    connect.browser_button.click()
    qtbot.waitUntil(connect.cancel_sign_in_button.isVisible, timeout=WAIT)
    connect.cancel_sign_in_button.click()
    wait_idle(qtbot, connect)
    assert connect.error_label.text() == "The Salesforce sign-in was cancelled."
    assert not connect.cancel_sign_in_button.isVisible()

    connect.browser_timeout = 0.3
    connect.browser_button.click()
    wait_idle(qtbot, connect)
    assert connect.error_label.text().startswith("No answer came back from the Salesforce "
                                                 "sign-in")
    assert not wizard.button(NEXT).isEnabled()


def file_for(salesforce, name="salesforce-demo"):
    """The integration file the command line would load for the same choices."""
    return {
        "version": 1, "name": name,
        "source": {"kind": "salesforce", "login_url": salesforce["login_url"],
                   "auth": "password", "username": salesforce["username"],
                   "ca_bundle": salesforce["ca_bundle"]},
        "accounts": {"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
                     "extra_traits": ["AnnualRevenue", "Plan_Tier__c"],
                     "only_closed_won": True,
                     "filter": {"match": "all", "conditions": [
                         {"field": "Industry", "op": "eq", "value": "Energy"},
                         {"field": "NumberOfEmployees", "op": "gt", "value": 50}]}},
        "users": {"method": "create", "id_field": "Email", "extra_traits": [], "filter": None},
        "objects": [{"object": "Subscription__c", "id_field": "Id", "model": "subscriptions",
                     "traits": ["Name", "Plan__c", "MRR__c"], "filter": None}],
    }


def filled_state(salesforce, name="salesforce-demo") -> WizardState:
    """The choices of `file_for`, set directly (the middle pages are other tests' subject)."""
    state = WizardState(name=name, login_url=salesforce["login_url"], auth="password",
                        username=salesforce["username"], ca_bundle=salesforce["ca_bundle"],
                        secrets={"password": salesforce["password"],
                                 "security_token": salesforce["security_token"]})
    state.accounts.id_field = "Gather_Id__c"
    state.accounts.extra_traits = ["AnnualRevenue", "Plan_Tier__c"]
    state.accounts.only_closed_won = True
    state.accounts.filter = FilterDraft(True, "all", [
        ConditionDraft("Industry", "eq", "Energy"), ConditionDraft("NumberOfEmployees", "gt", 50)])
    state.users.id_field = "Email"
    state.objects = [ObjectDraft("Subscription__c", "Id", "subscriptions",
                                 ["Name", "Plan__c", "MRR__c"])]
    return state


def saved_config(job_runner, name):
    context = WorkerContext(job_runner.context_data_dir, job_runner.context_secrets)
    try:
        saved = get_integration(context.workspace.db, name)
        return saved.config if saved else None
    finally:
        context.close()


def test_review_summarises_and_save_stores_what_the_command_line_would(
        qtbot, open_wizard, gather_connected, sandbox):
    salesforce = sandbox.connection_info()["salesforce"]
    wizard = open_wizard(filled_state(salesforce), start=PageId.REVIEW)
    review = page_of(wizard, PageId.REVIEW)
    summary = review.summary_label.text()
    assert ("Accounts: Create new Gather Accounts, Gather ID from Gather_Id__c, 2 extra traits "
            "(annual_revenue, plan_tier), only accounts with a closed-won opportunity, filter: "
            "all of Industry equals Energy; NumberOfEmployees greater than 50") in summary
    assert "Contacts: Create new Gather Users, Gather ID from Email, no extra traits" in summary
    assert "Subscription__c → Gather model subscriptions" in summary
    assert "subscriptions" in review.models_label.text()
    assert wizard.button(FINISH).text() == "Save"

    with qtbot.waitSignal(wizard.saved, timeout=WAIT) as saved:
        wizard.button(FINISH).click()
    assert saved.args == ["salesforce-demo"]
    assert not wizard.isVisible()
    config = saved_config(gather_connected, "salesforce-demo")
    assert load_integration(config) == load_integration(file_for(salesforce))
    # The secrets went to the keyring (here the test's memory store), never to the database.
    assert salesforce["password"] not in str(config)
    assert salesforce["password"] in str(gather_connected.context_secrets._values.values())


def test_save_refuses_a_name_in_use_and_stays(qtbot, open_wizard, gather_connected, sandbox):
    salesforce = sandbox.connection_info()["salesforce"]
    first = open_wizard(filled_state(salesforce, "taken"), start=PageId.REVIEW)
    with qtbot.waitSignal(first.saved, timeout=WAIT):
        first.button(FINISH).click()

    second = open_wizard(filled_state(salesforce, "taken"), start=PageId.REVIEW)
    review = page_of(second, PageId.REVIEW)
    second.button(FINISH).click()
    qtbot.waitUntil(lambda: review._job is None, timeout=WAIT)
    assert "An integration named 'taken' already exists" in review.error_label.text()
    assert second.isVisible() and second.currentId() == PageId.REVIEW

    # Editing that same integration replaces it.
    state = filled_state(salesforce, "taken")
    state.editing = "taken"
    state.accounts.extra_traits = ["AnnualRevenue"]
    editor = open_wizard(state, start=PageId.REVIEW)
    assert editor.windowTitle() == "Edit Integration"
    with qtbot.waitSignal(editor.saved, timeout=WAIT):
        editor.button(FINISH).click()
    config = saved_config(gather_connected, "taken")
    assert config["accounts"]["extra_traits"] == ["AnnualRevenue"]


def test_save_shows_an_org_problem_and_stays(qtbot, open_wizard, gather_connected, sandbox):
    salesforce = sandbox.connection_info()["salesforce"]
    state = filled_state(salesforce, "broken")
    state.accounts.extra_traits = ["NoSuchField__c"]
    wizard = open_wizard(state, start=PageId.REVIEW)
    review = page_of(wizard, PageId.REVIEW)
    wizard.button(FINISH).click()
    qtbot.waitUntil(lambda: review._job is None, timeout=WAIT)
    assert "NoSuchField__c" in review.error_label.text()
    assert wizard.isVisible()
    assert saved_config(gather_connected, "broken") is None


def test_closing_the_wizard_stops_a_waiting_browser_sign_in(qtbot, open_wizard, sandbox):
    wizard = open_wizard(WizardState(name="sf"), start=PageId.CONNECT)
    connect = page_of(wizard, PageId.CONNECT)
    browser_fill(connect, sandbox.connection_info()["salesforce"])
    connect.open_browser = lambda url: True
    connect.browser_button.click()
    qtbot.waitUntil(connect.cancel_sign_in_button.isVisible, timeout=WAIT)
    wizard.reject()
    wait_idle(qtbot, connect)  # well before the sign-in's own timeout
    assert connect.error_label.text() == "The Salesforce sign-in was cancelled."
