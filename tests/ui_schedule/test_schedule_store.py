"""Schedules in a real database file: the round trip, off by default, the cascade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from gather_desktop.core.schedule import OFF, Schedule
from gather_desktop.store.database import database_path, open_database
from gather_desktop.store.integrations import remove_integration
from gather_desktop.store.migrations import migrate, schema_version
from gather_desktop.store.schedules import all_schedules, get_schedule, save_schedule
from tests.ui_schedule.conftest import add_integration

DAILY = Schedule("daily", every_minutes=45, at="06:30", catch_up=True)


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(database_path(tmp_path))
    yield database
    database.close()


def test_a_schedule_is_off_until_saved_and_then_read_back(db, tmp_path: Path) -> None:
    add_integration(db, "salesforce-prod")
    assert get_schedule(db, "salesforce-prod") == OFF
    assert get_schedule(db, "no-such-integration") == OFF

    save_schedule(db, "salesforce-prod", DAILY)
    db.close()
    reopened = open_database(database_path(tmp_path))
    assert get_schedule(reopened, "salesforce-prod") == DAILY
    reopened.close()


def test_saving_again_replaces_and_an_off_schedule_keeps_its_numbers(db) -> None:
    add_integration(db, "salesforce-prod")
    save_schedule(db, "salesforce-prod", DAILY)
    switched_off = Schedule("off", every_minutes=45, at="06:30", catch_up=True)
    save_schedule(db, "salesforce-prod", switched_off)

    assert get_schedule(db, "salesforce-prod") == switched_off
    assert db["schedules"].count == 1


def test_all_schedules_lists_every_stored_one_by_name(db) -> None:
    add_integration(db, "b-hubspot", Schedule("interval", every_minutes=30))
    add_integration(db, "a-salesforce", DAILY)
    add_integration(db, "c-never-scheduled")

    assert all_schedules(db) == {"a-salesforce": DAILY,
                                 "b-hubspot": Schedule("interval", every_minutes=30)}


def test_removing_an_integration_removes_its_schedule(db) -> None:
    add_integration(db, "salesforce-prod", DAILY)
    add_integration(db, "hubspot", DAILY)

    assert remove_integration(db, "salesforce-prod")

    assert all_schedules(db) == {"hubspot": DAILY}
    add_integration(db, "salesforce-prod")  # added again under the same name: not scheduled
    assert get_schedule(db, "salesforce-prod") == OFF


def test_a_schedule_needs_its_integration(db) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        save_schedule(db, "no-such-integration", DAILY)


def test_a_version_4_database_gains_the_table_and_keeps_its_integrations(tmp_path: Path) -> None:
    path = database_path(tmp_path)
    old = sqlite_utils.Database(path)
    old.execute("PRAGMA foreign_keys = ON")
    assert migrate(old, target=4) == 4
    add_integration(old, "salesforce-prod")
    old.close()

    upgraded = open_database(path)
    assert schema_version(upgraded) == 5
    save_schedule(upgraded, "salesforce-prod", DAILY)
    assert get_schedule(upgraded, "salesforce-prod") == DAILY
    upgraded.close()
