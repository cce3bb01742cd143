"""The whole wizard, from Source to Save, against the sandbox: the saved integration is the
one the command line builds from the same choices, and the Preview page's counts are the
engine's (what `gather-desktop preview` prints)."""

from __future__ import annotations

import functools

import pytest

from gather_desktop.core.integration import load_integration
from gather_desktop.engine.preview import run_preview
from gather_desktop.gather import GatherClient
from gather_desktop.jobs.gather_jobs import connect_gather
from gather_desktop.sources.factory import open_source
from gather_desktop.store.database import open_database
from gather_desktop.store.integrations import get_integration
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.wizard import IntegrationWizard
from tests.ui_wizard_walk.walk import the_accounts_filter, walk


def expected_file(info, method):
    salesforce = info["salesforce"]
    accounts = ({"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
                 "only_closed_won": True} if method == "create" else
                {"method": "update_existing", "id_field": "Id", "match_trait": "salesforce_id",
                 "only_closed_won": False})
    return {
        "version": 1, "name": "salesforce-demo",
        "source": {"kind": "salesforce", "login_url": salesforce["login_url"],
                   "auth": "password", "username": salesforce["username"], "client_id": None,
                   "ca_bundle": salesforce["ca_bundle"]},
        "accounts": {**accounts, "extra_traits": ["AnnualRevenue", "Plan_Tier__c"],
                     "filter": the_accounts_filter()},
        "users": {"method": "create", "id_field": "Email", "match_trait": None,
                  "extra_traits": ["Title"], "filter": None},
        "objects": [{"object": "Subscription__c", "id_field": "Id", "model": "subscriptions",
                     "traits": ["Plan__c", "MRR__c"], "filter": None}]}


@pytest.mark.parametrize("method", ["create", "update_existing"])
def test_walk_the_whole_wizard_and_save(qtbot, job_runner, sandbox, method):
    info = sandbox.connection_info()
    if method == "update_existing":
        for account in sandbox.salesforce.org.records("Account")[:6]:
            GatherClient(info["gather"]["url"], info["gather"]["api_key"]).upsert(
                "account", {"id": f"g-{account['Id']}", "name": "x", "salesforce_id": account["Id"]})
    done = []
    job_runner.submit(functools.partial(connect_gather, info["gather"]["url"],
                                        info["gather"]["api_key"], None),
                      on_done=done.append, on_error=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    wizard = IntegrationWizard(job_runner)
    qtbot.addWidget(wizard)
    wizard.show()
    saved = []
    wizard.saved.connect(saved.append)

    walk(wizard, info["salesforce"], lambda condition: qtbot.waitUntil(condition, timeout=20000),
         method=method)
    qtbot.waitUntil(lambda: bool(saved), timeout=20000)

    db = open_database(job_runner.context_data_dir / "gather-desktop.db")
    try:
        stored = get_integration(db, "salesforce-demo").config
        expected = load_integration(expected_file(info, method))
        assert load_integration(stored) == expected
        source = open_source(expected.source, {"password": info["salesforce"]["password"],
                                               "security_token":
                                                   info["salesforce"]["security_token"]})
        gather = GatherClient(info["gather"]["url"], info["gather"]["api_key"])
        engine = run_preview(expected, source, gather, db)
        source.close()
    finally:
        db.conn.close()
    shown = wizard.page(PageId.PREVIEW).result
    for model, preview in engine.models.items():
        assert shown.models[model].counts == preview.counts, model
