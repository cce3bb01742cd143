"""How responsive the window stays while it syncs 150,000 records (target: no event-loop
stall of 50 ms or more).

Starts `gather-desktop sandbox --dataset scale` in its own process (so the emulators do not
share the window's GIL, as real services would not), builds the window exactly as `app.py`
does (two worker threads, `gc.freeze()` after start-up), presses Sync now on an integration
of the scale org's accounts and contacts, and ticks a 5 ms timer on the UI thread the whole
time. It prints the gaps between ticks on an idle window and during the sync, side by side,
since these machines are noisy.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window_sync.py \
        [--accounts 50000] [--contacts 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from bench_sync import INTEGRATION_NAME, integration_file, salesforce_secrets  # noqa: E402
from sandbox_processes import PROJECT_ROOT, first_line, scale_sandbox_command  # noqa: E402

from gather_desktop.app import start_worker  # noqa: E402
from gather_desktop.store.integrations import save_integration  # noqa: E402
from gather_desktop.store.secrets import MemorySecrets  # noqa: E402
from gather_desktop.ui.main_window import MainWindow  # noqa: E402
from gather_desktop.workspace import Workspace  # noqa: E402

STALL_MS = 50


def prepare(folder: Path, secrets: MemorySecrets, info: dict) -> None:
    """Connect Gather and save the sync benchmark's integration, as the wizard would have."""
    workspace = Workspace(folder, secrets)
    try:
        workspace.connect_gather(info["gather"]["url"], info["gather"]["api_key"])
        save_integration(workspace.db, integration_file(info["salesforce"]))
        workspace.save_integration_secrets(INTEGRATION_NAME,
                                           salesforce_secrets(info["salesforce"]))
    finally:
        workspace.close()


class Probe:
    """A 5 ms timer on the UI thread; a long gap between ticks is a stalled event loop."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def run_until(self, done, timeout: float) -> list[float]:
        self.ticks.clear()
        self._timer.start()
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise SystemExit("the sync did not finish in time")
            QApplication.processEvents()
            time.sleep(0.001)
        self._timer.stop()
        return [(b - a) * 1000 for a, b in zip(self.ticks, self.ticks[1:])]


def describe(gaps: list[float]) -> str:
    ordered = sorted(gaps)
    p99 = ordered[int(len(ordered) * 0.99)]
    over = sum(gap >= STALL_MS for gap in gaps)
    return (f"longest {ordered[-1]:6.1f} ms, 99th percentile {p99:5.1f} ms, median "
            f"{statistics.median(ordered):4.1f} ms, {over} gaps of {STALL_MS} ms or more "
            f"in {len(gaps):,} ticks")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="bench-window-"))
    cleanups: list = []
    sandbox = subprocess.Popen(scale_sandbox_command(args.accounts, args.contacts),
                               cwd=PROJECT_ROOT, text=True, stdout=subprocess.PIPE)
    try:
        info = json.loads(first_line(sandbox, "the sandbox"))
        secrets = MemorySecrets()
        prepare(folder, secrets, info)
        runner = start_worker(folder, secrets, "jobs", cleanups)
        sync_runner = start_worker(folder, secrets, "syncs", cleanups)
        window = MainWindow(runner, folder, sync_runner=sync_runner)
        window.show()
        probe = Probe()
        probe.run_until(lambda: window.model.rowCount() == 1, 30)
        gc.collect()
        gc.freeze()  # as app.py does after start-up

        idle_until = time.monotonic() + 3
        idle = probe.run_until(lambda: time.monotonic() > idle_until, 10)
        summaries, updates = [], []
        window.sync_queue.finished.connect(lambda _name, summary: summaries.append(summary))
        window.sync_queue.progressed.connect(lambda _name, progress: updates.append(progress))
        started = time.monotonic()
        window.sync_action.trigger()
        during = probe.run_until(lambda: bool(summaries), 1800)
        took = time.monotonic() - started
        summary = summaries[0]
        records = sum(counts["matched"] for counts in summary["models"].values())
        print(f"sync from the window: {summary['status']}, {records:,} records in {took:.1f} s "
              f"({records / took:,.0f}/s), {len(updates)} progress updates")
        print(f"  idle window, 3 s:  {describe(idle)}")
        print(f"  during the sync:   {describe(during)}")
        print(f"  target: no gap of {STALL_MS} ms or more "
              f"({'met' if max(during) < STALL_MS else 'missed'})")
        window.close()
        app.processEvents()
        return 0 if summary["status"] == "succeeded" else 1
    finally:
        for cleanup in cleanups:
            cleanup()
        sandbox.terminate()
        sandbox.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
