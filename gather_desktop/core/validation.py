"""An integration checked against the org it reads from: do its objects and fields exist, and
do its filters make sense for those fields?

Run when an integration is added and again before every preview and sync, because an org
changes under a saved integration (a field deleted, renamed, or hidden from the user); the
problem then names the key and the field and says to edit the integration, instead of a SOQL
error in the middle of a run.

Which comparisons fit which fields (the SOQL connector builds exactly these):
- text (string, textarea, email, phone, url): every comparison;
- picklist: eq, ne, in, not_in (values must be the picklist's values), contains,
  not_contains, starts_with (any text), is_empty, is_not_empty;
- multi-select picklist: eq, ne ("A;B", the exact selection), contains, not_contains (one
  value: the selection includes / excludes it), in, not_in (includes any / none of the values),
  is_empty, is_not_empty;
- number, date, date/time: eq, ne, gt, gte, lt, lte, in, not_in, is_empty, is_not_empty;
- checkbox: eq, ne;
- record ID (Id and lookups): eq, ne, in, not_in, is_empty, is_not_empty;
- address and geolocation: none (Salesforce cannot filter them; filter on a part, such as
  BillingCity).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Callable, Sequence

from gather_desktop.core import fieldtypes as kinds
from gather_desktop.core.checks import REQUIRED_TRAITS
from gather_desktop.core.defaults import (ACCOUNT, SALESFORCE_OBJECTS, USER, TraitRequest,
                                          trait_requests)
from gather_desktop.core.integration import (LIST_OPS, NO_VALUE_OPS, CustomObjectSync,
                                             Integration, ObjectSync, SalesforceSource,
                                             integration_to_dict, structural_problems)
from gather_desktop.core.links import account_lookups
from gather_desktop.core.messages import did_you_mean, shown
from gather_desktop.core.naming import trait_name
from gather_desktop.core.query import OPERATORS, Condition, Filter
from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary, resolve_field

_ORDERED = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "is_empty", "is_not_empty")
_ID_LIKE = ("eq", "ne", "in", "not_in", "is_empty", "is_not_empty")
#: The comparisons each group of field types takes (see the module docstring).
OPERATORS_BY_KIND = MappingProxyType({
    kinds.TEXT: OPERATORS,
    kinds.PICKLIST: ("eq", "ne", "contains", "not_contains", "starts_with", "in", "not_in",
                     "is_empty", "is_not_empty"),
    kinds.MULTIPICKLIST: ("eq", "ne", "contains", "not_contains", "in", "not_in", "is_empty",
                          "is_not_empty"),
    kinds.NUMBER: _ORDERED, kinds.DATE: _ORDERED, kinds.DATETIME: _ORDERED,
    kinds.BOOLEAN: ("eq", "ne"),
    kinds.RECORD_ID: _ID_LIKE, kinds.OTHER: _ID_LIKE,
    kinds.COMPOUND: (), kinds.BINARY: (),
})
_TEXT_SEARCH = ("contains", "not_contains", "starts_with")
_ID_TYPES = ("id", "string", "email")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})")
_RECORD_ID = re.compile(r"[0-9A-Za-z]{15}([0-9A-Za-z]{3})?")
_SHOWN_CHOICES = 20


@dataclass(frozen=True)
class SchemaReport:
    problems: tuple[str, ...]   # the integration cannot run until these are fixed
    notes: tuple[str, ...]      # it can run, but the user should know (shown, never blocking)


def validate_against_schema(integration: Integration, schemas: Callable[[str], ObjectSchema],
                            objects: Sequence[ObjectSummary]) -> list[str]:
    """Every problem that stops this integration from running against this org."""
    return list(check_integration(integration, schemas, objects).problems)


def check_integration(integration: Integration, schemas: Callable[[str], ObjectSchema],
                      objects: Sequence[ObjectSummary]) -> SchemaReport:
    """Problems and notes for an integration against its source's objects and schemas.

    The structural rules of the file are checked first (an Integration built in code, by the
    wizard, meets the same rules as a loaded file); schemas are asked only for objects the org
    lists, so a missing object is a problem here, not an exception from the connector.
    A HubSpot integration is checked by `hubspot_validation` (its own rules and words).
    """
    if not isinstance(integration.source, SalesforceSource):
        # Imported here: hubspot_validation builds on this module's value checks.
        from gather_desktop.core.hubspot_validation import check_hubspot_integration
        return check_hubspot_integration(integration, schemas, objects)
    structural = structural_problems(integration_to_dict(integration))
    if structural:
        return SchemaReport(tuple(structural), ())
    checker = _Checker(_Org(schemas, objects), integration)
    checker.run()
    return SchemaReport(tuple(checker.problems), tuple(checker.notes))


class _Org:
    """The org as validation may see it: only objects the global describe lists."""

    def __init__(self, schemas: Callable[[str], ObjectSchema],
                 objects: Sequence[ObjectSummary]) -> None:
        self._schemas = schemas
        self.objects = {summary.name.lower(): summary for summary in objects}

    def schema(self, name: str) -> ObjectSchema:
        """The object's schema; an empty one for an object the org does not list."""
        if name.lower() not in self.objects:
            return ObjectSchema(name=name, label=name, custom=False, fields={})
        return self._schemas(name)

    def field(self, object_name: str, name: str) -> FieldInfo | None:
        return resolve_field(self.schema, object_name, name)


