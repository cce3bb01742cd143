"""From an integration and the org's schemas to what to read and what to send, per model.

A `ModelPlan` is built once per run for each synced model (`account`, `user`, each custom
model): it holds the `SourceQuery` the connector runs and turns each record the connector
yields into a `MappedRecord` — the Gather ID, the traits exactly as they would be sent, the
link to the record's account, and the app's own checks. The engine adds what needs the Gather
side: IDs looked up in the Gather index (`update_existing`), duplicates across a run
(`checks.DuplicateIds`) and the change cache (`changes.record_hash`).

Field names are taken in the org's own spelling (`resolve_field`), so the query, the record
keys and the trait names never depend on how a user typed a name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Callable, Mapping, Sequence

from gather_desktop.core.checks import (SALESFORCE, account_without_key, blank_match_value,
                                        id_problems, id_warnings, is_blank,
                                        missing_required_traits)
from gather_desktop.core.defaults import (ACCOUNT, SALESFORCE_OBJECTS, STANDARD_MODELS, USER,
                                          TraitRequest, trait_requests)
from gather_desktop.core.integration import (CREATE, CustomObjectSync, HubSpotSource,
                                             Integration, IntegrationError, ObjectSync)
from gather_desktop.core.links import ACCOUNT_ID_TRAIT, ACCOUNT_RELATIONSHIP, account_lookup
from gather_desktop.core.naming import model_label, trait_name
from gather_desktop.core.query import Condition, Filter, SourceQuery
from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary, resolve_field
from gather_desktop.core.validation import validate_against_schema
from gather_desktop.core.values import gather_value, id_text

SOURCE_ID_FIELD = "Id"


@dataclass(frozen=True)
class TraitSource:
    trait: str      # "number_of_employees"
    field: str      # "NumberOfEmployees", "Account.Name": the record key it is read from
    type: str       # the field's Salesforce type, which decides the value's conversion


@dataclass(frozen=True)
class AccountLink:
    """Where a record's account is read from, through its lookup to Account."""
    lookup: str                 # "AccountId": the account's Salesforce Id (None: no account)
    key_field: str              # the account's value of accounts.id_field, read through the
                                # lookup ("Account.Gather_Id__c"), or the lookup itself when
                                # that field is the account's Id
    accounts_id_field: str      # "Gather_Id__c", named in messages
    accounts_method: str        # create: key_field holds the account's Gather ID;
                                # update_existing: the value the account's match_trait holds


@dataclass
class MappedRecord:
    source_id: str                      # the Salesforce record Id
    gather_id: str | None               # create: the ID field's value; update_existing: None
    traits: dict[str, Any]              # exactly what would be sent, without "id"
    account_source_id: str | None = None    # the Salesforce Id of the record's account
    account_gather_id: str | None = None    # that account's Gather ID, when known here
    problems: list[str] = field(default_factory=list)   # not sent: counted `invalid`
    warnings: list[str] = field(default_factory=list)   # sent, but the user should know
    match_value: str | None = None          # update_existing: the value match_trait holds
    account_match_value: str | None = None  # accounts update_existing: the value the
                                            # account's match_trait holds (its Salesforce Id
                                            # when accounts.id_field is Id)

    @property
    def valid(self) -> bool:
        return not self.problems

    def with_account(self, account_gather_id: str) -> MappedRecord:
        """A copy linked to an account whose Gather ID the engine found in the Gather index."""
        return replace(self, traits={**self.traits, ACCOUNT_ID_TRAIT: account_gather_id},
                       account_gather_id=account_gather_id,
                       problems=list(self.problems), warnings=list(self.warnings))


