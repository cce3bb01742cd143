"""The seed's default traits (seed 001, "Traits synced") and their trait names."""

from __future__ import annotations

from gather_desktop.core.defaults import (SALESFORCE_OBJECTS, TraitRequest,
                                          salesforce_default_fields, trait_requests)
from gather_desktop.core.naming import trait_name


def test_account_defaults_are_the_seeds() -> None:
    assert salesforce_default_fields("account") == (
        "Name", "Phone", "Description", "Industry", "BillingAddress", "Website", "YearStarted",
        "NumberOfEmployees")
    assert [trait_name(f) for f in salesforce_default_fields("account")] == [
        "name", "phone", "description", "industry", "billing_address", "website",
        "year_started", "number_of_employees"]


def test_user_defaults_are_the_seeds() -> None:
    assert salesforce_default_fields("user") == ("Id", "FirstName", "LastName", "Email", "Phone")
    assert [trait_name(f) for f in salesforce_default_fields("user")] == [
        "salesforce_id", "first_name", "last_name", "email", "phone"]


def test_custom_models_have_no_defaults() -> None:
    assert salesforce_default_fields("opportunities") == ()


def test_standard_objects() -> None:
    assert SALESFORCE_OBJECTS == {"account": "Account", "user": "Contact"}


def test_trait_requests_put_defaults_first_and_paths_on_listed_fields() -> None:
    requests = trait_requests("user", ["Title", "Account.Name"], "users.extra_traits")
    assert requests[:5] == [TraitRequest(name) for name in
                            ("Id", "FirstName", "LastName", "Email", "Phone")]
    assert requests[5:] == [TraitRequest("Title", "users.extra_traits[0]"),
                            TraitRequest("Account.Name", "users.extra_traits[1]")]
