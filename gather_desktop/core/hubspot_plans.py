"""From a HubSpot integration and the portal's properties to the same `ModelPlan`s the engine
runs for Salesforce: what to read from companies and contacts, and what to send.

HubSpot's rules (seed 002) differ from Salesforce's in three ways, all settled here:
- the method is always create-or-update, by the ID the user chose: a property, or the
  record's own id (`companyId`, `vid`), read as the record key "Id" (`SOURCE_ID_FIELD`);
- the default traits are named by the seed, not derived from property names (`first_name`
  comes from `firstname`); extra properties become traits by `naming.trait_name`;
- a user is linked to its primary company through the contact's `associatedcompanyid`. The
  company's Gather ID is asked for as the dotted key "associatedcompanyid.<property>" (the
  same convention as Salesforce's "Account.Gather_Id__c"); the connector fills it from the
  companies it reads for each page. With `companyId` the link is the id itself.
"""

from __future__ import annotations

from typing import Callable, Sequence

from gather_desktop.core.defaults import (ACCOUNT, HUBSPOT_DEFAULT_TRAITS, HUBSPOT_OBJECTS,
                                          USER)
from gather_desktop.core.hubspot_validation import (check_hubspot_integration,
                                                    id_property_field)
from gather_desktop.core.integration import (CREATE, HubSpotObjectSync, Integration,
                                             IntegrationError)
from gather_desktop.core.mapping import SOURCE_ID_FIELD, AccountLink, ModelPlan, TraitSource
from gather_desktop.core.naming import trait_name
from gather_desktop.core.query import Condition, Filter, SourceQuery
from gather_desktop.core.schema import ObjectSchema, ObjectSummary

HUBSPOT = "HubSpot"
#: The contact property that holds its primary company's record id.
COMPANY_LOOKUP = "associatedcompanyid"


def build_hubspot_plans(integration: Integration, schemas: Callable[[str], ObjectSchema],
                        objects: Sequence[ObjectSummary]) -> list[ModelPlan]:
    """A plan for accounts (companies) and one for users (contacts), each when synced."""
    problems = check_hubspot_integration(integration, schemas, objects).problems
    if problems:
        raise IntegrationError(list(problems), subject=f"The integration '{integration.name}'")
    accounts = integration.accounts if isinstance(integration.accounts,
                                                  HubSpotObjectSync) else None
    plans = []
    if accounts is not None:
        plans.append(_plan(ACCOUNT, "accounts", accounts, schemas, None))
    if isinstance(integration.users, HubSpotObjectSync):
        plans.append(_plan(USER, "users", integration.users, schemas, accounts))
    return plans


def id_source_field(model: str, id_property: str, schema: ObjectSchema) -> str:
    """The record key the Gather ID is read from: "Id" for the record id, else the property
    in the portal's own spelling."""
    info = id_property_field(model, id_property, schema)
    return SOURCE_ID_FIELD if info is None else info.name


def _plan(model: str, path: str, sync: HubSpotObjectSync,
          schemas: Callable[[str], ObjectSchema],
          accounts: HubSpotObjectSync | None) -> ModelPlan:
    schema = schemas(HUBSPOT_OBJECTS[model])
    id_field = id_source_field(model, sync.id_property, schema)
    traits = _trait_sources(model, schema, sync.extra_traits)
    link = _company_link(schema, schemas, accounts) if model == USER else None
    link_fields = [link.lookup, link.key_field] if link else []
    fields = dict.fromkeys([SOURCE_ID_FIELD, id_field, *(t.field for t in traits),
                            *link_fields])
    query = SourceQuery(object_name=schema.name, fields=tuple(fields),
                        filter=_canonical_filter(schema, sync.filter))
    return ModelPlan(model=model, path=path, method=CREATE, id_field=id_field, match_trait=None,
                     query=query, traits=traits, account_link=link, source_name=HUBSPOT)


def _trait_sources(model: str, schema: ObjectSchema,
                   extra: Sequence[str]) -> tuple[TraitSource, ...]:
    """The seed's traits, then the extra properties; a property is read once (an extra that
    is already a default is ignored, as validation noted), a missing default is skipped."""
    requested = [*HUBSPOT_DEFAULT_TRAITS[model], *((trait_name(name), name) for name in extra)]
    sources: dict[str, TraitSource] = {}
    for trait, name in requested:
        info = schema.field(name)
        if info is not None and info.name not in sources:
            sources[info.name] = TraitSource(trait, info.name, info.type)
    return tuple(sources.values())


def _company_link(contacts: ObjectSchema, schemas: Callable[[str], ObjectSchema],
                  accounts: HubSpotObjectSync | None) -> AccountLink | None:
    """How a contact finds its company's Gather ID; None when companies are not synced (no
    Gather ID to link to) or the portal hides the primary company property."""
    if accounts is None or contacts.field(COMPANY_LOOKUP) is None:
        return None
    company_id = id_source_field(ACCOUNT, accounts.id_property, schemas(HUBSPOT_OBJECTS[ACCOUNT]))
    key_field = COMPANY_LOOKUP if company_id == SOURCE_ID_FIELD \
        else f"{COMPANY_LOOKUP}.{company_id}"
    return AccountLink(lookup=COMPANY_LOOKUP, key_field=key_field,
                       accounts_id_field=accounts.id_property, accounts_method=CREATE)


def _canonical_filter(schema: ObjectSchema, filter_: Filter | None) -> Filter | None:
    """The filter with property names in the portal's spelling (validation found each)."""
    if filter_ is None:
        return None
    return Filter(filter_.match, tuple(
        Condition(_known(schema, c.field), c.op, c.value) for c in filter_.conditions))


def _known(schema: ObjectSchema, name: str) -> str:
    info = schema.field(name)
    if info is None:
        raise LookupError(f"{schema.name}.{name} vanished between validation and planning")
    return info.name
