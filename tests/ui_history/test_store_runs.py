"""`outcome_page`, `record_in_run` and `get_run` on a real SQLite file, with runs written as
the engine writes them (start_run, record_page, finish_run)."""

from __future__ import annotations

import pytest

from gather_desktop.store.database import open_database
from gather_desktop.store.integrations import save_integration
from gather_desktop.store.record_state import RecordResult
from gather_desktop.store.runs import (finish_run, get_run, outcome_page, record_in_run,
                                       record_page, start_run)

NAME = "sf"
#: Mixed case like Salesforce's 18-character Ids; every 100th is rejected, every 7th updated.
IDS = [f"001Ab{number:07d}xYz{'Q' if number % 2 else 'q'}AA" for number in range(1200)]


def outcome_of(number: int) -> str:
    return "rejected" if number % 100 == 0 else "updated" if number % 7 == 0 else "created"


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "data" / "gather-desktop.db")
    save_integration(database, {"name": NAME, "source": {"kind": "salesforce"}})
    yield database
    database.conn.close()


def write_run(db, results) -> int:
    run_id = start_run(db, NAME, full=False)
    for start in range(0, len(results), 500):
        record_page(db, NAME, run_id, results[start:start + 500])
    finish_run(db, run_id, "succeeded", {"finished_at": "2026-11-22T07:31:01Z", "models": {}})
    return run_id


@pytest.fixture
def run_id(db) -> int:
    return write_run(db, [
        RecordResult("account", source_id, f"G-{number}", outcome_of(number),
                     "Gather said no" if outcome_of(number) == "rejected" else None,
                     {"name": "x"})
        for number, source_id in enumerate(IDS)])


def test_a_page_is_in_the_order_met_with_the_total(db, run_id):
    rows, total = outcome_page(db, run_id, outcomes=None, search="", offset=500, limit=500)
    assert total == 1200
    assert [row["source_id"] for row in rows] == IDS[500:1000]
    assert rows[0] == {"model": "account", "source_id": IDS[500], "gather_id": "G-500",
                       "outcome": "rejected", "reason": "Gather said no"}
    rows, total = outcome_page(db, run_id, outcomes=None, search="", offset=1000, limit=500)
    assert len(rows) == 200 and total == 1200


def test_outcomes_filter_the_rows(db, run_id):
    rows, total = outcome_page(db, run_id, outcomes=("invalid", "rejected", "failed"),
                               search="", offset=0, limit=500)
    assert total == 12
    assert [row["source_id"] for row in rows] == IDS[::100]
    _, total = outcome_page(db, run_id, outcomes=["updated"], search="", offset=0, limit=0)
    assert total == sum(1 for n in range(1200) if outcome_of(n) == "updated")


def test_search_is_a_case_insensitive_substring_and_an_exact_id_works(db, run_id):
    rows, total = outcome_page(db, run_id, outcomes=None, search="B00001", offset=50,
                               limit=20)
    assert total == 100  # 001Ab0000100xYz… to 001Ab0000199xYz…
    assert [row["source_id"] for row in rows] == IDS[150:170]
    rows, total = outcome_page(db, run_id, outcomes=None, search=f" {IDS[1101]} ",
                               offset=0, limit=500)
    assert (total, [row["source_id"] for row in rows]) == (1, [IDS[1101]])
    rows, total = outcome_page(db, run_id, outcomes=["created"], search="%", offset=0,
                               limit=500)
    assert (rows, total) == ([], 0)  # no LIKE wildcards


def test_other_runs_rows_are_not_listed(db, run_id):
    other = write_run(db, [RecordResult("account", IDS[0], "G-0", "updated")])
    rows, total = outcome_page(db, other, outcomes=None, search="", offset=0, limit=500)
    assert total == 1 and rows[0]["outcome"] == "updated"


def test_record_in_run_finds_a_record_the_run_read_but_did_not_list(db, run_id):
    second = write_run(db, [RecordResult("account", IDS[3], "G-3", "unchanged")])
    assert outcome_page(db, second, outcomes=None, search=IDS[3], offset=0, limit=5)[1] == 0
    assert record_in_run(db, NAME, second, IDS[3]) == {
        "model": "account", "source_id": IDS[3], "gather_id": "G-3",
        "last_outcome": "unchanged"}
    assert record_in_run(db, NAME, second, IDS[4]) is None     # read by the first run only
    assert record_in_run(db, NAME, run_id, IDS[3]) is None     # read again since
    assert record_in_run(db, "other", second, IDS[3]) is None


def test_get_run_is_shaped_like_list_runs(db, run_id):
    run = get_run(db, NAME, run_id)
    assert run["id"] == run_id and run["status"] == "succeeded" and run["full"] is False
    assert run["summary"]["finished_at"] == "2026-11-22T07:31:01Z"
    assert get_run(db, "other", run_id) is None
    assert get_run(db, NAME, run_id + 99) is None
