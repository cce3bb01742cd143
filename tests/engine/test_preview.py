"""The preview over real parts: the connector over HTTPS to the Salesforce emulator, the Gather
client to the Gather sandbox, a real SQLite file. Expected counts are worked out from the
emulator's own records, never written into the test."""

from __future__ import annotations

import requests
import pytest

from gather_desktop.core.changes import record_hash
from gather_desktop.core.integration import IntegrationError, load_integration
from gather_desktop.engine.preview import run_preview
from gather_desktop.store.integrations import save_integration


def integration_file(salesforce, **sections):
    data = {"version": 1, "name": "sf-test",
            "source": {"kind": "salesforce", "login_url": salesforce.url, "auth": "password",
                       "username": salesforce.credentials["username"],
                       "ca_bundle": salesforce.ca_bundle},
            "accounts": None, "users": None, "objects": []}
    data.update(sections)
    return data


def accounts_create(filter_=None, only_closed_won=False, extra=()):
    return {"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
            "extra_traits": list(extra), "only_closed_won": only_closed_won, "filter": filter_}


def expected_create(records):
    """Per Gather ID rules: blank IDs and later duplicates are invalid, the rest are sent."""
    seen, valid, invalid = set(), [], []
    for record in records:
        key = record.get("Gather_Id__c")
        if not key or key in seen:
            invalid.append(record["Id"])
        else:
            seen.add(key)
            valid.append(record["Id"])
    return valid, invalid


def won_account_ids(org):
    return {o["AccountId"] for o in org.records("Opportunity") if o.get("IsWon")}


def gather_posts(gather_box) -> int:
    stats = requests.get(gather_box.url + "/_sandbox/stats", timeout=5).json()["requests"]
    return sum(count for key, count in stats.items() if key.startswith("POST"))


def test_create_accounts_with_filter_and_closed_won_agrees_with_the_org(
        salesforce, source, gather, gather_box, db):
    filter_ = {"match": "all", "conditions": [
        {"field": "NumberOfEmployees", "op": "gt", "value": 50}]}
    integration = load_integration(integration_file(
        salesforce, accounts=accounts_create(filter_, only_closed_won=True)))
    accounts = [a for a in salesforce.org.records("Account")
                if (a.get("NumberOfEmployees") or 0) > 50 and a["Id"] in won_account_ids(salesforce.org)]
    valid, invalid = expected_create(accounts)
    assert 0 < len(accounts) < len(salesforce.org.records("Account"))  # the rules narrow it

    preview = run_preview(integration, source, gather, db, limit=100)

    counts = preview.models["account"].counts
    assert counts["matched"] == len(accounts)
    assert counts["will_create"] == len(valid)
    assert counts["invalid"] == len(invalid)
    assert counts["will_update"] == counts["unchanged"] == counts["not_in_gather"] == 0
    by_id = {row["source_id"]: row for row in preview.models["account"].sample}
    assert {i for i, row in by_id.items() if row["action"] == "invalid"} == set(invalid)
    first = next(a for a in accounts if a["Id"] == valid[0])
    assert by_id[valid[0]]["traits"]["id"] == first["Gather_Id__c"]
    assert by_id[valid[0]]["traits"]["name"] == first["Name"]
    assert by_id[valid[0]]["traits"]["number_of_employees"] == first["NumberOfEmployees"]
    assert gather_posts(gather_box) == 0  # a preview never writes to Gather


