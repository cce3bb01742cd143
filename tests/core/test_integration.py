"""The integration file (INTERFACES.md §2): loading, writing back, and every structural error."""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

import pytest

from gather_desktop.core.integration import (CREATE, UPDATE_EXISTING, CustomObjectSync,
                                             HubSpotObjectSync, HubSpotSource, Integration,
                                             IntegrationError, ObjectSync, SalesforceSource,
                                             integration_to_dict, load_integration,
                                             structural_problems)
from gather_desktop.core.query import Condition, Filter
from gather_desktop.errors import UserFacingError

# INTERFACES.md §2, verbatim.
EXAMPLE = """
{
  "version": 1,
  "name": "salesforce-prod",
  "source": {"kind": "salesforce", "login_url": "https://login.salesforce.com",
             "auth": "password", "username": "ops@example.com", "ca_bundle": null},
  "accounts": {
    "method": "create",
    "id_field": "Gather_Id__c",
    "match_trait": null,
    "extra_traits": ["AnnualRevenue", "Plan_Tier__c"],
    "only_closed_won": false,
    "filter": {"match": "all", "conditions": [
      {"field": "Industry", "op": "eq", "value": "Energy"},
      {"field": "NumberOfEmployees", "op": "gt", "value": 50}]}
  },
  "users": {"method": "create", "id_field": "Email", "extra_traits": [], "filter": null},
  "objects": [
    {"object": "Opportunity", "id_field": "Id", "model": "opportunities",
     "traits": ["Name", "Amount", "StageName", "AccountId"], "filter": null}
  ]
}
"""


def example() -> dict[str, Any]:
    return json.loads(EXAMPLE)


def problems_of(data: Any) -> list[str]:
    with pytest.raises(IntegrationError) as raised:
        load_integration(data)
    assert raised.value.problems == structural_problems(data)
    return raised.value.problems


