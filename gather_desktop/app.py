"""The GUI composition root: the QApplication, the worker thread and the main window.

Everything the window needs is made here and handed in: the two background threads (each a
`Worker` moved to a `QThread`, with its `JobRunner`) — one for the window's quick jobs, one
for syncs, so a long run never holds up the rest — the data folder and the secret store.
Widgets never open databases, keyrings or sockets themselves. `--demo` starts the sandbox in
this process, in a temporary data folder, with its throwaway keys held in memory (never
written to the user's keyring).
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from gather_desktop.errors import UserFacingError
from gather_desktop.paths import resolve_data_dir
from gather_desktop.store.secrets import SecretStore
from gather_desktop.workspace import Workspace

SCREENSHOT_WAIT_MS = 15000


def run_app(*, data_dir: str | None, demo: bool, screenshot: str | None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no display
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from gather_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Gather Desktop")
    app.setOrganizationName("Gather")

    cleanups: list[Callable[[], None]] = []
    try:
        new_integration = None
        if demo:
            folder, secrets, services, stop_demo = _start_demo()
            cleanups.append(stop_demo)
            new_integration = functools.partial(demo_draft, services)
        else:
            from gather_desktop.store.secrets import Secrets
            folder, secrets = resolve_data_dir(data_dir), Secrets()
        runner = start_worker(folder, secrets, "jobs", cleanups)
        sync_runner = start_worker(folder, secrets, "syncs", cleanups)
        window = MainWindow(runner, folder, sandbox=demo, new_integration=new_integration,
                            sync_runner=sync_runner)
        window.show()
        # What start-up made lives for the whole session: moving it out of the collector's
        # view keeps full collections (which stop every thread) short during a long preview.
        gc.collect()
        gc.freeze()
        if screenshot:
            deadline = QDeadlineTimer(SCREENSHOT_WAIT_MS)
            while runner.busy() and not deadline.hasExpired():
                app.processEvents()
                time.sleep(0.01)
            app.processEvents()
            if not window.grab().save(screenshot):
                raise UserFacingError(f"Could not write the screenshot to {screenshot}.")
            return 0
        return app.exec()
    finally:
        for cleanup in cleanups:
            cleanup()


def start_worker(folder: Path, secrets: SecretStore, name: str,
                  cleanups: list[Callable[[], None]]):
    """A `Worker` on its own `QThread` with its own `WorkerContext` (its own database
    connection), and its `JobRunner`; stopping it (first among the cleanups) waits for the job
    in hand and closes the context on the worker's own thread."""
    from PySide6.QtCore import QMetaObject, Qt, QThread

    from gather_desktop.jobs.context import WorkerContext
    from gather_desktop.ui.workers import JobRunner, Worker

    thread = QThread()
    thread.setObjectName(name)
    worker = Worker(lambda: WorkerContext(folder, secrets))
    worker.moveToThread(thread)
    thread.start()

    def stop() -> None:
        QMetaObject.invokeMethod(worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
        thread.quit()
        thread.wait()

    cleanups.insert(0, stop)
    return JobRunner(worker)


def _start_demo() -> tuple[Path, SecretStore, dict, Callable[[], None]]:
    """A fresh temporary folder, already connected to a running sandbox; also the sandbox's
    connection values (Salesforce's and HubSpot's, for new integrations)."""
    from gather_desktop.sandbox.runner import Sandbox
    from gather_desktop.store.secrets import MemorySecrets

    sandbox = Sandbox().start()
    data_dir = Path(tempfile.mkdtemp(prefix="gather-desktop-demo-"))
    secrets = MemorySecrets()

    def stop() -> None:
        sandbox.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

    try:
        workspace = Workspace(data_dir, secrets)
        try:
            info = sandbox.connection_info()["gather"]
            workspace.connect_gather(info["url"], info["api_key"])
        finally:
            workspace.close()
    except BaseException:
        stop()
        raise
    return data_dir, secrets, sandbox.connection_info(), stop


def demo_draft(services: dict):
    """A new integration's draft already pointing at the demo's local Salesforce and, if the
    user picks HubSpot instead, at its local HubSpot with a private app token."""
    from gather_desktop.ui.wizard.state import WizardState
    salesforce, hubspot = services["salesforce"], services["hubspot"]
    return WizardState(login_url=salesforce["login_url"],
                       username=salesforce["username"], ca_bundle=salesforce["ca_bundle"],
                       base_url=hubspot["url"],
                       secrets={"password": salesforce["password"],
                                "security_token": salesforce["security_token"],
                                "access_token": hubspot["access_token"]})
