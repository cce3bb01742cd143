"""Sync now from the window, against the sandbox: the panel's counts are the engine's and
Gather's, a second run is all unchanged, Cancel stops within a second, 503s are ridden out,
and the end offers the problems, the CSV and a notification."""

from __future__ import annotations

import csv
import functools
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from gather_desktop.core.schedule import Schedule
from gather_desktop.sandbox.faults import GatherFaults
from gather_desktop.sandbox.runner import Sandbox
from gather_desktop.store.schedules import save_schedule
from gather_desktop.ui.history.history_dialog import HistoryDialog
from gather_desktop.ui.history.outcomes_dialog import OutcomesDialog
from gather_desktop.ui.main_window import MainWindow
from tests.ui.test_main_window import add_demo_integration, connect, run_job
from tests.ui_sync.conftest import finish, gather_count, gather_writes, panel_cells


def test_sync_now_fills_gather_and_the_panel_shows_the_engines_counts(qtbot, sandbox,
                                                                      sync_window):
    window = sync_window(sandbox)
    started = []
    window.sync_queue.started.connect(started.append)
    summary = finish(qtbot, window)

    assert started == ["salesforce-demo"]
    assert summary["status"] == "succeeded"
    counts = summary["models"]["account"]
    assert counts["created"] == gather_count(sandbox, "account") > 0
    assert counts["invalid"] > 0  # the demo org has accounts with no Gather ID
    cells = panel_cells(window)["Accounts"]
    assert cells["Read"] == f"{counts['matched']:,}"
    assert cells["Created"] == f"{counts['created']:,}"
    assert cells["Problems"] == f"{counts['invalid'] + counts['rejected'] + counts['failed']:,}"
    panel = window.sync_panel
    assert panel.headline.text().startswith("salesforce-demo: synced in")
    assert panel.summary.text().startswith(f"{counts['matched']:,} accounts: "
                                           f"{counts['created']:,} created")
    assert panel.problems_button.isEnabled() and panel.export_button.isEnabled()
    assert not panel.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.model.row(0).state == "succeeded", timeout=10000)

    writes = gather_writes(sandbox)
    again = finish(qtbot, window)
    assert gather_writes(sandbox) == writes  # nothing sent
    # Incremental: only what changed in Salesforce since the last run is read, and nothing has.
    assert again["status"] == "succeeded" and again["incremental"]["account"]
    assert all(again["models"]["account"][k] == 0 for k in ("created", "updated", "invalid"))
    assert panel_cells(window)["Accounts"]["Sent"] == "0"
    assert panel.summary.text() == "Accounts: nothing changed in the source since the last run"
    assert not panel.problems_button.isEnabled()

    # Every account touched in Salesforce (its stamp moves) but no trait changed: all read
    # again, all unchanged, nothing sent.
    org = sandbox.salesforce.org
    for account in org.records("Account"):
        org.update("Account", account["Id"], {"Type": account.get("Type")})
    touched = finish(qtbot, window)
    assert gather_writes(sandbox) == writes
    assert touched["models"]["account"]["unchanged"] == counts["created"]
    assert touched["models"]["account"]["created"] == touched["models"]["account"]["updated"] == 0
    assert panel_cells(window)["Accounts"]["Unchanged"] == f"{counts['created']:,}"
    assert panel.summary.text().startswith(f"{counts['matched']:,} accounts: "
                                           f"{counts['created']:,} unchanged")


def test_a_second_sync_now_while_one_runs_is_refused_and_sync_all_queues_the_rest(
        qtbot, sandbox, sync_window):
    window = sync_window(sandbox)
    sandbox.gather.faults = GatherFaults(latency_ms=20)
    assert window.sync_queue.request("salesforce-demo")
    assert not window.sync_queue.request("salesforce-demo")  # never two runs of one
    assert not window.sync_action.isEnabled()
    window.sync_all_action.trigger()  # the one integration is already running: nothing added
    assert window.sync_queue.waiting == ()
    assert window.model.state_in_words(window.model.row(0)) == "Syncing…"
    qtbot.waitUntil(lambda: window.sync_queue.running is None, timeout=60000)
    assert window.sync_action.isEnabled()


def test_cancel_mid_run_stops_within_a_second_and_the_next_run_completes(qtbot, sync_window):
    box = Sandbox(dataset="scale", accounts=6000, contacts=0).start()
    try:
        window = sync_window(box)
        box.gather.faults = GatherFaults(latency_ms=5)
        progressed, summaries = [], []
        window.sync_queue.progressed.connect(lambda _n, p: progressed.append(p))
        window.sync_queue.finished.connect(lambda _n, s: summaries.append(s))
        window.sync_action.trigger()
        qtbot.waitUntil(lambda: any(p.read for p in progressed), timeout=60000)
        assert window.sync_panel.cancel_button.isVisible()
        assert window.sync_panel.bar.maximum() == 6000
        asked = time.monotonic()
        qtbot.mouseClick(window.sync_panel.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(summaries), timeout=10000)
        stopped_in = time.monotonic() - asked
        assert stopped_in < 1.0, f"took {stopped_in:.2f} s to stop"
        assert summaries[0]["status"] == "cancelled"
        assert "stopped by you" in window.sync_panel.headline.text()
        created = summaries[0]["models"]["account"]["created"]
        assert 0 < created < 6000

        box.gather.faults = GatherFaults()
        finished = finish(qtbot, window)
        assert finished["status"] == "succeeded"
        assert gather_count(box, "account") == 6000
    finally:
        box.stop()


