"""The field picker is filled when it opens and searchable; the trait picker shows trait names."""

from gather_desktop.core.naming import trait_name
from gather_desktop.ui.wizard.field_picker import FieldPicker
from gather_desktop.ui.wizard.trait_picker import TraitPicker


def test_field_picker_is_filled_when_shown_and_search_narrows_it(qtbot, schema_of):
    picker = FieldPicker()
    qtbot.addWidget(picker)
    picker.set_fields(schema_of("Account").fields.values())
    picker.show()
    names = picker.visible_names()
    assert len(names) > 10                          # no "press space" to see the fields
    assert names[0] == "Gather_Id__c"               # the external ID comes first
    assert names[1] == "Id"
    row = picker.list.model().index(0, 0).data()
    assert "Gather ID" in row and "Gather_Id__c" in row and "External ID" in row
    qtbot.keyClicks(picker.search, "CITY")
    assert set(picker.visible_names()) == {"BillingCity", "ShippingCity"}
    picker.search.clear()
    qtbot.keyClicks(picker.search, "gather_id")
    assert picker.visible_names() == ["Gather_Id__c"]


def test_only_fields_that_can_be_an_id_are_offered(schema_of, qtbot):
    picker = FieldPicker()
    qtbot.addWidget(picker)
    picker.set_fields(schema_of("Account").fields.values())
    offered = set(picker.visible_names())
    assert {"Id", "Name", "Gather_Id__c"} <= offered
    assert not offered & {"NumberOfEmployees", "BillingAddress", "CreatedDate"}


def test_choosing_a_field_says_what_to_watch_for(qtbot, schema_of):
    picker = FieldPicker()
    qtbot.addWidget(picker)
    picker.set_fields(schema_of("Contact").fields.values())
    picker.show()
    with qtbot.waitSignal(picker.fieldChosen) as chosen:
        picker.set_current("Id")
    assert chosen.args == ["Id"]
    assert "18-character" in picker.hint.text() and "case-sensitive" in picker.hint.text()
    picker.set_current("Email")
    assert "unique per record" in picker.hint.text()
    picker.set_current("Gather_User_Id__c")
    assert not picker.hint.isVisible()


def test_trait_picker_lists_defaults_and_trait_names_and_keeps_the_order(qtbot, schema_of):
    picker = TraitPicker()
    qtbot.addWidget(picker)
    picker.set_fields(schema_of("Account").fields.values(),
                      ("Name", "NumberOfEmployees"), ["Plan_Tier__c"])
    assert "NumberOfEmployees → number_of_employees" in picker.defaults.text()
    assert "NumberOfEmployees" not in picker.visible_names()  # defaults are not removable
    qtbot.keyClicks(picker.search, "health")
    assert picker.visible_names() == ["Health_Score__c"]
    assert trait_name("Health_Score__c") in picker.list.model().index(0, 0).data()
    with qtbot.waitSignal(picker.traitsChanged) as changed:
        picker.set_checked("Health_Score__c", True)
    assert changed.args == [["Plan_Tier__c", "Health_Score__c"]]
    picker.set_checked("Plan_Tier__c", False)
    assert picker.chosen() == ["Health_Score__c"]
    assert "health_score" in picker.count.text()