@dataclass(frozen=True)
class ModelPlan:
    model: str                      # "account", "user" or a custom model id
    path: str                       # where it is configured: "accounts", "objects[0]"
    method: str                     # CREATE or UPDATE_EXISTING
    id_field: str                   # in the org's spelling
    match_trait: str | None
    query: SourceQuery
    traits: tuple[TraitSource, ...]
    account_link: AccountLink | None = None
    source_name: str = SALESFORCE   # named in the reasons a record is invalid ("HubSpot")

    @cached_property
    def _fields_of_traits(self) -> dict[str, str]:
        return {source.trait: source.field for source in self.traits}

    def map_record(self, record: Mapping[str, Any]) -> MappedRecord:
        """The Gather record for one source record (a plain dict keyed by the query's fields).

        Every trait is present, None when the source field is empty, because sending null is
        how a value cleared in Salesforce is cleared in Gather. A record's own problems
        (missing required traits, an empty or too long ID, an account without a Gather ID)
        are in `problems`; duplicates need the whole run and are found by the engine.
        """
        traits = {source.trait: gather_value(source.type, record[source.field])
                  for source in self.traits}
        problems: list[str] = []
        warnings: list[str] = []
        key = id_text(record[self.id_field])
        gather_id = match_value = None
        if self.method == CREATE:
            gather_id = None if is_blank(key) else key
            problems += id_problems(key, self.id_field, self.source_name)
            if self.source_name == SALESFORCE:  # the warning is about Salesforce's own Ids
                warnings += id_warnings(gather_id)
        elif is_blank(key):
            problems.append(blank_match_value(self.id_field, self.model))
        else:
            match_value = key
        account_source_id = account_gather_id = account_match_value = None
        link = self.account_link
        if link is not None and not is_blank(record[link.lookup]):
            account_source_id = record[link.lookup]
            account_key = id_text(record[link.key_field])
            creates = link.accounts_method == CREATE
            if is_blank(account_key):
                problems.append(account_without_key(account_source_id, link.accounts_id_field,
                                                    creates, self.source_name))
            elif creates:
                account_gather_id = traits[ACCOUNT_ID_TRAIT] = account_key
            else:
                account_match_value = account_key
        problems += missing_required_traits(self.model, traits, self._fields_of_traits,
                                            self.source_name)
        return MappedRecord(source_id=record[SOURCE_ID_FIELD], gather_id=gather_id, traits=traits,
                            account_source_id=account_source_id,
                            account_gather_id=account_gather_id, problems=problems,
                            warnings=warnings, match_value=match_value,
                            account_match_value=account_match_value)


def build_plans(integration: Integration, schemas: Callable[[str], ObjectSchema],
                objects: Sequence[ObjectSummary]) -> list[ModelPlan]:
    """A plan per synced model (account, user, then the custom models in file order).

    The integration is validated against the org first, so a field deleted since it was saved
    stops the run here with the validation's message (key, field, "edit the integration"),
    not with a query error halfway through. HubSpot integrations are planned by
    `hubspot_plans` (its own ID choices and default traits) into the same ModelPlans.
    """
    if isinstance(integration.source, HubSpotSource):
        # Imported here: hubspot_plans builds on this module's ModelPlan.
        from gather_desktop.core.hubspot_plans import build_hubspot_plans
        return build_hubspot_plans(integration, schemas, objects)
    problems = validate_against_schema(integration, schemas, objects)
    if problems:
        raise IntegrationError(problems, subject=f"The integration '{integration.name}'")
    accounts = integration.accounts if isinstance(integration.accounts, ObjectSync) else None
    plans = []
    if accounts is not None:
        plans.append(_standard_plan(ACCOUNT, "accounts", accounts, schemas, None))
    if isinstance(integration.users, ObjectSync):
        plans.append(_standard_plan(USER, "users", integration.users, schemas, accounts))
    for index, custom in enumerate(integration.objects):
        plans.append(_custom_plan(f"objects[{index}]", custom, schemas, accounts))
    return plans


def model_definition(plan: ModelPlan) -> dict[str, Any]:
    """The body of Gather's `POST /models` for a custom model, with its link to accounts."""
    if plan.model in STANDARD_MODELS:
        raise ValueError(f"'{plan.model}' is a Gather standard model; it is never created")
    relationships = [dict(ACCOUNT_RELATIONSHIP)] if plan.account_link else []
    return {"id": plan.model, "name": model_label(plan.model), "relationships": relationships}