class _Checker:
    def __init__(self, org: _Org, integration: Integration) -> None:
        self.org = org
        self.integration = integration
        self.problems: list[str] = []
        self.notes: list[str] = []

    def add(self, path: str, text: str) -> None:
        self.problems.append(f"{path}: {text}")

    def run(self) -> None:
        accounts, users = self.integration.accounts, self.integration.users
        if isinstance(accounts, ObjectSync):
            self.standard(ACCOUNT, "accounts", accounts)
        if isinstance(users, ObjectSync):
            self.standard(USER, "users", users)
        for index, custom in enumerate(self.integration.objects):
            self.custom(f"objects[{index}]", custom)

    # the three kinds of sync -------------------------------------------------------------

    def standard(self, model: str, path: str, sync: ObjectSync) -> None:
        object_name = SALESFORCE_OBJECTS[model]
        summary = self.org.objects.get(object_name.lower())
        if summary is None or not summary.queryable:
            self.add(path, f"this Salesforce org has no {object_name} object your user can "
                           f"read; ask your Salesforce admin for read access to "
                           f"{object_name}s, or set {path} to null")
            return
        schema = self.org.schema(object_name)
        self.id_field(f"{path}.id_field", schema, sync.id_field)
        self.traits(model, path, schema, trait_requests(model, sync.extra_traits,
                                                        f"{path}.extra_traits"))
        self.filter(f"{path}.filter", object_name, sync.filter)
        if sync.only_closed_won:
            self.closed_won(f"{path}.only_closed_won")
        if model == USER and self.integration.accounts is not None \
                and not account_lookups(schema):
            self.notes.append(f"{path}: Contact has no lookup to Account that your user can "
                              "see, so users will not be linked to their accounts")

    def custom(self, path: str, custom: CustomObjectSync) -> None:
        summary = self.org.objects.get(custom.object.lower())
        if summary is None:
            names = [known.name for known in self.org.objects.values()]
            self.add(f"{path}.object", f"{shown(custom.object)} is not an object in this "
                                       f"Salesforce org{did_you_mean(custom.object, names)}. "
                                       "It may have been deleted, or your user may not be "
                                       "allowed to see it; edit the integration to choose "
                                       "another object")
            return
        if not summary.queryable:
            self.add(f"{path}.object", f"{summary.name} cannot be queried through the API, so "
                                       "it cannot be synced; choose another object")
            return
        schema = self.org.schema(summary.name)
        self.id_field(f"{path}.id_field", schema, custom.id_field)
        self.traits(custom.model, path, schema, trait_requests(custom.model, custom.traits,
                                                               f"{path}.traits"))
        self.filter(f"{path}.filter", summary.name, custom.filter)
        lookups = account_lookups(schema)
        if self.integration.accounts is not None and len(lookups) > 1:
            others = ", ".join(info.name for info in lookups[1:])
            self.notes.append(f"{path}: {summary.name} has several lookups to Account; records "
                              f"are linked to the account in {lookups[0].name} (not {others})")

    # fields ------------------------------------------------------------------------------

    def id_field(self, path: str, schema: ObjectSchema, name: str) -> None:
        info = schema.field(name)
        if info is None:
            self.add(path, _unknown_field(name, schema))
            return
        if info.type in _ID_TYPES or info.external_id or info.unique:
            if info.type != "id" and not (info.external_id or info.unique):
                self.notes.append(f"{path}: {info.name} is not marked Unique or External ID in "
                                  f"Salesforce, so two records may share a value; each run "
                                  "sends the first and reports the others as duplicates")
            return
        suitable = [f.name for f in schema.fields.values()
                    if f.type == "id" or f.external_id or f.unique][:8]
        self.add(path, f"{info.name} is a {_described(info)} field; the ID must come from an "
                       "ID, text or email field, or one marked Unique or External ID"
                       + (f", such as {', '.join(suitable)}" if suitable else ""))

    def traits(self, model: str, path: str, schema: ObjectSchema,
               requests: list[TraitRequest]) -> None:
        """Each requested field exists and can be a trait; no two become the same trait.

        A default field the user cannot see is only a note (that trait is not synced), unless
        it feeds a trait Gather requires (an account's name, a user's email, ...).
        """
        first_of_trait: dict[str, tuple[str, str]] = {}
        for request in requests:
            info = self.org.field(schema.name, request.field)
            if info is None:
                if request.path is not None:
                    self.add(request.path, _unknown_field(request.field, schema))
                elif trait_name(request.field) in REQUIRED_TRAITS.get(model, ()):
                    self.add(path, f"{schema.name} has no field {request.field} that your user "
                                   "can see, and Gather needs it; ask your Salesforce admin "
                                   "for access")
                else:
                    self.notes.append(f"{path}: {schema.name} has no field {request.field} that "
                                      f"your user can see, so {trait_name(request.field)} is "
                                      "not synced")
                continue
            if kinds.kind_of(info.type) == kinds.BINARY:
                self.add(request.path or path, f"{info.name} holds file content, which cannot "
                                               "be a trait; remove it")
                continue
            trait = trait_name(info.name)
            label = (f"{request.path} ({info.name})" if request.path
                     else f"{info.name} (a default trait)")
            first = first_of_trait.setdefault(trait, (label, info.name))
            if first[0] == label:
                continue
            if first[1].lower() == info.name.lower():
                self.notes.append(f"{request.path}: {info.name} is already synced as {first[0]}; "
                                  "the second mention is ignored")
            else:
                self.add(request.path or label,
                         f"{info.name} would become the trait '{trait}', which {first[0]} "
                         "already becomes; keep only one of them")

    def closed_won(self, path: str) -> None:
        opportunity = self.org.schema("Opportunity")
        if opportunity.field("IsWon") is None or opportunity.field("AccountId") is None:
            self.add(path, "true, but this org has no Opportunity object with IsWon and "
                           "AccountId that your user can read, so closed-won accounts cannot be "
                           "found; set it to false, or ask your Salesforce admin for access")

    # filters -----------------------------------------------------------------------------

    def filter(self, path: str, object_name: str, filter_: Filter | None) -> None:
        if filter_ is None:
            return
        for index, condition in enumerate(filter_.conditions):
            self.condition(f"{path}.conditions[{index}]", object_name, condition)

    def condition(self, path: str, object_name: str, condition: Condition) -> None:
        info = self.org.field(object_name, condition.field)
        if info is None:
            self.add(f"{path}.field", _unknown_field(condition.field,
                                                     self.org.schema(object_name)))
            return
        kind = kinds.kind_of(info.type)
        allowed = OPERATORS_BY_KIND[kind]
        if not allowed or not info.filterable:
            hint = (f"; filter on one of its parts instead, such as "
                    f"{info.name.removesuffix('Address')}City") if info.type == "address" else ""
            self.add(f"{path}.field", f"Salesforce cannot filter on {info.name} (a "
                                      f"{_described(info)} field){hint}; choose another field")
            return
        if condition.op not in allowed:
            self.add(f"{path}.op", f"{condition.op} does not work on {info.name}, a "
                                   f"{_described(info)} field; use one of {', '.join(allowed)}")
            return
        if condition.op in NO_VALUE_OPS:
            return
        values = condition.value if condition.op in LIST_OPS else (condition.value,)
        for index, value in enumerate(values):
            problem = value_problem(info, kind, condition.op, value)
            if problem:
                where = f"{path}.value" + (f"[{index}]" if condition.op in LIST_OPS else "")
                self.add(where, problem)


