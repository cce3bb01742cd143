"""Render the main window and every page of a filled-in demo integration to docs/screens/.

Run from the repository root: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/render_screens.py`.
It starts the sandbox, walks the wizard exactly as the walk tests do
(`tests/ui_wizard_walk/walk.py`) and saves each page as it is filled in, then the main
window with the saved integration after one Sync now.
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

from PySide6.QtCore import QThread  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from gather_desktop.jobs.context import WorkerContext  # noqa: E402
from gather_desktop.jobs.gather_jobs import connect_gather  # noqa: E402
from gather_desktop.sandbox.runner import Sandbox  # noqa: E402
from gather_desktop.store.secrets import MemorySecrets  # noqa: E402
from gather_desktop.ui.main_window import MainWindow  # noqa: E402
from gather_desktop.ui.wizard.wizard import IntegrationWizard  # noqa: E402
from gather_desktop.ui.workers import JobRunner, Worker  # noqa: E402
from tests.ui_wizard_walk.walk import walk  # noqa: E402

SCREENS = ROOT / "docs" / "screens"


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> None:
    _app = QApplication.instance() or QApplication([])  # kept alive for the whole run
    SCREENS.mkdir(parents=True, exist_ok=True)
    sandbox = Sandbox().start()
    thread = QThread()
    worker = Worker(lambda: WorkerContext(Path(tempfile.mkdtemp()), MemorySecrets()))
    worker.moveToThread(thread)
    thread.start()
    runner = JobRunner(worker)
    try:
        info = sandbox.connection_info()
        runner.submit(functools.partial(connect_gather, info["gather"]["url"],
                                        info["gather"]["api_key"], None))
        wait_until(lambda: not runner.busy())
        wizard = IntegrationWizard(runner)
        wizard.show()

        def shoot(page_id) -> None:
            QApplication.processEvents()
            wizard.grab().save(str(SCREENS / f"wizard-{page_id.name.lower()}.png"))

        walk(wizard, info["salesforce"], wait_until, shoot=shoot)
        wait_until(lambda: not wizard.isVisible())

        window = MainWindow(runner, Path(tempfile.mkdtemp()), sandbox=True)
        window.show()
        wait_until(lambda: window.model.rowCount() == 1)
        window.table.selectRow(0)
        window.sync_action.trigger()
        wait_until(lambda: window.findChild(QMessageBox, "reportBox") is not None)
        window.findChild(QMessageBox, "reportBox").close()
        wait_until(lambda: window.model.row(0).state == "succeeded")
        QApplication.processEvents()
        window.grab().save(str(SCREENS / "main-window-with-integration.png"))
        print(f"Wrote the screens to {SCREENS}")
    finally:
        thread.quit()
        thread.wait()
        sandbox.stop()


if __name__ == "__main__":
    main()