def _standard_plan(model: str, path: str, sync: ObjectSync,
                   schemas: Callable[[str], ObjectSchema],
                   accounts: ObjectSync | None) -> ModelPlan:
    schema = schemas(SALESFORCE_OBJECTS[model])
    traits = _trait_sources(schemas, schema, trait_requests(model, sync.extra_traits,
                                                            f"{path}.extra_traits"))
    link = _account_link(schemas, schema, accounts) if model == USER else None
    return _plan(model, path, sync.method, schema, sync.id_field, sync.match_trait, traits,
                 link, sync.filter, sync.only_closed_won, schemas)


def _custom_plan(path: str, custom: CustomObjectSync, schemas: Callable[[str], ObjectSchema],
                 accounts: ObjectSync | None) -> ModelPlan:
    schema = schemas(custom.object)
    traits = _trait_sources(schemas, schema, trait_requests(custom.model, custom.traits,
                                                            f"{path}.traits"))
    return _plan(custom.model, path, CREATE, schema, custom.id_field, None, traits,
                 _account_link(schemas, schema, accounts), custom.filter, False, schemas)


def _plan(model: str, path: str, method: str, schema: ObjectSchema, id_field: str,
          match_trait: str | None, traits: tuple[TraitSource, ...], link: AccountLink | None,
          filter_: Filter | None, only_closed_won: bool,
          schemas: Callable[[str], ObjectSchema]) -> ModelPlan:
    id_name = _field(schemas, schema, id_field).name
    link_fields = [link.lookup, link.key_field] if link else []
    fields = _unique([SOURCE_ID_FIELD, id_name, *(t.field for t in traits), *link_fields])
    query = SourceQuery(object_name=schema.name, fields=fields,
                        filter=_canonical_filter(schemas, schema, filter_),
                        only_closed_won=only_closed_won)
    return ModelPlan(model=model, path=path, method=method, id_field=id_name,
                     match_trait=match_trait, query=query, traits=traits, account_link=link)


def _trait_sources(schemas: Callable[[str], ObjectSchema], schema: ObjectSchema,
                   requests: list[TraitRequest]) -> tuple[TraitSource, ...]:
    """Each requested field once, in request order; default fields the org hides are skipped
    (validation has told the user), a field listed twice is read once."""
    sources: dict[str, TraitSource] = {}
    for request in requests:
        info = resolve_field(schemas, schema.name, request.field)
        if info is not None and info.name.lower() not in sources:
            sources[info.name.lower()] = TraitSource(trait_name(info.name), info.name, info.type)
    return tuple(sources.values())


def _account_link(schemas: Callable[[str], ObjectSchema], schema: ObjectSchema,
                  accounts: ObjectSync | None) -> AccountLink | None:
    """How this object's records find their Gather account; None when accounts are not
    synced by this integration (there is then no Gather ID field to read) or there is no
    lookup to Account."""
    lookup = account_lookup(schema)
    if accounts is None or lookup is None:
        return None
    accounts_id_field = _field(schemas, schemas(SALESFORCE_OBJECTS[ACCOUNT]),
                               accounts.id_field).name
    key_field = (lookup.name if accounts_id_field == SOURCE_ID_FIELD
                 else f"{lookup.relationship_name}.{accounts_id_field}")
    return AccountLink(lookup=lookup.name, key_field=key_field,
                       accounts_id_field=accounts_id_field, accounts_method=accounts.method)


def _canonical_filter(schemas: Callable[[str], ObjectSchema], schema: ObjectSchema,
                      filter_: Filter | None) -> Filter | None:
    if filter_ is None:
        return None
    return Filter(match=filter_.match, conditions=tuple(
        Condition(_field(schemas, schema, c.field).name, c.op, c.value)
        for c in filter_.conditions))


def _field(schemas: Callable[[str], ObjectSchema], schema: ObjectSchema, name: str) -> FieldInfo:
    """A field validation has already found; its absence here is a bug, not a user error."""
    info = resolve_field(schemas, schema.name, name)
    if info is None:
        raise LookupError(f"{schema.name}.{name} vanished between validation and planning")
    return info


def _unique(names: list[str]) -> tuple[str, ...]:
    """Names without repeats (Salesforce names are case-insensitive), first spelling kept."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return tuple(seen.values())