def changed(edit: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = example()
    edit(data)
    return data


# --- loading -------------------------------------------------------------------------------

def test_the_documented_example_loads() -> None:
    integration = load_integration(example())
    assert integration == Integration(
        name="salesforce-prod",
        source=SalesforceSource(login_url="https://login.salesforce.com", auth="password",
                                username="ops@example.com"),
        accounts=ObjectSync(
            method=CREATE, id_field="Gather_Id__c",
            extra_traits=("AnnualRevenue", "Plan_Tier__c"),
            filter=Filter("all", (Condition("Industry", "eq", "Energy"),
                                  Condition("NumberOfEmployees", "gt", 50)))),
        users=ObjectSync(method=CREATE, id_field="Email"),
        objects=(CustomObjectSync(object="Opportunity", id_field="Id", model="opportunities",
                                  traits=("Name", "Amount", "StageName", "AccountId")),))


def test_the_documented_example_round_trips_exactly() -> None:
    written = integration_to_dict(load_integration(example()))
    assert written == example()
    # the same keys in the same order: the export prints the user's own file
    assert json.dumps(written) == json.dumps(example())


def test_an_integration_built_in_code_is_written_with_every_key() -> None:
    integration = Integration(
        name="wizard", source=SalesforceSource("https://login.salesforce.com", "oauth",
                                               client_id="3MVG9-consumer-key"),
        users=ObjectSync(method=UPDATE_EXISTING, id_field="Id", match_trait="salesforce_id",
                         filter=Filter("any", (Condition("Email", "is_empty", None),
                                               Condition("Title", "in", ("CEO", "CTO"))))))
    data = integration_to_dict(integration)
    assert data == {
        "version": 1, "name": "wizard",
        "source": {"kind": "salesforce", "login_url": "https://login.salesforce.com",
                   "auth": "oauth", "username": None, "client_id": "3MVG9-consumer-key",
                   "ca_bundle": None},
        "accounts": None,
        "users": {"method": "update_existing", "id_field": "Id",
                  "match_trait": "salesforce_id", "extra_traits": [],
                  "filter": {"match": "any", "conditions": [
                      {"field": "Email", "op": "is_empty"},
                      {"field": "Title", "op": "in", "value": ["CEO", "CTO"]}]}},
        "objects": []}
    assert load_integration(data) == integration
    assert integration_to_dict(load_integration(data)) == data


def test_optional_keys_left_out_stay_out() -> None:
    data = {"version": 1, "name": "minimal",
            "source": {"kind": "salesforce", "login_url": "https://test.salesforce.com",
                       "auth": "password", "username": "a@b.c"},
            "accounts": {"method": "create", "id_field": "Gather_Id__c"}}
    integration = load_integration(data)
    assert integration.accounts == ObjectSync(method=CREATE, id_field="Gather_Id__c")
    assert integration.users is None and integration.objects == ()
    assert integration_to_dict(integration) == data


def test_list_values_load_as_tuples_and_write_back_as_lists() -> None:
    data = changed(lambda d: d["accounts"]["filter"]["conditions"].append(
        {"field": "Industry", "op": "not_in", "value": ["Banking", "Energy"]}))
    integration = load_integration(data)
    assert integration.accounts.filter.conditions[2] == Condition(
        "Industry", "not_in", ("Banking", "Energy"))
    assert integration_to_dict(integration) == data


def test_is_empty_with_a_null_value_is_accepted_and_written_without_it() -> None:
    data = changed(lambda d: d["accounts"]["filter"]["conditions"].append(
        {"field": "Website", "op": "is_empty", "value": None}))
    integration = load_integration(data)
    assert integration.accounts.filter.conditions[2] == Condition("Website", "is_empty", None)
    assert integration_to_dict(integration)["accounts"]["filter"]["conditions"][2] == {
        "field": "Website", "op": "is_empty"}


def test_oauth_source_with_a_consumer_key_and_ca_bundle() -> None:
    data = changed(lambda d: d.update(source={
        "kind": "salesforce", "login_url": "https://127.0.0.1:8443", "auth": "oauth",
        "client_id": "3MVG9-key", "ca_bundle": "/tmp/sandbox/cert.pem"}))
    source = load_integration(data).source
    assert source == SalesforceSource("https://127.0.0.1:8443", "oauth",
                                      client_id="3MVG9-key", ca_bundle="/tmp/sandbox/cert.pem")
    assert integration_to_dict(load_integration(data)) == data


def test_update_existing_accounts() -> None:
    data = changed(lambda d: d["accounts"].update(method="update_existing", id_field="Id",
                                                  match_trait="salesforce_account_id",
                                                  only_closed_won=True))
    accounts = load_integration(data).accounts
    assert (accounts.method, accounts.match_trait, accounts.only_closed_won) == (
        UPDATE_EXISTING, "salesforce_account_id", True)


def test_hubspot_files_load_whole() -> None:
    data = {"version": 1, "name": "hubspot-main",
            "source": {"kind": "hubspot", "base_url": "https://api.hubapi.com",
                       "auth": "private_app"},
            "accounts": {"id_property": "companyId", "extra_traits": ["annualrevenue"],
                         "filter": {"match": "all", "conditions": [
                             {"field": "industry", "op": "eq", "value": "ENERGY"}]}},
            "users": {"id_property": "email", "extra_traits": [], "filter": None},
            "objects": []}
    integration = load_integration(data)
    assert integration.source == HubSpotSource("https://api.hubapi.com", "private_app")
    assert integration.accounts == HubSpotObjectSync(
        "companyId", ("annualrevenue",), Filter("all", (Condition("industry", "eq", "ENERGY"),)))
    assert integration.users == HubSpotObjectSync("email")
    assert integration_to_dict(integration) == data


def test_secrets_are_named_per_sign_in() -> None:
    from gather_desktop.core.integration import SECRETS_BY_AUTH
    assert SECRETS_BY_AUTH[("salesforce", "password")] == ("password", "security_token")
    assert SECRETS_BY_AUTH[("hubspot", "private_app")] == ("access_token",)


# --- structural errors ---------------------------------------------------------------------

def test_the_documented_error_message() -> None:
    data = changed(lambda d: d["accounts"]["filter"]["conditions"][1].update(op="greater"))
    assert problems_of(data) == [
        "accounts.filter.conditions[1].op: 'greater' is not a comparison; use one of eq, ne, "
        "contains, not_contains, starts_with, gt, gte, lt, lte, in, not_in, is_empty, "
        "is_not_empty"]


@pytest.mark.parametrize(("edit", "path", "words"), [
    (lambda d: d.update(version=2), "version", "2 is not a version this app reads; write 1"),
    (lambda d: d.update(version="1"), "version", "'1' is not a version"),
    (lambda d: d.update(version=True), "version", "true is not a version"),
    (lambda d: d.pop("version"), "version", "missing; write 1"),
    (lambda d: d.update(name="sales force"), "name", "'sales force' is not a valid "
     "integration name; use 1 to 64 letters, digits, '-' or '_'"),
    (lambda d: d.update(name=""), "name", "is not a valid integration name"),
    (lambda d: d.update(name="x" * 65), "name", "is not a valid integration name"),
    (lambda d: d.update(name=None), "name", "null is not a valid integration name"),
    (lambda d: d.pop("source"), "source", "missing"),
    (lambda d: d.update(source="salesforce"), "source", "'salesforce' is not an object"),
    (lambda d: d.update(extra=1), "extra", "is not a known key; the keys here are version, "
     "name, source, accounts, users, objects"),
    (lambda d: d.update(acounts=None), "acounts", "(did you mean accounts?)"),
    (lambda d: d["source"].update(kind="zendesk"), "source.kind",
     "'zendesk' is not a source this app reads; use salesforce or hubspot"),
    (lambda d: d["source"].update(login_url="login.salesforce.com"), "source.login_url",
     "'login.salesforce.com' is not an https:// address"),
    (lambda d: d["source"].update(login_url="http://login.salesforce.com"), "source.login_url",
     "is not an https:// address"),
    (lambda d: d["source"].pop("login_url"), "source.login_url", "missing"),
    (lambda d: d["source"].update(auth="token"), "source.auth",
     "'token' is not a sign-in method; use password (user name, password and security token) "
     "or oauth (sign in with Salesforce in the system browser)"),
    (lambda d: d["source"].pop("username"), "source.username",
     "missing; password sign-in needs the Salesforce user name"),
    (lambda d: d["source"].update(username=""), "source.username", "'' is not usable"),
    (lambda d: d["source"].update(auth="oauth"), "source.client_id",
     "missing; browser sign-in needs your connected app's consumer key"),
    (lambda d: d["source"].update(ca_bundle=5), "source.ca_bundle", "5 is not usable"),
    (lambda d: d["source"].update(domain="login"), "source.domain", "is not a known key"),
    (lambda d: d.update(accounts=[]), "accounts", "[] (an empty list) is not an object"),
    (lambda d: d["accounts"].update(method="upsert"), "accounts.method",
     "'upsert' is not a sync method; use create (Create new Gather Accounts for every "
     "Salesforce Account) or update_existing (Only update existing Gather Accounts)"),
    (lambda d: d["accounts"].pop("method"), "accounts.method", "missing; write create or "
     "update_existing"),
    (lambda d: d["accounts"].pop("id_field"), "accounts.id_field", "missing; write the "
     "Salesforce Account field that holds the Gather Account ID"),
    (lambda d: d["accounts"].update(id_field="Gather ID"), "accounts.id_field",
     "'Gather ID' is not a Salesforce field API name; use the API name, such as Id or "
     "Gather_Id__c, not the label"),
    (lambda d: d["accounts"].update(id_field="Parent.Gather_Id__c"), "accounts.id_field",
     "is a field of a related record"),
    (lambda d: d["accounts"].update(match_trait="salesforce_id"), "accounts.match_trait",
     "'salesforce_id' is set, but match_trait is only used with update_existing; set it to "
     "null"),
    (lambda d: d["accounts"].update(method="update_existing"), "accounts.match_trait",
     "null; update_existing needs the Gather account trait that holds the Salesforce Account "
     "ID"),
    (lambda d: d["users"].update(method="update_existing"), "users.match_trait",
     "missing; update_existing needs the Gather user trait that holds the Salesforce Contact "
     "ID"),
    (lambda d: d["accounts"].update(extra_traits="AnnualRevenue"), "accounts.extra_traits",
     "'AnnualRevenue' is not a list"),
    (lambda d: d["accounts"].update(extra_traits=["AnnualRevenue", "Annual Revenue"]),
     "accounts.extra_traits[1]", "'Annual Revenue' is not a Salesforce field API name"),
    (lambda d: d["accounts"].update(extra_traits=["Account.Owner.Name"]),
     "accounts.extra_traits[0]", "is not a Salesforce field API name"),
    (lambda d: d["accounts"].update(only_closed_won="yes"), "accounts.only_closed_won",
     "'yes' is not true or false"),
    (lambda d: d["users"].update(only_closed_won=False), "users.only_closed_won",
     "only accounts can be limited to those with a closed-won opportunity; remove "
     "only_closed_won from users"),
    (lambda d: d["users"].update(id_property="email"), "users.id_property",
     "id_property is for HubSpot"),
    (lambda d: d["accounts"].update(filter=[]), "accounts.filter", "is not an object"),
    (lambda d: d["accounts"]["filter"].update(match="every"), "accounts.filter.match",
     "'every' is not a way to combine conditions; use all (every condition must match) or "
     "any (at least one condition must match)"),
    (lambda d: d["accounts"]["filter"].update(conditions=[]), "accounts.filter.conditions",
     "[] (an empty list) is not a list of conditions; write at least one condition, or set "
     "the filter to null"),
    (lambda d: d["accounts"]["filter"].pop("conditions"), "accounts.filter.conditions",
     "missing"),
    (lambda d: d["accounts"]["filter"]["conditions"].append("Industry = 'x'"),
     "accounts.filter.conditions[2]", "\"Industry = 'x'\" is not an object"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].pop("field"),
     "accounts.filter.conditions[0].field", "missing"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(field="Industry' OR Name != '"),
     "accounts.filter.conditions[0].field", "is not a Salesforce field API name"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].pop("op"),
     "accounts.filter.conditions[0].op", "missing"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(op="EQ"),
     "accounts.filter.conditions[0].op", "'EQ' is not a comparison"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].pop("value"),
     "accounts.filter.conditions[0].value", "missing; eq needs a value to compare with"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(value=None),
     "accounts.filter.conditions[0].value", "null is not a value to compare with; to find "
     "blank fields use is_empty or is_not_empty instead of eq"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(value=["Energy"]),
     "accounts.filter.conditions[0].value", "a list is not a single value"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(value={"$ne": 1}),
     "accounts.filter.conditions[0].value", "an object is not a single value"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(op="in"),
     "accounts.filter.conditions[0].value", "'Energy' is not a list of values; in needs a "
     "non-empty list"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(op="not_in", value=[]),
     "accounts.filter.conditions[0].value", "[] (an empty list) is not a list of values"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(op="in", value=["a", None]),
     "accounts.filter.conditions[0].value[1]", "null is not a value to compare with"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(op="is_empty"),
     "accounts.filter.conditions[0].value", "'Energy' is given, but is_empty takes no value; "
     "remove value"),
    (lambda d: d["accounts"]["filter"]["conditions"][0].update(negate=True),
     "accounts.filter.conditions[0].negate", "is not a known key; the keys here are field, "
     "op, value"),
    (lambda d: d.update(objects={}), "objects", "{} (an empty object) is not a list"),
    (lambda d: d["objects"][0].pop("model"), "objects[0].model", "missing"),
    (lambda d: d["objects"][0].update(model="Opportunities"), "objects[0].model",
     "'Opportunities' is not a valid model name; use 1 to 64 lower-case letters, digits and "
     "underscores, starting with a letter (for example opportunities)"),
    (lambda d: d["objects"][0].update(model="account"), "objects[0].model",
     "'account' is one of Gather's standard models"),
    (lambda d: d["objects"][0].update(object="Opportunity Line"), "objects[0].object",
     "is not a Salesforce object API name"),
    (lambda d: d["objects"][0].update(method="create"), "objects[0].method",
     "is not a known key"),
    (lambda d: d["objects"].append(dict(d["objects"][0], object="Contract")),
     "objects[1].model", "'opportunities' is already the model of objects[0]; give each "
     "object its own model"),
    (lambda d: d.update(accounts=None, users=None, objects=[]), "accounts, users, objects",
     "nothing is synced"),
])
def test_structural_errors_name_their_key(edit: Callable[[dict[str, Any]], Any], path: str,
                                          words: str) -> None:
    problems = problems_of(changed(edit))
    assert any(p.startswith(f"{path}: ") and words in p for p in problems), problems


