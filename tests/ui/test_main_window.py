"""The main window over a real worker thread: the Gather connection, the empty state, the
integrations list, and Sync now against the sandbox."""

from __future__ import annotations

import functools

from gather_desktop.store.integrations import save_integration
from gather_desktop.ui.gather_dialog import GatherDialog
from gather_desktop.ui.main_window import MainWindow


def make_window(qtbot, job_runner, **kwargs) -> MainWindow:
    window = MainWindow(job_runner, job_runner.context_data_dir, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not job_runner.busy(), timeout=10000)
    return window


def run_job(qtbot, job_runner, job):
    done = []
    job_runner.submit(job, on_done=lambda result: done.append(result),
                      on_error=lambda message: done.append(AssertionError(message)))
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    if isinstance(done[0], Exception):
        raise done[0]
    return done[0]


def connect(info, context, report, cancel):
    context.workspace.connect_gather(info["url"], info["api_key"])


def add_demo_integration(info, context, report, cancel, *, name="salesforce-demo", users=None):
    """Accounts created by their Gather ID field (and `users` when given), password sign-in."""
    salesforce = info["salesforce"]
    save_integration(context.workspace.db, {
        "version": 1, "name": name,
        "source": {"kind": "salesforce", "login_url": salesforce["login_url"],
                   "auth": "password", "username": salesforce["username"],
                   "ca_bundle": salesforce["ca_bundle"]},
        "accounts": {"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
                     "extra_traits": [], "only_closed_won": False, "filter": None},
        "users": users, "objects": []})
    context.workspace.save_integration_secrets(name, {
        "password": salesforce["password"], "security_token": salesforce["security_token"]})


def window_listing_demo(qtbot, job_runner, info, **kwargs) -> MainWindow:
    """Gather connected, the demo integration saved, and the window showing it."""
    run_job(qtbot, job_runner, functools.partial(connect, info["gather"]))
    run_job(qtbot, job_runner, functools.partial(add_demo_integration, info))
    window = make_window(qtbot, job_runner, **kwargs)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    return window


def test_a_first_start_asks_to_connect_gather(qtbot, job_runner):
    window = make_window(qtbot, job_runner)
    assert window.connection_label.text() == "Gather: not connected"
    assert window.empty_button.text() == "Connect to Gather…"
    assert not window.add_action.isEnabled()
    assert "API key" in window.empty_hint.text()


def test_the_gather_dialog_tests_explains_and_saves(qtbot, job_runner, sandbox):
    window = make_window(qtbot, job_runner)
    dialog = GatherDialog(job_runner, None, None, window)
    qtbot.addWidget(dialog)
    info = sandbox.connection_info()["gather"]
    dialog.url.setText(info["url"])
    dialog.api_key.setText("not-the-key")
    dialog.test_connection()
    qtbot.waitUntil(lambda: "did not accept" in dialog.message.text(), timeout=10000)
    assert dialog.api_key.text() == "not-the-key"  # the input is kept

    dialog.api_key.setText(info["api_key"])
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Connected"), timeout=10000)
    with qtbot.waitSignal(dialog.connected, timeout=10000):
        dialog.save()
    window.refresh()
    qtbot.waitUntil(lambda: window.connection_label.text().endswith("— connected"),
                    timeout=10000)
    assert window.add_action.isEnabled()
    assert window.empty_button.text() == "Add Integration…"


def test_the_selection_survives_a_refresh(qtbot, job_runner, sandbox):
    info = sandbox.connection_info()
    window = window_listing_demo(qtbot, job_runner, info)
    assert window.selected_name() == "salesforce-demo"  # the only one is selected for you
    window.refresh()
    qtbot.waitUntil(lambda: not job_runner.busy(), timeout=10000)
    assert window.selected_name() == "salesforce-demo"
    assert window.sync_action.isEnabled()


def test_the_demo_starts_a_new_integration_on_its_local_salesforce(qtbot, job_runner,
                                                                   sandbox):
    from PySide6.QtWidgets import QWizard

    from gather_desktop.app import demo_draft
    from gather_desktop.ui.wizard.page_ids import PageId
    from gather_desktop.ui.wizard.wizard import IntegrationWizard

    info = sandbox.connection_info()
    run_job(qtbot, job_runner, functools.partial(connect, info["gather"]))
    window = make_window(qtbot, job_runner, sandbox=True,
                         new_integration=functools.partial(demo_draft, info))
    window.add_integration()
    wizard = window.findChild(IntegrationWizard)
    wizard.next()
    assert wizard.currentId() == PageId.CONNECT
    page = wizard.page(PageId.CONNECT)
    assert page.my_domain_edit.text() == info["salesforce"]["login_url"]
    page.test_button.click()  # nothing to type: press Test connection, then Next
    qtbot.waitUntil(wizard.button(QWizard.WizardButton.NextButton).isEnabled, timeout=20000)
    wizard.reject()


def test_edit_reopens_the_wizard_filled_in_with_the_saved_sign_in(qtbot, job_runner, sandbox):
    from gather_desktop.ui.wizard.page_ids import PageId
    from gather_desktop.ui.wizard.wizard import IntegrationWizard

    info = sandbox.connection_info()
    window = window_listing_demo(qtbot, job_runner, info)
    window.edit_action.trigger()
    qtbot.waitUntil(lambda: window.findChild(IntegrationWizard) is not None, timeout=10000)
    wizard = window.findChild(IntegrationWizard)
    assert wizard.windowTitle() == "Edit Integration"
    assert wizard.state.accounts.id_field == "Gather_Id__c"
    assert wizard.state.users.enabled is False
    wizard.next()
    connect_page = wizard.page(PageId.CONNECT)
    assert connect_page.username_edit.text() == info["salesforce"]["username"]
    assert connect_page.password_edit.text() == info["salesforce"]["password"]
    wizard.reject()
