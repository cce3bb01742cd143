"""Plans and mapped records: what is read from Salesforce and what would be sent to Gather."""

from __future__ import annotations

from typing import Any

import pytest

from gather_desktop.core.changes import record_hash
from gather_desktop.core.checks import DuplicateIds
from gather_desktop.core.integration import (CREATE, UPDATE_EXISTING, CustomObjectSync,
                                             Integration, IntegrationError, ObjectSync,
                                             SalesforceSource)
from gather_desktop.core.mapping import (AccountLink, MappedRecord, ModelPlan, build_plans,
                                         model_definition)
from gather_desktop.core.query import Condition, Filter, SourceQuery

from .salesforce_org import ACCOUNT, OBJECTS, schemas, without

SOURCE = SalesforceSource("https://login.salesforce.com", "password", username="ops@example.com")
ACCOUNTS_CREATE = ObjectSync(CREATE, "Gather_Id__c", extra_traits=("AnnualRevenue",
                                                                   "Plan_Tier__c"))
ACCOUNTS_UPDATE = ObjectSync(UPDATE_EXISTING, "Id", match_trait="salesforce_account_id")
USERS_CREATE = ObjectSync(CREATE, "Email")
SUBSCRIPTIONS = CustomObjectSync("Subscription__c", "Id", "subscriptions",
                                 ("Name", "Plan__c", "Seats__c", "Start_Date__c", "Ends_At__c",
                                  "Features__c"))
ACCOUNT_ID = "0015g00000ABCDeAAA"
CONTACT_ID = "0035g00000XyZ12AAA"


def plans(accounts: ObjectSync | None = None, users: ObjectSync | None = None,
          objects: tuple[CustomObjectSync, ...] = ()) -> dict[str, ModelPlan]:
    integration = Integration("test", SOURCE, accounts=accounts, users=users, objects=objects)
    return {plan.model: plan for plan in build_plans(integration, schemas, OBJECTS)}


def account_record(**changes: Any) -> dict[str, Any]:
    return {"Id": ACCOUNT_ID, "Gather_Id__c": "G-1", "Name": "Acme", "Phone": None,
            "Description": "Makes  everything\n", "Industry": "Energy",
            "BillingAddress": {"street": "1 Main St", "city": "Oslo", "state": None,
                               "postalCode": "0150", "country": "Norway", "latitude": None,
                               "longitude": None, "geocodeAccuracy": None},
            "Website": "https://acme.example", "YearStarted": "1999",
            "NumberOfEmployees": 120, "AnnualRevenue": 1500000.5, "Plan_Tier__c": "Pro",
            **changes}


def contact_record(**changes: Any) -> dict[str, Any]:
    return {"Id": CONTACT_ID, "FirstName": "Ada", "LastName": "Lovelace",
            "Email": "ada@example.com", "Phone": "+47 22 00 00 00", "AccountId": ACCOUNT_ID,
            "Account.Gather_Id__c": "G-1", **changes}


# --- accounts ------------------------------------------------------------------------------

def test_the_account_query_reads_id_id_field_defaults_and_extras() -> None:
    plan = plans(accounts=ObjectSync(
        CREATE, "Gather_Id__c", extra_traits=("AnnualRevenue", "Plan_Tier__c"),
        only_closed_won=True,
        filter=Filter("all", (Condition("Industry", "eq", "Energy"),
                              Condition("NumberOfEmployees", "gt", 50)))))["account"]
    assert plan.query == SourceQuery(
        object_name="Account",
        fields=("Id", "Gather_Id__c", "Name", "Phone", "Description", "Industry",
                "BillingAddress", "Website", "YearStarted", "NumberOfEmployees", "AnnualRevenue",
                "Plan_Tier__c"),
        filter=Filter("all", (Condition("Industry", "eq", "Energy"),
                              Condition("NumberOfEmployees", "gt", 50))),
        only_closed_won=True)
    assert (plan.model, plan.path, plan.method, plan.id_field) == (
        "account", "accounts", CREATE, "Gather_Id__c")
    assert plan.account_link is None


