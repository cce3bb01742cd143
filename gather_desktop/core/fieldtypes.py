"""Salesforce field types grouped by how the app treats them.

Validation (which comparisons and values a filter may use) and value conversion (what a trait
looks like in Gather) both decide by these groups, so a type is classified once, here, and the
two can never disagree about what counts as text or as a number.
"""

from __future__ import annotations

TEXT = "text"
PICKLIST = "picklist"
MULTIPICKLIST = "multipicklist"
NUMBER = "number"
DATE = "date"
DATETIME = "datetime"
BOOLEAN = "boolean"
RECORD_ID = "id"
COMPOUND = "compound"
BINARY = "binary"
OTHER = "other"

_KINDS = {
    **dict.fromkeys(("string", "textarea", "email", "phone", "url", "combobox",
                     "encryptedstring"), TEXT),
    "picklist": PICKLIST,
    "multipicklist": MULTIPICKLIST,
    **dict.fromkeys(("int", "long", "double", "currency", "percent"), NUMBER),
    "date": DATE,
    "datetime": DATETIME,
    "boolean": BOOLEAN,
    **dict.fromkeys(("id", "reference"), RECORD_ID),
    **dict.fromkeys(("address", "location"), COMPOUND),
    "base64": BINARY,
}

#: How each group is named in messages for a person ("NumberOfEmployees is a number field").
DESCRIPTIONS = {
    TEXT: "text", PICKLIST: "picklist", MULTIPICKLIST: "multi-select picklist",
    NUMBER: "number", DATE: "date", DATETIME: "date/time", BOOLEAN: "checkbox",
    RECORD_ID: "record ID", COMPOUND: "compound", BINARY: "file content", OTHER: "other",
}


def kind_of(field_type: str) -> str:
    """The group of a Salesforce field type; unknown types (time, anyType, ...) are OTHER."""
    return _KINDS.get(field_type.lower(), OTHER)
