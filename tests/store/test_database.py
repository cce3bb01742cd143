"""The database on real SQLite files: creation, upgrades, refusals, settings."""

from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from gather_desktop.errors import UserFacingError
from gather_desktop.store import migrations
from gather_desktop.store.database import (
    DATABASE_FILE,
    StoreError,
    database_path,
    open_database,
    store_errors,
)
from gather_desktop.store.migrations import LATEST_VERSION, migrate, schema_version
from gather_desktop.store.settings import GATHER_URL, get_setting, set_setting

ALL_TABLES = {
    "settings",
    "integrations",
    "record_state",
    "gather_index",
    "cursors",
    "runs",
    "outcomes",
    "sync_locks",
    "schedules",
}
INTEGRATION = {"version": 1, "name": "salesforce-prod", "source": {"kind": "salesforce"}}


def add_integration(db: sqlite_utils.Database, name: str = "salesforce-prod") -> None:
    db["integrations"].insert(
        {"name": name, "source_kind": "salesforce", "config": json.dumps(INTEGRATION)}
    )


def test_fresh_open_builds_the_latest_schema_with_wal(tmp_path: Path) -> None:
    path = database_path(tmp_path / "new" / "folder")
    assert path.name == DATABASE_FILE

    db = open_database(path)

    assert set(db.table_names()) == ALL_TABLES
    assert schema_version(db) == LATEST_VERSION == 5
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert {index.name for index in db["outcomes"].indexes} >= {
        "outcomes_by_run_outcome",
        "outcomes_by_run_source",
    }
    db.close()
    assert not list(path.parent.glob("*backup*")), "a new database needs no backup"


def test_reopening_a_current_database_changes_nothing(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    db = open_database(path)
    add_integration(db)
    db.close()

    db = open_database(path)

    assert db["integrations"].count == 1
    assert not list(tmp_path.glob("*backup*"))
    db.close()


def test_upgrade_keeps_the_data_and_leaves_a_backup_at_the_old_version(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = database_path(tmp_path)
    old = sqlite_utils.Database(path)
    assert migrate(old, target=1) == 1
    add_integration(old)
    set_setting(old, GATHER_URL, "https://gather.example.com")
    old.close()

    with caplog.at_level(logging.INFO, logger="gather_desktop.store"):
        db = open_database(path)

    assert schema_version(db) == LATEST_VERSION
    assert set(db.table_names()) == ALL_TABLES
    assert db["integrations"].get("salesforce-prod")["source_kind"] == "salesforce"
    assert get_setting(db, GATHER_URL) == "https://gather.example.com"
    db.close()

    (backup,) = tmp_path.glob(f"{DATABASE_FILE}.v1-backup-*Z")
    assert str(backup) in caplog.text
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT name FROM integrations").fetchall() == [("salesforce-prod",)]
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
    assert "record_state" not in tables


def test_a_failing_step_leaves_the_database_at_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = database_path(tmp_path)
    old = sqlite_utils.Database(path)
    migrate(old, target=1)
    old.close()

    def half_done(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE record_state (x)")
        raise RuntimeError("the step broke halfway")

    broken = dataclasses.replace(migrations.MIGRATIONS[1], apply=half_done)
    monkeypatch.setattr(
        migrations, "MIGRATIONS", (migrations.MIGRATIONS[0], broken, migrations.MIGRATIONS[2])
    )
    with pytest.raises(RuntimeError):
        open_database(path)

    db = sqlite_utils.Database(path)
    assert schema_version(db) == 1
    assert "record_state" not in db.table_names()
    db.close()


def test_removing_an_integration_removes_its_cache_and_runs(tmp_path: Path) -> None:
    db = open_database(database_path(tmp_path))
    add_integration(db)
    add_integration(db, "hubspot")
    for name in ("salesforce-prod", "hubspot"):
        db["record_state"].insert(
            {"integration": name, "model": "account", "source_id": "001", "hash": "h"}
        )
        db["gather_index"].insert(
            {"integration": name, "model": "account", "trait": "sf_id", "value": "001",
             "gather_id": "g1"}
        )
        db["cursors"].insert({"integration": name, "model": "account", "cursor": "2026"})
        run_id = db["runs"].insert({"integration": name, "status": "succeeded"}).last_pk
        db["outcomes"].insert({"run_id": run_id, "model": "account", "outcome": "created"})

    db.execute("DELETE FROM integrations WHERE name = ?", ["salesforce-prod"])

    for table in ("record_state", "gather_index", "cursors", "runs"):
        assert [row["integration"] for row in db[table].rows] == ["hubspot"], table
    assert db["outcomes"].count == 1
    db.close()


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    with sqlite3.connect(path) as newer:
        newer.execute("PRAGMA user_version = 7")
    newer.close()

    with pytest.raises(StoreError) as raised:
        open_database(path)

    assert isinstance(raised.value, UserFacingError)
    assert str(raised.value) == (
        f"{path} was written by a newer Gather Desktop (schema 7; this one knows up to 5). "
        "Install the newer version, or choose another data folder with --data-dir."
    )
    with sqlite3.connect(path) as still:
        assert still.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    still.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    path.write_text("Gather export, not a database\n" * 200)

    with pytest.raises(StoreError, match="is not a Gather Desktop database") as raised:
        open_database(path)

    assert "--data-dir" in str(raised.value)
    assert path.read_text().startswith("Gather export")


def test_a_data_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")

    with pytest.raises(StoreError, match="cannot create its data folder") as raised:
        open_database(database_path(blocker / "data"))

    assert "--data-dir" in str(raised.value)


def test_a_full_disk_is_reported_in_words(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    db = open_database(path)
    db.execute("PRAGMA max_page_count = 40")  # stands in for a full disk: SQLITE_FULL

    with pytest.raises(StoreError, match="is full") as raised, store_errors(path):
        db["settings"].insert({"key": "big", "value": json.dumps("x" * 1_000_000)})

    assert "Nothing was lost" in str(raised.value)
    assert get_setting(db, "big") is None
    db.close()


def test_programming_errors_are_not_disguised(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    db = open_database(path)

    with pytest.raises(sqlite3.OperationalError), store_errors(path):
        db.execute("SELECT * FROM no_such_table")
    db.close()


def test_settings_round_trip_as_json(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    db = open_database(path)

    assert get_setting(db, GATHER_URL) is None
    assert get_setting(db, GATHER_URL, "https://default") == "https://default"
    set_setting(db, GATHER_URL, "https://gather.example.com")
    set_setting(db, "window", {"width": 1200, "split": [1, 2]})
    set_setting(db, GATHER_URL, "https://other.example.com")
    db.close()

    db = open_database(path)
    assert get_setting(db, GATHER_URL) == "https://other.example.com"
    assert get_setting(db, "window") == {"width": 1200, "split": [1, 2]}
    db.close()


@pytest.mark.parametrize(
    "key", ["gather_api_key", "hubspot.access_token", "Password", "client_secret", "credentials"]
)
def test_settings_refuse_names_that_look_like_secrets(tmp_path: Path, key: str) -> None:
    db = open_database(database_path(tmp_path))

    with pytest.raises(ValueError, match="keyring"):
        set_setting(db, key, "hunter2")

    assert db["settings"].count == 0
    db.close()