@pytest.mark.parametrize("key", ["password", "security_token", "refresh_token",
                                 "client_secret", "access_token", "api_key", "Password"])
def test_secrets_are_refused_anywhere_without_showing_them(key: str) -> None:
    secret = "hunter2-very-secret"
    data = changed(lambda d: d["source"].update({key: secret}))
    data["accounts"]["filter"]["conditions"][0][key] = secret
    problems = problems_of(data)
    assert [p.split(":")[0] for p in problems] == [
        f"source.{key}", f"accounts.filter.conditions[0].{key}"]
    assert all("read from stdin" in p and "keyring" in p for p in problems)
    with pytest.raises(IntegrationError) as raised:
        load_integration(data)
    assert secret not in str(raised.value) and secret not in repr(raised.value.problems)


def test_every_problem_is_reported_at_once() -> None:
    data = example()
    data["name"] = "bad name"
    data["accounts"]["method"] = "upsert"
    data["users"]["id_field"] = 7
    data["objects"][0]["model"] = "Bad"
    problems = problems_of(data)
    assert [p.split(":")[0] for p in problems] == [
        "name", "accounts.method", "users.id_field", "objects[0].model"]


def test_the_error_is_one_line_for_a_person() -> None:
    data = changed(lambda d: (d.update(name="bad name"), d["accounts"].update(method="upsert")))
    with pytest.raises(UserFacingError) as raised:
        load_integration(data)
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith("The integration file has 2 problems: (1) name: ")
    assert "(2) accounts.method: " in text