def test_records_gather_already_has_will_be_updated_and_cached_ones_are_unchanged(
        salesforce, source, gather, db):
    integration = load_integration(integration_file(salesforce, accounts=accounts_create()))
    valid, _ = expected_create(salesforce.org.records("Account"))
    first, second = [a for a in salesforce.org.records("Account") if a["Id"] in valid][:2]
    gather.upsert("account", {"id": first["Gather_Id__c"], "name": "Old name"})
    save_integration(db, {"name": "sf-test", "source": {"kind": "salesforce"}})
    sent = run_preview(integration, source, gather, db, limit=100).models["account"]
    row = next(r for r in sent.sample if r["source_id"] == second["Id"])
    traits = {k: v for k, v in row["traits"].items() if k != "id"}
    db.execute("INSERT INTO record_state (integration, model, source_id, gather_id, hash) "
               "VALUES (?, 'account', ?, ?, ?)",
               ["sf-test", second["Id"], row["traits"]["id"],
                record_hash("account", row["traits"]["id"], traits)])

    counts = run_preview(integration, source, gather, db).models["account"].counts

    assert counts["will_update"] == 1
    assert counts["unchanged"] == 1
    assert counts["will_create"] == len(valid) - 2


def test_update_existing_matches_on_the_gather_trait_holding_the_salesforce_id(
        salesforce, source, gather, db):
    accounts = salesforce.org.records("Account")
    in_gather = accounts[:5]
    for n, account in enumerate(in_gather):
        gather.upsert("account", {"id": f"gather-{n}", "name": account["Name"],
                                  "salesforce_id": account["Id"]})
    integration = load_integration(integration_file(salesforce, accounts={
        "method": "update_existing", "id_field": "Id", "match_trait": "salesforce_id",
        "extra_traits": [], "only_closed_won": False, "filter": None}))

    preview = run_preview(integration, source, gather, db, limit=100).models["account"]

    assert preview.counts["matched"] == len(accounts)
    assert preview.counts["will_update"] == len(in_gather)
    assert preview.counts["not_in_gather"] == len(accounts) - len(in_gather)
    updates = {r["source_id"]: r["traits"]["id"] for r in preview.sample if r["action"] == "update"}
    assert updates == {a["Id"]: f"gather-{n}" for n, a in enumerate(in_gather)}


def test_users_are_linked_to_synced_accounts_and_the_rest_explained(salesforce, source, gather,
                                                                     db):
    filter_ = {"match": "any", "conditions": [
        {"field": "Industry", "op": "in", "value": ["Energy", "Banking", "Retail"]}]}
    integration = load_integration(integration_file(
        salesforce, accounts=accounts_create(filter_),
        users={"method": "create", "id_field": "Email", "extra_traits": ["Title"],
               "filter": None}))
    org = salesforce.org
    synced_accounts, _ = expected_create(
        [a for a in org.records("Account") if a.get("Industry") in ("Energy", "Banking", "Retail")])
    gather_id_of = {a["Id"]: a.get("Gather_Id__c") for a in org.records("Account")}
    contacts = org.records("Contact")
    expected_valid = {c["Id"] for c in contacts
                      if c.get("Email") and c.get("FirstName") and c.get("LastName")
                      and (c.get("AccountId") is None or c["AccountId"] in synced_accounts)}

    preview = run_preview(integration, source, gather, db, limit=1000).models["user"]

    assert preview.counts["matched"] == len(contacts)
    sent = {r["source_id"]: r for r in preview.sample if r["action"] == "create"}
    assert set(sent) == expected_valid  # demo emails are unique, so no duplicates here
    for contact in contacts:
        if contact["Id"] in sent and contact.get("AccountId"):
            assert sent[contact["Id"]]["traits"]["account_id"] == gather_id_of[contact["AccountId"]]
    reasons = [r["reason"] for r in preview.sample if r["action"] == "invalid"]
    assert any("is not synced to Gather" in reason for reason in reasons)
    assert any("email" in reason for reason in reasons)


def test_a_filter_on_a_field_removed_from_the_org_names_it(salesforce, source, gather, db):
    integration = load_integration(integration_file(salesforce, accounts=accounts_create(
        {"match": "all", "conditions": [
            {"field": "Plan_Tier__c", "op": "eq", "value": "Enterprise"}]})))
    salesforce.org.remove_field("Account", "Plan_Tier__c")

    with pytest.raises(IntegrationError) as caught:
        run_preview(integration, source, gather, db)

    message = str(caught.value)
    assert "accounts.filter.conditions[0].field" in message
    assert "Plan_Tier__c" in message
