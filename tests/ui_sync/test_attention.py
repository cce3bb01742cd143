"""Problems that need a person show as a banner on the integration with the button that fixes
them, and the banner goes once the fix is saved."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sandbox.runner import Sandbox
from gather_desktop.ui.gather_dialog import GatherDialog
from gather_desktop.ui.wizard.page_ids import PageId
from gather_desktop.ui.wizard.wizard import IntegrationWizard
from tests.ui.test_main_window import run_job
from tests.ui_sync.conftest import finish

NEW_KEY = "sandbox-new-key-after-revoking-0123"


def banner_for(window, name):
    found = [banner for banner in window.banners.banners()
             if banner.property("integration") == name]
    return found[0] if found else None


def connect_gather(url, key, context, report, cancel):
    context.workspace.connect_gather(url, key)


def save_password(password, context, report, cancel):
    secrets = context.workspace.integration_secrets("salesforce-demo", ["security_token"])
    context.workspace.save_integration_secrets("salesforce-demo",
                                               {**secrets, "password": password})


def test_a_revoked_gather_key_shows_a_banner_that_reconnects_gather(qtbot, job_runner, sandbox,
                                                                  sync_window):
    window = sync_window(sandbox)
    sandbox.gather.replace_key(NEW_KEY)  # revoked in Gather's settings, a new one issued
    summary = finish(qtbot, window)

    assert summary["status"] == "failed"
    assert summary["attention"]["kind"] == "gather_key"
    qtbot.waitUntil(lambda: banner_for(window, "salesforce-demo") is not None, timeout=10000)
    assert window.banners.isVisible()
    banner = banner_for(window, "salesforce-demo")
    assert banner.property("action") == "reconnect_gather"
    assert "no longer accepts the saved API key" in banner.findChild(QLabel).text()
    assert window.model.state_in_words(window.model.row(0)) == "Needs a Gather key"
    assert window.sync_panel.headline.text().startswith("salesforce-demo: the sync failed")

    qtbot.mouseClick(banner.findChild(QPushButton, "attentionAction"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(GatherDialog) is not None
                    and window.findChild(GatherDialog).isVisible(), timeout=5000)
    window.findChild(GatherDialog).reject()

    run_job(qtbot, job_runner, functools.partial(connect_gather, sandbox.gather.url, NEW_KEY))
    window.refresh()
    qtbot.waitUntil(lambda: banner_for(window, "salesforce-demo") is None, timeout=10000)
    assert not window.banners.isVisible()


def test_a_sign_in_salesforce_refuses_shows_reconnect_which_opens_the_sign_in_page(
        qtbot, job_runner, sandbox, sync_window):
    window = sync_window(sandbox)
    run_job(qtbot, job_runner, functools.partial(save_password, "changed-by-an-admin"))
    summary = finish(qtbot, window)
    assert summary["status"] == "failed"
    assert summary["attention"]["kind"] == "source_sign_in"
    qtbot.waitUntil(lambda: banner_for(window, "salesforce-demo") is not None, timeout=10000)
    assert window.model.state_in_words(window.model.row(0)) == "Needs sign-in"

    button = banner_for(window, "salesforce-demo").findChild(QPushButton, "attentionAction")
    assert button.text() == "Reconnect…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(IntegrationWizard) is not None, timeout=10000)
    wizard = window.findChild(IntegrationWizard)
    assert wizard.currentId() == PageId.CONNECT
    assert wizard.state.editing
    wizard.reject()


def test_stopping_at_the_orgs_api_allowance_shows_a_banner_to_edit(qtbot, sync_window):
    box = Sandbox(dataset="scale", accounts=5000, contacts=0).start()
    try:
        window = sync_window(box)
        box.salesforce.faults = SalesforceFaults(api_max=12)
        summary = finish(qtbot, window)
        assert summary["status"] == "partial"
        assert summary["attention"]["kind"] == "api_allowance"
        qtbot.waitUntil(lambda: banner_for(window, "salesforce-demo") is not None,
                        timeout=10000)
        banner = banner_for(window, "salesforce-demo")
        assert banner.property("action") == "edit"
        assert window.model.state_in_words(window.model.row(0)) == "API allowance low"
        assert "stopped early" in window.sync_panel.headline.text()
    finally:
        box.stop()


def test_a_preview_with_a_revoked_gather_key_says_so_in_words(qtbot, job_runner, sandbox,
                                                             sync_window):
    from gather_desktop.jobs.sync_jobs import preview_saved
    sync_window(sandbox)
    sandbox.gather.replace_key(NEW_KEY)
    errors = []
    job_runner.submit(functools.partial(preview_saved, "salesforce-demo"),
                      on_done=errors.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert "did not accept the API key" in errors[0], errors[0]


def add_hubspot_with_token(hubspot, token, context, report, cancel):
    from gather_desktop.store.integrations import save_integration
    save_integration(context.workspace.db, {
        "version": 1, "name": "hubspot-demo",
        "source": {"kind": "hubspot", "base_url": hubspot["url"], "auth": "private_app"},
        "accounts": {"id_property": "companyId", "extra_traits": [], "filter": None},
        "users": None, "objects": []})
    context.workspace.save_integration_secrets("hubspot-demo", {"access_token": token})


def test_a_hubspot_token_that_stopped_working_reconnects_at_hubspots_sign_in(
        qtbot, job_runner, sync_runner, sandbox):
    from gather_desktop.ui.main_window import MainWindow
    info = sandbox.connection_info()
    run_job(qtbot, job_runner, functools.partial(connect_gather, info["gather"]["url"],
                                                 info["gather"]["api_key"]))
    run_job(qtbot, job_runner, functools.partial(add_hubspot_with_token, info["hubspot"],
                                                 "pat-revoked-by-an-admin"))
    window = MainWindow(job_runner, job_runner.context_data_dir, sync_runner=sync_runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    summary = finish(qtbot, window)
    assert summary["attention"]["kind"] == "source_sign_in"
    qtbot.waitUntil(lambda: banner_for(window, "hubspot-demo") is not None, timeout=10000)
    button = banner_for(window, "hubspot-demo").findChild(QPushButton, "attentionAction")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(IntegrationWizard) is not None, timeout=10000)
    wizard = window.findChild(IntegrationWizard)
    assert wizard.currentId() == PageId.HUBSPOT_CONNECT
    assert wizard.page(PageId.HUBSPOT_CONNECT).token_edit.text() == "pat-revoked-by-an-admin"
    wizard.reject()
