"""HubSpot property definitions and values turned into the app's own shapes.

Only here does the app read HubSpot's `Property` JSON (`GET /crm/v3/properties/{type}`), so
validation, pickers and mapping see the same vendor-neutral `core.schema` shapes as for
Salesforce. Types are given the Salesforce-like names core already understands:
string → string, number → double, bool → boolean, date → date, datetime → datetime,
enumeration → picklist (a multi-select checkbox → multipicklist; a yes/no checkbox →
boolean), phone_number → phone; a property that holds another record's id
(`referencedObjectType`, such as the contact's `associatedcompanyid`) → reference.

HubSpot sends every value as text. `converter` gives, per type, the function that turns it
into the typed value a trait holds: numbers as numbers ("120" → 120, "1.5" → 1.5), booleans
as booleans, dates as "YYYY-MM-DD", datetimes as ISO-8601 UTC; text (and record ids) as they
are. Epoch milliseconds, which older properties still hold, are read as UTC instants. A value
that does not parse is kept as text rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary

#: The objects the connector reads, with their labels (seed 002: companies and contacts).
OBJECTS: Mapping[str, str] = MappingProxyType({"companies": "Companies",
                                               "contacts": "Contacts"})
#: `referencedObjectType` → the object whose record ids such a property holds.
_REFERENCED = {"COMPANY": "companies", "CONTACT": "contacts"}
_TYPES = {"string": "string", "number": "double", "bool": "boolean", "date": "date",
          "datetime": "datetime", "enumeration": "picklist", "phone_number": "phone"}

Converter = Callable[[str], Any]


def object_summaries() -> list[ObjectSummary]:
    return [ObjectSummary(name, label, custom=False, queryable=True)
            for name, label in OBJECTS.items()]


def object_schema(object_name: str, properties: list[Mapping[str, Any]]) -> ObjectSchema:
    """One object's properties, in HubSpot's order; archived properties are left out."""
    fields = {prop["name"]: field_info(prop) for prop in properties if not prop.get("archived")}
    return ObjectSchema(name=object_name, label=OBJECTS.get(object_name, object_name),
                        custom=False, fields=MappingProxyType(fields))


def field_info(prop: Mapping[str, Any]) -> FieldInfo:
    referenced = _REFERENCED.get(str(prop.get("referencedObjectType") or ""))
    options = prop.get("options") or ()
    return FieldInfo(
        name=prop["name"], label=prop.get("label") or prop["name"],
        type="reference" if referenced else field_type(prop.get("type"), prop.get("fieldType")),
        unique=bool(prop.get("hasUniqueValue")),
        picklist_values=tuple(str(option["value"]) for option in options
                              if not option.get("hidden")),
        reference_to=(referenced,) if referenced else ())


def field_type(hubspot_type: Any, hubspot_field_type: Any) -> str:
    """The Salesforce-like name of a HubSpot property type (module docstring)."""
    if hubspot_type == "enumeration" and hubspot_field_type == "checkbox":
        return "multipicklist"
    if hubspot_type == "enumeration" and hubspot_field_type == "booleancheckbox":
        return "boolean"
    return _TYPES.get(str(hubspot_type), "string")


def converter(field_type_name: str) -> Converter | None:
    """The conversion of a value of this type; None when the text is the value."""
    return _CONVERTERS.get(field_type_name)


def _number(text: str) -> Any:
    if text == "":
        return None
    try:
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)
    except ValueError:
        return text


def _boolean(text: str) -> Any:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return None if text == "" else text


def _date(text: str) -> Any:
    if text == "":
        return None
    if text.isdigit():
        return _from_epoch_ms(text).strftime("%Y-%m-%d")
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text


def _datetime(text: str) -> Any:
    if text == "":
        return None
    if text.isdigit():
        moment = _from_epoch_ms(text)
        return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"
    return text


def _from_epoch_ms(text: str) -> datetime:
    return datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc)


def epoch_ms(moment: datetime) -> int:
    """An aware datetime as the epoch milliseconds HubSpot's search compares datetimes with."""
    return int(moment.astimezone(timezone.utc).timestamp() * 1000)


def iso_epoch_ms(text: str) -> int:
    """An ISO-8601 instant ("2024-05-31T23:59:30.123Z"; no zone means UTC) or epoch
    milliseconds text, as epoch milliseconds; ValueError when it is neither."""
    if text.isdigit():
        return int(text)
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return epoch_ms(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))


_CONVERTERS: Mapping[str, Converter] = {"double": _number, "boolean": _boolean, "date": _date,
                                        "datetime": _datetime}
