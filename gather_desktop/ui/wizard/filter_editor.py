""""Filter accounts" / "Filter contacts": rows of field, comparison and value, typed by field.

The comparisons offered for a field are exactly those `core.validation.OPERATORS_BY_KIND`
allows, and the value editor fits the field (a spin box for numbers, a calendar for dates, the
picklist's own values), so most wrong filters cannot be built at all. What can still be wrong
(text typed into a list for a number field, a malformed record Id) is checked with the same
`validate_against_schema` the command line uses, and marked red on its row before Next.
Values are written to the draft typed as the integration file wants them: numbers as numbers,
dates "YYYY-MM-DD", date/times ISO 8601 in UTC with "Z", booleans, lists for in / not in.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from PySide6.QtCore import QDate, QDateTime, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDateEdit, QDateTimeEdit,
                               QDoubleSpinBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from gather_desktop.core import fieldtypes as kinds
from gather_desktop.core.integration import (LIST_OPS, NO_VALUE_OPS, CustomObjectSync,
                                             Integration, SalesforceSource)
from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary
from gather_desktop.core.validation import OPERATORS_BY_KIND, validate_against_schema
from gather_desktop.ui.wizard.state import ConditionDraft, FilterDraft

MATCH_TEXT = {"all": "Require all conditions to match", "any": "Match any condition"}
OP_TEXT = {"eq": "equals", "ne": "does not equal", "contains": "contains",
           "not_contains": "does not contain", "starts_with": "starts with",
           "gt": "is greater than", "gte": "is greater than or equal to",
           "lt": "is less than", "lte": "is less than or equal to", "in": "is one of",
           "not_in": "is none of", "is_empty": "is empty", "is_not_empty": "is not empty"}
ERROR_STYLE = "border: 1px solid #c0392b;"
_ROW_PATH = re.compile(r"^objects\[0\]\.filter\.conditions\[(\d+)\][^:]*: (.*)$", re.S)
_INT_TYPES = ("int", "long")
_NUMBER_LIMIT = 1e15


def filterable(info: FieldInfo) -> bool:
    return info.filterable and bool(OPERATORS_BY_KIND[kinds.kind_of(info.type)])


def _number(text: str) -> Any:
    """A typed number from text, or the text itself (validation then names the mistake)."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _plain(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