def test_a_fifth_of_gathers_writes_failing_still_delivers_everything(qtbot, sandbox,
                                                                      sync_window):
    window = sync_window(sandbox)
    sandbox.gather.faults = GatherFaults(error_rate=0.2, seed=7)
    summary = finish(qtbot, window)
    counts = summary["models"]["account"]
    assert summary["status"] == "succeeded"
    assert counts["failed"] == 0
    sandbox.gather.faults = GatherFaults()
    assert gather_count(sandbox, "account") == counts["created"] > 0


def test_the_end_offers_the_problems_as_csv_and_notifies_when_not_in_front(
        qtbot, sandbox, sync_window, tmp_path):
    window = sync_window(sandbox)
    notified = []
    window.notifier.notified.connect(lambda title, text: notified.append((title, text)))
    other = QWidget()  # another window in front, as when the user switched away
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    summary = finish(qtbot, window)
    problems = summary["models"]["account"]["invalid"]
    assert problems > 0
    assert len(notified) == 1 and notified[0][0].startswith("salesforce-demo: synced")
    assert f"{problems:,} records need a look" in notified[0][1]

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    finish(qtbot, window)
    assert len(notified) == 1  # in front: the panel says it all

    path = tmp_path / "problems.csv"
    window.export_problems("salesforce-demo", summary["run_id"], str(path))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Wrote"),
                    timeout=10000)
    assert f"Wrote {problems:,} problem records" in window.statusBar().currentMessage()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == problems
    assert all(row for row in rows)


def save_schedule_job(schedule, context, report, cancel):
    save_schedule(context.workspace.db, "salesforce-demo", schedule)


def test_a_due_schedule_runs_at_start_up_and_the_panel_says_it_was_scheduled(
        qtbot, job_runner, sync_runner, sandbox):
    info = sandbox.connection_info()
    run_job(qtbot, job_runner, functools.partial(connect, info["gather"]))
    run_job(qtbot, job_runner, functools.partial(add_demo_integration, info))
    run_job(qtbot, job_runner, functools.partial(save_schedule_job,
                                                 Schedule("interval", every_minutes=30)))
    summaries, headlines = [], []
    window = MainWindow(job_runner, job_runner.context_data_dir, sync_runner=sync_runner)
    qtbot.addWidget(window)
    window.sync_queue.started.connect(
        lambda _name: headlines.append(window.sync_panel.headline.text()))
    window.sync_queue.finished.connect(lambda _name, summary: summaries.append(summary))
    window.show()
    qtbot.waitUntil(lambda: bool(summaries), timeout=60000)  # never run: due at start-up
    assert headlines == ["Scheduled sync salesforce-demo…"]
    assert summaries[0]["status"] == "succeeded"
    qtbot.waitUntil(lambda: window.model.rowCount() == 1
                    and window.model.row(0).schedule == "Every 30 minutes", timeout=10000)
    window.scheduler.check_now()  # just ran: not due again for 30 minutes
    qtbot.waitUntil(lambda: not job_runner.busy(), timeout=10000)
    assert window.sync_queue.running is None and len(summaries) == 1


def test_the_panel_opens_the_problems_and_the_history(qtbot, sandbox, sync_window):
    window = sync_window(sandbox)
    summary = finish(qtbot, window)
    qtbot.mouseClick(window.sync_panel.problems_button, Qt.MouseButton.LeftButton)
    records = window.findChild(OutcomesDialog)
    assert records.run_id == summary["run_id"] and records.current_filter() == "problems"
    qtbot.waitUntil(lambda: records.model.rowCount() == summary["models"]["account"]["invalid"],
                    timeout=10000)
    qtbot.mouseClick(window.sync_panel.history_button, Qt.MouseButton.LeftButton)
    history = window.findChild(HistoryDialog)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=10000)
    assert history.model.row(0).id == summary["run_id"]


def test_closing_during_a_sync_asks_then_stops_the_run_and_closes(qtbot, sandbox, sync_window):
    window = sync_window(sandbox)
    sandbox.gather.faults = GatherFaults(latency_ms=200)
    summaries = []
    window.sync_queue.finished.connect(lambda _name, summary: summaries.append(summary))
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: window.sync_queue.running is not None, timeout=10000)
    window.close()
    assert window.isVisible()  # not closed under a running sync without asking
    box = window.findChild(QMessageBox, "stopBeforeClosing")
    qtbot.waitUntil(box.isVisible, timeout=5000)
    keep = next(b for b in box.buttons() if b.text() == "Keep syncing")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.sync_queue.running == "salesforce-demo"

    window.close()
    box = [b for b in window.findChildren(QMessageBox, "stopBeforeClosing") if b.isVisible()][0]
    stop = next(b for b in box.buttons() if b.text() == "Stop and close")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert summaries[0]["status"] == "cancelled"
