"""Values converted for Gather: nothing trimmed, shifted or re-encoded."""

from __future__ import annotations

import pytest

from gather_desktop.core.values import (compound_object, gather_value, id_text,
                                        rfc3339_datetime, split_multipicklist)


@pytest.mark.parametrize(("field_type", "value"), [
    ("string", "  Acme, Inc.  "),
    ("string", "O'Brien \\ \"quoted\"\n"),
    ("string", "Zoë Ωmega 東京 🚀"),
    ("string", "\ud800 lone surrogate"),
    ("textarea", "line 1\r\nline 2"),
    ("email", "ops@example.com"),
    ("picklist", "Energy"),
    ("int", 50), ("double", 0.1), ("currency", 1234567.89), ("percent", 12.5),
    ("int", 0), ("boolean", False), ("boolean", True),
    ("id", "001000000000001AAA"),
    ("string", ""),
])
def test_values_are_kept_exactly(field_type: str, value: object) -> None:
    result = gather_value(field_type, value)
    assert result == value and type(result) is type(value)


def test_none_stays_none() -> None:
    for field_type in ("string", "date", "datetime", "multipicklist", "address", "int"):
        assert gather_value(field_type, None) is None


@pytest.mark.parametrize("day", ["2024-03-10", "1900-01-01", "2024-02-29", "9999-12-31"])
def test_dates_are_kept_as_written(day: str) -> None:
    assert gather_value("date", day) == day


@pytest.mark.parametrize(("salesforce", "gather"), [
    ("2024-03-10T23:30:00.000+0000", "2024-03-10T23:30:00.000Z"),   # stays on its day
    ("2024-12-31T23:59:59.999+0000", "2024-12-31T23:59:59.999Z"),   # and its year
    ("2024-03-10T00:00:00.000+0000", "2024-03-10T00:00:00.000Z"),
    ("2024-03-10T23:30:00Z", "2024-03-10T23:30:00Z"),
    ("2024-03-10T23:30:00+00:00", "2024-03-10T23:30:00Z"),
    ("2024-03-10T23:30:00.5-0000", "2024-03-10T23:30:00.5Z"),
    # another offset: the same instant, written in UTC
    ("2024-03-11T01:30:00.000+0200", "2024-03-10T23:30:00.000Z"),
    ("2024-03-10T18:30:00.123-05:00", "2024-03-10T23:30:00.123Z"),
])
def test_datetimes_become_rfc3339_utc(salesforce: str, gather: str) -> None:
    assert gather_value("datetime", salesforce) == gather
    assert rfc3339_datetime(salesforce) == gather


def test_datetimes_do_not_depend_on_the_local_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: any local conversion would show
    time.tzset()
    try:
        assert gather_value("datetime", "2024-03-10T23:30:00.000+0000") == \
            "2024-03-10T23:30:00.000Z"
        assert gather_value("date", "2024-03-10") == "2024-03-10"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("text", ["yesterday", "2024-03-10", "2024-03-10T23:30:00.000+2500"])
def test_text_that_is_not_a_datetime_is_left_alone(text: str) -> None:
    assert gather_value("datetime", text) == text


@pytest.mark.parametrize(("value", "expected"), [
    ("EMEA;APAC", ["EMEA", "APAC"]),
    ("EMEA", ["EMEA"]),
    ("Big Deal;Small, odd", ["Big Deal", "Small, odd"]),
    ("", []),
])
def test_multipicklists_become_lists(value: str, expected: list[str]) -> None:
    assert gather_value("multipicklist", value) == expected
    assert split_multipicklist(value) == expected


def test_addresses_become_one_object_with_snake_case_keys() -> None:
    address = {"street": "1 Main St\nSuite 2", "city": "Zürich", "state": None,
               "stateCode": None, "postalCode": "8001", "country": "Switzerland",
               "countryCode": "CH", "latitude": 47.37, "longitude": 8.54,
               "geocodeAccuracy": "Address"}
    assert gather_value("address", address) == {
        "street": "1 Main St\nSuite 2", "city": "Zürich", "state": None, "state_code": None,
        "postal_code": "8001", "country": "Switzerland", "country_code": "CH",
        "latitude": 47.37, "longitude": 8.54, "geocode_accuracy": "Address"}


def test_an_empty_address_is_none() -> None:
    empty = dict.fromkeys(("street", "city", "state", "postalCode", "country", "latitude",
                           "longitude", "geocodeAccuracy"))
    assert gather_value("address", empty) is None
    assert compound_object(empty) is None


def test_a_geolocation_is_an_object_too() -> None:
    assert gather_value("location", {"latitude": 1.5, "longitude": -2.0}) == {
        "latitude": 1.5, "longitude": -2.0}


@pytest.mark.parametrize(("value", "text"), [
    ("G-1", "G-1"), (" G-1 ", " G-1 "), (42, "42"), (42.0, "42"), (4.5, "4.5"),
    (None, None), ("", ""),
])
def test_id_text(value: object, text: str | None) -> None:
    assert id_text(value) == text
