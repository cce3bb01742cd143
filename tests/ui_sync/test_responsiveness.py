"""A large sync from the window leaves the window responsive: the longest event-loop gap is
measured and printed (the benchmark `benchmarks/bench_window_sync.py` measures it at 150,000
records; here a smaller run guards against a per-record repaint or a blocking call sneaking
back onto the UI thread)."""

from __future__ import annotations

import functools
import time

from PySide6.QtCore import QTimer

from tests.ui.test_main_window import connect, make_window, run_job
from tests.ui_sync.conftest import add_scale_integration, panel_cells

ACCOUNTS, CONTACTS = 10_000, 20_000


def test_a_large_sync_keeps_the_window_responsive(qtbot, job_runner, sync_runner,
                                                  sandbox_process):
    box = sandbox_process(dataset="scale", accounts=ACCOUNTS, contacts=CONTACTS)
    info = box.connection_info()
    run_job(qtbot, job_runner, functools.partial(connect, info["gather"]))
    run_job(qtbot, job_runner, functools.partial(add_scale_integration, info))
    window = make_window(qtbot, job_runner, sync_runner=sync_runner)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=10000)
    summaries, updates = [], []
    window.sync_queue.finished.connect(lambda _name, summary: summaries.append(summary))
    window.sync_queue.progressed.connect(lambda _name, progress: updates.append(progress))

    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start()
    started = time.monotonic()
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: bool(summaries), timeout=600_000)
    took = time.monotonic() - started
    probe.stop()
    longest = max(b - a for a, b in zip(ticks, ticks[1:])) * 1000

    summary = summaries[0]
    assert summary["status"] == "succeeded", summary.get("message")
    assert summary["models"]["account"]["created"] == ACCOUNTS
    assert panel_cells(window)["Accounts"]["Created"] == f"{ACCOUNTS:,}"
    # Throttled: at most ten updates a second reach the window (plus one per model).
    assert len(updates) <= 10 * took + 4
    print(f"\nsync of {ACCOUNTS + CONTACTS:,} records from the window in {took:.1f} s: "
          f"{len(updates)} progress updates, longest event-loop gap {longest:.0f} ms")
    # Generous: shared test machines stall every thread now and then; the figure is printed.
    assert longest < 1000, f"the event loop stalled for {longest:.0f} ms"