class ConditionRow(QWidget):
    """One condition: field, comparison, value; writes straight into its `ConditionDraft`."""

    changed = Signal()
    removeRequested = Signal(object)

    def __init__(self, fields: dict[str, FieldInfo], draft: ConditionDraft,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self._fields = fields
        self.editor: QWidget | None = None
        self._read: Callable[[], Any] = lambda: None
        self.field_combo = QComboBox(objectName="conditionField")
        self.field_combo.setEditable(True)
        self.field_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.field_combo.setMinimumContentsLength(22)
        for info in sorted(fields.values(), key=lambda f: f.label.lower()):
            self.field_combo.addItem(f"{info.label} ({info.name})", info.name)
        completer = self.field_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.op_combo = QComboBox(objectName="conditionOp")
        self.remove_button = QPushButton("Remove", objectName="conditionRemove")
        self.remove_button.setToolTip("Remove this condition")
        self.value_box = QHBoxLayout()
        self.value_box.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(objectName="conditionMessage", wordWrap=True)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setVisible(False)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.field_combo, 3)
        line.addWidget(self.op_combo, 2)
        line.addLayout(self.value_box, 3)
        line.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.message)
        index = self.field_combo.findData(draft.field) if draft.field else 0
        if index < 0 and draft.field:   # a field the org no longer shows: keep it, visibly
            self.field_combo.addItem(draft.field, draft.field)
            index = self.field_combo.count() - 1
        self.field_combo.setCurrentIndex(max(index, 0))
        self._field_changed(keep_value=True)
        self.field_combo.currentIndexChanged.connect(lambda _: self._field_changed(False))
        self.op_combo.currentIndexChanged.connect(lambda _: self._op_changed(False))
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))

    def info(self) -> FieldInfo | None:
        return self._fields.get(self.draft.field)

    def choose(self, field: str, op: str | None = None) -> None:
        """Pick a field (and a comparison) by API name, as a user would in the combos."""
        self.field_combo.setCurrentIndex(self.field_combo.findData(field))
        if op is not None:
            self.op_combo.setCurrentIndex(self.op_combo.findData(op))

    def ops(self) -> list[str]:
        return [self.op_combo.itemData(i) for i in range(self.op_combo.count())]

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        if self.editor is not None:
            self.editor.setStyleSheet(ERROR_STYLE if text else "")

    # field, comparison, value ------------------------------------------------------------

    def _field_changed(self, keep_value: bool) -> None:
        self.draft.field = self.field_combo.currentData() or ""
        info = self.info()
        allowed = OPERATORS_BY_KIND[kinds.kind_of(info.type)] if info else ()
        op = self.draft.op if self.draft.op in allowed else (allowed[0] if allowed else "")
        self.op_combo.blockSignals(True)
        self.op_combo.clear()
        for name in allowed:
            self.op_combo.addItem(OP_TEXT[name], name)
        self.op_combo.setCurrentIndex(max(self.op_combo.findData(op), 0))
        self.op_combo.blockSignals(False)
        self._op_changed(keep_value)

    def _op_changed(self, keep_value: bool) -> None:
        old_op, self.draft.op = self.draft.op, self.op_combo.currentData() or ""
        if keep_value:
            value = self.draft.value
        elif (old_op in LIST_OPS) == (self.draft.op in LIST_OPS):
            value = self._read()
        else:
            value = None
        self._make_editor(value)
        self._write()

    def _write(self) -> None:
        self.draft.value = self._read()
        self.changed.emit()

    def _make_editor(self, value: Any) -> None:
        if self.editor is not None:
            self.value_box.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        info, op = self.info(), self.draft.op
        self._read = lambda: None
        if info is None or op in NO_VALUE_OPS or not op:
            return
        kind = kinds.kind_of(info.type)
        if op in LIST_OPS:
            if kind in (kinds.PICKLIST, kinds.MULTIPICKLIST) and info.picklist_values:
                self._checklist(info.picklist_values, value if isinstance(value, list) else [],
                                list)
            else:
                self._list_line(kind, value)
        elif kind == kinds.NUMBER:
            self._number_box(info, value)
        elif kind == kinds.DATE:
            self._date_box(value)
        elif kind == kinds.DATETIME:
            self._datetime_box(value)
        elif kind == kinds.BOOLEAN:
            combo = QComboBox()
            combo.addItem("true", True)
            combo.addItem("false", False)
            combo.setCurrentIndex(1 if value is False else 0)
            combo.currentIndexChanged.connect(lambda _: self._write())
            self._set_editor(combo, combo.currentData)
        elif kind == kinds.MULTIPICKLIST and op in ("eq", "ne") and info.picklist_values:
            chosen = value.split(";") if isinstance(value, str) and value else []
            self._checklist(info.picklist_values, chosen, ";".join)
        elif kind in (kinds.PICKLIST, kinds.MULTIPICKLIST) and info.picklist_values \
                and op in ("eq", "ne", "contains", "not_contains"):
            combo = QComboBox()
            combo.addItems(list(info.picklist_values))
            if isinstance(value, str) and value in info.picklist_values:
                combo.setCurrentText(value)
            combo.currentIndexChanged.connect(lambda _: self._write())
            self._set_editor(combo, combo.currentText)
        else:
            line = QLineEdit(value if isinstance(value, str) else "")
            line.setPlaceholderText("18-character record ID" if kind == kinds.RECORD_ID
                                    else "Value")
            line.textChanged.connect(lambda _: self._write())
            self._set_editor(line, line.text)

    def _set_editor(self, editor: QWidget, read: Callable[[], Any]) -> None:
        editor.setObjectName("conditionValue")
        self.editor = editor
        self._read = read
        self.value_box.addWidget(editor)
        editor.show()   # at once, not on the next event-loop turn as a layout would

    def _number_box(self, info: FieldInfo, value: Any) -> None:
        number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0
        if info.type in _INT_TYPES:
            box = QSpinBox()
            box.setRange(-2**31, 2**31 - 1)
            box.setValue(int(number))
            box.valueChanged.connect(lambda _: self._write())
            self._set_editor(box, box.value)
        else:
            box = QDoubleSpinBox()
            box.setRange(-_NUMBER_LIMIT, _NUMBER_LIMIT)
            box.setDecimals(4)
            box.setValue(float(number))
            box.valueChanged.connect(lambda _: self._write())
            self._set_editor(box, lambda: _plain(box.value()))

    def _date_box(self, value: Any) -> None:
        box = QDateEdit(calendarPopup=True)
        box.setDisplayFormat("yyyy-MM-dd")
        date = QDate.fromString(value, "yyyy-MM-dd") if isinstance(value, str) else QDate()
        box.setDate(date if date.isValid() else QDate.currentDate())
        box.dateChanged.connect(lambda _: self._write())
        self._set_editor(box, lambda: box.date().toString("yyyy-MM-dd"))

    def _datetime_box(self, value: Any) -> None:
        box = QDateTimeEdit(calendarPopup=True)
        box.setTimeZone(QTimeZone.utc())
        box.setDisplayFormat("yyyy-MM-dd HH:mm:ss 'UTC'")
        moment = QDateTime.fromString(value, Qt.DateFormat.ISODate) \
            if isinstance(value, str) else QDateTime()
        box.setDateTime((moment if moment.isValid()
                         else QDateTime.currentDateTimeUtc()).toUTC())
        box.dateTimeChanged.connect(lambda _: self._write())
        self._set_editor(box, lambda: box.dateTime().toUTC().toString(
            "yyyy-MM-ddTHH:mm:ss") + "Z")

    def _checklist(self, choices: tuple[str, ...], chosen: list[str],
                   combine: Callable[[list[str]], Any]) -> None:
        box = QListWidget()
        box.setMaximumHeight(96)
        for choice in choices:
            item = QListWidgetItem(choice)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice in chosen
                               else Qt.CheckState.Unchecked)
            box.addItem(item)
        box.itemChanged.connect(lambda _: self._write())
        self._set_editor(box, lambda: combine(
            [box.item(i).text() for i in range(box.count())
             if box.item(i).checkState() == Qt.CheckState.Checked]))

    def _list_line(self, kind: str, value: Any) -> None:
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else ""
        line = QLineEdit(shown)
        line.setPlaceholderText("Values separated by commas")
        parse = _number if kind == kinds.NUMBER else str

        def read() -> list[Any]:
            return [parse(part.strip()) for part in line.text().split(",") if part.strip()]
        line.textChanged.connect(lambda _: self._write())
        self._set_editor(line, read)


