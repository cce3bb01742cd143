"""A run's records window over real runs of the scale org (1,200 accounts, one rejected by
Gather): filter, search, lazy pages as the table scrolls, and what a search that finds
nothing says."""

from __future__ import annotations

import csv
import html

import pytest
from PySide6.QtCore import Qt

from gather_desktop.ui.history.outcomes_dialog import OutcomesDialog
from gather_desktop.ui.history.outcomes_model import PAGE
from tests.ui_history.helpers import ACCOUNTS, NAME, REJECTED_GATHER_ID, run_syncs, set_up


@pytest.fixture
def two_runs(qtbot, job_runner, scale_box):
    """Run 1 created every account but the rejected one; run 2 read them all unchanged."""
    set_up(qtbot, job_runner, scale_box)
    summaries = run_syncs(qtbot, job_runner, 2)
    ids = [record["Id"] for record in scale_box.salesforce.org.records("Account")]
    rejected = next(record["Id"] for record in scale_box.salesforce.org.records("Account")
                    if record["Gather_Id__c"] == REJECTED_GATHER_ID)
    return [s["run_id"] for s in summaries], ids, rejected


def open_dialog(qtbot, runner, run_id, **kwargs) -> OutcomesDialog:
    dialog = OutcomesDialog(runner, NAME, run_id, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.run is not None and dialog.model.total() is not None
                    and not dialog.model.loading(), timeout=10000)
    return dialog


def query(qtbot, dialog, choice: str, search: str) -> None:
    """Choose a filter and type a search as a user would; wait for the first page."""
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData(choice))
    dialog.search_edit.setText(search)
    qtbot.waitUntil(lambda: dialog.search_edit.text() == search
                    and not dialog._search_timer.isActive()
                    and dialog.model.total() is not None and not dialog.model.loading(),
                    timeout=10000)


def scroll_to_the_end(qtbot, dialog) -> list[str]:
    """Scroll down until every matching row is loaded; their source Ids."""
    model = dialog.model
    while model.rowCount() < model.total():
        loaded = model.rowCount()
        dialog.table.scrollToBottom()
        qtbot.waitUntil(lambda: model.rowCount() > loaded, timeout=10000)
    return [model.row(n)["source_id"] for n in range(model.rowCount())]


def test_problems_preselected_show_gathers_reason(qtbot, job_runner, two_runs):
    (first, _), _, rejected = two_runs
    dialog = open_dialog(qtbot, job_runner, first, outcomes="problems")
    assert dialog.filter_combo.currentText() == "Problems (invalid, rejected, failed) — 1"
    assert dialog.model.rowCount() == 1
    row = dialog.model.row(0)
    assert (row["source_id"], row["gather_id"], row["outcome"]) == (rejected,
                                                                   REJECTED_GATHER_ID,
                                                                   "rejected")
    reason = dialog.model.index(0, 4)
    assert dialog.model.data(reason) == row["reason"] and "refused" in row["reason"]
    tooltip = dialog.model.data(reason, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == f"<p>{html.escape(row['reason'])}</p>"  # whole, and wrapped by Qt
    assert dialog.shown_label.text() == "Showing 1 of 1 record."
    assert dialog.unchanged_label.text().endswith("this run had none.")
    assert dialog.export_button.isEnabled()
    assert dialog.heading.text().startswith(f"<b>Run #{first}</b> of {NAME}")


def test_all_records_load_page_by_page_as_the_table_scrolls(qtbot, job_runner, two_runs):
    (first, _), ids, _ = two_runs
    dialog = open_dialog(qtbot, job_runner, first)
    assert dialog.filter_combo.currentText() == f"All — {ACCOUNTS:,}"
    assert dialog.model.rowCount() == PAGE
    assert dialog.shown_label.text() == (f"Showing {PAGE} of {ACCOUNTS:,} records; more load "
                                         "as you scroll.")
    assert scroll_to_the_end(qtbot, dialog) == ids  # in the order they were met
    assert dialog.shown_label.text() == f"Showing {ACCOUNTS:,} of {ACCOUNTS:,} records."


def test_filter_and_search_narrow_the_table_past_the_first_page(qtbot, job_runner, two_runs):
    (first, _), ids, rejected = two_runs
    dialog = open_dialog(qtbot, job_runner, first)

    query(qtbot, dialog, "created", "aa")  # searching ignores case
    expected = [i for i in ids if "aa" in i.lower() and i != rejected]
    assert len(expected) > 2 * PAGE and dialog.model.total() == len(expected)
    assert scroll_to_the_end(qtbot, dialog) == expected

    query(qtbot, dialog, "all", "k0")
    expected = [i for i in ids if "k0" in i.lower()]
    assert 0 < len(expected) < PAGE and scroll_to_the_end(qtbot, dialog) == expected

    query(qtbot, dialog, "rejected", "")
    assert scroll_to_the_end(qtbot, dialog) == [rejected]

    query(qtbot, dialog, "all", ids[1000])  # a pasted 18-character Id
    assert scroll_to_the_end(qtbot, dialog) == [ids[1000]]
    assert not dialog.note_label.isVisibleTo(dialog)


def test_a_search_that_finds_nothing_says_why(qtbot, job_runner, two_runs):
    (first, second), ids, rejected = two_runs
    dialog = open_dialog(qtbot, job_runner, second)
    assert dialog.filter_combo.currentText() == "All — 1"  # the rejected one, read again
    assert dialog.unchanged_label.text().endswith(f"this run had {ACCOUNTS - 1:,}.")
    query(qtbot, dialog, "all", ids[5])
    assert dialog.model.rowCount() == 0
    assert dialog.note_label.text().startswith(f"{ids[5]} was read in this run and was "
                                               "unchanged")
    assert dialog.note_label.isVisibleTo(dialog)

    query(qtbot, dialog, "created", rejected)
    assert "choose All" in dialog.note_label.text()

    query(qtbot, dialog, "all", "no-such-id")
    assert dialog.note_label.text().startswith("No record of this run has a source Id")


def test_export_writes_one_row_per_problem_record(qtbot, job_runner, two_runs, tmp_path):
    (first, _), _, rejected = two_runs
    dialog = open_dialog(qtbot, job_runner, first)
    target = tmp_path / "problems.csv"
    dialog.export_problems(str(target))
    qtbot.waitUntil(lambda: dialog.export_label.text().startswith("Wrote"), timeout=10000)
    assert dialog.export_label.text() == (f"Wrote 1 problem record of run #{first} to "
                                          f"{target}.")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["source_id"], r["outcome"]) for r in rows] == [(rejected, "rejected")]

    dialog.export_problems(str(tmp_path / "no-folder" / "x.csv"))
    qtbot.waitUntil(lambda: dialog.export_label.text().startswith("Could not write"),
                    timeout=10000)
