"""An integration checked against an org shaped like a real Salesforce org."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

import pytest

from gather_desktop.core.integration import (CREATE, CustomObjectSync, HubSpotObjectSync,
                                             HubSpotSource, Integration, ObjectSync,
                                             SalesforceSource)
from gather_desktop.core.query import OPERATORS, Condition, Filter
from gather_desktop.core.schema import ObjectSchema
from gather_desktop.core.validation import (OPERATORS_BY_KIND, check_integration,
                                            validate_against_schema)

from .salesforce_org import ACCOUNT, OBJECTS, schemas, without

SOURCE = SalesforceSource("https://login.salesforce.com", "password", username="ops@example.com")


def integration(accounts: ObjectSync | None = None, users: ObjectSync | None = None,
                objects: tuple[CustomObjectSync, ...] = ()) -> Integration:
    return Integration(name="test", source=SOURCE, accounts=accounts, users=users,
                       objects=objects)


def accounts(**changes: Any) -> Integration:
    return integration(accounts=ObjectSync(**{"method": CREATE, "id_field": "Gather_Id__c",
                                              **changes}))


def where(field: str, op: str, value: Any = None) -> Filter:
    return Filter("all", (Condition(field, op, value),))


def org(*replaced: ObjectSchema) -> Callable[[str], ObjectSchema]:
    changed = {schema.name: schema for schema in replaced}
    return lambda name: changed.get(schemas(name).name, schemas(name))


def problems(subject: Integration, schema_source: Callable[[str], ObjectSchema] = schemas,
             objects: list = OBJECTS) -> list[str]:
    return validate_against_schema(subject, schema_source, objects)


def assert_problem(found: list[str], path: str, *words: str) -> None:
    assert any(p.startswith(f"{path}: ") and all(w in p for w in words) for p in found), found


# --- the whole file ------------------------------------------------------------------------

def test_the_documented_example_fits_the_org() -> None:
    report = check_integration(integration(
        accounts=ObjectSync(CREATE, "Gather_Id__c", extra_traits=("AnnualRevenue", "Plan_Tier__c"),
                            filter=Filter("all", (Condition("Industry", "eq", "Energy"),
                                                  Condition("NumberOfEmployees", "gt", 50)))),
        users=ObjectSync(CREATE, "Email"),
        objects=(CustomObjectSync("Opportunity", "Id", "opportunities",
                                  ("Name", "Amount", "StageName", "AccountId")),)),
        schemas, OBJECTS)
    assert report.problems == ()
    assert report.notes == ("users.id_field: Email is not marked Unique or External ID in "
                            "Salesforce, so two records may share a value; each run sends the "
                            "first and reports the others as duplicates",)


def test_structural_rules_apply_to_integrations_built_in_code() -> None:
    found = problems(integration(
        users=ObjectSync(CREATE, "Email", only_closed_won=True),
        objects=(CustomObjectSync("Opportunity", "Id", "account"),)))
    assert_problem(found, "users.only_closed_won", "only accounts")
    assert_problem(found, "objects[0].model", "standard models")


def test_hubspot_integrations_are_checked_by_the_hubspot_rules() -> None:
    report = check_integration(Integration("hs", HubSpotSource("https://api.hubapi.com", "oauth",
                                                               client_id="abc"),
                                           accounts=HubSpotObjectSync("companyId")),
                               lambda name: ObjectSchema(name, name, False, {}), [])
    assert report.problems and "accounts" in report.problems[0]


def test_field_names_are_matched_without_case() -> None:
    assert problems(accounts(id_field="gather_id__c", extra_traits=("annualrevenue",),
                             filter=where("INDUSTRY", "eq", "Energy"))) == []


# --- ID fields -----------------------------------------------------------------------------

def test_an_unknown_id_field() -> None:
    assert problems(accounts(id_field="Gather_ID")) == [
        "accounts.id_field: 'Gather_ID' is not a field of Account in this Salesforce org (did "
        "you mean Gather_Id__c?). It may have been deleted or renamed, or your user may not be "
        "allowed to see it; edit the integration to choose another field"]


@pytest.mark.parametrize("field", ["AnnualRevenue", "Is_Customer__c", "Renewal_Date__c",
                                   "BillingAddress", "Industry", "ParentId"])
def test_an_id_field_of_an_unsuitable_type(field: str) -> None:
    [problem] = problems(accounts(id_field=field))
    assert problem.startswith(f"accounts.id_field: {field} is a ")
    assert "the ID must come from an ID, text or email field, or one marked Unique or External " \
           "ID, such as Id, Gather_Id__c" in problem


@pytest.mark.parametrize("field", ["Id", "Gather_Id__c", "Name", "Legacy_Key__c"])
def test_suitable_id_fields(field: str) -> None:
    assert problems(accounts(id_field=field)) == []


def test_a_text_id_field_that_is_not_unique_gets_a_note() -> None:
    report = check_integration(accounts(id_field="Legacy_Key__c"), schemas, OBJECTS)
    assert report.notes == ("accounts.id_field: Legacy_Key__c is not marked Unique or External "
                            "ID in Salesforce, so two records may share a value; each run "
                            "sends the first and reports the others as duplicates",)
    assert check_integration(accounts(), schemas, OBJECTS).notes == ()


def test_update_existing_matches_on_id() -> None:
    subject = integration(accounts=ObjectSync("update_existing", "Id",
                                              match_trait="salesforce_account_id"))
    assert problems(subject) == []


# --- traits --------------------------------------------------------------------------------

def test_extra_traits_must_exist() -> None:
    assert problems(accounts(extra_traits=("AnnualRevenue", "Plan_Tier"))) == [
        "accounts.extra_traits[1]: 'Plan_Tier' is not a field of Account in this Salesforce org "
        "(did you mean Plan_Tier__c?). It may have been deleted or renamed, or your user may "
        "not be allowed to see it; edit the integration to choose another field"]


def test_parent_fields_are_allowed_as_traits() -> None:
    assert problems(accounts(extra_traits=("Owner.Email", "Parent.Name"))) == []
    users = integration(users=ObjectSync(CREATE, "Email", extra_traits=("Account.Industry",)))
    assert problems(users) == []


@pytest.mark.parametrize("field", ["Owner.Phone", "Nobody.Email", "Name.Length"])
def test_unknown_parent_fields(field: str) -> None:
    assert_problem(problems(accounts(extra_traits=(field,))), "accounts.extra_traits[0]",
                   f"'{field}' is not a field of Account", "edit the integration")


def test_file_content_cannot_be_a_trait() -> None:
    assert problems(accounts(extra_traits=("Logo__c",))) == [
        "accounts.extra_traits[0]: Logo__c holds file content, which cannot be a trait; remove "
        "it"]


def test_two_fields_that_would_become_one_trait() -> None:
    assert problems(accounts(extra_traits=("Industry__c",))) == [
        "accounts.extra_traits[0]: Industry__c would become the trait 'industry', which "
        "Industry (a default trait) already becomes; keep only one of them"]


def test_reserved_names_collide_too() -> None:
    found = problems(accounts(extra_traits=("Id", "AnnualRevenue", "Salesforce_Id__c")))
    assert found == [
        "accounts.extra_traits[2]: Salesforce_Id__c would become the trait 'salesforce_id', "
        "which accounts.extra_traits[0] (Id) already becomes; keep only one of them"]


def test_custom_object_traits_collide() -> None:
    found = problems(integration(objects=(CustomObjectSync(
        "Opportunity", "Id", "opportunities", ("AccountId", "Account.Id")),)))
    assert_problem(found, "objects[0].traits[1]", "Account.Id would become the trait "
                   "'salesforce_account_id', which objects[0].traits[0] (AccountId)")


def test_a_field_listed_twice_is_a_note() -> None:
    report = check_integration(accounts(extra_traits=("Name", "AnnualRevenue", "annualrevenue")),
                               schemas, OBJECTS)
    assert report.problems == ()
    assert report.notes == (
        "accounts.extra_traits[0]: Name is already synced as Name (a default trait); the second "
        "mention is ignored",
        "accounts.extra_traits[2]: AnnualRevenue is already synced as accounts.extra_traits[1] "
        "(AnnualRevenue); the second mention is ignored")


def test_a_hidden_default_field_is_a_note_unless_gather_needs_it() -> None:
    hidden = org(without(ACCOUNT, "YearStarted"))
    report = check_integration(accounts(), hidden, OBJECTS)
    assert report.problems == ()
    assert report.notes == ("accounts: Account has no field YearStarted that your user can see, "
                            "so year_started is not synced",)
    assert problems(accounts(), org(without(ACCOUNT, "Name"))) == [
        "accounts: Account has no field Name that your user can see, and Gather needs it; ask "
        "your Salesforce admin for access"]


# --- objects -------------------------------------------------------------------------------

def test_accounts_need_the_account_object() -> None:
    found = problems(accounts(), objects=[o for o in OBJECTS if o.name != "Account"])
    assert found == ["accounts: this Salesforce org has no Account object your user can read; "
                     "ask your Salesforce admin for read access to Accounts, or set accounts "
                     "to null"]


def test_a_custom_object_that_does_not_exist() -> None:
    found = problems(integration(objects=(CustomObjectSync("Subscriptions__c", "Id",
                                                           "subscriptions"),)))
    assert found == [
        "objects[0].object: 'Subscriptions__c' is not an object in this Salesforce org (did you "
        "mean Subscription__c?). It may have been deleted, or your user may not be allowed to "
        "see it; edit the integration to choose another object"]


def test_a_custom_object_that_cannot_be_queried() -> None:
    found = problems(integration(objects=(CustomObjectSync("AccountHistory", "Id", "history"),)))
    assert found == ["objects[0].object: AccountHistory cannot be queried through the API, so it "
                     "cannot be synced; choose another object"]


def test_a_custom_object_is_checked_like_the_others() -> None:
    found = problems(integration(objects=(CustomObjectSync(
        "Subscription__c", "Seats__c", "subscriptions", ("Plan__c", "Sets__c"),
        where("Plan__c", "eq", "Gold")),)))
    assert [p.split(":")[0] for p in found] == [
        "objects[0].id_field", "objects[0].traits[1]", "objects[0].filter.conditions[0].value"]


def test_several_lookups_to_account_are_noted() -> None:
    report = check_integration(integration(
        accounts=ObjectSync(CREATE, "Gather_Id__c"),
        objects=(CustomObjectSync("Subscription__c", "Id", "subscriptions"),)), schemas, OBJECTS)
    assert report.problems == ()
    assert report.notes == ("objects[0]: Subscription__c has several lookups to Account; records "
                            "are linked to the account in Account__c (not Partner_Account__c)",)


def test_only_closed_won_needs_opportunities() -> None:
    assert problems(accounts(only_closed_won=True)) == []
    found = problems(accounts(only_closed_won=True),
                     objects=[o for o in OBJECTS if o.name != "Opportunity"])
    assert_problem(found, "accounts.only_closed_won", "no Opportunity object with IsWon")


# --- a field deleted after the integration was saved ---------------------------------------

@pytest.mark.parametrize(("subject", "path", "field"), [
    (accounts(filter=where("Industry", "eq", "Energy")), "accounts.filter.conditions[0].field",
     "Industry"),
    (accounts(extra_traits=("Plan_Tier__c",)), "accounts.extra_traits[0]", "Plan_Tier__c"),
    (accounts(), "accounts.id_field", "Gather_Id__c"),
    (accounts(extra_traits=("Parent.Plan_Tier__c",)), "accounts.extra_traits[0]",
     "Parent.Plan_Tier__c"),
])
def test_a_removed_field_names_the_key_and_says_to_edit(subject: Integration, path: str,
                                                        field: str) -> None:
    assert problems(subject) == []
    removed = without(ACCOUNT, field.split(".")[-1])
    [problem] = [p for p in problems(subject, org(removed)) if p.startswith(path)]
    assert problem.startswith(f"{path}: '{field}' is not a field of Account in this Salesforce "
                              "org")
    assert "deleted or renamed" in problem and "edit the integration" in problem


# --- filters: which comparison fits which field --------------------------------------------

# one field of every kind, with a value that fits it
SAMPLES = {
    "Name": ("text", "Acme"),
    "Industry": ("picklist", "Energy"),
    "Regions__c": ("multipicklist", "EMEA"),
    "NumberOfEmployees": ("number", 50),
    "AnnualRevenue": ("number", 1000.5),
    "Health_Score__c": ("number", 12.5),
    "Renewal_Date__c": ("date", "2024-03-10"),
    "CreatedDate": ("datetime", "2024-03-10T23:30:00Z"),
    "Is_Customer__c": ("boolean", True),
    "Id": ("id", "0015g00000ABCDeAAA"),
    "ParentId": ("id", "0015g00000ABCDeAAA"),
    "BillingCity": ("text", "Oslo"),
}
ACCEPTED = {
    "text": set(OPERATORS),
    "picklist": set(OPERATORS) - {"gt", "gte", "lt", "lte"},
    "multipicklist": {"eq", "ne", "contains", "not_contains", "in", "not_in", "is_empty",
                      "is_not_empty"},
    "number": {"eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "is_empty", "is_not_empty"},
    "date": {"eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "is_empty", "is_not_empty"},
    "datetime": {"eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "is_empty",
                 "is_not_empty"},
    "boolean": {"eq", "ne"},
    "id": {"eq", "ne", "in", "not_in", "is_empty", "is_not_empty"},
}


def condition_for(field: str, op: str) -> Condition:
    value = SAMPLES[field][1]
    if op in ("is_empty", "is_not_empty"):
        return Condition(field, op, None)
    if op in ("in", "not_in"):
        return Condition(field, op, (value,))
    return Condition(field, op, value)


@pytest.mark.parametrize("op", OPERATORS)
@pytest.mark.parametrize("field", SAMPLES)
def test_every_comparison_on_every_kind_of_field(field: str, op: str) -> None:
    kind = SAMPLES[field][0]
    condition = condition_for(field, op)
    found = problems(accounts(filter=Filter("any", (condition,))))
    if op in ACCEPTED[kind]:
        assert found == []
    else:
        [problem] = found
        assert problem.startswith(f"accounts.filter.conditions[0].op: {op} does not work on "
                                  f"{field}, a ")
        assert "use one of " + ", ".join(OPERATORS_BY_KIND[kind]) in problem


@pytest.mark.parametrize(("field", "words"), [
    ("BillingAddress", "Salesforce cannot filter on BillingAddress (a compound field); filter "
                       "on one of its parts instead, such as BillingCity; choose another field"),
    ("Description", "Salesforce cannot filter on Description (a text field)"),
    ("Location__c", "Salesforce cannot filter on Location__c"),
])
def test_fields_salesforce_cannot_filter(field: str, words: str) -> None:
    [problem] = problems(accounts(filter=where(field, "is_empty")))
    assert problem.startswith(f"accounts.filter.conditions[0].field: {words}")
    assert problem.endswith("; choose another field")


def test_parent_fields_can_be_filtered() -> None:
    users = integration(users=ObjectSync(CREATE, "Email", filter=Filter("all", (
        Condition("Account.Industry", "eq", "Energy"),
        Condition("Account.NumberOfEmployees", "gte", 10)))))
    assert problems(users) == []
    users = replace(users, users=replace(users.users, filter=where("Account.Industry", "eq",
                                                                   "Mining")))
    assert_problem(problems(users), "users.filter.conditions[0].value",
                   "'Mining' is not a value of the picklist Account.Industry")


# --- filters: values that fit the field ----------------------------------------------------

VALUE_PATH = "accounts.filter.conditions[0].value"


@pytest.mark.parametrize(("field", "op", "value", "words"), [
    ("NumberOfEmployees", "gt", "50", "'50' is not a number; NumberOfEmployees is a number "
                                      "field, so write a number without quotes, such as 50"),
    ("NumberOfEmployees", "gt", True, "true is not a number"),
    ("NumberOfEmployees", "eq", 50.5, "50.5 is not a whole number; NumberOfEmployees holds "
                                      "whole numbers"),
    ("AnnualRevenue", "gte", float("inf"), "inf is not a number"),
    ("Health_Score__c", "lt", False, "false is not a number"),
    ("Renewal_Date__c", "gt", "2024-02-30", "'2024-02-30' is not a real calendar date; write "
                                            "an existing date as YYYY-MM-DD"),
    ("Renewal_Date__c", "gt", "2024-3-1", "'2024-3-1' is not a date; write it as YYYY-MM-DD, "
                                          "such as 2024-03-10"),
    ("Renewal_Date__c", "gt", "10/03/2024", "is not a date"),
    ("Renewal_Date__c", "gt", "2024-03-10T00:00:00Z", "is not a date"),
    ("Renewal_Date__c", "eq", 20240310, "20240310 is not text; Renewal_Date__c is a date field, "
                                        "so write the value in quotes"),
    ("CreatedDate", "gt", "2024-03-10", "'2024-03-10' is not a date and time with a time zone; "
                                        "write a date and time with its time zone, such as "
                                        "2024-03-10T23:30:00Z"),
    ("CreatedDate", "gt", "2024-03-10T23:30:00", "is not a date and time with a time zone"),
    ("CreatedDate", "gt", "2024-03-10 23:30:00Z", "is not a date and time with a time zone"),
    ("CreatedDate", "gt", "2024-03-10T24:30:00Z", "is not a real date and time"),
    ("Is_Customer__c", "eq", "true", "'true' is not true or false; Is_Customer__c is a checkbox, "
                                     "so write true or false without quotes"),
    ("Is_Customer__c", "eq", 1, "1 is not true or false"),
    ("Industry", "eq", "Mining", "'Mining' is not a value of the picklist Industry; use one of "
                                "Agriculture, Banking, Energy, Technology"),
    ("Industry", "ne", "energy", "(did you mean Energy?)"),
    ("Regions__c", "eq", "EMEA;Mars", "'Mars' is not a value of the picklist Regions__c"),
    ("Regions__c", "contains", "EMEA;APAC", "'EMEA;APAC' holds several values; contains "
                                            "compares one value at a time"),
    ("Regions__c", "contains", "Mars", "'Mars' is not a value of the picklist Regions__c"),
    ("Id", "eq", "Acme", "'Acme' is not a Salesforce record ID"),
    ("ParentId", "ne", "001' OR Name != '", "is not a Salesforce record ID"),
    ("Name", "eq", 42, "42 is not text; Name is a text field, so write the value in quotes, "
                       "such as \"42\""),
    ("Name", "eq", "", "'' is empty; use is_empty or is_not_empty to find blank fields"),
    ("Name", "contains", " ", "' ' has nothing to look for; write some text for contains"),
    ("Industry", "starts_with", "", "'' has nothing to look for"),
])
def test_values_that_do_not_fit_the_field(field: str, op: str, value: Any, words: str) -> None:
    [problem] = problems(accounts(filter=where(field, op, value)))
    assert problem.startswith(f"{VALUE_PATH}: ") and words in problem


@pytest.mark.parametrize(("field", "op", "value"), [
    ("NumberOfEmployees", "eq", 50.0),
    ("AnnualRevenue", "gt", 1234.56),
    ("Health_Score__c", "gte", 0),
    ("Renewal_Date__c", "eq", "2024-02-29"),
    ("CreatedDate", "lt", "2024-03-10T23:30:00.000Z"),
    ("CreatedDate", "lt", "2024-03-10T23:30:00+01:00"),
    ("CreatedDate", "lt", "2024-03-10T23:30:00.000+0000"),
    ("Is_Customer__c", "ne", False),
    ("Industry", "contains", "erg"),        # any text: a search, not a value
    ("Industry", "starts_with", "Ener"),
    ("Regions__c", "eq", "EMEA;APAC"),
    ("Regions__c", "not_contains", "APAC"),
    ("Id", "eq", "0015g00000ABCDe"),
    ("Name", "contains", "50%_off"),
    ("Name", "eq", "O'Brien"),
    ("Name", "ne", "' OR Name != '"),
    ("Name", "starts_with", "back\\slash"),
    ("Name", "gt", "M"),
])
def test_values_that_fit_the_field(field: str, op: str, value: Any) -> None:
    assert problems(accounts(filter=where(field, op, value))) == []


def test_each_value_of_a_list_is_checked() -> None:
    found = problems(accounts(filter=where("Industry", "in", ("Energy", "Mining", "Banking",
                                                              "Oil"))))
    assert [p.split(":")[0] for p in found] == [f"{VALUE_PATH}[1]", f"{VALUE_PATH}[3]"]
    found = problems(accounts(filter=where("NumberOfEmployees", "not_in", (1, "2"))))
    assert [p.split(":")[0] for p in found] == [f"{VALUE_PATH}[1]"]


def test_list_comparisons_need_a_non_empty_list() -> None:
    assert_problem(problems(accounts(filter=where("Industry", "in", ()))), VALUE_PATH,
                   "not a list of values")


def test_no_value_comparisons_take_no_value() -> None:
    assert_problem(problems(accounts(filter=where("Industry", "is_empty", "Energy"))), VALUE_PATH,
                   "is_empty takes no value")


def test_every_condition_is_checked() -> None:
    subject = accounts(filter=Filter("any", (Condition("Industry", "eq", "Energy"),
                                             Condition("Nope__c", "eq", "x"),
                                             Condition("NumberOfEmployees", "contains", "5"))))
    assert [p.split(":")[0] for p in problems(subject)] == [
        "accounts.filter.conditions[1].field", "accounts.filter.conditions[2].op"]


def test_the_schemas_are_only_asked_for_objects_the_org_lists() -> None:
    asked: list[str] = []

    def recording(name: str) -> ObjectSchema:
        asked.append(name)
        return schemas(name)

    subject = integration(accounts=ObjectSync(CREATE, "Gather_Id__c",
                                              extra_traits=("Owner.Email",)),
                          objects=(CustomObjectSync("Gone__c", "Id", "gone"),))
    only_account = [o for o in OBJECTS if o.name == "Account"]
    found = problems(subject, recording, only_account)
    assert set(asked) == {"Account"}
    assert_problem(found, "accounts.extra_traits[0]", "'Owner.Email' is not a field of Account")
    assert_problem(found, "objects[0].object", "'Gone__c' is not an object")
