"""Trait names and model ids: the rules of core/naming.py, example by example."""

from __future__ import annotations

import pytest

from gather_desktop.core.naming import (model_label, model_name_suggestion, snake_case,
                                        trait_name, validate_model_name)


@pytest.mark.parametrize(("api_name", "expected"), [
    # the seed's own examples
    ("NumberOfEmployees", "number_of_employees"),
    ("FirstName", "first_name"),
    ("BillingAddress", "billing_address"),
    # every default trait
    ("Name", "name"), ("Phone", "phone"), ("Description", "description"),
    ("Industry", "industry"), ("Website", "website"), ("YearStarted", "year_started"),
    ("LastName", "last_name"), ("Email", "email"),
    # acronyms stay one word
    ("SLAExpirationDate__c", "sla_expiration_date"),
    ("HTMLBody", "html_body"),
    ("CustomerID__c", "customer_id"),
    ("MyURLField", "my_url_field"),
    ("URL", "url"),
    ("NPSScore__c", "nps_score"),
    # custom fields and namespaces
    ("Plan_Tier__c", "plan_tier"),
    ("Health_Score__c", "health_score"),
    ("ns__Field__c", "ns_field"),
    ("acme__Renewal_Date__c", "acme_renewal_date"),
    ("Location__Latitude__s", "location_latitude"),
    ("Person_Score__pc", "person_score"),
    ("Gather_Id__c", "gather_id"),
    # digits stay with their word
    ("Address2__c", "address2"),
    ("Address2Line", "address2_line"),
    ("X2ndContact__c", "x2nd_contact"),
    ("Q4Revenue", "q4_revenue"),
    # parent fields
    ("Account.Name", "account_name"),
    ("Owner.Email", "owner_email"),
    ("Account__r.Name", "account_name"),
    ("Parent_Account__r.Plan_Tier__c", "parent_account_plan_tier"),
    # already snake case, or odd spacing
    ("annual_revenue", "annual_revenue"),
    ("Plan__Tier", "plan_tier"),
    ("IsWon", "is_won"),
    ("StageName", "stage_name"),
])
def test_trait_names(api_name: str, expected: str) -> None:
    assert trait_name(api_name) == expected


@pytest.mark.parametrize(("api_name", "expected"), [
    ("Id", "salesforce_id"),
    ("ID", "salesforce_id"),
    ("AccountId", "salesforce_account_id"),
    ("Account_Id__c", "salesforce_account_id"),
    ("Account.Id", "salesforce_account_id"),
    ("ParentId", "parent_id"),
    ("OwnerId", "owner_id"),
])
def test_reserved_gather_traits_get_the_salesforce_prefix(api_name: str, expected: str) -> None:
    assert trait_name(api_name) == expected


def test_snake_case_does_not_reserve() -> None:
    assert snake_case("Id") == "id"
    assert snake_case("AccountId") == "account_id"


@pytest.mark.parametrize(("name", "expected"), [
    ("Subscription__c", "subscriptions"),
    ("Opportunity", "opportunities"),
    ("Customer Success Plan", "customer_success_plans"),
    ("Address", "addresses"),
    ("Status__c", "statuses"),
    ("Box", "boxes"),
    ("Day", "days"),
    ("Settings", "settings"),
    ("ns__Usage_Summary__c", "ns_usage_summaries"),
    ("Café Visit", "cafe_visits"),
    ("2FA Device", "model_2_fa_devices"),
    ("!!!", "records"),
    ("Account", "accounts"),
    ("User", "users"),
])
def test_model_name_suggestions(name: str, expected: str) -> None:
    suggestion = model_name_suggestion(name)
    assert suggestion == expected
    assert validate_model_name(suggestion) is None


def test_model_name_suggestion_fits_gathers_limit() -> None:
    suggestion = model_name_suggestion("Very_" * 20 + "Long__c")
    assert len(suggestion) <= 64
    assert validate_model_name(suggestion) is None


@pytest.mark.parametrize("name", ["subscriptions", "a", "a" * 64, "opportunity_line_items2"])
def test_valid_model_names(name: str) -> None:
    assert validate_model_name(name) is None


@pytest.mark.parametrize(("name", "words"), [
    ("Subscriptions", "lower-case letters"),
    ("2subs", "starting with a letter"),
    ("", "1 to 64"),
    ("a" * 65, "1 to 64"),
    ("my-model", "underscores"),
    (42, "42 is not a valid model name"),
    ("account", "standard models"),
    ("user", "standard models"),
])
def test_invalid_model_names_say_why(name: object, words: str) -> None:
    problem = validate_model_name(name)
    assert problem is not None and words in problem


def test_model_label() -> None:
    assert model_label("opportunities") == "Opportunities"
    assert model_label("customer_success_plans") == "Customer Success Plans"
