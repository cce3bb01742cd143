"""A HubSpot integration added from the window: the wizard walked from Source to Save against
the local HubSpot, the saved integration equal to the same file loaded by the command line,
the Preview page's counts the engine's, and a sync that fills Gather with exactly them."""

from __future__ import annotations

import functools

from gather_desktop.core.integration import load_integration
from gather_desktop.gather import GatherClient
from gather_desktop.jobs.sync_jobs import sync_saved
from gather_desktop.store.integrations import get_integration
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.wizard import IntegrationWizard
from tests.ui.test_main_window import connect, run_job
from tests.ui_wizard_walk.hubspot_walk import the_companies_filter, walk_hubspot


def expected_file(hubspot: dict) -> dict:
    return {"version": 1, "name": "hubspot-demo",
            "source": {"kind": "hubspot", "base_url": hubspot["url"], "auth": "private_app",
                       "client_id": None},
            "accounts": {"id_property": "app_company_id", "extra_traits": ["industry"],
                         "filter": the_companies_filter()},
            "users": {"id_property": "email", "extra_traits": ["jobtitle"], "filter": None},
            "objects": []}


def saved_config(name, context, report, cancel):
    return get_integration(context.workspace.db, name).config


def test_walk_the_hubspot_wizard_save_preview_and_sync(qtbot, job_runner, sandbox):
    info = sandbox.connection_info()
    run_job(qtbot, job_runner, functools.partial(connect, info["gather"]))
    wizard = IntegrationWizard(job_runner)
    qtbot.addWidget(wizard)
    wizard.show()
    saved = []
    wizard.saved.connect(saved.append)
    counts = {}

    def shoot(page_id):
        if page_id == PageId.PREVIEW:
            result = wizard.page(PageId.PREVIEW).result
            counts.update({model: rows.counts for model, rows in result.models.items()})
        if page_id == PageId.HUBSPOT_COMPANIES:
            page = wizard.page(PageId.HUBSPOT_COMPANIES)
            assert "create" in page.rule_label.text() and "updated" in page.rule_label.text()

    walk_hubspot(wizard, info["hubspot"], lambda c: qtbot.waitUntil(c, timeout=30000),
                 shoot=shoot)
    qtbot.waitUntil(lambda: saved == ["hubspot-demo"], timeout=30000)

    config = run_job(qtbot, job_runner, functools.partial(saved_config, "hubspot-demo"))
    assert load_integration(config) == load_integration(expected_file(info["hubspot"]))
    assert counts["account"]["matched"] > 0 and counts["user"]["matched"] > 0
    assert counts["account"]["invalid"] > 0  # companies with a blank app_company_id

    summary = run_job(qtbot, job_runner, functools.partial(sync_saved, "hubspot-demo"))
    assert summary["status"] == "succeeded", summary.get("message")
    gather = GatherClient(info["gather"]["url"], info["gather"]["api_key"])
    try:
        for model in ("account", "user"):
            synced = summary["models"][model]
            assert synced["created"] == counts[model]["will_create"]
            assert synced["invalid"] == counts[model]["invalid"]
            assert synced["created"] == sum(1 for _ in gather.iter_records(model))
    finally:
        gather.close()