class FilterEditor(QWidget):
    """The whole filter of one object, bound to a `FilterDraft` it edits in place."""

    changed = Signal()

    def __init__(self, noun: str = "accounts", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._noun = noun
        self._schema: ObjectSchema | None = None
        self._fields: dict[str, FieldInfo] = {}
        self.draft = FilterDraft()
        self.rows: list[ConditionRow] = []
        self.enabled_box = QCheckBox(f"Filter {noun}", objectName="filterEnabled")
        self.enabled_box.setToolTip(f"Only sync {noun} that match the conditions below")
        self.match_combo = QComboBox(objectName="filterMatch")
        for key, text in MATCH_TEXT.items():
            self.match_combo.addItem(text, key)
        self.add_button = QPushButton("Add Condition", objectName="addCondition")
        self.message = QLabel(objectName="filterMessage", wordWrap=True)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setVisible(False)
        self.body = QWidget()
        self.rows_box = QVBoxLayout()
        self.rows_box.setContentsMargins(0, 0, 0, 0)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(20, 0, 0, 0)
        body.addWidget(self.match_combo, 0, Qt.AlignmentFlag.AlignLeft)
        body.addLayout(self.rows_box)
        body.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.body)
        self.body.setVisible(False)
        self.enabled_box.toggled.connect(self._enabled_changed)
        self.match_combo.currentIndexChanged.connect(lambda _: self._match_changed())
        self.add_button.clicked.connect(lambda: self.add_condition())

    def set_schema(self, schema: ObjectSchema | None) -> None:
        """The object whose fields the rows offer; rebuilds the rows from the draft."""
        self._schema = schema
        self._fields = {info.name: info for info in schema.fields.values()
                        if filterable(info)} if schema else {}
        self._rebuild()

    def set_draft(self, draft: FilterDraft) -> None:
        self.draft = draft
        self.enabled_box.blockSignals(True)
        self.enabled_box.setChecked(draft.enabled)
        self.enabled_box.blockSignals(False)
        self.body.setVisible(draft.enabled)
        self.match_combo.blockSignals(True)
        self.match_combo.setCurrentIndex(max(self.match_combo.findData(draft.match), 0))
        self.match_combo.blockSignals(False)
        self._rebuild()

    def add_condition(self) -> ConditionRow:
        """"Add Condition": a new row on the first field, added to the draft at once."""
        condition = ConditionDraft()
        self.draft.conditions.append(condition)
        row = self._add_row(condition)
        self.changed.emit()
        return row

    def problems(self) -> list[str]:
        """What is wrong with the filter, in words; each row is marked with its own problem."""
        for row in self.rows:
            row.show_problem("")
        problems: list[str] = []
        if self.draft.enabled and not self.draft.conditions:
            problems.append(f"Add a condition, or untick \"Filter {self._noun}\".")
        if self.draft.enabled and self.draft.conditions and self._schema is not None:
            by_row: dict[int, list[str]] = {}
            for problem in _filter_problems(self._schema, self.draft):
                found = _ROW_PATH.match(problem)
                if found and int(found.group(1)) < len(self.rows):
                    by_row.setdefault(int(found.group(1)), []).append(found.group(2))
                else:
                    problems.append(problem.partition(": ")[2] or problem)
            for index, texts in sorted(by_row.items()):
                self.rows[index].show_problem(" ".join(texts))
                problems.extend(f"Condition {index + 1}: {text}" for text in texts)
        self.message.setText("\n".join(p for p in problems if not p.startswith("Condition ")))
        self.message.setVisible(bool(self.message.text()))
        return problems

    def _rebuild(self) -> None:
        for row in self.rows:
            self.rows_box.removeWidget(row)
            row.deleteLater()
        self.rows = []
        if self._schema is None:
            return
        for condition in self.draft.conditions:
            self._add_row(condition)

    def _add_row(self, condition: ConditionDraft) -> ConditionRow:
        row = ConditionRow(self._fields, condition)
        row.changed.connect(self.changed)
        row.removeRequested.connect(self._remove_row)
        self.rows.append(row)
        self.rows_box.addWidget(row)
        row.show()
        return row

    def _remove_row(self, row: ConditionRow) -> None:
        index = self.rows.index(row)
        self.rows.pop(index)
        self.draft.conditions.pop(index)
        self.rows_box.removeWidget(row)
        row.deleteLater()
        self.changed.emit()

    def _enabled_changed(self, on: bool) -> None:
        self.draft.enabled = on
        self.body.setVisible(on)
        if on and not self.draft.conditions and self._fields:
            self.add_condition()
        self.changed.emit()

    def _match_changed(self) -> None:
        self.draft.match = self.match_combo.currentData()
        self.changed.emit()


def _filter_problems(schema: ObjectSchema, draft: FilterDraft) -> list[str]:
    """The filter checked by `validate_against_schema`, as the one filter of a probe object,
    so the rows show exactly the messages the command line gives for the same file."""
    built = draft.build()
    if built is None:
        return []
    probe = Integration(
        name="filter-check",
        source=SalesforceSource(login_url="https://login.salesforce.com", auth="password",
                                username="filter-check"),
        objects=(CustomObjectSync(schema.name, "Id", "filter_check", (), built),))
    summary = ObjectSummary(schema.name, schema.label, schema.custom, True)
    return [p for p in validate_against_schema(probe, lambda name: schema, [summary])
            if p.startswith("objects[0].filter")]
