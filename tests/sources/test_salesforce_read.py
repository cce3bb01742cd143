"""Reading the emulated org through the connector: describe, filters, closed-won, paging,
sessions that end mid-read, fields removed from the org.

What a filter should return is decided from the org's stored records (`org_check`), so
every op is checked against the data, alone and combined under all and any.
"""

from __future__ import annotations

import pytest

from gather_desktop.core.query import Condition, Filter, SourceQuery
from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sources.base import SourceError, SourceFieldError

from .conftest import SCALE_ACCOUNTS, oauth_source, password_source
from .org_check import expected_ids, live


def read_ids(source, query: SourceQuery) -> list[str]:
    return [row["Id"] for page in source.pages(query) for row in page]


def check(source, org, object_name: str, conditions: list[Condition], match: str = "all",
          only_closed_won: bool = False) -> set[str]:
    """Read with the filter; the Ids must be exactly those the org's records say, once each."""
    query = SourceQuery(object_name, ("Id",), Filter(match, tuple(conditions)),
                        only_closed_won=only_closed_won)
    ids = read_ids(source, query)
    expected = expected_ids(org, object_name, conditions, match, only_closed_won)
    assert sorted(ids) == sorted(expected)
    assert source.count(query) == len(expected)
    return expected


@pytest.fixture(scope="module")
def source(demo):
    return password_source(demo)


SINGLE = [
    ("Account", Condition("Industry", "eq", "Energy")),
    ("Account", Condition("Industry", "eq", "energy")),
    ("Account", Condition("Industry", "ne", "Energy")),
    ("Account", Condition("Name", "contains", "corp")),
    ("Account", Condition("Name", "not_contains", "a")),
    ("Account", Condition("Name", "starts_with", "north")),
    ("Account", Condition("NumberOfEmployees", "gt", 500)),
    ("Account", Condition("NumberOfEmployees", "lte", 150)),
    ("Account", Condition("AnnualRevenue", "gte", 95000000)),
    ("Account", Condition("AnnualRevenue", "lt", 9500000.5)),
    ("Account", Condition("Customer_Since__c", "lt", "2020-01-01")),
    ("Account", Condition("Customer_Since__c", "gte", "2021-11-08")),
    ("Account", Condition("Last_Activity__c", "lte", "2024-05-31T23:59:30Z")),
    ("Account", Condition("Last_Activity__c", "gt", "2024-06-01T01:00:00+02:00")),
    ("Account", Condition("Industry", "in", ["Energy", "Banking"])),
    ("Account", Condition("Plan_Tier__c", "not_in", ["Enterprise", "Growth"])),
    ("Account", Condition("Gather_Id__c", "is_empty", None)),
    ("Account", Condition("Plan_Tier__c", "is_not_empty", None)),
    ("Account", Condition("Products__c", "contains", "API Access")),
    ("Account", Condition("Products__c", "not_contains", "Analytics")),
    ("Account", Condition("Products__c", "in", ["Surveys", "API Access"])),
    ("Contact", Condition("Account.Industry", "eq", "Energy")),
    ("Contact", Condition("Email", "is_empty", None)),
    ("Contact", Condition("AccountId", "is_empty", None)),
    ("Opportunity", Condition("IsWon", "eq", True)),
    ("Opportunity", Condition("Amount", "gt", 100000)),
    ("Opportunity", Condition("CloseDate", "lte", "2024-03-29")),
]


@pytest.mark.parametrize(("object_name", "condition"), SINGLE,
                         ids=[f"{o}.{c.field}-{c.op}" for o, c in SINGLE])
def test_each_operator_alone(source, demo, object_name, condition):
    found = check(source, demo.org, object_name, [condition])
    assert 0 < len(found) < len(live(demo.org, object_name)), "the case must discriminate"


COMBINED = {
    "all": [Condition("Industry", "in", ["Energy", "Banking", "Retail"]),
            Condition("NumberOfEmployees", "gt", 200),
            Condition("Name", "not_contains", "bank")],
    "any": [Condition("Industry", "eq", "Energy"),
            Condition("NumberOfEmployees", "gt", 2000),
            Condition("Name", "starts_with", "c")],
}


