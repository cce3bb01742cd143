"""Values that try to break out of their quotes, and everything simple-salesforce's format_soql writes.

The connector builds its SOQL with `format_soql`, so each kind of value it can quote must parse
here and match exactly what it means: the stored text with quotes, backslashes and control
characters, not a widened filter.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from simple_salesforce.format import format_soql

from tests.sandbox_soql.conftest import A1, A2, A3, A4, A5, Runner, account, record_id

TRICKY = [
    "O'Brien",
    "' OR Name != '",
    "back\\slash",
    "trailing backslash\\",
    "\\' OR Name != \\'",
    'double "quotes"',
    "new\nline, carriage\rreturn, tab\t, backspace\b, form feed\f",
    "50%_off",
    "%",
    "_",
    "",
]


@pytest.fixture
def tricky(query: Runner) -> dict[str, str]:
    """One account per tricky name (the empty one stands for no name): name -> Id."""
    ids = {}
    for number, name in enumerate(TRICKY, start=100):
        ids[name] = record_id("001", number)
        query.org.add("Account", account(ids[name], name or None))
    return ids


@pytest.mark.parametrize("name", [name for name in TRICKY if name])
def test_format_soql_strings_match_only_the_stored_text(query: Runner, tricky: dict[str, str], name: str) -> None:
    soql = format_soql("SELECT Id FROM Account WHERE Name = {}", name)
    assert query.ids(soql) == [tricky[name]]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Name IN {}", [name, "nobody"])) == [tricky[name]]


@pytest.mark.parametrize("name", [name for name in TRICKY if name])
def test_format_soql_like_values_are_literal_under_like(query: Runner, tricky: dict[str, str], name: str) -> None:
    contains = query.ids(format_soql("SELECT Id FROM Account WHERE Name LIKE '%{:like}%'", name))
    starts = query.ids(format_soql("SELECT Id FROM Account WHERE Name LIKE '{:like}%'", name))
    expected_contains = [id_ for other, id_ in tricky.items() if other and name.casefold() in other.casefold()]
    expected_starts = [id_ for other, id_ in tricky.items() if other and other.casefold().startswith(name.casefold())]
    assert [id_ for id_ in contains if id_ in tricky.values()] == expected_contains
    assert [id_ for id_ in starts if id_ in tricky.values()] == expected_starts


def test_escaped_wildcards_do_not_match_other_text(query: Runner, tricky: dict[str, str]) -> None:
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Name LIKE '%{:like}%'", "%")) == [
        record_id("001", 3), tricky["50%_off"], tricky["%"]]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Name LIKE '{:like}'", "_")) == [tricky["_"]]
    # Plain {} quotes but does not escape wildcards: under LIKE a bare _ still matches any one character.
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Name LIKE {}", "_")) == [tricky["%"], tricky["_"]]


def test_hand_written_breakout_matches_only_the_literal(query: Runner, tricky: dict[str, str]) -> None:
    assert query.ids(r"SELECT Id FROM Account WHERE Name = '\' OR Name != \''") == [tricky["' OR Name != '"]]
    assert query.ids(r"SELECT Id FROM Account WHERE Name = 'O\'Brien'") == [tricky["O'Brien"]]
    assert query.ids(r"SELECT Id FROM Account WHERE Name = 'back\\slash'") == [tricky["back\\slash"]]


def test_format_soql_scalars(query: Runner) -> None:
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Active__c = {}", True)) == [A1, A4]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Active__c = {}", False)) == [A2, A3, A5]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Industry = {}", None)) == [A3]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Industry != {}", None)) == [A1, A2, A4, A5]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE NumberOfEmployees = {}", 120)) == [A1, A5]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Rating__c = {}", 4.5)) == [A1]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE AnnualRevenue < {}", 1e20)) == [A1, A2, A5]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE AnnualRevenue > {}", -1e-07)) == [A1, A2, A5]


def test_format_soql_lists(query: Runner) -> None:
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Id IN {}", [A2, A4[:15]])) == [A2, A4]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE NumberOfEmployees NOT IN {}", (8, 120))) == [A3, A4]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE Industry IN {}", {"Retail"})) == [A2, A5]


def test_format_soql_dates_and_aware_datetimes(query: Runner) -> None:
    assert query.ids(format_soql("SELECT Id FROM Account WHERE LastActivityDate >= {}", date(2024, 3, 15))) == [A3, A5]
    tokyo = timezone(timedelta(hours=9))
    since = datetime(2024, 3, 15, 18, 30, 0, 999_999, tzinfo=tokyo)  # 09:30:00 UTC; format_soql drops the µs
    assert query.ids(format_soql("SELECT Id FROM Account WHERE CreatedDate >= {}", since)) == [A1, A5]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE CreatedDate > {}", since)) == [A5]
    assert query.ids(format_soql("SELECT Id FROM Account WHERE CreatedDate = {}", since)) == [A1]


def test_format_soql_whole_connector_style_query(query: Runner) -> None:
    soql = format_soql(
        "SELECT Id, Name, Owner.Email FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = {won})"
        " AND (Name LIKE '%{part:like}%' OR Industry IN {industries}) AND CreatedDate >= {since}",
        won=True, part="acme", industries=["Energy"], since=datetime(2024, 1, 1, tzinfo=timezone.utc),
    )
    assert query.ids(soql) == [A1, A4]