def value_problem(info: FieldInfo, kind: str, op: str, value: Any) -> str | None:
    """What is wrong with one compared value for this field, or None."""
    if kind == kinds.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            return (f"{shown(value)} is not a number; {info.name} is a number field, so write a "
                    "number without quotes, such as 50")
        if info.type in ("int", "long") and not float(value).is_integer():
            return f"{shown(value)} is not a whole number; {info.name} holds whole numbers"
        return None
    if kind == kinds.BOOLEAN:
        if not isinstance(value, bool):
            return (f"{shown(value)} is not true or false; {info.name} is a checkbox, so write "
                    "true or false without quotes")
        return None
    if not isinstance(value, str):
        return (f"{shown(value)} is not text; {info.name} is a {_described(info)} field, so "
                f"write the value in quotes, such as \"{value}\"")
    if kind == kinds.DATE:
        return _date_problem(value)
    if kind == kinds.DATETIME:
        return _datetime_problem(value)
    if kind == kinds.RECORD_ID:
        if not _RECORD_ID.fullmatch(value):
            return (f"{shown(value)} is not a Salesforce record ID; write the 18-character ID "
                    "of the record, such as 001xx000003DGb2AAG")
        return None
    if op in _TEXT_SEARCH:
        if not value.strip():
            return f"{shown(value)} has nothing to look for; write some text for {op}"
    elif value == "":
        return "'' is empty; use is_empty or is_not_empty to find blank fields"
    if kind == kinds.MULTIPICKLIST or (kind == kinds.PICKLIST and op not in _TEXT_SEARCH):
        return _picklist_problem(info, kind, op, value)
    return None


