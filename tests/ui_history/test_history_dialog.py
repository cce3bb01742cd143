"""The history window over real runs of the scale org, and the chart's scale and labels."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt

from gather_desktop.jobs.history_jobs import RunRow
from gather_desktop.ui.history.history_dialog import HistoryDialog
from gather_desktop.ui.history.outcomes_dialog import OutcomesDialog
from gather_desktop.ui.history.runs_chart import MAX_RUNS, RunsChart
from tests.ui_history.helpers import ACCOUNTS, NAME, REJECTED_GATHER_ID, run_syncs, set_up


def open_history(qtbot, runner, runs: int) -> HistoryDialog:
    dialog = HistoryDialog(runner, NAME)
    qtbot.addWidget(dialog)
    dialog.show()  # reloads itself
    qtbot.waitUntil(lambda: not runner.busy() and dialog.model.rowCount() == runs,
                    timeout=10000)
    return dialog


def cells(dialog: HistoryDialog, row: int) -> list[str]:
    return [dialog.model.index(row, column).data() for column in range(dialog.model.columnCount())]


def test_without_runs_it_says_how_to_get_one(qtbot, job_runner, scale_box):
    set_up(qtbot, job_runner, scale_box)
    dialog = open_history(qtbot, job_runner, 0)
    assert dialog.stack.currentWidget() is dialog.empty_label
    assert f"{NAME} has not run yet. Press Sync now" in dialog.empty_label.text()
    assert not dialog.view_button.isEnabled() and not dialog.export_button.isEnabled()


def test_runs_are_listed_newest_first_with_their_counts_and_charted(qtbot, job_runner,
                                                                    scale_box):
    set_up(qtbot, job_runner, scale_box)
    ids = [s["run_id"] for s in run_syncs(qtbot, job_runner, 3)]
    dialog = open_history(qtbot, job_runner, 3)

    assert [dialog.model.row(n).id for n in range(3)] == ids[::-1]
    assert dialog.selected_run().id == ids[-1]  # the newest, ready for "View records…"
    created, unchanged = f"{ACCOUNTS - 1:,}", f"{ACCOUNTS - 1:,}"
    assert cells(dialog, 2)[0] == f"#{ids[0]}"
    assert cells(dialog, 2)[3:8] == ["Synced", created, "0", "0", "1"]
    assert cells(dialog, 0)[3:8] == ["Synced", "0", "0", unchanged, "1"]
    assert dialog.model.index(0, 7).data(Qt.ItemDataRole.ToolTipRole) == "1 rejected"

    chart = dialog.chart
    assert [chart.x_axis.at(n) for n in range(3)] == [f"#{i}" for i in ids]
    values = {key: [bar.at(n) for n in range(bar.count())] for key, bar in chart.sets.items()}
    assert values == {"created": [ACCOUNTS - 1, 0, 0], "updated": [0, 0, 0],
                      "problems": [1, 1, 1], "unchanged": [0, ACCOUNTS - 1, ACCOUNTS - 1]}
    assert [bar.label() for bar in chart.sets.values()] == ["Created", "Updated", "Problems",
                                                            "Unchanged"]
    assert chart.tooltip(0).splitlines()[1:] == [f"Created: {created}", "Updated: 0",
                                                 "Unchanged: 0", "Problems: 1 (1 rejected)"]
    assert not chart.caption.isVisibleTo(chart)  # the first run's creations set the scale


def test_view_records_and_a_double_click_open_the_selected_run(qtbot, job_runner, scale_box):
    set_up(qtbot, job_runner, scale_box)
    ids = [s["run_id"] for s in run_syncs(qtbot, job_runner, 2)]
    dialog = open_history(qtbot, job_runner, 2)
    opened = dialog.view_records()
    assert isinstance(opened, OutcomesDialog) and opened.run_id == ids[-1]
    opened.close()

    where = dialog.table.visualRect(dialog.model.index(1, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: any(d.run_id == ids[0] and d.isVisible()
                                for d in dialog.findChildren(OutcomesDialog)), timeout=5000)
    qtbot.waitUntil(lambda: not job_runner.busy(), timeout=10000)


def test_export_writes_the_selected_runs_problem_records(qtbot, job_runner, scale_box,
                                                         tmp_path):
    set_up(qtbot, job_runner, scale_box)
    first = run_syncs(qtbot, job_runner, 1)[0]["run_id"]
    dialog = open_history(qtbot, job_runner, 1)
    assert dialog.export_button.isEnabled()
    target = tmp_path / "problems.csv"
    dialog.export_problems(str(target))
    qtbot.waitUntil(lambda: dialog.message_label.text().startswith("Wrote"), timeout=10000)
    assert dialog.message_label.text() == f"Wrote 1 problem record of run #{first} to {target}."
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["gather_id"], r["outcome"]) for r in rows] == [(REJECTED_GATHER_ID, "rejected")]


def test_refresh_shows_a_new_run_and_keeps_the_selected_one(qtbot, job_runner, scale_box):
    set_up(qtbot, job_runner, scale_box)
    ids = [s["run_id"] for s in run_syncs(qtbot, job_runner, 2)]
    dialog = open_history(qtbot, job_runner, 2)
    dialog.select_run(ids[0])
    newest = run_syncs(qtbot, job_runner, 1)[0]["run_id"]
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10000)
    assert dialog.model.row(0).id == newest and dialog.selected_run().id == ids[0]


def run_row(run_id: int, *, created: int = 0, unchanged: int = 0, invalid: int = 0) -> RunRow:
    totals = {"created": created, "updated": 0, "unchanged": unchanged, "not_in_gather": 0,
              "invalid": invalid, "rejected": 0, "failed": 0}
    return RunRow(run_id, "succeeded", "2026-11-22T07:31:01Z", "2026-11-22T07:31:05Z", 4.0,
                  totals, {"account": totals}, None)


def test_the_chart_shows_the_latest_runs_oldest_first(qtbot):
    chart = RunsChart()
    qtbot.addWidget(chart)
    chart.set_runs([run_row(n, created=n) for n in range(40, 0, -1)])
    assert [row.id for row in chart.runs()] == list(range(41 - MAX_RUNS, 41))
    assert chart.sets["created"].at(0) == 41 - MAX_RUNS
    assert chart.x_axis.labelsAngle() == -90  # thirty "#id" labels stand upright

    chart.set_runs([run_row(7, created=3)])
    assert chart.x_axis.categories() == ["#7"] and chart.x_axis.labelsAngle() == 0
    assert chart.series.barWidth() < 0.2  # one run is a bar, not a wall


def test_when_unchanged_dwarfs_the_changes_the_scale_follows_the_changes(qtbot):
    chart = RunsChart()
    qtbot.addWidget(chart)
    chart.set_runs([run_row(1, created=40, unchanged=150_000), run_row(2, invalid=3,
                                                                       unchanged=150_040)])
    assert chart.y_axis.max() < 1000 and chart.y_axis.max() >= 40
    assert chart.caption.isVisibleTo(chart) and "cut off" in chart.caption.text()
    assert "Unchanged: 150,040" in chart.tooltip(1)

    chart.set_runs([run_row(1, created=40, unchanged=100)])
    assert chart.y_axis.max() >= 140 and not chart.caption.isVisibleTo(chart)