def test_a_file_that_is_not_an_object() -> None:
    assert problems_of([example()]) == [
        "The file must hold one JSON object ({...}) with the keys version, name and source; it "
        "holds a list."]


@pytest.mark.parametrize(("edit", "path", "words"), [
    (lambda d: d["source"].update(auth="password"), "source.auth", "'password' is not a "
     "sign-in method; use private_app (a private app's access token) or oauth"),
    (lambda d: d["source"].update(base_url="api.hubapi.com"), "source.base_url",
     "is not an https:// address; use https://api.hubapi.com"),
    (lambda d: d["accounts"].update(method="create"), "accounts.method",
     "HubSpot syncs always create or update; remove method"),
    (lambda d: d["accounts"].pop("id_property"), "accounts.id_property", "missing; write the "
     "HubSpot company property, or companyId"),
    (lambda d: d["users"].update(id_property="e-mail"), "users.id_property",
     "'e-mail' is not a HubSpot property name"),
    (lambda d: d["users"].update(id_field="email"), "users.id_field", "id_field is for "
     "Salesforce; a HubSpot source uses id_property"),
    (lambda d: d.update(objects=[{"object": "deals"}]), "objects",
     "other objects are synced from Salesforce only; write []"),
])
def test_hubspot_structural_errors(edit: Callable[[dict[str, Any]], Any], path: str,
                                   words: str) -> None:
    data = {"version": 1, "name": "hs",
            "source": {"kind": "hubspot", "base_url": "https://api.hubapi.com",
                       "auth": "oauth"},
            "accounts": {"id_property": "companyId"}, "users": {"id_property": "vid"}}
    data = copy.deepcopy(data)
    edit(data)
    problems = problems_of(data)
    assert any(p.startswith(f"{path}: ") and words in p for p in problems), problems


def test_loopback_http_is_allowed_for_the_sandbox() -> None:
    data = changed(lambda d: d["source"].update(login_url="http://127.0.0.1:8080"))
    assert load_integration(data).source.login_url == "http://127.0.0.1:8080"


def test_update_existing_may_leave_out_id_field_which_then_means_the_record_id():
    data = {"version": 1, "name": "match-only",
            "source": {"kind": "salesforce", "login_url": "https://login.salesforce.com",
                       "auth": "password", "username": "ops@example.com"},
            "accounts": {"method": "update_existing", "match_trait": "salesforce_id"},
            "users": None, "objects": []}
    integration = load_integration(data)
    assert integration.accounts.id_field == "Id"
    assert integration_to_dict(integration) == data  # written back as the user wrote it


def test_create_still_needs_its_id_field():
    data = {"version": 1, "name": "no-id",
            "source": {"kind": "salesforce", "login_url": "https://login.salesforce.com",
                       "auth": "password", "username": "ops@example.com"},
            "accounts": {"method": "create"}, "users": None, "objects": []}
    with pytest.raises(IntegrationError) as caught:
        load_integration(data)
    assert "accounts.id_field: missing" in str(caught.value)
