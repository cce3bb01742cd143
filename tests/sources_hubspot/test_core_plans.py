"""HubSpot in core: the file's source, validation against the portal's properties, plans
for each of seed 002's ID choices, and the records they map (pure: no server)."""

from __future__ import annotations

import pytest

from gather_desktop.core.defaults import HUBSPOT_DEFAULT_TRAITS, HUBSPOT_ID_CHOICES
from gather_desktop.core.integration import (HubSpotObjectSync, HubSpotSource, Integration,
                                             IntegrationError, integration_to_dict,
                                             load_integration, structural_problems)
from gather_desktop.core.mapping import build_plans
from gather_desktop.core.query import Condition, Filter
from gather_desktop.core.hubspot_validation import check_hubspot_integration

from .portal_schema import OBJECTS, schemas

SOURCE = HubSpotSource("https://api.hubapi.com", "private_app")


def plans(accounts: str | None = "app_company_id", users: str | None = "app_user_id",
          **kwargs):
    integration = Integration(
        "hs", SOURCE,
        accounts=HubSpotObjectSync(accounts, **kwargs.get("account_options", {}))
        if accounts else None,
        users=HubSpotObjectSync(users, **kwargs.get("user_options", {})) if users else None)
    return {plan.model: plan for plan in build_plans(integration, schemas, OBJECTS)}


def problems(**kwargs) -> list[str]:
    integration = Integration("hs", SOURCE, **kwargs)
    return list(check_hubspot_integration(integration, schemas, OBJECTS).problems)


def test_the_wizard_tables_name_the_seed_choices_and_traits() -> None:
    assert HUBSPOT_ID_CHOICES == {"accounts": ("companyId",), "users": ("vid", "email")}
    assert [t for t, _ in HUBSPOT_DEFAULT_TRAITS["user"]] == [
        "first_name", "last_name", "email", "city", "country"]


def test_an_oauth_source_keeps_its_client_id_and_a_private_app_file_exports_unchanged() -> None:
    file = {"version": 1, "name": "hs", "source": {"kind": "hubspot",
            "base_url": "https://api.hubapi.com", "auth": "private_app"},
            "accounts": {"id_property": "companyId"}, "users": None, "objects": []}
    assert integration_to_dict(load_integration(file)) == file
    oauth = {**file, "source": {**file["source"], "auth": "oauth", "client_id": "abc-123"}}
    assert load_integration(oauth).source.client_id == "abc-123"
    assert integration_to_dict(load_integration(oauth)) == oauth
    missing = {**file, "source": {**file["source"], "auth": "oauth"}}
    assert any("source.client_id: missing" in p for p in structural_problems(missing))


def test_property_ids_read_the_property_and_link_users_through_the_primary_company() -> None:
    found = plans()
    account, user = found["account"], found["user"]
    assert account.query.object_name == "companies" and account.id_field == "app_company_id"
    assert account.query.fields == ("Id", "app_company_id", "name", "city", "country")
    assert [(t.trait, t.field, t.type) for t in user.traits][:2] == [
        ("first_name", "firstname", "string"), ("last_name", "lastname", "string")]
    assert user.account_link.lookup == "associatedcompanyid"
    assert user.account_link.key_field == "associatedcompanyid.app_company_id"
    assert user.query.fields[-2:] == ("associatedcompanyid", "associatedcompanyid.app_company_id")
    mapped = user.map_record({"Id": "1001", "app_user_id": "u-1", "firstname": "Ada",
                              "lastname": "Lovelace", "email": "ada@example.com", "city": None,
                              "country": "UK", "associatedcompanyid": "5000000001",
                              "associatedcompanyid.app_company_id": "acme-001"})
    assert mapped.valid and mapped.gather_id == "u-1"
    assert mapped.traits["account_id"] == "acme-001" and mapped.traits["first_name"] == "Ada"


def test_record_ids_and_email_are_the_seed_choices() -> None:
    found = plans("companyId", "vid")
    assert found["account"].id_field == "Id" and found["user"].id_field == "Id"
    assert found["user"].account_link.key_field == "associatedcompanyid"
    mapped = found["user"].map_record({"Id": "1001", "firstname": "A", "lastname": "B",
                                       "email": "a@b.c", "city": None, "country": None,
                                       "associatedcompanyid": "5000000001"})
    assert mapped.gather_id == "1001" and mapped.traits["account_id"] == "5000000001"
    by_email = plans(None, "email")["user"]
    assert by_email.id_field == "email" and by_email.account_link is None


def test_extra_properties_become_snake_case_traits_with_their_types() -> None:
    account = plans(account_options={"extra_traits": ("numberofemployees", "is_public",
                                                      "city")})["account"]
    assert [(t.trait, t.type) for t in account.traits][3:] == [
        ("numberofemployees", "double"), ("is_public", "boolean")]


def test_invalid_records_are_explained_in_hubspot_words() -> None:
    user = plans()["user"]
    mapped = user.map_record({"Id": "1002", "app_user_id": "", "firstname": "Ada",
                              "lastname": "L", "email": None, "city": None, "country": None,
                              "associatedcompanyid": "5000000002",
                              "associatedcompanyid.app_company_id": None})
    text = " ".join(mapped.problems)
    assert "Fill in app_user_id in HubSpot" in text
    assert "The HubSpot property email is empty" in text
    assert "(5000000002) has no Gather ID in app_company_id" in text
    assert "Salesforce" not in text


def test_validation_names_the_key_and_what_to_use() -> None:
    found = problems(accounts=HubSpotObjectSync("vid"),
                     users=HubSpotObjectSync("app_usr_id", extra_traits=("jobtitel",)))
    assert found[0].startswith("accounts.id_property: vid is the record id of contacts")
    assert "users.id_property: 'app_usr_id' is not a property of contacts" in found[1]
    assert "(did you mean app_user_id?)" in found[1]
    assert found[2].startswith("users.extra_traits[0]: 'jobtitel'")
    [wrong_type] = problems(accounts=HubSpotObjectSync("industry"))
    assert "industry is a picklist property" in wrong_type and "app_company_id" in wrong_type


def test_filters_are_checked_against_property_types() -> None:
    found = problems(accounts=HubSpotObjectSync("companyId", filter=Filter("all", (
        Condition("is_public", "gt", True), Condition("numberofemployees", "gte", "50"),
        Condition("industry", "eq", "ENERGY"), Condition("annualrevenue", "lt", 10),
        Condition("customer_since", "gte", "2024-02-30")))))
    assert [p.split(":")[0] for p in found] == [
        "accounts.filter.conditions[0].op", "accounts.filter.conditions[1].value",
        "accounts.filter.conditions[2].value", "accounts.filter.conditions[4].value"]
    assert problems(users=HubSpotObjectSync("vid", filter=Filter("any", (
        Condition("associatedcompanyid", "eq", "acme"),))))[0].endswith("such as \"9001\"")


def test_a_broken_integration_stops_planning_with_every_problem() -> None:
    with pytest.raises(IntegrationError) as raised:
        plans("nope", "vid")
    assert "accounts.id_property" in str(raised.value)