@pytest.mark.parametrize("match", ["all", "any"])
def test_conditions_combined(source, demo, match):
    found = check(source, demo.org, "Account", COMBINED[match], match)
    assert 0 < len(found) < len(live(demo.org, "Account"))


def test_all_and_any_differ(source, demo):
    either = check(source, demo.org, "Account", [Condition("Industry", "eq", "Energy"),
                                                 Condition("Plan_Tier__c", "eq", "Enterprise"),
                                                 Condition("Gather_Id__c", "is_empty", None)],
                   "any")
    both = check(source, demo.org, "Account", [Condition("Industry", "eq", "Energy"),
                                               Condition("Gather_Id__c", "is_empty", None)])
    assert both < either


def test_closed_won(source, demo):
    found = check(source, demo.org, "Account", [], only_closed_won=True)
    assert 0 < len(found) < len(live(demo.org, "Account"))


def test_closed_won_with_a_filter(source, demo):
    found = check(source, demo.org, "Account",
                  [Condition("Industry", "eq", "Energy"),
                   Condition("NumberOfEmployees", "lt", 300)], "any", only_closed_won=True)
    assert found


def test_rows_have_exactly_the_requested_keys(source, demo):
    fields = ("Id", "Email", "Account.Gather_Id__c", "account.name", "MailingAddress")
    rows = [row for page in source.pages(SourceQuery("Contact", fields)) for row in page]
    assert len(rows) == len(live(demo.org, "Contact"))
    for row in rows:
        assert tuple(row) == fields
        stored = demo.org.get("Contact", row["Id"])
        account = demo.org.get("Account", stored["AccountId"]) if stored.get("AccountId") else None
        assert row["Email"] == stored.get("Email")
        assert row["Account.Gather_Id__c"] == (account or {}).get("Gather_Id__c")
        assert row["account.name"] == (account or {}).get("Name")
        if stored.get("MailingCity"):
            assert row["MailingAddress"]["city"] == stored["MailingCity"]
        else:
            assert row["MailingAddress"] is None


def test_describe_becomes_the_schema(source, demo):
    schema = source.schema("account")
    describe = demo.org.describe("Account")
    assert schema.name == "Account" and not schema.custom
    assert list(schema.fields) == [f["name"] for f in describe["fields"]]
    assert schema.fields["BillingAddress"].type == "address"
    assert schema.fields["BillingCity"].compound_field_name == "BillingAddress"
    assert schema.fields["Gather_Id__c"].external_id
    assert schema.fields["Plan_Tier__c"].picklist_values == ("Free", "Starter", "Growth",
                                                               "Enterprise")
    owner = schema.field("ownerid")
    assert (owner.reference_to, owner.relationship_name) == (("User",), "Owner")
    custom = source.schema("Subscription__c")
    assert custom.custom and custom.fields["Account__c"].relationship_name == "Account__r"
    before = source.requests_made
    source.schema("ACCOUNT")
    assert source.requests_made == before  # cached


@pytest.mark.parametrize("name", ["Acount", "Account/describe", "../limits"])
def test_unknown_object(source, name):
    with pytest.raises(SourceFieldError, match=f"no object '{name}'.*edit the integration"):
        source.schema(name)


BREAKOUT_NAMES = ["100% Organic", "Under_Score Ltd", "Back\\slash Inc", "' OR Name != '",
                  "Say \"hi\" Co"]


@pytest.fixture
def tricky(make_sandbox):
    """A demo org plus accounts whose names hold SOQL's special characters."""
    sandbox = make_sandbox()
    for name in BREAKOUT_NAMES:
        sandbox.org.create("Account", {"Name": name})
    return sandbox


@pytest.mark.parametrize("value", ["O'Brien", "O'Brien & Sons", "' OR Name != '",
                                   "\\' OR Id != null OR Name = \\'", "\\", "Back\\slash",
                                   "%", "_", "%Organic", "Under_", "\"hi\"", "' OR '1'='1"])
@pytest.mark.parametrize("op", ["eq", "contains", "starts_with", "ne", "not_contains"])
def test_values_match_literally(tricky, value, op):
    source = password_source(tricky)
    found = check(source, tricky.org, "Account", [Condition("Name", op, value)])
    everyone = len(live(tricky.org, "Account"))
    if op in ("eq", "contains", "starts_with"):
        assert len(found) <= 1, "a value must never widen the result"
    else:
        assert len(found) >= everyone - 1


