"""The standard Gather models and the source fields synced to them by default.

The lists are the seeds' own (Salesforce: "Traits synced", seed 001; HubSpot: seed 002): users
pick *extra* traits on top of these, so the defaults are part of the product's promise and
live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

ACCOUNT = "account"
USER = "user"
#: Gather's standard models; a custom model may not take these ids.
STANDARD_MODELS = (ACCOUNT, USER)

#: The Salesforce object each standard model is synced from.
SALESFORCE_OBJECTS: Mapping[str, str] = {ACCOUNT: "Account", USER: "Contact"}

#: The fields always synced, in the seed's order.
SALESFORCE_DEFAULT_FIELDS: Mapping[str, tuple[str, ...]] = {
    ACCOUNT: ("Name", "Phone", "Description", "Industry", "BillingAddress", "Website",
              "YearStarted", "NumberOfEmployees"),
    USER: ("Id", "FirstName", "LastName", "Email", "Phone"),
}


def salesforce_default_fields(model: str) -> tuple[str, ...]:
    """The default fields of a standard model; a custom model has none (its traits are listed)."""
    return SALESFORCE_DEFAULT_FIELDS.get(model, ())


#: The HubSpot object each standard model is synced from.
HUBSPOT_OBJECTS: Mapping[str, str] = {ACCOUNT: "companies", USER: "contacts"}

#: The names seed 002 gives a HubSpot record's own id, per model: "enter companyId" / "vid".
HUBSPOT_RECORD_ID_NAMES: Mapping[str, str] = {ACCOUNT: "companyId", USER: "vid"}

#: The ID choices seed 002 offers besides a property of the user's own, by integration key:
#: the record id (companyId, vid) and, for users, their email address.
HUBSPOT_ID_CHOICES: Mapping[str, tuple[str, ...]] = {"accounts": ("companyId",),
                                                     "users": ("vid", "email")}

#: The traits always synced from HubSpot, in the seed's order, as (trait, property): the
#: seed names the traits (first_name), HubSpot names the properties (firstname).
HUBSPOT_DEFAULT_TRAITS: Mapping[str, tuple[tuple[str, str], ...]] = {
    ACCOUNT: (("name", "name"), ("city", "city"), ("country", "country")),
    USER: (("first_name", "firstname"), ("last_name", "lastname"), ("email", "email"),
           ("city", "city"), ("country", "country")),
}


@dataclass(frozen=True)
class TraitRequest:
    """A field asked to be synced: a default one (no path) or one listed at `path` in the file."""
    field: str
    path: str | None = None


def trait_requests(model: str, listed: Sequence[str], listed_path: str) -> list[TraitRequest]:
    """The default fields of the model, then the listed ones (`extra_traits` or `traits`), in
    that order; validation and mapping both walk this one list, so they agree on which field a
    trait comes from and which of two colliding fields came first."""
    return ([TraitRequest(name) for name in salesforce_default_fields(model)]
            + [TraitRequest(name, f"{listed_path}[{index}]") for index, name in enumerate(listed)])
