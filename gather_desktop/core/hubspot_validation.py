"""A HubSpot integration checked against the portal it reads from: do its properties exist,
can its ID properties hold IDs, and do its filters make sense for those properties?

Run when an integration is added and before every preview and sync, like the Salesforce
check (`validation.py`), whose value rules it shares; only the words differ (HubSpot has
properties and a portal, not fields and an org) and the ID choices of seed 002:
- accounts: a company property, or `companyId` (the company's own record id);
- users: a contact property, `vid` (the contact's own record id) or `email`.
An ID property must be text or a number, or have unique values; one that HubSpot does not
mark unique is allowed with a note (two records may then share an ID).

Comparisons per property type are those of `validation.OPERATORS_BY_KIND` (the connector
sends what HubSpot's search can do and applies the rest itself, so every comparison the
table allows works). A property that points at another record (`associatedcompanyid`) is
compared with record ids: digits.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from gather_desktop.core import fieldtypes as kinds
from gather_desktop.core.checks import REQUIRED_TRAITS
from gather_desktop.core.defaults import (ACCOUNT, HUBSPOT_DEFAULT_TRAITS, HUBSPOT_OBJECTS,
                                          HUBSPOT_RECORD_ID_NAMES, USER)
from gather_desktop.core.integration import (LIST_OPS, NO_VALUE_OPS, HubSpotObjectSync,
                                             Integration, integration_to_dict,
                                             structural_problems)
from gather_desktop.core.messages import did_you_mean, shown
from gather_desktop.core.naming import trait_name
from gather_desktop.core.query import Filter
from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary
from gather_desktop.core.validation import OPERATORS_BY_KIND, SchemaReport, value_problem

_ID_KINDS = (kinds.TEXT, kinds.NUMBER)
_WHAT = {ACCOUNT: ("company", "companies"), USER: ("contact", "contacts")}


def check_hubspot_integration(integration: Integration,
                              schemas: Callable[[str], ObjectSchema],
                              objects: Sequence[ObjectSummary]) -> SchemaReport:
    """Problems (it cannot run until fixed) and notes (it can) for a HubSpot integration."""
    structural = structural_problems(integration_to_dict(integration))
    if structural:
        return SchemaReport(tuple(structural), ())
    checker = _Checker(schemas, {summary.name for summary in objects})
    for model, path, sync in ((ACCOUNT, "accounts", integration.accounts),
                              (USER, "users", integration.users)):
        if isinstance(sync, HubSpotObjectSync):
            checker.sync(model, path, sync)
    return SchemaReport(tuple(checker.problems), tuple(checker.notes))


def id_property_field(model: str, id_property: str, schema: ObjectSchema) -> FieldInfo | None:
    """The property an ID choice reads; None for the record id (companyId, vid), which is the
    record's own id rather than a property."""
    if id_property == HUBSPOT_RECORD_ID_NAMES[model]:
        return None
    return schema.field(id_property)


