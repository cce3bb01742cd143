"""Render the wizard (Salesforce and HubSpot), the main window, a sync and its history to
docs/screens/.

Run from the repository root: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/render_screens.py`.
It starts the sandbox and walks the wizard exactly as the walk tests do
(`tests/ui_wizard_walk/walk.py`), saving each page as it is filled in; then, in the main
window built as `app.py` builds it (two worker threads), it runs Sync now four times with
changes made in Salesforce in between (some records edited, one that Gather rejects) and
saves the end summary, the history with its chart and a run's records. Last, a sync of a
larger generated org is caught halfway for the progress panel.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from gather_desktop.app import start_worker  # noqa: E402
from gather_desktop.gather import GatherClient  # noqa: E402
from gather_desktop.jobs.gather_jobs import connect_gather  # noqa: E402
from gather_desktop.sandbox.faults import GatherFaults  # noqa: E402
from gather_desktop.sandbox.runner import Sandbox  # noqa: E402
from gather_desktop.store.secrets import MemorySecrets  # noqa: E402
from gather_desktop.ui.history.history_dialog import HistoryDialog  # noqa: E402
from gather_desktop.ui.history.outcomes_dialog import OutcomesDialog  # noqa: E402
from gather_desktop.ui.main_window import MainWindow  # noqa: E402
from gather_desktop.ui.schedule_dialog import ScheduleDialog  # noqa: E402
from gather_desktop.ui.wizard.wizard import IntegrationWizard  # noqa: E402
from tests.ui_sync.conftest import add_scale_integration  # noqa: E402
from gather_desktop.ui.wizard.page_ids import PageId  # noqa: E402
from tests.ui_wizard_walk.hubspot_walk import walk_hubspot  # noqa: E402
from tests.ui_wizard_walk.walk import walk  # noqa: E402

SCREENS = ROOT / "docs" / "screens"
WINDOW_SIZE = (1040, 720)


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def save(widget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(str(SCREENS / f"{name}.png"))


class Session:
    """A data folder with two workers (jobs and syncs), connected to a sandbox's Gather."""

    def __init__(self, sandbox: Sandbox, cleanups: list) -> None:
        folder = Path(tempfile.mkdtemp(prefix="render-screens-"))
        secrets = MemorySecrets()
        self.folder = folder
        self.runner = start_worker(folder, secrets, "jobs", cleanups)
        self.sync_runner = start_worker(folder, secrets, "syncs", cleanups)
        info = sandbox.connection_info()
        self.run(functools.partial(connect_gather, info["gather"]["url"],
                                   info["gather"]["api_key"], None))

    def run(self, job):
        self.runner.submit(job)
        wait_until(lambda: not self.runner.busy())

    def window(self) -> MainWindow:
        window = MainWindow(self.runner, self.folder, sandbox=True,
                            sync_runner=self.sync_runner)
        window.resize(*WINDOW_SIZE)
        window.show()
        wait_until(lambda: window.model.rowCount() == 1)
        return window


def sync_now(window: MainWindow) -> dict:
    summaries = []
    window.sync_queue.finished.connect(lambda _name, summary: summaries.append(summary))
    window.sync_action.trigger()
    wait_until(lambda: bool(summaries), 120)
    wait_until(lambda: not window._runner.busy())
    return summaries[0]


def render_wizard(session: Session, sandbox: Sandbox) -> None:
    wizard = IntegrationWizard(session.runner)
    wizard.show()

    def shoot(page_id) -> None:
        save(wizard, f"wizard-{page_id.name.lower()}")

    walk(wizard, sandbox.connection_info()["salesforce"], wait_until, shoot=shoot)
    wait_until(lambda: not wizard.isVisible())


def render_hubspot_wizard(session: Session, sandbox: Sandbox) -> None:
    """HubSpot's own wizard pages, walked as the HubSpot walk test does (not saved)."""
    wizard = IntegrationWizard(session.runner)
    wizard.show()
    shown = {PageId.HUBSPOT_CONNECT: "wizard-hubspot-connect",
             PageId.HUBSPOT_COMPANIES: "wizard-hubspot-companies",
             PageId.HUBSPOT_CONTACTS: "wizard-hubspot-contacts",
             PageId.PREVIEW: "wizard-hubspot-preview"}

    def shoot(page_id) -> None:
        if page_id in shown:
            save(wizard, shown[page_id])

    walk_hubspot(wizard, sandbox.connection_info()["hubspot"], wait_until, shoot=shoot,
                 save=False)
    wizard.reject()


