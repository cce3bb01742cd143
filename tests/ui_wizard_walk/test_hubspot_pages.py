"""HubSpot's wizard pages on their own: the browser sign-in, the seed's three ID choices,
and an edit that reopens them filled in."""

from __future__ import annotations

import functools

from PySide6.QtWidgets import QWizard

from gather_desktop.core.integration import HubSpotObjectSync, HubSpotSource, Integration
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.state import WizardState
from gather_desktop.ui.wizard.wizard import IntegrationWizard
from tests.sources_hubspot.test_auth import Browser
from tests.ui.test_main_window import connect, run_job

WAIT = 30000


def open_at(qtbot, job_runner, state, start):
    wizard = IntegrationWizard(job_runner, state, start=start)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def signed_in_with_token(qtbot, job_runner, sandbox, state=None):
    hubspot = sandbox.connection_info()["hubspot"]
    state = state or WizardState(name="hs", source_kind="hubspot")
    state.base_url = hubspot["url"]
    state.secrets = {"access_token": hubspot["access_token"]}
    wizard = open_at(qtbot, job_runner, state, PageId.HUBSPOT_CONNECT)
    wizard.page(PageId.HUBSPOT_CONNECT).test_button.click()
    qtbot.waitUntil(wizard.button(QWizard.WizardButton.NextButton).isEnabled, timeout=WAIT)
    return wizard


def test_sign_in_with_the_browser_keeps_the_refresh_token(qtbot, job_runner, sandbox):
    hubspot = sandbox.connection_info()["hubspot"]
    wizard = open_at(qtbot, job_runner, WizardState(name="hs", source_kind="hubspot",
                                                    base_url=hubspot["url"]),
                     PageId.HUBSPOT_CONNECT)
    page = wizard.page(PageId.HUBSPOT_CONNECT)
    page.browser_radio.setChecked(True)
    assert not page.test_button.isVisible() and page.browser_button.isVisible()
    page.browser_button.click()
    assert "client ID and client secret" in page.error_label.text()  # nothing started
    page.client_id_edit.setText(hubspot["client_id"])
    page.client_secret_edit.setText(hubspot["client_secret"])
    browser = Browser(sandbox.hubspot)
    page.open_browser = browser
    page.browser_button.click()
    qtbot.waitUntil(lambda: page._job is None, timeout=WAIT)
    assert page.error_label.text() == ""
    assert browser.opened and "/oauth/authorize?" in browser.opened[0]
    state = wizard.state
    assert state.hubspot_auth == "oauth" and state.client_id == hubspot["client_id"]
    assert set(state.secrets) == {"refresh_token", "client_secret"}
    assert "contacts" in state.catalog.schemas
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.client_secret_edit.setText("another-secret")  # a changed value needs a new test
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_the_seeds_id_choices_write_the_id_property(qtbot, job_runner, sandbox):
    wizard = signed_in_with_token(qtbot, job_runner, sandbox)
    wizard.next()
    companies = wizard.page(PageId.HUBSPOT_COMPANIES)
    qtbot.waitUntil(lambda: bool(companies.id_picker.visible_names()), timeout=WAIT)
    assert set(companies.choice_buttons) == {"", "companyId"}
    companies.choice_buttons["companyId"].setChecked(True)
    assert wizard.state.companies.id_property == "companyId"
    assert not companies.id_picker.isEnabled()
    companies.choice_buttons[""].setChecked(True)  # an internal ID, but which property?
    companies.id_picker.set_current("")
    companies.draft.id_property = ""
    companies.revalidate()
    assert "choose the company property" in companies.problems_label.text()
    companies.id_picker.set_current("app_company_id")
    assert wizard.state.companies.id_property == "app_company_id"
    assert companies.isComplete()
    wizard.next()

    contacts = wizard.page(PageId.HUBSPOT_CONTACTS)
    qtbot.waitUntil(lambda: bool(contacts.id_picker.visible_names()), timeout=WAIT)
    assert set(contacts.choice_buttons) == {"", "vid", "email"}
    contacts.choice_buttons["vid"].setChecked(True)
    assert wizard.state.contacts.id_property == "vid"
    assert contacts.isComplete()
    assert contacts.nextId() == PageId.PREVIEW  # no custom objects page for HubSpot


def test_an_edit_reopens_the_hubspot_pages_filled_in(qtbot, job_runner, sandbox):
    run_job(qtbot, job_runner, functools.partial(connect, sandbox.connection_info()["gather"]))
    hubspot = sandbox.connection_info()["hubspot"]
    state = WizardState.from_integration(Integration(
        "hubspot-eu", HubSpotSource(hubspot["url"], "private_app"),
        accounts=HubSpotObjectSync("companyId", ("industry",)),
        users=HubSpotObjectSync("app_user_id")))
    assert state.hubspot and state.editing == "hubspot-eu"
    wizard = signed_in_with_token(qtbot, job_runner, sandbox, state)
    wizard.next()
    companies = wizard.page(PageId.HUBSPOT_COMPANIES)
    qtbot.waitUntil(lambda: bool(companies.id_picker.visible_names()), timeout=WAIT)
    assert companies.choice_buttons["companyId"].isChecked()
    assert companies.extra_traits.chosen() == ["industry"]
    wizard.next()
    contacts = wizard.page(PageId.HUBSPOT_CONTACTS)
    qtbot.waitUntil(lambda: bool(contacts.id_picker.visible_names()), timeout=WAIT)
    assert contacts.choice_buttons[""].isChecked()
    assert contacts.id_picker.current() == "app_user_id"
    assert state.to_integration() == Integration(
        "hubspot-eu", HubSpotSource(hubspot["url"], "private_app"),
        accounts=HubSpotObjectSync("companyId", ("industry",)),
        users=HubSpotObjectSync("app_user_id"))
