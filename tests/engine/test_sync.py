"""The sync engine over real parts: the connector over HTTPS to the Salesforce emulator, the
Gather client to the Gather sandbox, a real SQLite file. What landed is read back through the
Gather API and compared with the emulator's own records."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from simple_salesforce import Salesforce

from gather_desktop.core.integration import integration_to_dict, load_integration
from gather_desktop.engine.sync import SyncOptions, run_sync
from gather_desktop.gather import GatherClient
from gather_desktop.sandbox.faults import GatherFaults, SalesforceFaults
from gather_desktop.sandbox.salesforce_datasets import build_scale_org
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import PasswordCredentials
from gather_desktop.store import sync_locks
from gather_desktop.store.database import open_database
from gather_desktop.store.integrations import save_integration
from gather_desktop.store.runs import list_runs, problem_outcomes
from tests.engine.conftest import GATHER_KEY

EVERYTHING = SyncOptions(lookback=timedelta(days=365 * 100))  # incremental, but reads all


def integration_data(salesforce, **sections):
    data = {"version": 1, "name": "sf-sync",
            "source": {"kind": "salesforce", "login_url": salesforce.url, "auth": "password",
                       "username": salesforce.credentials["username"],
                       "ca_bundle": salesforce.ca_bundle},
            "accounts": {"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
                         "extra_traits": ["AnnualRevenue"], "only_closed_won": False,
                         "filter": None},
            "users": {"method": "create", "id_field": "Email", "extra_traits": [],
                      "filter": None},
            "objects": []}
    data.update(sections)
    return data


class Harness:
    """One integration over one emulator, one Gather sandbox and one database."""

    def __init__(self, salesforce, gather_box, db, **sections) -> None:
        self.salesforce = salesforce
        self.gather_box = gather_box
        self.db = db
        self.integration = load_integration(integration_data(salesforce, **sections))
        save_integration(db, integration_to_dict(self.integration))
        self.gather = GatherClient(gather_box.url, GATHER_KEY)

    def source(self) -> SalesforceSource:
        c = self.salesforce.credentials
        return SalesforceSource(self.salesforce.url,
                                PasswordCredentials(c["username"], c["password"],
                                                    c["security_token"]),
                                ca_bundle=self.salesforce.ca_bundle)

    def sync(self, options: SyncOptions = SyncOptions(), db=None, **kwargs):
        source = self.source()
        try:
            return run_sync(self.integration, source,
                            lambda retry: GatherClient(self.gather_box.url, GATHER_KEY,
                                                       retry=retry),
                            self.db if db is None else db, options, **kwargs)
        finally:
            source.close()

    def writes(self) -> int:
        stats = requests.get(self.gather_box.url + "/_sandbox/stats", timeout=5).json()
        return stats["requests"].get("POST /models/{model}/records", 0)

    def records(self, model: str) -> dict[str, dict]:
        return {r["id"]: r["traits"] for r in self.gather.iter_records(model)}

    def salesforce_client(self) -> Salesforce:
        session = requests.Session()
        session.verify = self.salesforce.ca_bundle
        session.trust_env = False
        source = self.source()
        source.sign_in()
        return Salesforce(instance_url=self.salesforce.url, session=session, version="59.0",
                          session_id=source._client.session_id)


def db_path(db):
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def valid_by_gather_id(records, id_field):
    """The first record per non-blank Gather ID, as the engine sends them."""
    chosen = {}
    for record in records:
        key = record.get(id_field)
        if key and key not in chosen:
            chosen[key] = record
    return chosen


@pytest.fixture
def harness(salesforce, gather_box, db):
    return Harness(salesforce, gather_box, db)


def test_a_full_sync_lands_every_record_with_the_expected_traits(harness):
    summary = harness.sync()

    assert summary["status"] == "succeeded"
    org = harness.salesforce.org
    accounts = valid_by_gather_id(org.records("Account"), "Gather_Id__c")
    landed = harness.records("account")
    assert set(landed) == set(accounts)
    for gather_id, account in accounts.items():
        traits = landed[gather_id]
        assert traits["name"] == account["Name"]
        assert traits["number_of_employees"] == account.get("NumberOfEmployees")
        assert traits["industry"] == account.get("Industry")
        assert traits["annual_revenue"] == account.get("AnnualRevenue")
        assert traits["year_started"] == account.get("YearStarted")
        if account.get("BillingCity"):
            assert traits["billing_address"]["city"] == account["BillingCity"]
    account_of = {a["Id"]: a.get("Gather_Id__c") for a in org.records("Account")}
    synced = {a["Id"] for a in accounts.values()}
    users = harness.records("user")
    expected_users = {c["Email"]: c for c in org.records("Contact")
                      if c.get("Email") and c.get("FirstName") and c.get("LastName")
                      and (not c.get("AccountId") or c["AccountId"] in synced)}
    assert set(users) == set(expected_users)
    for email, contact in expected_users.items():
        assert users[email]["salesforce_id"] == contact["Id"]
        assert users[email]["first_name"] == contact["FirstName"]
        assert users[email].get("account_id") == (account_of[contact["AccountId"]]
                                                  if contact.get("AccountId") else None)
    counts = summary["models"]
    assert counts["account"]["created"] == len(accounts)
    assert counts["user"]["created"] == len(expected_users)
    assert counts["account"]["invalid"] == len(org.records("Account")) - len(accounts)
    assert summary["requests"]["gather"] >= len(accounts) + len(expected_users)


def test_a_second_run_sends_nothing_and_one_change_sends_exactly_one(harness):
    harness.sync()
    after_first = harness.writes()

    quiet = harness.sync()  # incremental: nothing was modified since
    assert harness.writes() == after_first
    assert quiet["status"] == "succeeded"
    everything = harness.sync(EVERYTHING)  # reads every record: all found unchanged
    assert harness.writes() == after_first
    assert everything["models"]["account"]["unchanged"] > 0
    assert everything["models"]["account"]["created"] == 0

    target = next(iter(valid_by_gather_id(harness.salesforce.org.records("Account"),
                                          "Gather_Id__c").values()))
    harness.salesforce_client().Account.update(target["Id"], {"Phone": "+1 555 0199"})
    changed = harness.sync()

    assert harness.writes() == after_first + 1
    assert changed["models"]["account"]["updated"] == 1
    assert harness.records("account")[target["Gather_Id__c"]]["phone"] == "+1 555 0199"


def test_full_ignores_the_cache_and_sends_everything_again(harness):
    first = harness.sync()
    before = harness.writes()
    again = harness.sync(SyncOptions(full=True))
    sent = sum(m["created"] + m["updated"] for m in first["models"].values())
    assert harness.writes() - before == sent
    assert again["models"]["account"]["updated"] == first["models"]["account"]["created"]


def test_update_existing_updates_only_the_matched_records(salesforce, gather_box, db):
    harness = Harness(salesforce, gather_box, db, users=None, accounts={
        "method": "update_existing", "match_trait": "salesforce_id", "extra_traits": [],
        "only_closed_won": False, "filter": None})
    accounts = salesforce.org.records("Account")
    for n, account in enumerate(accounts[:4]):
        harness.gather.upsert("account", {"id": f"existing-{n}", "name": "Stale name",
                                          "salesforce_id": account["Id"][:15]})  # 15-char Ids too

    summary = harness.sync()

    landed = harness.records("account")
    assert set(landed) == {f"existing-{n}" for n in range(4)}  # nothing created
    for n, account in enumerate(accounts[:4]):
        assert landed[f"existing-{n}"]["name"] == account["Name"]
    assert summary["models"]["account"]["updated"] == 4
    assert summary["models"]["account"]["not_in_gather"] == len(accounts) - 4


def test_custom_object_records_land_in_their_model_linked_to_accounts(salesforce, gather_box,
                                                                      db):
    harness = Harness(salesforce, gather_box, db, users=None, objects=[
        {"object": "Subscription__c", "id_field": "Id", "model": "subscriptions",
         "traits": ["Name", "Plan__c", "MRR__c"], "filter": None}])
    summary = harness.sync()

    org = salesforce.org
    synced = {a["Id"]: a["Gather_Id__c"]
              for a in valid_by_gather_id(org.records("Account"), "Gather_Id__c").values()}
    expected = {s["Id"]: s for s in org.records("Subscription__c")
                if not s.get("Account__c") or s["Account__c"] in synced}
    landed = harness.records("subscriptions")
    assert set(landed) == set(expected)
    for record_id, subscription in expected.items():
        assert landed[record_id]["mrr"] == subscription.get("MRR__c")
        if subscription.get("Account__c"):
            assert landed[record_id]["account_id"] == synced[subscription["Account__c"]]
    assert summary["models"]["subscriptions"]["created"] == len(expected)


def test_429s_and_503s_still_deliver_everything(harness):
    harness.gather_box.faults = GatherFaults(rate=150, error_rate=0.2, seed=11)
    summary = harness.sync()
    harness.gather_box.faults = GatherFaults()

    assert summary["status"] == "succeeded"
    assert all(m["failed"] == 0 for m in summary["models"].values())
    sent = sum(m["created"] for m in summary["models"].values())
    assert len(harness.records("account")) + len(harness.records("user")) == sent
    assert summary["requests"]["gather"] > sent  # the faults made it retry


def test_a_session_expiring_mid_run_signs_in_again_and_continues(make_sandbox, gather_box, db):
    salesforce = make_sandbox(build_scale_org(4500, 0),
                              SalesforceFaults(expire_session_after=2))
    harness = Harness(salesforce, gather_box, db, users=None)
    summary = harness.sync(SyncOptions(concurrency=16))
    assert summary["status"] == "succeeded"
    assert summary["models"]["account"]["created"] == 4500
    assert len(harness.records("account")) == 4500


def test_a_record_gather_rejects_keeps_its_reason_and_the_rest_land(harness):
    accounts = valid_by_gather_id(harness.salesforce.org.records("Account"), "Gather_Id__c")
    refused = sorted(accounts)[3]
    harness.gather_box.faults = GatherFaults(reject_id=refused)

    summary = harness.sync()

    assert summary["status"] == "succeeded"
    assert summary["models"]["account"]["rejected"] == 1
    assert set(harness.records("account")) == set(accounts) - {refused}
    problems = list(problem_outcomes(harness.db, summary["run_id"]))
    rejected = [p for p in problems if p["outcome"] == "rejected"]
    assert len(rejected) == 1
    assert rejected[0]["gather_id"] == refused
    assert "refused the data" in rejected[0]["reason"]
    assert rejected[0]["traits"]["name"] == accounts[refused]["Name"]

    before = harness.writes()  # the same data is not sent again, and still reported
    again = harness.sync(EVERYTHING)
    assert harness.writes() == before
    assert again["models"]["account"]["rejected"] == 1


def test_cancel_stops_within_a_second_and_the_next_run_completes(make_sandbox, gather_box, db):
    salesforce = make_sandbox(build_scale_org(6000, 0))
    harness = Harness(salesforce, gather_box, db, users=None)
    gather_box.faults = GatherFaults(latency_ms=5)
    cancel = threading.Event()
    first_progress = threading.Event()
    result = {}

    path = db_path(db)

    def run() -> None:  # a worker thread opens its own connection, as the window's will
        own = open_database(path)
        try:
            # The first report comes before any page (with the total); wait for one read.
            result["summary"] = harness.sync(
                db=own, cancel=cancel,
                progress=lambda progress: progress.read and first_progress.set())
        finally:
            own.conn.close()

    worker = threading.Thread(target=run)
    worker.start()
    assert first_progress.wait(30)
    asked = time.monotonic()
    cancel.set()
    worker.join(10)
    stopped_in = time.monotonic() - asked
    assert not worker.is_alive()
    assert stopped_in < 1.0, f"took {stopped_in:.2f} s to stop"
    summary = result["summary"]
    assert summary["status"] == "cancelled"
    created = summary["models"]["account"]["created"]
    assert 0 < created < 6000
    assert len(harness.records("account")) >= created  # the cache claims nothing unsent

    gather_box.faults = GatherFaults()
    before = harness.writes()
    finished = harness.sync()
    assert finished["status"] == "succeeded"
    assert len(harness.records("account")) == 6000
    assert harness.writes() - before <= 6000 - created + 8  # at most the in-flight ones again


def test_stopping_at_the_share_of_the_orgs_api_allowance(make_sandbox, gather_box, db):
    salesforce = make_sandbox(build_scale_org(5000, 0), SalesforceFaults(api_max=12))
    harness = Harness(salesforce, gather_box, db, users=None)
    summary = harness.sync(SyncOptions(api_share=0.5))
    assert summary["status"] == "partial"
    assert "API allowance" in summary["message"]
    assert summary["api_usage"]["used"] >= 6
    assert list_runs(db, "sf-sync")[0]["status"] == "partial"


def test_one_sync_at_a_time_per_integration(harness):
    import os
    harness.db.execute("INSERT INTO sync_locks (integration, host, pid) VALUES (?, ?, ?)",
                       ["sf-sync", __import__("socket").gethostname(), os.getppid()])
    harness.db.conn.commit()
    with pytest.raises(sync_locks.SyncAlreadyRunning):
        harness.sync()


def test_a_gather_that_keeps_failing_stops_the_run_instead_of_waiting_out_every_record(
        make_sandbox, gather_box, db):
    salesforce = make_sandbox(build_scale_org(3000, 0))
    harness = Harness(salesforce, gather_box, db, users=None)
    gather_box.faults = GatherFaults(error_rate=1.0)
    started = time.monotonic()
    summary = harness.sync(SyncOptions(retry_attempts=2, retry_base_delay=0.01))
    assert time.monotonic() - started < 10
    assert summary["status"] == "failed"
    assert "Gather kept failing" in summary["message"]
    assert 32 <= summary["models"]["account"]["failed"] < 3000

    gather_box.faults = GatherFaults()
    retried = harness.sync()  # the failed ones first, then the rest: everything lands
    assert retried["status"] == "succeeded"
    assert len(harness.records("account")) == 3000


def test_records_that_failed_are_read_again_first_by_the_next_incremental_run(harness):
    harness.gather_box.faults = GatherFaults(error_rate=0.3, seed=5)
    first = harness.sync(SyncOptions(retry_attempts=1))
    failed = first["models"]["account"]["failed"] + first["models"]["user"]["failed"]
    assert first["status"] == "succeeded" and failed > 0

    harness.gather_box.faults = GatherFaults()
    before = harness.writes()
    second = harness.sync()  # incremental: nothing changed, but the failed ones are retried
    assert second["incremental"] == {"account": True, "user": True}
    assert harness.writes() - before == failed
    assert sum(m["failed"] for m in second["models"].values()) == 0
    expected = valid_by_gather_id(harness.salesforce.org.records("Account"), "Gather_Id__c")
    assert set(harness.records("account")) == set(expected)
