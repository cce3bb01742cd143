"""Runs, their summaries and their per-record outcomes; the incremental cursors.

A run row is written when the run starts (status `running`) and completed when it ends, so a
run killed on the way is visible afterwards and is closed as interrupted by the next one.
Outcomes are kept for every record that was sent or had a problem; unchanged records are only
counted (listing 150,000 unchanged records on every run would grow the database without
telling anyone anything).
"""

from __future__ import annotations

import json
from typing import Any, Iterator, Sequence

import sqlite_utils

from gather_desktop.store.record_state import RecordResult, write_states

PROBLEM_OUTCOMES = ("invalid", "rejected", "failed")
INTERRUPTED = ("The run was interrupted before it finished (the app or the computer stopped). "
               "What it sent is kept; the next run continues from there.")


def start_run(db: sqlite_utils.Database, integration: str, *, full: bool) -> int:
    with db.conn:
        db.execute("UPDATE runs SET status = 'failed', finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
                   "'now'), summary = json_object('message', ?) WHERE integration = ? AND "
                   "status = 'running'", [INTERRUPTED, integration])
        cursor = db.execute("INSERT INTO runs (integration, status, full) VALUES (?, 'running', ?)",
                            [integration, int(full)])
    return int(cursor.lastrowid)


def record_page(db: sqlite_utils.Database, integration: str, run_id: int,
                results: Sequence[RecordResult]) -> None:
    """One page's outcomes and cache updates, in one transaction."""
    outcomes = [(run_id, r.model, r.source_id, r.gather_id, r.outcome, r.reason,
                 json.dumps(r.payload, ensure_ascii=False)
                 if r.payload is not None and r.outcome not in ("created", "updated") else None)
                for r in results if r.outcome != "unchanged"]
    with db.conn:
        write_states(db, integration, run_id, results)
        db.conn.executemany("INSERT INTO outcomes (run_id, model, source_id, gather_id, outcome, "
                            "reason, traits) VALUES (?, ?, ?, ?, ?, ?, ?)", outcomes)


def finish_run(db: sqlite_utils.Database, run_id: int, status: str,
               summary: dict[str, Any]) -> None:
    with db.conn:
        db.execute("UPDATE runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?",
                   [status, summary["finished_at"], json.dumps(summary, ensure_ascii=False),
                    run_id])


def list_runs(db: sqlite_utils.Database, integration: str,
              limit: int = 50) -> list[dict[str, Any]]:
    """The most recent runs first: id, status, full, started_at, finished_at, summary."""
    rows = db.execute("SELECT id, status, full, started_at, finished_at, summary FROM runs "
                      "WHERE integration = ? ORDER BY id DESC LIMIT ?", [integration, limit])
    return [{"id": row[0], "status": row[1], "full": bool(row[2]), "started_at": row[3],
             "finished_at": row[4], "summary": json.loads(row[5]) if row[5] else None}
            for row in rows]


def latest_run_id(db: sqlite_utils.Database) -> int:
    """The newest run of any integration (0 before the first)."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM runs").fetchone()[0])


def run_belongs_to(db: sqlite_utils.Database, integration: str, run_id: int) -> bool:
    return db.execute("SELECT 1 FROM runs WHERE id = ? AND integration = ?",
                      [run_id, integration]).fetchone() is not None


def problem_outcomes(db: sqlite_utils.Database, run_id: int) -> Iterator[dict[str, Any]]:
    """The run's invalid, rejected and failed records, in the order they were met."""
    marks = ",".join("?" * len(PROBLEM_OUTCOMES))
    rows = db.execute(f"SELECT model, source_id, gather_id, outcome, reason, traits FROM "
                      f"outcomes WHERE run_id = ? AND outcome IN ({marks}) ORDER BY rowid",
                      [run_id, *PROBLEM_OUTCOMES])
    for model, source_id, gather_id, outcome, reason, traits in rows:
        yield {"model": model, "source_id": source_id, "gather_id": gather_id,
               "outcome": outcome, "reason": reason,
               "traits": json.loads(traits) if traits else {}}


def get_cursor(db: sqlite_utils.Database, integration: str, model: str) -> dict | None:
    row = db.execute("SELECT cursor FROM cursors WHERE integration = ? AND model = ?",
                     [integration, model]).fetchone()
    return json.loads(row[0]) if row else None


def save_cursors(db: sqlite_utils.Database, integration: str,
                 cursors: dict[str, dict[str, Any]]) -> None:
    """All models' cursors at once: only a run that completed moves them."""
    with db.conn:
        db.conn.executemany(
            "INSERT INTO cursors (integration, model, cursor) VALUES (?, ?, ?) ON CONFLICT "
            "(integration, model) DO UPDATE SET cursor = excluded.cursor, updated_at = "
            "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            [(integration, model, json.dumps(value)) for model, value in cursors.items()])


def outcome_page(db: sqlite_utils.Database, run_id: int, *, outcomes: Sequence[str] | None,
                 search: str, offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """One page of a run's listed records, in the order they were met, and how many match.

    `outcomes` keeps only those outcomes (None: all). `search` keeps records whose source Id
    contains it, ignoring case (people paste Ids in any case); the exact comparison beside it
    lets SQLite answer a pasted 18-character Id from the (run_id, source_id) index.
    """
    where, params = ["run_id = ?"], [run_id]
    if outcomes is not None:
        where.append(f"outcome IN ({','.join('?' * len(outcomes))})")
        params.extend(outcomes)
    needle = search.strip()
    if needle:
        where.append("(source_id = ? OR instr(lower(source_id), lower(?)) > 0)")
        params.extend([needle, needle])
    condition = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM outcomes WHERE {condition}", params).fetchone()[0]
    rows = db.execute(f"SELECT model, source_id, gather_id, outcome, reason FROM outcomes "
                      f"WHERE {condition} ORDER BY rowid LIMIT ? OFFSET ?",
                      [*params, limit, offset])
    return ([{"model": model, "source_id": source_id, "gather_id": gather_id,
              "outcome": outcome, "reason": reason}
             for model, source_id, gather_id, outcome, reason in rows], int(total))


def record_in_run(db: sqlite_utils.Database, integration: str, run_id: int,
                  source_id: str) -> dict[str, Any] | None:
    """A record the run read without listing it (it was unchanged), from the change cache.

    Only the last run that read a record is remembered (`seen_run`), so for an older run this
    answers None even when that run did read the record.
    """
    row = db.execute("SELECT model, source_id, gather_id, last_outcome FROM record_state "
                     "WHERE integration = ? AND source_id = ? AND seen_run = ? LIMIT 1",
                     [integration, source_id.strip(), run_id]).fetchone()
    if row is None:
        return None
    return {"model": row[0], "source_id": row[1], "gather_id": row[2], "last_outcome": row[3]}


def get_run(db: sqlite_utils.Database, integration: str, run_id: int) -> dict[str, Any] | None:
    """One run of the integration, shaped as `list_runs` shapes each (None: no such run)."""
    row = db.execute("SELECT id, status, full, started_at, finished_at, summary FROM runs "
                     "WHERE id = ? AND integration = ?", [run_id, integration]).fetchone()
    if row is None:
        return None
    return {"id": row[0], "status": row[1], "full": bool(row[2]), "started_at": row[3],
            "finished_at": row[4], "summary": json.loads(row[5]) if row[5] else None}
