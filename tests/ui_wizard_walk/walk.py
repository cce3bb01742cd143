"""Walking the whole Add Integration wizard the way a person does, page by page.

Shared by the walk tests and by `docs/render_screens.py` (which renders each page to PNG), so
the screenshots show exactly what the tests drive. `wait_until(predicate)` waits while the
event loop runs (qtbot.waitUntil in tests); `shoot(page_id)` is called on each page once it
is filled in.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from gather_desktop.ui.wizard.page_ids import PageId

Wait = Callable[[Callable[[], bool]], None]


def walk(wizard, salesforce: dict, wait_until: Wait, *, method: str = "create",
         shoot: Callable[[PageId], None] = lambda page_id: None, save: bool = True) -> None:
    """From Source to a saved integration: accounts with extra traits, a number and a
    picklist filter and closed-won (create) or matched by a Gather trait (update existing),
    contacts, and one custom object."""
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    source = wizard.page(PageId.SOURCE)
    source.name_edit.setText("salesforce-demo")
    shoot(PageId.SOURCE)
    wizard.next()

    connect = wizard.page(PageId.CONNECT)
    connect.my_domain_radio.setChecked(True)
    connect.my_domain_edit.setText(salesforce["login_url"])
    connect.password_radio.setChecked(True)
    connect.username_edit.setText(salesforce["username"])
    connect.password_edit.setText(salesforce["password"])
    connect.token_edit.setText(salesforce["security_token"])
    connect.advanced_toggle.setChecked(True)
    connect.ca_bundle_edit.setText(salesforce["ca_bundle"])
    connect.test_button.click()
    wait_until(next_button.isEnabled)
    shoot(PageId.CONNECT)
    wizard.next()

    accounts = wizard.page(PageId.ACCOUNTS)
    wait_until(lambda: bool(accounts.id_picker.visible_names()))
    if method == "create":
        accounts.id_picker.set_current("Gather_Id__c")
        accounts.closed_won.setChecked(True)
    else:
        accounts.update_radio.setChecked(True)
        wait_until(lambda: accounts.trait_combo.findText("salesforce_id") >= 0)
        accounts.trait_combo.setCurrentText("salesforce_id")
    accounts.extra_traits.set_checked("AnnualRevenue", True)
    accounts.extra_traits.set_checked("Plan_Tier__c", True)
    accounts.filter_editor.enabled_box.setChecked(True)
    accounts.filter_editor.rows[0].choose("NumberOfEmployees", "gt")
    accounts.filter_editor.rows[0].editor.setValue(50)
    industry = accounts.filter_editor.add_condition()
    industry.choose("Industry", "ne")
    industry.editor.setCurrentText("Banking")
    wait_until(next_button.isEnabled)
    shoot(PageId.ACCOUNTS)
    wizard.next()

    contacts = wizard.page(PageId.CONTACTS)
    wait_until(lambda: bool(contacts.id_picker.visible_names()))
    contacts.id_picker.set_current("Email")
    contacts.extra_traits.set_checked("Title", True)
    wait_until(next_button.isEnabled)
    shoot(PageId.CONTACTS)
    wizard.next()

    objects = wizard.page(PageId.OBJECTS)
    dialog = objects.open_dialog(None)
    dialog.show()
    dialog.choose_object("Subscription__c")
    wait_until(lambda: "Id" in dialog.id_picker.visible_names())
    dialog.traits.set_checked("Plan__c", True)
    dialog.traits.set_checked("MRR__c", True)
    dialog.accept()
    shoot(PageId.OBJECTS)
    wizard.next()
    preview_and_review(wizard, wait_until, shoot, save)


def preview_and_review(wizard, wait_until: Wait, shoot: Callable[[PageId], None],
                       save: bool) -> None:
    """The end both sources share: wait for the preview, go on to Review, save."""
    preview = wizard.page(PageId.PREVIEW)
    wait_until(lambda: preview.result is not None or bool(preview.error_label.text()))
    shoot(PageId.PREVIEW)
    wizard.next()
    shoot(PageId.REVIEW)
    if save:
        wizard.button(QWizard.WizardButton.FinishButton).click()


def the_accounts_filter():
    """What `walk` chooses on the Accounts page, as the integration file writes it."""
    return {"match": "all", "conditions": [
        {"field": "NumberOfEmployees", "op": "gt", "value": 50},
        {"field": "Industry", "op": "ne", "value": "Banking"}]}


__all__ = ["walk", "preview_and_review", "the_accounts_filter", "Qt"]