def synced_accounts(sandbox: Sandbox) -> list[dict]:
    """The Salesforce accounts the first run put in Gather."""
    client = GatherClient(sandbox.gather.url, sandbox.gather_api_key)
    try:
        in_gather = {record["id"] for record in client.iter_records("account")}
    finally:
        client.close()
    return [account for account in sandbox.salesforce.org.records("Account")
            if account.get("Gather_Id__c") in in_gather]


def render_runs(session: Session, sandbox: Sandbox) -> None:
    """Four runs with Salesforce edits in between, then the summary, history and records."""
    org = sandbox.salesforce.org
    window = session.window()
    sync_now(window)
    accounts = synced_accounts(sandbox)
    for account in accounts:  # read again (their stamp moves) but unchanged for Gather
        org.update("Account", account["Id"], {"Type": account.get("Type")})
    for account in accounts[:3]:
        org.update("Account", account["Id"], {"Name": account["Name"] + " Group"})
    sync_now(window)
    sandbox.gather.faults = GatherFaults(reject_id=accounts[4]["Gather_Id__c"])
    for account in accounts[3:5]:
        org.update("Account", account["Id"], {"Name": account["Name"] + " Holdings"})
    summary = sync_now(window)
    sandbox.gather.faults = GatherFaults()
    save(window, "sync-summary")
    last = sync_now(window)
    save(window, "main-window-with-integration")

    history = HistoryDialog(session.runner, "salesforce-demo", window)
    history.resize(980, 720)
    history.show()
    wait_until(lambda: not session.runner.busy())
    history.select_run(summary["run_id"])
    save(history, "history")
    history.close()
    records = OutcomesDialog(session.runner, "salesforce-demo", summary["run_id"], window)
    records.resize(980, 560)
    records.show()
    wait_until(lambda: not session.runner.busy())
    save(records, "outcomes")
    records.close()
    schedule = ScheduleDialog(session.runner, "salesforce-demo", window)
    schedule.show()
    wait_until(schedule.save_button.isEnabled)
    schedule.daily_button.setChecked(True)
    schedule.catch_up.setChecked(True)
    save(schedule, "schedule")
    schedule.close()
    assert last["status"] == "succeeded"

    sandbox.gather.replace_key("sandbox-key-issued-after-revoking-the-old-one")
    sync_now(window)
    wait_until(lambda: bool(window.banners.banners()))
    save(window, "main-window-attention")


def render_progress(cleanups: list) -> None:
    """A larger org synced slowly enough to be caught with the users half read."""
    sandbox = Sandbox(dataset="scale", accounts=20_000, contacts=40_000).start()
    cleanups.append(sandbox.stop)
    session = Session(sandbox, cleanups)
    session.run(functools.partial(add_scale_integration, sandbox.connection_info()))
    window = session.window()
    halfway = []
    window.sync_queue.progressed.connect(
        lambda _name, progress: halfway.append(progress)
        if progress.model == "user" and progress.read >= 15_000 else None)
    window.sync_action.trigger()
    wait_until(lambda: bool(halfway), 300)
    save(window, "sync-progress")
    window.sync_queue.cancel("scale")
    wait_until(lambda: window.sync_queue.running is None, 30)


def main() -> None:
    _app = QApplication.instance() or QApplication([])  # kept alive for the whole run
    SCREENS.mkdir(parents=True, exist_ok=True)
    cleanups: list = []
    sandbox = Sandbox().start()
    cleanups.append(sandbox.stop)
    try:
        session = Session(sandbox, cleanups)
        render_wizard(session, sandbox)
        render_runs(session, sandbox)
        render_hubspot_wizard(session, sandbox)
        render_progress(cleanups)
        print(f"Wrote the screens to {SCREENS}")
    finally:
        for cleanup in cleanups:
            cleanup()


if __name__ == "__main__":
    main()