def _picklist_problem(info: FieldInfo, kind: str, op: str, value: str) -> str | None:
    if not info.picklist_values:
        return None
    if kind == kinds.MULTIPICKLIST and op in ("eq", "ne"):
        wanted = value.split(";")
    elif ";" in value:
        return (f"{shown(value)} holds several values; {op} compares one value at a time, so "
                f"write one of them (use eq to compare the whole selection)")
    else:
        wanted = [value]
    unknown = [part for part in wanted if part not in info.picklist_values]
    if not unknown:
        return None
    choices = list(info.picklist_values)
    listed = ", ".join(choices[:_SHOWN_CHOICES])
    if len(choices) > _SHOWN_CHOICES:
        listed += f" and {len(choices) - _SHOWN_CHOICES} more"
    return (f"{shown(unknown[0])} is not a value of the picklist {info.name}"
            f"{did_you_mean(unknown[0], choices)}; use one of {listed}")


def _date_problem(value: str) -> str | None:
    if not _DATE.fullmatch(value):
        return f"{shown(value)} is not a date; write it as YYYY-MM-DD, such as 2024-03-10"
    try:
        date.fromisoformat(value)
    except ValueError:
        return (f"{shown(value)} is not a real calendar date; write an existing date as "
                "YYYY-MM-DD, such as 2024-02-29")
    return None


def _datetime_problem(value: str) -> str | None:
    example = ("write a date and time with its time zone, such as 2024-03-10T23:30:00Z or "
               "2024-03-10T23:30:00+01:00")
    if not _DATETIME.fullmatch(value):
        return f"{shown(value)} is not a date and time with a time zone; {example}"
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return f"{shown(value)} is not a real date and time; {example}"
    return None


# --- messages ------------------------------------------------------------------------------

def _unknown_field(name: str, schema: ObjectSchema) -> str:
    return (f"{shown(name)} is not a field of {schema.name} in this Salesforce org"
            f"{did_you_mean(name, list(schema.fields))}. It may have been deleted or "
            "renamed, or your user may not be allowed to see it; edit the integration to "
            "choose another field")


def _described(info: FieldInfo) -> str:
    """"number" for an int field; an unusual type (time, anyType) by its own name."""
    kind = kinds.kind_of(info.type)
    return info.type if kind == kinds.OTHER else kinds.DESCRIPTIONS[kind]