def test_an_account_record_maps_to_exactly_what_would_be_sent() -> None:
    mapped = plans(accounts=ACCOUNTS_CREATE)["account"].map_record(account_record())
    assert mapped == MappedRecord(
        source_id=ACCOUNT_ID, gather_id="G-1",
        traits={"name": "Acme", "phone": None, "description": "Makes  everything\n",
                "industry": "Energy",
                "billing_address": {"street": "1 Main St", "city": "Oslo", "state": None,
                                    "postal_code": "0150", "country": "Norway",
                                    "latitude": None, "longitude": None,
                                    "geocode_accuracy": None},
                "website": "https://acme.example", "year_started": "1999",
                "number_of_employees": 120, "annual_revenue": 1500000.5,
                "plan_tier": "Pro"})
    assert mapped.valid and "id" not in mapped.traits


def test_names_are_taken_in_the_orgs_spelling() -> None:
    plan = plans(accounts=ObjectSync(CREATE, "gather_id__c", extra_traits=("annualrevenue",),
                                     filter=Filter("any", (Condition("industry", "ne", "Banking"),
                                                           ))))["account"]
    assert plan.id_field == "Gather_Id__c"
    assert plan.query.fields[1] == "Gather_Id__c" and plan.query.fields[-1] == "AnnualRevenue"
    assert plan.query.filter.conditions[0].field == "Industry"
    assert plan.traits[-1].trait == "annual_revenue"


def test_a_field_listed_twice_is_read_and_sent_once() -> None:
    plan = plans(accounts=ObjectSync(CREATE, "Gather_Id__c", extra_traits=("Name", "name")))
    assert plan["account"].query.fields.count("Name") == 1
    assert [t.trait for t in plan["account"].traits].count("name") == 1


def test_a_default_field_the_user_cannot_see_is_not_read() -> None:
    integration = Integration("test", SOURCE, accounts=ACCOUNTS_CREATE)
    hidden = without(ACCOUNT, "YearStarted")
    [plan] = build_plans(integration, lambda n: hidden if n == "Account" else schemas(n), OBJECTS)
    assert "YearStarted" not in plan.query.fields
    assert "year_started" not in plan.map_record(account_record()).traits


@pytest.mark.parametrize(("value", "gather_id"), [("G-1", "G-1"), (42.0, "42"), (7, "7"),
                                                  (" G-1", " G-1")])
def test_the_gather_id_is_the_id_fields_value_as_text(value: Any, gather_id: str) -> None:
    plan = plans(accounts=ACCOUNTS_CREATE)["account"]
    assert plan.map_record(account_record(Gather_Id__c=value)).gather_id == gather_id


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_an_account_without_a_gather_id_is_invalid(blank: str | None) -> None:
    mapped = plans(accounts=ACCOUNTS_CREATE)["account"].map_record(
        account_record(Gather_Id__c=blank))
    assert mapped.gather_id is None
    assert mapped.problems == ["Its Gather ID is empty: Gather_Id__c has no value on this "
                               "record. Fill in Gather_Id__c in Salesforce, or filter out "
                               "records without it."]


def test_an_account_without_a_name_is_invalid() -> None:
    mapped = plans(accounts=ACCOUNTS_CREATE)["account"].map_record(account_record(Name=""))
    assert not mapped.valid
    assert "The Salesforce field Name is empty" in mapped.problems[0]


def test_a_15_character_id_is_sent_with_a_warning() -> None:
    mapped = plans(accounts=ACCOUNTS_CREATE)["account"].map_record(
        account_record(Gather_Id__c=ACCOUNT_ID[:15]))
    assert mapped.valid and mapped.gather_id == ACCOUNT_ID[:15]
    assert "15-character Salesforce Id" in mapped.warnings[0]


def test_the_salesforce_id_itself_as_gather_id() -> None:
    plan = plans(accounts=ObjectSync(CREATE, "Id"))["account"]
    assert plan.query.fields[:2] == ("Id", "Name")
    mapped = plan.map_record(account_record())
    assert mapped.gather_id == ACCOUNT_ID and mapped.warnings == []


