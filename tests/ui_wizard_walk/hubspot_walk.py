"""Walking the wizard for a HubSpot integration, page by page, as a person does.

Shared by the HubSpot walk test and `docs/render_screens.py` (which saves each page), like
`walk.py` for Salesforce: a private app token, companies by their internal-ID property with
one extra property and a filter, contacts by email, then Preview and Review.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QWizard

from gather_desktop.ui.wizard.page_ids import PageId
from tests.ui_wizard_walk.walk import Wait, preview_and_review


def walk_hubspot(wizard, hubspot: dict, wait_until: Wait, *,
                 shoot: Callable[[PageId], None] = lambda page_id: None,
                 save: bool = True) -> None:
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    source = wizard.page(PageId.SOURCE)
    source.hubspot_choice.setChecked(True)
    source.name_edit.setText("hubspot-demo")
    wizard.next()
    assert wizard.currentId() == PageId.HUBSPOT_CONNECT

    connect = wizard.page(PageId.HUBSPOT_CONNECT)
    connect.token_radio.setChecked(True)
    connect.token_edit.setText(hubspot["access_token"])
    connect.advanced_toggle.setChecked(True)
    connect.base_url_edit.setText(hubspot["url"])
    connect.test_button.click()
    wait_until(next_button.isEnabled)
    shoot(PageId.HUBSPOT_CONNECT)
    wizard.next()

    companies = wizard.page(PageId.HUBSPOT_COMPANIES)
    wait_until(lambda: bool(companies.id_picker.visible_names()))
    companies.choice_buttons[""].setChecked(True)
    companies.id_picker.set_current("app_company_id")
    companies.extra_traits.set_checked("industry", True)
    companies.filter_editor.enabled_box.setChecked(True)
    companies.filter_editor.rows[0].choose("numberofemployees", "gt")
    companies.filter_editor.rows[0].editor.setValue(10)
    wait_until(next_button.isEnabled)
    shoot(PageId.HUBSPOT_COMPANIES)
    wizard.next()

    contacts = wizard.page(PageId.HUBSPOT_CONTACTS)
    wait_until(lambda: bool(contacts.id_picker.visible_names()))
    contacts.choice_buttons["email"].setChecked(True)
    contacts.extra_traits.set_checked("jobtitle", True)
    wait_until(next_button.isEnabled)
    shoot(PageId.HUBSPOT_CONTACTS)
    wizard.next()
    preview_and_review(wizard, wait_until, shoot, save)


def the_companies_filter():
    """What `walk_hubspot` chooses on the Companies page, as the integration file writes it."""
    return {"match": "all", "conditions": [
        {"field": "numberofemployees", "op": "gt", "value": 10}]}
