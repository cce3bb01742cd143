"""Fixtures every test shares: a private keyring file, a private data folder, Qt offscreen.

The keyring is real (keyrings.alt's file backend, chosen explicitly the way a user would with
PYTHON_KEYRING_BACKEND), pointed into each test's own temporary folder, so tests never touch
the developer's keyring and can read the file to prove where a secret went.
"""

from __future__ import annotations

import os
from pathlib import Path

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


@pytest.fixture
def job_runner(qtbot, tmp_path: Path):
    """A real background worker for UI tests: a `Worker` on its own `QThread`, fed by a
    `JobRunner`, with a `WorkerContext` over the test's own data folder."""
    from PySide6.QtCore import QMetaObject, Qt, QThread

    from gather_desktop.jobs.context import WorkerContext
    from gather_desktop.store.secrets import MemorySecrets
    from gather_desktop.ui.workers import JobRunner, Worker

    data_dir = tmp_path / "ui-data"
    secrets = MemorySecrets()
    thread = QThread()
    worker = Worker(lambda: WorkerContext(data_dir, secrets))
    worker.moveToThread(thread)
    thread.start()
    runner = JobRunner(worker)
    runner.context_data_dir = data_dir
    runner.context_secrets = secrets
    yield runner
    qtbot.waitUntil(lambda: not runner.busy(), timeout=30000)
    QMetaObject.invokeMethod(worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
    thread.quit()
    thread.wait(5000)


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