def test_update_existing_accounts_leave_the_gather_id_to_the_index() -> None:
    plan = plans(accounts=ACCOUNTS_UPDATE)["account"]
    assert plan.match_trait == "salesforce_account_id"
    mapped = plan.map_record(account_record())
    assert mapped.gather_id is None and mapped.match_value == ACCOUNT_ID and mapped.valid


def test_update_existing_on_a_blank_field_is_invalid() -> None:
    plan = plans(accounts=ObjectSync(UPDATE_EXISTING, "Legacy_Key__c",
                                     match_trait="legacy_key"))["account"]
    mapped = plan.map_record({**account_record(), "Legacy_Key__c": None})
    assert mapped.problems == ["Legacy_Key__c is empty on this record, so it cannot be matched "
                               "to an existing Gather account. Fill in Legacy_Key__c in "
                               "Salesforce, or filter out records without it."]


def test_dates_and_datetimes_stay_on_their_day() -> None:
    plan = plans(accounts=ObjectSync(CREATE, "Gather_Id__c", extra_traits=(
        "Renewal_Date__c", "Last_Login__c", "Regions__c", "Is_Customer__c", "Health_Score__c",
        "Owner.Email")))["account"]
    mapped = plan.map_record(account_record(**{
        "Renewal_Date__c": "2024-03-10", "Last_Login__c": "2024-03-10T23:30:00.000+0000",
        "Regions__c": "EMEA;APAC", "Is_Customer__c": False, "Health_Score__c": 87.5,
        "Owner.Email": "owner@example.com"}))
    assert {k: mapped.traits[k] for k in ("renewal_date", "last_login", "regions",
                                          "is_customer", "health_score", "owner_email")} == {
        "renewal_date": "2024-03-10", "last_login": "2024-03-10T23:30:00.000Z",
        "regions": ["EMEA", "APAC"], "is_customer": False, "health_score": 87.5,
        "owner_email": "owner@example.com"}


def test_an_empty_address_is_sent_as_null() -> None:
    empty = dict.fromkeys(("street", "city", "state", "postalCode", "country", "latitude",
                           "longitude", "geocodeAccuracy"))
    mapped = plans(accounts=ACCOUNTS_CREATE)["account"].map_record(
        account_record(BillingAddress=empty))
    assert mapped.traits["billing_address"] is None


def test_a_field_missing_from_the_record_is_a_bug_not_a_null() -> None:
    record = account_record()
    del record["Industry"]
    with pytest.raises(KeyError):
        plans(accounts=ACCOUNTS_CREATE)["account"].map_record(record)


# --- users ---------------------------------------------------------------------------------

def test_users_read_their_accounts_gather_id_through_the_relationship() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, users=USERS_CREATE)["user"]
    assert plan.query == SourceQuery("Contact", ("Id", "Email", "FirstName", "LastName", "Phone",
                                                 "AccountId", "Account.Gather_Id__c"))
    assert plan.account_link == AccountLink("AccountId", "Account.Gather_Id__c", "Gather_Id__c",
                                            CREATE)
    mapped = plan.map_record(contact_record())
    assert mapped == MappedRecord(
        source_id=CONTACT_ID, gather_id="ada@example.com",
        traits={"salesforce_id": CONTACT_ID, "first_name": "Ada", "last_name": "Lovelace",
                "email": "ada@example.com", "phone": "+47 22 00 00 00", "account_id": "G-1"},
        account_source_id=ACCOUNT_ID, account_gather_id="G-1")


def test_a_user_whose_account_has_no_gather_id_is_invalid() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, users=USERS_CREATE)["user"]
    mapped = plan.map_record(contact_record(**{"Account.Gather_Id__c": None}))
    assert mapped.problems == [
        f"Its account ({ACCOUNT_ID}) has no Gather ID in Gather_Id__c, so it cannot be linked "
        "to a Gather account. Fill in Gather_Id__c on that account in Salesforce."]
    assert "account_id" not in mapped.traits and mapped.account_source_id == ACCOUNT_ID


def test_a_user_without_an_account_is_fine() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, users=USERS_CREATE)["user"]
    mapped = plan.map_record(contact_record(AccountId=None, **{"Account.Gather_Id__c": None}))
    assert mapped.valid and "account_id" not in mapped.traits
    assert mapped.account_source_id is None and mapped.account_gather_id is None


