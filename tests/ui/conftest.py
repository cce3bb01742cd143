"""A real background worker for UI tests: a `Worker` on its own `QThread`, fed by a
`JobRunner`, with a `WorkerContext` over the test's own data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThread

from gather_desktop.jobs.context import WorkerContext
from gather_desktop.store.secrets import MemorySecrets
from gather_desktop.ui.workers import JobRunner, Worker


@pytest.fixture
def job_runner(qtbot, tmp_path: Path):
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
    from PySide6.QtCore import QMetaObject, Qt
    QMetaObject.invokeMethod(worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
    thread.quit()
    thread.wait(5000)
