"""The filter editor offers the comparisons and value editors that fit each field's type, writes
typed values, and marks a wrong value before Next."""

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QDateTimeEdit, QLineEdit, QListWidget, QSpinBox

from gather_desktop.core.validation import OPERATORS_BY_KIND
from gather_desktop.ui.wizard.filter_editor import FilterEditor
from gather_desktop.ui.wizard.state import FilterDraft


def editor_for(qtbot, schema) -> tuple[FilterEditor, FilterDraft]:
    editor = FilterEditor("accounts")
    qtbot.addWidget(editor)
    draft = FilterDraft()
    editor.set_draft(draft)
    editor.set_schema(schema)
    editor.show()
    editor.enabled_box.setChecked(True)
    return editor, draft


def test_comparisons_and_value_editors_fit_the_field(qtbot, schema_of):
    editor, draft = editor_for(qtbot, schema_of("Account"))
    assert editor.enabled_box.text() == "Filter accounts"
    assert editor.add_button.text() == "Add Condition"
    row = editor.rows[0]
    row.choose("NumberOfEmployees", "gte")
    assert row.ops() == list(OPERATORS_BY_KIND["number"])
    assert isinstance(row.editor, QSpinBox)
    row.editor.setValue(50)
    assert draft.conditions[0].value == 50 and isinstance(draft.conditions[0].value, int)
    row.choose("IsDeleted")
    assert row.ops() == ["eq", "ne"] and isinstance(row.editor, QComboBox)
    assert draft.conditions[0].value is True
    row.choose("Customer_Since__c", "lt")
    assert isinstance(row.editor, QDateEdit) and row.editor.calendarPopup()
    row.editor.setDate(QDate(2024, 3, 10))
    assert draft.conditions[0].value == "2024-03-10"
    row.choose("Last_Activity__c", "gt")
    assert isinstance(row.editor, QDateTimeEdit)
    assert draft.conditions[0].value.endswith("Z") and "T" in draft.conditions[0].value
    row.choose("Industry", "eq")
    assert "contains" in row.ops() and "gt" not in row.ops()
    assert isinstance(row.editor, QComboBox) and row.editor.findText("Banking") >= 0
    row.editor.setCurrentText("Banking")
    assert draft.conditions[0].value == "Banking"
    row.choose("Industry", "in")
    assert isinstance(row.editor, QListWidget)
    row.editor.item(0).setCheckState(Qt.CheckState.Checked)
    assert draft.conditions[0].value == [row.editor.item(0).text()]
    row.choose("Name", "is_empty")
    assert row.editor is None and draft.conditions[0].value is None
    assert "BillingAddress" not in [row.field_combo.itemData(i)
                                    for i in range(row.field_combo.count())]
    assert editor.problems() == []


def test_a_list_of_numbers_is_typed_and_a_wrong_value_is_marked(qtbot, schema_of):
    editor, draft = editor_for(qtbot, schema_of("Account"))
    row = editor.rows[0]
    row.choose("NumberOfEmployees", "in")
    assert isinstance(row.editor, QLineEdit)
    qtbot.keyClicks(row.editor, "10, 20")
    assert draft.conditions[0].value == [10, 20]
    assert editor.problems() == []
    qtbot.keyClicks(row.editor, ", lots")
    problems = editor.problems()
    assert len(problems) == 1 and "'lots' is not a number" in problems[0]
    assert row.message.isVisible() and "lots" in row.message.text()
    assert "c0392b" in row.editor.styleSheet()
    assert row.editor.text() == "10, 20, lots"          # the user's input is kept


def test_add_and_remove_conditions_and_any(qtbot, schema_of):
    editor, draft = editor_for(qtbot, schema_of("Contact"))
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert len(editor.rows) == 2 and len(draft.conditions) == 2
    editor.match_combo.setCurrentIndex(editor.match_combo.findData("any"))
    assert draft.match == "any"
    assert editor.match_combo.currentText() == "Match any condition"
    editor.rows[0].remove_button.click()
    assert len(editor.rows) == 1 and len(draft.conditions) == 1
    editor.rows[0].remove_button.click()
    assert "Add a condition" in " ".join(editor.problems())