def test_a_user_without_email_is_invalid_twice_when_email_is_the_id() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, users=USERS_CREATE)["user"]
    mapped = plan.map_record(contact_record(Email=None, FirstName=None))
    assert mapped.gather_id is None
    assert [p.split(":")[0].split(" is")[0] for p in mapped.problems] == [
        "Its Gather ID", "The Salesforce field FirstName", "The Salesforce field Email"]


def test_users_of_update_existing_accounts_expose_the_account_for_the_index() -> None:
    plan = plans(accounts=ACCOUNTS_UPDATE, users=USERS_CREATE)["user"]
    assert plan.query.fields[-1] == "AccountId"
    assert plan.account_link == AccountLink("AccountId", "AccountId", "Id", UPDATE_EXISTING)
    mapped = plan.map_record(contact_record())
    assert mapped.account_source_id == ACCOUNT_ID and mapped.account_match_value == ACCOUNT_ID
    assert mapped.account_gather_id is None and "account_id" not in mapped.traits
    linked = mapped.with_account("G-77")
    assert linked.traits["account_id"] == "G-77" and linked.account_gather_id == "G-77"
    assert "account_id" not in mapped.traits  # the original is unchanged


def test_accounts_matched_on_another_field_are_read_through_the_relationship() -> None:
    plan = plans(accounts=ObjectSync(UPDATE_EXISTING, "Legacy_Key__c", match_trait="legacy_key"),
                 users=USERS_CREATE)["user"]
    assert plan.account_link.key_field == "Account.Legacy_Key__c"
    mapped = plan.map_record({**contact_record(), "Account.Legacy_Key__c": "L-9"})
    assert mapped.account_match_value == "L-9"
    mapped = plan.map_record({**contact_record(), "Account.Legacy_Key__c": None})
    assert "has no value in Legacy_Key__c" in mapped.problems[0]


def test_users_are_not_linked_when_accounts_are_not_synced() -> None:
    plan = plans(users=USERS_CREATE)["user"]
    assert plan.account_link is None and "AccountId" not in plan.query.fields
    record = {k: v for k, v in contact_record().items() if not k.startswith("Account")}
    assert plan.map_record(record).account_source_id is None


def test_update_existing_users() -> None:
    plan = plans(users=ObjectSync(UPDATE_EXISTING, "Id", match_trait="salesforce_id"))["user"]
    record = {k: v for k, v in contact_record().items() if not k.startswith("Account")}
    mapped = plan.map_record(record)
    assert mapped.gather_id is None and mapped.match_value == CONTACT_ID
    assert mapped.traits["salesforce_id"] == CONTACT_ID


def test_a_users_account_fields_as_traits() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, users=ObjectSync(
        CREATE, "External_Id__c", extra_traits=("Account.Name", "AccountId")))["user"]
    assert plan.query.fields == ("Id", "External_Id__c", "FirstName", "LastName", "Email",
                                 "Phone", "Account.Name", "AccountId", "Account.Gather_Id__c")
    mapped = plan.map_record(contact_record(External_Id__c="U-1", **{"Account.Name": "Acme"}))
    assert mapped.traits["account_name"] == "Acme"
    assert mapped.traits["salesforce_account_id"] == ACCOUNT_ID
    assert mapped.traits["account_id"] == "G-1"


# --- custom objects ------------------------------------------------------------------------

