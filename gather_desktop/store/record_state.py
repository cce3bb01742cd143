"""The change cache: per record, the hash of exactly what Gather last accepted.

A record whose mapped form hashes the same as its stored hash is `unchanged` and not sent;
this is what makes a second sync with no change in the source send nothing.
"""

from __future__ import annotations

from typing import Iterable

import sqlite_utils

_CHUNK = 500  # under SQLite's bound-parameter limit with room to spare


def known_hashes(db: sqlite_utils.Database, integration: str, model: str,
                 source_ids: Iterable[str]) -> dict[str, str]:
    """The stored hash of each of these records that has one (one page at a time)."""
    ids = list(source_ids)
    found: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT source_id, hash FROM record_state WHERE integration = ? AND model = ? "
            f"AND hash IS NOT NULL AND source_id IN ({marks})", [integration, model, *chunk])
        found.update(rows.fetchall())
    return found
