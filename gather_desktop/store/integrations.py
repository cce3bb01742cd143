"""Saved integrations: the integration file's JSON, one row per name, never a secret.

The row holds exactly what `gather-desktop integration export` prints, so the window, the
command line and an exported file are always the same integration. Secrets live in the
keyring under the integration's name; removing an integration here also removes its cache,
runs and outcomes (the tables cascade from `integrations`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils


@dataclass(frozen=True)
class SavedIntegration:
    name: str
    source_kind: str
    config: dict[str, Any]
    created_at: str
    updated_at: str


def save_integration(db: sqlite_utils.Database, config: dict[str, Any]) -> None:
    """Insert or replace the integration named in `config` (its cache is kept on replace)."""
    db.execute(
        "INSERT INTO integrations (name, source_kind, config) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET source_kind = excluded.source_kind, "
        "config = excluded.config, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        [config["name"], config["source"]["kind"], json.dumps(config)])


def get_integration(db: sqlite_utils.Database, name: str) -> SavedIntegration | None:
    row = db.execute("SELECT name, source_kind, config, created_at, updated_at "
                     "FROM integrations WHERE name = ?", [name]).fetchone()
    return _saved(row) if row else None


def list_integrations(db: sqlite_utils.Database) -> list[SavedIntegration]:
    rows = db.execute("SELECT name, source_kind, config, created_at, updated_at "
                      "FROM integrations ORDER BY name").fetchall()
    return [_saved(row) for row in rows]


def remove_integration(db: sqlite_utils.Database, name: str) -> bool:
    """Remove it with its cache, runs and outcomes; False when there was none by that name."""
    cursor = db.execute("DELETE FROM integrations WHERE name = ?", [name])
    return cursor.rowcount > 0


def _saved(row: tuple) -> SavedIntegration:
    name, kind, config, created_at, updated_at = row
    return SavedIntegration(name, kind, json.loads(config), created_at, updated_at)
