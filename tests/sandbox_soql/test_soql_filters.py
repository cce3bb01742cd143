"""WHERE evaluation against the sample org: each operator, null rules, dates, parents, logic, joins.

Live accounts in storage order: Acme, O'Brien & Sons, 50% off_sale \\ backslash, ACME Labs,
Zeta "Quoted" (and the deleted Gone Ltd). "Today" is 2024-03-15.
"""

from __future__ import annotations

import pytest

from tests.sandbox_soql.conftest import A1, C1, C2, U2, Runner

ACME, OBRIEN, FIFTY, LABS, ZETA = "Acme", "O'Brien & Sons", "50% off_sale \\ backslash", "ACME Labs", 'Zeta "Quoted"'


@pytest.mark.parametrize(("where", "expected"), [
    ("Name = 'acme'", [ACME]),
    ("Name = 'ACME LABS'", [LABS]),
    ("Industry != 'Energy'", [OBRIEN, FIFTY, ZETA]),
    ("Industry = null", [FIFTY]),
    ("Industry != null", [ACME, OBRIEN, LABS, ZETA]),
    ("Industry = ''", [FIFTY]),
    ("Name < 'b'", [ACME, FIFTY, LABS]),
    ("Name >= 'O'", [OBRIEN, ZETA]),
])
def test_text_comparisons_are_case_insensitive_and_null_aware(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("NumberOfEmployees = 120", [ACME, ZETA]),
    ("NumberOfEmployees != 120", [OBRIEN, FIFTY, LABS]),
    ("NumberOfEmployees > 100", [ACME, LABS, ZETA]),
    ("NumberOfEmployees < 120", [OBRIEN]),
    ("NumberOfEmployees <= 120", [ACME, OBRIEN, ZETA]),
    ("NumberOfEmployees >= 5000", [LABS]),
    ("AnnualRevenue = 0", [ZETA]),
    ("AnnualRevenue > 89999.99", [ACME, OBRIEN]),
    ("Rating__c >= 4.5", [ACME]),
    ("Rating__c < 4.5", []),
    ("NumberOfEmployees IN (8, 5000)", [OBRIEN, LABS]),
])
def test_number_comparisons_and_null_is_never_less_or_greater(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("Active__c = true", [ACME, LABS]),
    ("Active__c = FALSE", [OBRIEN, FIFTY, ZETA]),
    ("Active__c != true", [OBRIEN, FIFTY, ZETA]),
])
def test_booleans(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("Name LIKE 'ac%'", [ACME, LABS]),
    ("Name LIKE '%LABS'", [LABS]),
    ("Name LIKE '_cme'", [ACME]),
    ("Name LIKE '%o\\'brien%'", [OBRIEN]),
    ("Name LIKE '50\\%%'", [FIFTY]),
    ("Name LIKE '%\\_sale%'", [FIFTY]),
    ("Name LIKE '%off\\_sale \\\\ back%'", [FIFTY]),
    ("Name LIKE '%\\_%'", [FIFTY]),
    ("Name LIKE '%\\%%'", [FIFTY]),
    ("Name LIKE '%'", [ACME, OBRIEN, FIFTY, LABS, ZETA]),
    ("Name LIKE '%\"quoted\"'", [ZETA]),
    ("Industry LIKE '%'", [ACME, OBRIEN, LABS, ZETA]),
    ("BillingStreet LIKE '1 Main St_Floor 2'", [ACME]),
])
def test_like_wildcards_and_escaped_wildcards(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("Industry IN ('energy', 'RETAIL')", [ACME, OBRIEN, LABS, ZETA]),
    ("Industry IN ('Energy', null)", [ACME, FIFTY, LABS]),
    ("Industry NOT IN ('Energy')", [OBRIEN, FIFTY, ZETA]),
    ("Industry NOT IN ('Energy', null)", [OBRIEN, ZETA]),
    ("Name IN ('o\\'brien & sons')", [OBRIEN]),
])
def test_in_and_not_in(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("Tags__c INCLUDES ('gold')", [ACME, FIFTY]),
    ("Tags__c INCLUDES ('Gold;Silver')", [FIFTY]),
    ("Tags__c INCLUDES ('Silver;Gold', 'Partner')", [ACME, FIFTY]),
    ("Tags__c EXCLUDES ('Gold')", [OBRIEN, LABS, ZETA]),
    ("Tags__c = 'partner;gold'", [ACME]),
    ("Tags__c != 'Silver'", [ACME, FIFTY, LABS, ZETA]),
])
def test_multipicklists(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("LastActivityDate = 2024-03-14", [ACME]),
    ("LastActivityDate > 2024-03-14", [FIFTY, ZETA]),
    ("LastActivityDate <= 2024-02-01", [OBRIEN]),
    ("LastActivityDate != 2024-02-01", [ACME, FIFTY, LABS, ZETA]),
    ("CreatedDate > 2024-03-15T00:00:00Z", [ACME, ZETA]),
    ("CreatedDate >= 2024-03-15T04:30:00+05:00", [ACME, ZETA]),
    ("CreatedDate < 2024-03-14T19:00:00-05:00", [OBRIEN, FIFTY, LABS]),
    ("CreatedDate = 2024-01-02T03:04:05.000Z", [OBRIEN]),
    ("CreatedDate = 2024-01-02T03:04:05+0000", [OBRIEN]),
    ("CreatedDate = 2024-01-01T22:04:05-0500", [OBRIEN]),
    ("CreatedDate <= 2023-12-31T23:59:59Z", [FIFTY]),
])
def test_dates_and_datetimes_compare_in_time(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("CreatedDate = TODAY", [ACME]),
    ("CreatedDate = YESTERDAY", [LABS]),
    ("CreatedDate = TOMORROW", [ZETA]),
    ("CreatedDate > TODAY", [ZETA]),
    ("CreatedDate >= TODAY", [ACME, ZETA]),
    ("CreatedDate < TODAY", [OBRIEN, FIFTY, LABS]),
    ("CreatedDate <= TODAY", [ACME, OBRIEN, FIFTY, LABS]),
    ("CreatedDate != TODAY", [OBRIEN, FIFTY, LABS, ZETA]),
    ("CreatedDate IN (TODAY, YESTERDAY)", [ACME, LABS]),
    ("CreatedDate = THIS_YEAR", [ACME, OBRIEN, LABS, ZETA]),
    ("CreatedDate = LAST_YEAR", [FIFTY]),
    ("CreatedDate = THIS_MONTH", [ACME, LABS, ZETA]),
    ("CreatedDate = LAST_MONTH", []),
    ("CreatedDate = THIS_WEEK", [ACME, LABS, ZETA]),
    ("CreatedDate = NEXT_WEEK", []),
    ("CreatedDate = LAST_WEEK", []),
    ("LastActivityDate = TODAY", [ZETA]),
    ("LastActivityDate = LAST_N_DAYS:1", [ACME, ZETA]),
    ("LastActivityDate = LAST_N_DAYS:90", [ACME, OBRIEN, ZETA]),
    ("LastActivityDate = NEXT_N_DAYS:1", [FIFTY]),
    ("LastActivityDate > LAST_N_DAYS:2", [FIFTY]),
    ("LastActivityDate = N_DAYS_AGO:1", [ACME]),
    ("LastActivityDate = LAST_90_DAYS", [ACME, OBRIEN, ZETA]),
])
def test_relative_date_literals(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    (f"Id = '{A1[:15]}'", [ACME]),
    (f"Id = '{A1}'", [ACME]),
    (f"Id != '{A1}'", [OBRIEN, FIFTY, LABS, ZETA]),
    (f"OwnerId = '{U2}'", [OBRIEN, LABS]),
    ("OwnerId = null", [FIFTY]),
    (f"ParentId IN ('{A1}', null)", [ACME, OBRIEN, FIFTY, ZETA]),
])
def test_ids_match_on_their_15_character_prefix(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


def test_ids_are_case_sensitive(query: Runner) -> None:
    org = query.org
    org.records("Account")[0]["Id"] = "001AbCdEfGhIjKlMNO"
    assert query.names("Id = '001AbCdEfGhIjKl'") == [ACME]
    assert query.names("Id = '001abcdefghijkl'") == []


@pytest.mark.parametrize(("where", "expected"), [
    ("Owner.Name = 'bob seller'", [OBRIEN, LABS]),
    ("Owner.Name != 'Bob Seller'", [ACME, FIFTY, ZETA]),
    ("Owner.Email = null", [FIFTY]),
    ("Parent.Name LIKE 'acme%'", [OBRIEN]),
    ("Owner.Manager.Name = 'Cy Boss'", [ACME, ZETA]),
    ("Parent.Parent.Owner.IsActive = true", [LABS]),
    ("owner.name = 'ADA ADMIN'", [ACME, ZETA]),
])
def test_parent_fields_in_conditions(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


@pytest.mark.parametrize(("where", "expected"), [
    ("Industry = 'Energy' AND NumberOfEmployees > 1000", [LABS]),
    ("Industry = 'Energy' OR NumberOfEmployees < 10", [ACME, OBRIEN, LABS]),
    ("NOT Industry = 'Energy'", [OBRIEN, FIFTY, ZETA]),
    ("NOT (Industry = 'Energy' OR Industry = 'Retail')", [FIFTY]),
    ("(Industry = 'Energy' AND Active__c = true) OR (Industry = 'Retail' AND NumberOfEmployees > 100)",
     [ACME, LABS, ZETA]),
    ("Industry = 'Energy' AND (NumberOfEmployees < 200 OR Name LIKE '%Labs')", [ACME, LABS]),
    ("(Industry = 'Retail' OR Industry = null) AND NOT (Name LIKE 'O%')", [FIFTY, ZETA]),
    ("Industry != null AND Active__c = false AND NumberOfEmployees > 10 AND Name LIKE 'z%'", [ZETA]),
    ("Name = 'a' OR Name = 'acme' OR Name = 'zeta \"quoted\"'", [ACME, ZETA]),
    ("NOT NOT Name = 'acme'", [ACME]),
    ("((Name = 'acme'))", [ACME]),
])
def test_and_or_not_with_parentheses(query: Runner, where: str, expected: list[str]) -> None:
    assert query.names(where) == expected


def test_semi_join_keeps_accounts_with_a_live_won_opportunity(query: Runner) -> None:
    assert query.names("Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)") == [ACME, LABS]
    assert query.names("Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true) AND Name LIKE 'acme l%'") == [LABS]


def test_anti_join(query: Runner) -> None:
    assert query.names("Id NOT IN (SELECT AccountId FROM Opportunity)") == [FIFTY, ZETA]


def test_semi_join_on_a_reference_field(query: Runner) -> None:
    with_account, orphan = C1, C2
    assert query.ids("SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account WHERE Industry = 'Energy')") \
        == [with_account]
    assert query.ids("SELECT Id FROM Contact WHERE AccountId IN "
                     "(SELECT AccountId FROM Opportunity WHERE IsWon = true)") == [with_account]
    assert query.ids("SELECT Id FROM Contact WHERE AccountId NOT IN (SELECT Id FROM Account)") == [orphan]


def test_deleted_records_are_skipped_unless_query_all(query: Runner) -> None:
    assert "Gone Ltd" not in query.names("Industry = 'Energy'")
    everything = query("SELECT Name FROM Account WHERE Industry = 'Energy'", include_deleted=True)
    assert [r["Name"] for r in everything.records] == [ACME, LABS, "Gone Ltd"]
    won = query("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)",
                include_deleted=True)
    assert [r["Name"] for r in won.records] == [ACME, LABS, ZETA]
