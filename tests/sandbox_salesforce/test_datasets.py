"""What the data sets promise, read back through simple-salesforce as the app will read them."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from simple_salesforce import SalesforceMalformedRequest

from gather_desktop.sandbox.salesforce_datasets import build_demo_org, build_org, build_scale_org
from tests.sandbox_salesforce.conftest import client


def test_demo_has_the_promised_sizes(sf):
    counts = {name: sf.query(f"SELECT COUNT() FROM {name}")["totalSize"]
              for name in ("Account", "Contact", "Opportunity", "User", "Subscription__c")}
    assert counts == {"Account": 20, "Contact": 60, "Opportunity": 26, "User": 4, "Subscription__c": 12}
    industries = {record["Industry"] for record in sf.query("SELECT Industry FROM Account")["records"]}
    assert len(industries) >= 10


def test_demo_gather_ids_have_blanks_and_one_duplicate(sf):
    records = sf.query("SELECT Name, Gather_Id__c FROM Account")["records"]
    blank = sorted(record["Name"] for record in records if record["Gather_Id__c"] is None)
    assert blank == ["Blue Sky Solar", "Cyberdyne Systems", "Hooli Media"]
    repeated = [value for value, count in Counter(r["Gather_Id__c"] for r in records if r["Gather_Id__c"]).items()
                if count > 1]
    assert repeated == ["G-1009"]


def test_closed_won_selects_a_clear_subset(sf):
    won = sf.query("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)")
    names = {record["Name"] for record in won["records"]}
    assert names == {"Acme Corporation", "Globex Energy", "Umbrella Health", "Müller Maschinenbau GmbH",
                     "O'Brien & Sons", "Northwind Traders", "Wayne Financial", "Energía Verde S.A.",
                     "Gringotts Bank"}
    closed_won = sf.query("SELECT COUNT() FROM Opportunity WHERE StageName = 'Closed Won'")["totalSize"]
    assert closed_won == sf.query("SELECT COUNT() FROM Opportunity WHERE IsWon = true")["totalSize"] == 10


def test_non_ascii_and_quotes_round_trip(sf):
    for name in ("Müller Maschinenbau GmbH", "Café Olé", "東京トレーディング"):
        [record] = sf.query(f"SELECT Id, Name, BillingCity FROM Account WHERE Name = '{name}'")["records"]
        assert sf.Account.get(record["Id"])["Name"] == name
    [obrien] = sf.query("SELECT Name FROM Account WHERE Name = 'O\\'Brien & Sons'")["records"]
    assert obrien["Name"] == "O'Brien & Sons"
    tokyo = sf.query("SELECT BillingAddress FROM Account WHERE Name = '東京トレーディング'")["records"][0]
    assert tokyo["BillingAddress"]["city"] == "千代田区"
    created = sf.Account.create({"Name": "Ærøskøbing Fisk ApS", "Description": "Ünïcödé ✓ 🐟"})
    assert sf.Account.get(created["id"])["Description"] == "Ünïcödé ✓ 🐟"


def test_demo_contacts_cover_the_awkward_cases(sf):
    contacts = sf.query("SELECT Id, Email, AccountId, Gather_User_Id__c, Account.Industry FROM Contact")["records"]
    assert sum(record["Email"] is None for record in contacts) >= 5
    without_account = [record for record in contacts if record["AccountId"] is None]
    assert len(without_account) == 3 and all(record["Account"] is None for record in without_account)
    [pasted] = [record for record in contacts if record["Gather_User_Id__c"] and
                len(record["Gather_User_Id__c"]) == 15 and record["Gather_User_Id__c"].startswith("003")]
    assert pasted["Id"].startswith(pasted["Gather_User_Id__c"])
    energy = [record for record in contacts if record["Account"] and record["Account"]["Industry"] == "Energy"]
    assert 0 < len(energy) < len(contacts) - 3  # a typical filter keeps some contacts and drops others


def test_demo_last_activity_has_times_just_before_midnight_utc(sf):
    values = [record["Last_Activity__c"] for record in
              sf.query("SELECT Last_Activity__c FROM Account WHERE Last_Activity__c != null")["records"]]
    assert any(value.endswith("T23:59:59.000+0000") for value in values)
    assert all(value.endswith(".000+0000") for value in values)


def test_subscriptions_link_to_accounts(sf):
    records = sf.query("SELECT Name, Account__r.Name, MRR__c FROM Subscription__c ORDER BY Name")["records"]
    assert records[0]["Name"] == "SUB-0001" and records[0]["Account__r"]["Name"] == "Acme Corporation"


def test_demo_is_the_same_every_time():
    assert build_demo_org().records("Account") == build_demo_org().records("Account")


def test_a_removed_field_is_gone_from_describe_and_queries(demo, sf):
    demo.org.remove_field("Account", "Plan_Tier__c")
    assert "Plan_Tier__c" not in {field["name"] for field in sf.Account.describe()["fields"]}
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.query("SELECT Id FROM Account WHERE Plan_Tier__c = 'Growth'")
    assert failure.value.content[0]["errorCode"] == "INVALID_FIELD"
    assert all("Plan_Tier__c" not in record for record in demo.org.records("Account"))


def test_scale_org_is_deterministic_and_sized():
    small = build_scale_org(300, 900, seed=7)
    assert len(small.records("Account")) == 300 and len(small.records("Contact")) == 900
    assert small.records("Contact") == build_scale_org(300, 900, seed=7).records("Contact")
    assert small.records("Account") != build_scale_org(300, 900, seed=8).records("Account")
    ids = [record["Id"] for record in small.records("Account")]
    assert len(set(ids)) == 300
    with pytest.raises(ValueError, match="no data set"):
        build_org("huge")


def test_scale_org_build_time_for_100000_accounts_and_contacts(capsys):
    started = time.perf_counter()
    org = build_scale_org(100_000, 100_000)
    elapsed = time.perf_counter() - started
    assert len(org.records("Account")) == 100_000
    with capsys.disabled():
        print(f"\nscale org, 100,000 accounts + 100,000 contacts: built in {elapsed:.2f} s")


def test_scale_org_through_the_client(make_sandbox):
    sf = client(make_sandbox(build_scale_org(50, 120)))
    assert sf.query("SELECT COUNT() FROM Contact")["totalSize"] == 120
    record = sf.query("SELECT Name, Account.Name, Owner.Email FROM Contact WHERE AccountId != null LIMIT 1")
    assert record["records"][0]["Owner"]["Email"].endswith("@scale-org.example")
