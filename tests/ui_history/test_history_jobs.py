"""The history jobs on the real worker thread, over runs written as the engine writes them."""

from __future__ import annotations

import csv
import functools

import pytest

from gather_desktop.jobs import history_jobs
from gather_desktop.store.database import database_path, open_database
from gather_desktop.store.integrations import save_integration
from gather_desktop.store.record_state import RecordResult
from gather_desktop.store.runs import finish_run, record_page, start_run
from tests.ui.test_main_window import run_job

NAME = "sf"
ZEROS = {"matched": 0, "created": 0, "updated": 0, "unchanged": 0, "not_in_gather": 0,
         "invalid": 0, "rejected": 0, "failed": 0}


def error_of(qtbot, runner, job) -> str:
    with pytest.raises(AssertionError) as raised:
        run_job(qtbot, runner, job)
    return str(raised.value)


@pytest.fixture
def runs(job_runner):
    """Two runs: #1 created two accounts, rejected one and found a user invalid; #2 read the
    two accounts again unchanged and was interrupted."""
    db = open_database(database_path(job_runner.context_data_dir))
    save_integration(db, {"name": NAME, "source": {"kind": "salesforce"}})
    first = start_run(db, NAME, full=False)
    record_page(db, NAME, first, [
        RecordResult("account", "001A", "G-1", "created"),
        RecordResult("account", "001B", "G-2", "created"),
        RecordResult("account", "001C", "G-3", "rejected", "Gather refused it", {"name": "C"}),
        RecordResult("user", "003A", None, "invalid", "No email", {"first_name": "Ann"})])
    finish_run(db, first, "succeeded", {
        "finished_at": "2026-11-22T07:31:05Z", "duration_s": 4.2,
        "models": {"account": {**ZEROS, "matched": 3, "created": 2, "rejected": 1},
                   "user": {**ZEROS, "matched": 1, "invalid": 1}}})
    second = start_run(db, NAME, full=False)
    record_page(db, NAME, second, [RecordResult("account", "001A", "G-1", "unchanged"),
                                   RecordResult("account", "001B", "G-2", "unchanged")])
    db.conn.close()
    return first, second


def test_run_history_lists_runs_newest_first_with_totals(qtbot, job_runner, runs):
    first, second = runs
    rows = run_job(qtbot, job_runner, functools.partial(history_jobs.run_history, NAME))
    assert [row.id for row in rows] == [second, first]
    assert rows[1].totals == {"created": 2, "updated": 0, "unchanged": 0, "not_in_gather": 0,
                              "invalid": 1, "rejected": 1, "failed": 0}
    assert rows[1].problems == 2 and rows[1].duration_s == 4.2
    assert rows[1].models["user"]["invalid"] == 1 and rows[1].message is None
    assert rows[0].status == "running" and rows[0].duration_s is None
    assert rows[0].totals["unchanged"] == 0  # counted in a summary only when a run finishes
    limited = run_job(qtbot, job_runner,
                      functools.partial(history_jobs.run_history, NAME, limit=1))
    assert [row.id for row in limited] == [second]
    details = run_job(qtbot, job_runner, functools.partial(history_jobs.run_details, NAME,
                                                           first))
    assert details == rows[1]


def test_an_interrupted_run_says_so_and_how_long_it_took(qtbot, job_runner, runs):
    db = open_database(database_path(job_runner.context_data_dir))
    start_run(db, NAME, full=False)  # closes the running one as interrupted
    db.conn.close()
    rows = run_job(qtbot, job_runner, functools.partial(history_jobs.run_history, NAME))
    interrupted = rows[1]
    assert interrupted.status == "failed" and "interrupted" in interrupted.message
    assert interrupted.duration_s is not None and interrupted.duration_s >= 0


def test_outcomes_page_filters_and_explains_an_empty_search(qtbot, job_runner, runs):
    first, second = runs

    def page(run_id, outcomes, search):
        return run_job(qtbot, job_runner, functools.partial(
            history_jobs.outcomes_page, NAME, run_id, outcomes, search, 0, 500))

    rows, total, note = page(first, ["invalid", "rejected", "failed"], "")
    assert [row["source_id"] for row in rows] == ["001C", "003A"] and total == 2
    assert rows[0]["reason"] == "Gather refused it" and note is None

    _, total, note = page(first, ["rejected"], "001a")
    assert total == 0 and "1 of this run's other records" in note and "All" in note

    _, total, note = page(second, None, "001A")
    assert total == 0 and note.startswith("001A was read in this run and was unchanged")

    _, total, note = page(first, None, "zzz")
    assert total == 0 and "No record of this run" in note and "“zzz”" in note


def test_export_problems_writes_the_cli_error_file(qtbot, job_runner, runs, tmp_path):
    first, _ = runs
    target = tmp_path / "problems.csv"
    written = run_job(qtbot, job_runner, functools.partial(history_jobs.export_problems, NAME,
                                                           first, str(target)))
    assert written == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["source_id"], r["outcome"], r["reason"]) for r in rows] == [
        ("001C", "rejected", "Gather refused it"), ("003A", "invalid", "No email")]
    assert rows[0]["name"] == "C" and rows[1]["first_name"] == "Ann"


def test_a_path_that_cannot_be_written_is_explained(qtbot, job_runner, runs, tmp_path):
    first, _ = runs
    message = error_of(qtbot, job_runner, functools.partial(
        history_jobs.export_problems, NAME, first, str(tmp_path / "missing" / "x.csv")))
    assert message.startswith("Could not write") and "Choose another file or folder" in message


def test_an_unknown_run_or_integration_is_explained(qtbot, job_runner, runs):
    first, _ = runs
    message = error_of(qtbot, job_runner, functools.partial(
        history_jobs.outcomes_page, NAME, first + 99, None, "", 0, 500))
    assert message == (f"Run #{first + 99} of '{NAME}' no longer exists. Close this window "
                       "and open the history again.")
    message = error_of(qtbot, job_runner, functools.partial(history_jobs.run_history, "gone"))
    assert message == "The integration 'gone' no longer exists."
