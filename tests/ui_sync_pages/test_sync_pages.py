"""The Accounts and Contacts pages write the SyncDraft the user chose, against the sandbox, and
the objects dialog adds a custom object; the result passes the command line's validation."""

from PySide6.QtCore import Qt

from gather_desktop.core.integration import CREATE, UPDATE_EXISTING
from gather_desktop.core.validation import validate_against_schema
from gather_desktop.ui.wizard.objects_page import ObjectsPage
from gather_desktop.ui.wizard.sync_page import SyncPage


def open_page(qtbot, page):
    qtbot.addWidget(page)
    page.initializePage()
    page.show()
    return page


def all_schemas(runner_catalog, extra):
    def schemas(name):
        for known in (runner_catalog.schemas, extra):
            for key, schema in known.items():
                if key.lower() == name.lower():
                    return schema
        raise KeyError(name)
    return schemas


def test_accounts_create_writes_the_sync_draft(qtbot, runner, state, catalog):
    page = open_page(qtbot, SyncPage(state, runner, "accounts"))
    assert page.enabled_box.text() == "Sync Salesforce Accounts"
    assert page.create_radio.text() == "Create new Gather Accounts for every Salesforce Account"
    assert page.create_radio.isChecked() and page.id_box.isVisible()
    assert not page.isComplete()                        # no ID field chosen yet
    assert "Gather Account ID" in page.problems_label.text()
    assert page.id_picker.visible_names()[0] == "Gather_Id__c"
    assert "NumberOfEmployees → number_of_employees" in page.extra_traits.defaults.text()
    page.id_picker.set_current("Gather_Id__c")
    page.extra_traits.set_checked("Plan_Tier__c", True)
    page.extra_traits.set_checked("Health_Score__c", True)
    page.closed_won.setChecked(True)
    page.filter_editor.enabled_box.setChecked(True)
    page.filter_editor.rows[0].choose("NumberOfEmployees", "gte")
    page.filter_editor.rows[0].editor.setValue(50)
    second = page.filter_editor.add_condition()
    second.choose("Industry", "in")
    second.editor.item(1).setCheckState(Qt.CheckState.Checked)
    assert page.isComplete(), page.problems_label.text()

    draft = state.accounts
    assert (draft.enabled, draft.method, draft.id_field) == (True, CREATE, "Gather_Id__c")
    assert draft.extra_traits == ["Plan_Tier__c", "Health_Score__c"]
    assert draft.only_closed_won is True
    assert draft.filter.enabled and draft.filter.match == "all"
    assert [(c.field, c.op, c.value) for c in draft.filter.conditions] == [
        ("NumberOfEmployees", "gte", 50), ("Industry", "in", [second.editor.item(1).text()])]


def test_a_wrong_filter_value_keeps_next_disabled(qtbot, runner, state):
    page = open_page(qtbot, SyncPage(state, runner, "accounts"))
    page.id_picker.set_current("Gather_Id__c")
    page.filter_editor.enabled_box.setChecked(True)
    row = page.filter_editor.rows[0]
    row.choose("NumberOfEmployees", "not_in")
    qtbot.keyClicks(row.editor, "5, many")
    assert not page.isComplete()
    assert "'many' is not a number" in page.problems_label.text()
    assert row.message.isVisible()


def test_accounts_update_existing_offers_the_traits_gather_holds(qtbot, runner, state, gather):
    gather.upsert("account", {"id": "acme", "name": "Acme",
                              "salesforce_id": "001000000000001AAA"})
    state.accounts.method = UPDATE_EXISTING
    page = open_page(qtbot, SyncPage(state, runner, "accounts"))
    assert page.update_radio.isChecked() and page.trait_box.isVisible()
    assert not page.isComplete()                        # reading Gather's traits
    qtbot.waitUntil(lambda: page.trait_combo.findText("salesforce_id") >= 0, timeout=15000)
    assert "Choose the Account trait that contains a Salesforce Account ID" in \
        page.problems_label.text()
    page.trait_combo.setCurrentIndex(page.trait_combo.findText("salesforce_id"))
    assert page.isComplete(), page.problems_label.text()
    draft = state.accounts
    assert (draft.method, draft.match_trait) == (UPDATE_EXISTING, "salesforce_id")
    assert state.to_integration().accounts.id_field == "Id"
    page.trait_combo.setEditText("sf_account_id")       # a trait not seen yet may be typed
    assert state.accounts.match_trait == "sf_account_id" and page.isComplete()


def test_contacts_page_has_no_closed_won_and_checks_extra_traits(qtbot, runner, state):
    page = open_page(qtbot, SyncPage(state, runner, "users"))
    assert not page.closed_won.isVisibleTo(page)
    assert page.filter_editor.enabled_box.text() == "Filter contacts"
    assert page.update_radio.text() == ("Only update existing Gather Users that match a "
                                        "Salesforce Contact")
    page.id_picker.set_current("Gather_User_Id__c")
    page.extra_traits.set_checked("Title", True)
    assert page.isComplete(), page.problems_label.text()
    assert state.users.id_field == "Gather_User_Id__c" and state.users.extra_traits == ["Title"]
    page.enabled_box.setChecked(False)
    assert state.users.enabled is False and page.isComplete()


def test_objects_dialog_adds_a_subscription_with_a_suggested_model(qtbot, runner, state,
                                                                  catalog):
    page = ObjectsPage(state, runner)
    qtbot.addWidget(page)
    page.initializePage()
    dialog = page.open_dialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.object_combo.itemData(1) == "Subscription__c"     # custom objects first
    dialog.choose_object("Subscription__c")
    assert dialog.model_edit.text() == "subscriptions"
    assert "Loading" in dialog.id_picker.list.model().index(0, 0).data()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    qtbot.waitUntil(lambda: "Id" in dialog.id_picker.visible_names(), timeout=15000)
    assert dialog.id_picker.current() == "Id"       # filled and chosen, no key to press
    dialog.traits.set_checked("Plan__c", True)
    dialog.traits.set_checked("MRR__c", True)
    dialog.filter_editor.enabled_box.setChecked(True)
    dialog.filter_editor.rows[0].choose("Status__c", "eq")
    dialog.filter_editor.rows[0].editor.setCurrentText("Active")
    dialog.model_edit.clear()
    qtbot.keyClicks(dialog.model_edit, "account")
    assert "standard models" in dialog.problems_label.text()
    dialog.model_edit.clear()
    qtbot.keyClicks(dialog.model_edit, "subscriptions")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled(), \
        dialog.problems_label.text()
    dialog.accept()
    assert len(state.objects) == 1 and page.list.count() == 1
    added = state.objects[0]
    assert (added.object, added.id_field, added.model, added.traits) == (
        "Subscription__c", "Id", "subscriptions", ["Plan__c", "MRR__c"])
    assert [(c.field, c.op, c.value) for c in added.filter.conditions] == [
        ("Status__c", "eq", "Active")]

    second = page.open_dialog(None)
    qtbot.addWidget(second)
    second.choose_object("Subscription__c")
    assert second.model_edit.text() == "subscriptions_2"            # never used twice
    second.reject()

    state.accounts.id_field = "Gather_Id__c"
    state.users.id_field = "Gather_User_Id__c"
    integration = state.to_integration()
    assert validate_against_schema(integration, all_schemas(catalog, page.schemas),
                                   catalog.objects) == []
