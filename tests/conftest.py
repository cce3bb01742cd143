"""Fixtures every test shares: a private keyring file, a private data folder, Qt offscreen.

The keyring is real (keyrings.alt's file backend, chosen explicitly the way a user would with
PYTHON_KEYRING_BACKEND), pointed into each test's own temporary folder, so tests never touch
the developer's keyring and can read the file to prove where a secret went.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import keyring.core
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEST_KEYRING = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture(autouse=True)
def private_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for this test and any process it starts: its own keyring and data folder."""
    values = {
        "PYTHON_KEYRING_BACKEND": TEST_KEYRING,
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "GATHER_DESKTOP_DATA_DIR": str(tmp_path / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    keyring.core.init_backend()  # pick up this test's backend, not a cached one
    return values


@pytest.fixture
def keyring_file(private_environment: dict[str, str]) -> Path:
    """Where the test keyring writes its secrets."""
    return Path(private_environment["XDG_DATA_HOME"]) / "python_keyring" / "keyring_pass.cfg"


@pytest.fixture
def gather_sandbox(tmp_path: Path):
    """A local Gather server on 127.0.0.1 with its own SQLite file; faults off."""
    from gather_desktop.sandbox.gather_server import GatherSandbox

    sandbox = GatherSandbox(tmp_path / "gather-sandbox.db", "test-key-0123456789")
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def make_sandbox(tmp_path: Path):
    """Start Salesforce emulators over a fresh demo org (or the org given), with optional
    faults; all are stopped after the test."""
    from gather_desktop.sandbox.salesforce_datasets import build_demo_org
    from gather_desktop.sandbox.salesforce_server import SalesforceSandbox

    started = []

    def make(org=None, faults=None) -> SalesforceSandbox:
        box = SalesforceSandbox(tmp_path / f"salesforce-{len(started)}",
                                org or build_demo_org(), faults)
        box.start()
        started.append(box)
        return box

    yield make
    for box in started:
        box.stop()


def _worker_runner(qtbot, data_dir: Path, secrets):
    """A `Worker` on its own `QThread` with a `WorkerContext` over `data_dir`, and its
    `JobRunner`; stopped (after its jobs end) when the test is over."""
    from PySide6.QtCore import QMetaObject, Qt, QThread

    from gather_desktop.jobs.context import WorkerContext
    from gather_desktop.ui.workers import JobRunner, Worker

    thread = QThread()
    worker = Worker(lambda: WorkerContext(data_dir, secrets))
    worker.moveToThread(thread)
    thread.start()
    runner = JobRunner(worker)
    runner.context_data_dir = data_dir
    runner.context_secrets = secrets
    yield runner
    qtbot.waitUntil(lambda: not runner.busy(), timeout=60000)
    QMetaObject.invokeMethod(worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
    thread.quit()
    thread.wait(5000)


@pytest.fixture
def job_runner(qtbot, tmp_path: Path):
    """A real background worker for UI tests: a `Worker` on its own `QThread`, fed by a
    `JobRunner`, with a `WorkerContext` over the test's own data folder."""
    from gather_desktop.store.secrets import MemorySecrets

    yield from _worker_runner(qtbot, tmp_path / "ui-data", MemorySecrets())


@pytest.fixture
def sync_runner(qtbot, job_runner):
    """A second worker over the same data folder and secrets, for syncs, as the app has."""
    yield from _worker_runner(qtbot, job_runner.context_data_dir, job_runner.context_secrets)


def _running_sandbox():
    from gather_desktop.sandbox.runner import Sandbox

    box = Sandbox().start()
    yield box
    box.stop()


@pytest.fixture
def sandbox():
    """The emulators (Gather, and Salesforce with the demo org) on 127.0.0.1, for one test."""
    yield from _running_sandbox()


@pytest.fixture(scope="module")
def module_sandbox():
    """The same, shared by a module's tests that only read from it."""
    yield from _running_sandbox()


#: Runs a sandbox in its own process, prints its connection line, serves until stdin closes.
SANDBOX_PROCESS = """
import json, sys
from gather_desktop.sandbox.runner import Sandbox
box = Sandbox(**json.loads(sys.argv[1])).start()
print(json.dumps(box.connection_info()), flush=True)
sys.stdin.read()
box.stop()
"""


@pytest.fixture
def sandbox_process():
    """Start a sandbox in another process, as a real Salesforce is: its 100,000 records then
    live in that process's memory, not in the window's, so the window's event-loop figures
    are its own."""
    started = []

    def start(**options) -> SimpleNamespace:
        process = subprocess.Popen([sys.executable, "-c", SANDBOX_PROCESS, json.dumps(options)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        started.append(process)
        info = json.loads(process.stdout.readline())
        return SimpleNamespace(connection_info=lambda: info)

    yield start
    for process in started:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