def test_a_custom_object_linked_to_accounts() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, objects=(SUBSCRIPTIONS,))["subscriptions"]
    assert plan.query == SourceQuery("Subscription__c", (
        "Id", "Name", "Plan__c", "Seats__c", "Start_Date__c", "Ends_At__c", "Features__c",
        "Account__c", "Account__r.Gather_Id__c"))
    mapped = plan.map_record({
        "Id": "a0X5g00000AbCdEAAA", "Name": "SUB-1", "Plan__c": "Plus", "Seats__c": 25.0,
        "Start_Date__c": "2024-01-01", "Ends_At__c": "2024-12-31T23:30:00.000+0000",
        "Features__c": "SSO;Audit", "Account__c": ACCOUNT_ID,
        "Account__r.Gather_Id__c": "G-1"})
    assert mapped == MappedRecord(
        source_id="a0X5g00000AbCdEAAA", gather_id="a0X5g00000AbCdEAAA",
        traits={"name": "SUB-1", "plan": "Plus", "seats": 25.0, "start_date": "2024-01-01",
                "ends_at": "2024-12-31T23:30:00.000Z", "features": ["SSO", "Audit"],
                "account_id": "G-1"},
        account_source_id=ACCOUNT_ID, account_gather_id="G-1")
    assert model_definition(plan) == {
        "id": "subscriptions", "name": "Subscriptions",
        "relationships": [{"from_trait": "account_id", "to_model": "account", "to_trait": "id"}]}


def test_the_documented_opportunity_sync() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE, objects=(CustomObjectSync(
        "Opportunity", "Id", "opportunities", ("Name", "Amount", "StageName", "AccountId")),))[
        "opportunities"]
    assert plan.query.fields == ("Id", "Name", "Amount", "StageName", "AccountId",
                                 "Account.Gather_Id__c")
    mapped = plan.map_record({"Id": "0065g00000QwErTAAA", "Name": "Big deal", "Amount": 5000.0,
                              "StageName": "Closed Won", "AccountId": ACCOUNT_ID,
                              "Account.Gather_Id__c": "G-1"})
    assert mapped.traits == {"name": "Big deal", "amount": 5000.0, "stage_name": "Closed Won",
                             "salesforce_account_id": ACCOUNT_ID, "account_id": "G-1"}


def test_a_custom_object_without_synced_accounts_has_no_link() -> None:
    plan = plans(objects=(SUBSCRIPTIONS,))["subscriptions"]
    assert plan.account_link is None and "Account__c" not in plan.query.fields
    assert model_definition(plan)["relationships"] == []


def test_standard_models_are_never_defined() -> None:
    with pytest.raises(ValueError):
        model_definition(plans(accounts=ACCOUNTS_CREATE)["account"])


def test_plans_come_in_order() -> None:
    integration = Integration("test", SOURCE, accounts=ACCOUNTS_CREATE, users=USERS_CREATE,
                              objects=(SUBSCRIPTIONS, CustomObjectSync("Opportunity", "Id",
                                                                       "opportunities")))
    assert [(p.model, p.path) for p in build_plans(integration, schemas, OBJECTS)] == [
        ("account", "accounts"), ("user", "users"), ("subscriptions", "objects[0]"),
        ("opportunities", "objects[1]")]


# --- before a run --------------------------------------------------------------------------

def test_a_field_removed_from_the_org_stops_planning_with_the_validation_message() -> None:
    integration = Integration("salesforce-prod", SOURCE, accounts=ObjectSync(
        CREATE, "Gather_Id__c", filter=Filter("all", (Condition("Plan_Tier__c", "eq", "Pro"),))))
    removed = without(ACCOUNT, "Plan_Tier__c")
    with pytest.raises(IntegrationError) as raised:
        build_plans(integration, lambda n: removed if n == "Account" else schemas(n), OBJECTS)
    assert raised.value.problems == [
        "accounts.filter.conditions[0].field: 'Plan_Tier__c' is not a field of Account in this "
        "Salesforce org. It may have been deleted or renamed, or your user may not be allowed "
        "to see it; edit the integration to choose another field"]
    assert str(raised.value).startswith("The integration 'salesforce-prod' has a problem: ")


def test_a_run_finds_duplicates_and_fingerprints_what_it_sends() -> None:
    plan = plans(accounts=ACCOUNTS_CREATE)["account"]
    seen = DuplicateIds()
    first = plan.map_record(account_record())
    second = plan.map_record(account_record(Id="0015g00000ZZZZZAAA"))
    assert seen.check(first.gather_id, first.source_id) is None
    assert ACCOUNT_ID in seen.check(second.gather_id, second.source_id)
    reordered = dict(reversed(list(first.traits.items())))
    assert record_hash("account", first.gather_id, first.traits) == \
        record_hash("account", first.gather_id, reordered)
