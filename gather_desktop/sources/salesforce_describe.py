"""Salesforce describe documents turned into the app's own schema shapes (`core.schema`).

Only here does the app read Salesforce's describe JSON, so validation, the field pickers and
the SOQL builder all see one vendor-neutral shape. The rules that matter to a user:
- picklist values are the active ones only (inactive values cannot be set any more, and
  offering them in a filter would match nothing new);
- compound address fields (`BillingAddress`) stay fields of their own, type "address", next
  to their components (`BillingCity` says `compound_field_name="BillingAddress"`), so an
  address can be synced as one trait;
- a length of 0 (what Salesforce says for non-text fields) is no length at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary


def object_summaries(global_describe: Mapping[str, Any]) -> list[ObjectSummary]:
    """Every object of `GET /sobjects`, in Salesforce's order."""
    return [ObjectSummary(name=entry["name"], label=entry.get("label") or entry["name"],
                          custom=bool(entry.get("custom")),
                          queryable=bool(entry.get("queryable", True)))
            for entry in global_describe.get("sobjects") or ()]


def object_schema(describe: Mapping[str, Any]) -> ObjectSchema:
    """One object from `GET /sobjects/{name}/describe`, fields in describe order."""
    fields = {info.name: info for info in map(field_info, describe.get("fields") or ())}
    return ObjectSchema(name=describe["name"], label=describe.get("label") or describe["name"],
                        custom=bool(describe.get("custom")), fields=MappingProxyType(fields))


def field_info(field: Mapping[str, Any]) -> FieldInfo:
    """One entry of a describe's `fields` list."""
    return FieldInfo(
        name=field["name"],
        label=field.get("label") or field["name"],
        type=field.get("type") or "string",
        nillable=bool(field.get("nillable", True)),
        unique=bool(field.get("unique")),
        external_id=bool(field.get("externalId")),
        filterable=bool(field.get("filterable", True)),
        picklist_values=tuple(entry["value"] for entry in field.get("picklistValues") or ()
                              if entry.get("active", True)),
        reference_to=tuple(field.get("referenceTo") or ()),
        relationship_name=field.get("relationshipName") or None,
        compound_field_name=field.get("compoundFieldName") or None,
        length=field.get("length") or None,
    )