class _Checker:
    def __init__(self, schemas: Callable[[str], ObjectSchema], objects: set[str]) -> None:
        self.schemas = schemas
        self.objects = objects
        self.problems: list[str] = []
        self.notes: list[str] = []

    def add(self, path: str, text: str) -> None:
        self.problems.append(f"{path}: {text}")

    def sync(self, model: str, path: str, sync: HubSpotObjectSync) -> None:
        object_name = HUBSPOT_OBJECTS[model]
        if object_name not in self.objects:
            self.add(path, f"this HubSpot account does not let Gather Desktop read {object_name}; "
                           f"give the app the crm.objects.{object_name}.read scope, or set "
                           f"{path} to null")
            return
        schema = self.schemas(object_name)
        self.id_property(model, f"{path}.id_property", schema, sync.id_property)
        self.traits(model, path, schema, sync.extra_traits)
        self.filter(f"{path}.filter", schema, sync.filter)

    def id_property(self, model: str, path: str, schema: ObjectSchema, name: str) -> None:
        singular, plural = _WHAT[model]
        other_model = USER if model == ACCOUNT else ACCOUNT
        record_id = HUBSPOT_RECORD_ID_NAMES[model]
        if name == record_id:
            return
        if name == HUBSPOT_RECORD_ID_NAMES[other_model]:
            self.add(path, f"{name} is the record id of {_WHAT[other_model][1]}, not of "
                           f"{plural}; for {plural} use {record_id} or a {singular} property")
            return
        info = id_property_field(model, name, schema)
        if info is None:
            self.add(path, _unknown_property(name, schema, also=(record_id,)))
            return
        if kinds.kind_of(info.type) in _ID_KINDS or info.unique:
            if not info.unique and info.name != "email":
                self.notes.append(f"{path}: HubSpot does not require unique values in "
                                  f"{info.name}, so two {plural} may share one; each "
                                  "run sends the first and reports the others as duplicates")
            return
        suitable = [f.name for f in schema.fields.values() if f.unique][:8] + [record_id]
        self.add(path, f"{info.name} is a {kinds.DESCRIPTIONS[kinds.kind_of(info.type)]} "
                       "property; the ID must come from a text or number property, or one "
                       f"with unique values, such as {', '.join(suitable)}")

    def traits(self, model: str, path: str, schema: ObjectSchema,
               extra: Sequence[str]) -> None:
        """Each property exists; no two properties become the same trait."""
        requests = [(trait, prop, None) for trait, prop in HUBSPOT_DEFAULT_TRAITS[model]]
        requests += [(trait_name(prop), prop, f"{path}.extra_traits[{index}]")
                     for index, prop in enumerate(extra)]
        first_of_trait: dict[str, tuple[str, str]] = {}
        for trait, prop, where in requests:
            info = schema.field(prop)
            if info is None:
                if where is not None:
                    self.add(where, _unknown_property(prop, schema))
                elif trait in REQUIRED_TRAITS.get(model, ()):
                    self.add(path, f"{schema.name} have no property {prop} that Gather Desktop "
                                   "can read, and Gather needs it; check the app's scopes")
                else:
                    self.notes.append(f"{path}: {schema.name} have no property {prop}, so "
                                      f"{trait} is not synced")
                continue
            label = f"{where} ({info.name})" if where else f"{info.name} (a default trait)"
            first = first_of_trait.setdefault(trait, (label, info.name))
            if first[0] == label:
                continue
            if first[1] == info.name:
                self.notes.append(f"{where}: {info.name} is already synced as {first[0]}; the "
                                  "second mention is ignored")
            else:
                self.add(where or label, f"{info.name} would become the trait '{trait}', which "
                                         f"{first[0]} already becomes; keep only one of them")

    def filter(self, path: str, schema: ObjectSchema, filter_: Filter | None) -> None:
        if filter_ is None:
            return
        for index, condition in enumerate(filter_.conditions):
            here = f"{path}.conditions[{index}]"
            info = schema.field(condition.field)
            if info is None:
                self.add(f"{here}.field", _unknown_property(condition.field, schema))
                continue
            kind = kinds.kind_of(info.type)
            allowed = OPERATORS_BY_KIND[kind]
            if condition.op not in allowed:
                self.add(f"{here}.op", f"{condition.op} does not work on {info.name}, a "
                                       f"{kinds.DESCRIPTIONS[kind]} property; use one of "
                                       f"{', '.join(allowed)}")
                continue
            if condition.op in NO_VALUE_OPS:
                continue
            values = condition.value if condition.op in LIST_OPS else (condition.value,)
            for number, value in enumerate(values):
                problem = _value_problem(info, kind, condition.op, value)
                if problem:
                    suffix = f"[{number}]" if condition.op in LIST_OPS else ""
                    self.add(f"{here}.value{suffix}", problem)


def _value_problem(info: FieldInfo, kind: str, op: str, value: Any) -> str | None:
    if kind == kinds.RECORD_ID:
        if isinstance(value, str) and value.isdigit():
            return None
        return (f"{shown(value)} is not a HubSpot record id; {info.name} holds the id of a "
                "record, written as digits in quotes, such as \"9001\"")
    return value_problem(info, kind, op, value)


def _unknown_property(name: str, schema: ObjectSchema, also: Sequence[str] = ()) -> str:
    return (f"{shown(name)} is not a property of {schema.name} in this HubSpot account"
            f"{did_you_mean(name, [*schema.fields, *also])}. It may have been deleted or "
            "renamed; use the property's internal name (not its label), or edit the "
            "integration to choose another property")