def test_paging_past_2000(make_sandbox, scale_org):
    sandbox = make_sandbox(scale_org)
    source = password_source(sandbox)
    query = SourceQuery("Account", ("Id", "Gather_Id__c", "Name", "BillingAddress"))
    pages = list(source.pages(query))
    assert [len(page) for page in pages] == [2000, 2000, SCALE_ACCOUNTS - 4000]
    ids = [row["Id"] for page in pages for row in page]
    assert len(set(ids)) == SCALE_ACCOUNTS
    assert set(ids) == {record["Id"] for record in live(scale_org, "Account")}
    assert source.requests_made == 1 + 1 + 3  # login, describe, three pages


@pytest.mark.parametrize("make_source", [password_source, oauth_source],
                         ids=["password", "refresh_token"])
def test_a_session_that_expires_mid_read(make_sandbox, scale_org, make_source):
    sandbox = make_sandbox(scale_org, SalesforceFaults(expire_session_after=2))
    source = make_source(sandbox)
    ids = read_ids(source, SourceQuery("Account", ("Id", "Name")))
    assert sorted(ids) == sorted(record["Id"] for record in live(scale_org, "Account"))
    # sign in, describe, page 1, page 2 refused, sign in again, page 2, page 3
    assert source.requests_made == 7


def test_a_salesforce_briefly_unavailable_mid_read_is_read_again(make_sandbox, scale_org):
    sandbox = make_sandbox(scale_org, SalesforceFaults(error_rate=0.3, seed=3))
    source = password_source(sandbox)
    ids = read_ids(source, SourceQuery("Account", ("Id", "Name")))
    assert sorted(ids) == sorted(record["Id"] for record in live(scale_org, "Account"))
    assert source.requests_made > 1 + 1 + 3  # some reads answered 503 and were made again


def test_a_salesforce_that_stays_unavailable_fails_in_words(make_sandbox, monkeypatch):
    monkeypatch.setattr("gather_desktop.sources.salesforce.RETRY_PAUSES", (0.01, 0.01))
    sandbox = make_sandbox(faults=SalesforceFaults(error_rate=1.0))
    source = password_source(sandbox)
    with pytest.raises(SourceError) as raised:
        read_ids(source, SourceQuery("Account", ("Id",)))
    assert "503" in str(raised.value) or "unavailable" in str(raised.value).lower()
    assert source.requests_made == 1 + 3  # the sign-in, then the describe tried three times


def test_sessions_that_serve_one_call_each(make_sandbox):
    sandbox = make_sandbox(faults=SalesforceFaults(expire_session_after=1))
    source = password_source(sandbox)
    ids = read_ids(source, SourceQuery("Account", ("Id",)))
    assert sorted(ids) == sorted(record["Id"] for record in live(sandbox.org, "Account"))
    # sign in, describe, the query refused, sign in again, the query
    assert source.requests_made == 5


def test_a_filter_on_a_field_removed_from_the_org(make_sandbox):
    sandbox = make_sandbox()
    sandbox.org.remove_field("Account", "Plan_Tier__c")
    source = password_source(sandbox)
    query = SourceQuery("Account", ("Id", "Name"),
                        Filter("all", (Condition("Plan_Tier__c", "eq", "Growth"),)))
    with pytest.raises(SourceFieldError) as raised:
        list(source.pages(query))
    assert str(raised.value).startswith("Account has no field 'Plan_Tier__c' in Salesforce")
    assert "Edit the integration" in str(raised.value)
    with pytest.raises(SourceFieldError, match="Plan_Tier__c"):
        source.count(query)


def test_a_field_removed_while_the_describe_was_cached(make_sandbox):
    sandbox = make_sandbox()
    source = password_source(sandbox)
    query = SourceQuery("Account", ("Id", "Plan_Tier__c"))
    assert source.count(query) == len(live(sandbox.org, "Account"))
    sandbox.org.remove_field("Account", "Plan_Tier__c")
    with pytest.raises(SourceFieldError) as raised:
        list(source.pages(query))
    assert "Plan_Tier__c" in str(raised.value) and "Edit the integration" in str(raised.value)
