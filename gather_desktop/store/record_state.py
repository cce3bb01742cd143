"""The change cache: per record, what Gather last accepted (and last rejected), and why.

A record whose mapped form hashes the same as its stored `hash` is `unchanged` and not sent;
this is what makes a second sync with no change in the source send nothing. A record whose
form hashes the same as its `rejected_hash` was refused by Gather for exactly this data, so
it is not sent again until the data changes (its reason is kept). Each page of a run is
written in one transaction, after Gather has answered for it, so a killed run loses at
most the page in flight and never records a send that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import sqlite_utils

_CHUNK = 500  # under SQLite's bound-parameter limit with room to spare
SYNCED = ("created", "updated", "unchanged")


@dataclass(frozen=True)
class KnownState:
    hash: str | None            # what Gather last accepted
    rejected_hash: str | None   # what Gather last rejected
    reason: str | None          # Gather's reason for that rejection (or our own)


@dataclass(frozen=True)
class RecordResult:
    """What happened to one record in a run, ready to be written."""
    model: str
    source_id: str
    gather_id: str | None
    outcome: str                # created updated unchanged not_in_gather invalid rejected failed
    reason: str | None = None
    payload: dict | None = None  # what was (or would have been) sent, kept for problem records
    hash: str | None = None      # the payload's hash: stored as accepted or as rejected


def known_states(db: sqlite_utils.Database, integration: str, model: str,
                 source_ids: Iterable[str]) -> dict[str, KnownState]:
    """The cached state of each of these records that has one (asked one page at a time)."""
    ids = list(source_ids)
    found: dict[str, KnownState] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT source_id, hash, rejected_hash, reason FROM record_state "
            f"WHERE integration = ? AND model = ? AND source_id IN ({marks})",
            [integration, model, *chunk])
        found.update((row[0], KnownState(row[1], row[2], row[3])) for row in rows)
    return found


_UPSERT = """
INSERT INTO record_state (integration, model, source_id, gather_id, hash, last_outcome, reason,
                          rejected_hash, seen_run, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
ON CONFLICT (integration, model, source_id) DO UPDATE SET
    gather_id = COALESCE(excluded.gather_id, record_state.gather_id),
    hash = COALESCE(excluded.hash, record_state.hash),
    last_outcome = excluded.last_outcome,
    reason = excluded.reason,
    rejected_hash = CASE
        WHEN excluded.last_outcome IN ('created', 'updated') THEN NULL
        ELSE COALESCE(excluded.rejected_hash, record_state.rejected_hash) END,
    seen_run = excluded.seen_run,
    updated_at = excluded.updated_at
"""


def state_rows(integration: str, run_id: int, results: Sequence[RecordResult]) -> list[tuple]:
    """The `record_state` parameters for a page of results (`_UPSERT`'s column order)."""
    rows = []
    for r in results:
        accepted = r.hash if r.outcome in ("created", "updated") else None
        rejected = r.hash if r.outcome == "rejected" else None
        rows.append((integration, r.model, r.source_id, r.gather_id, accepted, r.outcome,
                     r.reason, rejected, run_id))
    return rows


def write_states(db: sqlite_utils.Database, integration: str, run_id: int,
                 results: Sequence[RecordResult]) -> None:
    """Upsert the page's record states; the caller holds the page's transaction."""
    db.conn.executemany(_UPSERT, state_rows(integration, run_id, results))


def synced_source_ids(db: sqlite_utils.Database, integration: str, model: str) -> set[str]:
    """Records of the model that Gather holds from this integration (sent or unchanged)."""
    marks = ",".join("?" * len(SYNCED))
    rows = db.execute(f"SELECT source_id FROM record_state WHERE integration = ? AND model = ? "
                      f"AND last_outcome IN ({marks})", [integration, model, *SYNCED])
    return {row[0] for row in rows}


def failed_source_ids(db: sqlite_utils.Database, integration: str, model: str) -> list[str]:
    """Records whose last send failed for a transient reason: they are read again first."""
    rows = db.execute("SELECT source_id FROM record_state WHERE integration = ? AND model = ? "
                      "AND last_outcome = 'failed' ORDER BY source_id", [integration, model])
    return [row[0] for row in rows]


def forget_unseen(db: sqlite_utils.Database, integration: str, model: str, run_id: int) -> None:
    """After a complete full read: records it did not return no longer match the filters."""
    with db.conn:
        db.execute("UPDATE record_state SET last_outcome = 'not_matched', reason = NULL "
                   "WHERE integration = ? AND model = ? AND (seen_run IS NULL OR seen_run != ?)",
                   [integration, model, run_id])
