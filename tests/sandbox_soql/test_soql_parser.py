"""The grammar: every construct parses to the tree it means; bad syntax is MALFORMED_QUERY at the token."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from gather_desktop.sandbox.soql import SoqlError
from gather_desktop.sandbox.soql_lexer import Kind
from gather_desktop.sandbox.soql_parser import And, Comparison, Not, Or, SemiJoin, parse


def where(soql_where: str):
    return parse(f"SELECT Id FROM Account WHERE {soql_where}").where


def malformed(soql: str) -> str:
    with pytest.raises(SoqlError) as caught:
        parse(soql)
    assert caught.value.error_code == "MALFORMED_QUERY"
    assert caught.value.status == 400
    return caught.value.message


def test_select_list_with_parent_paths_and_all_clauses() -> None:
    query = parse("select Id, Owner.Name, Account.Owner.Email from Contact where Name = 'x' "
                  "order by Name desc nulls first, Id limit 10 offset 20")
    assert [f.path for f in query.fields] == ["Id", "Owner.Name", "Account.Owner.Email"]
    assert query.object_name == "Contact" and not query.count
    assert [(o.field.path, o.descending, o.nulls_first) for o in query.order_by] == [
        ("Name", True, True), ("Id", False, True)]
    assert (query.limit, query.offset) == (10, 20)


def test_order_by_defaults_asc_nulls_first_and_desc_nulls_last() -> None:
    items = parse("SELECT Id FROM Account ORDER BY Name, Industry DESC, Id ASC NULLS LAST").order_by
    assert [(o.descending, o.nulls_first) for o in items] == [(False, True), (True, False), (False, False)]


def test_count() -> None:
    query = parse("SELECT COUNT() FROM Account WHERE Name != null")
    assert query.count and query.fields == ()


def test_operators_and_values() -> None:
    cases = {
        "A = 'x'": ("=", Kind.STRING, "x"), "A != 1": ("!=", Kind.NUMBER, 1), "A < 1.5": ("<", Kind.NUMBER, 1.5),
        "A <= -2": ("<=", Kind.NUMBER, -2), "A > 1e3": (">", Kind.NUMBER, 1000.0),
        "A >= true": (">=", Kind.WORD, True), "A = FALSE": ("=", Kind.WORD, False), "A = NULL": ("=", Kind.WORD, None),
        "A LIKE 'a%'": ("LIKE", Kind.STRING, "a%"), "A = 2024-01-02": ("=", Kind.DATE, date(2024, 1, 2)),
        "A = TODAY": ("=", Kind.WORD, ("TODAY", 0)), "A > last_n_days:30": (">", Kind.WORD, ("LAST_N_DAYS", 30)),
    }
    for text, (op, kind, value) in cases.items():
        condition = where(text)
        assert isinstance(condition, Comparison), text
        assert (condition.op, condition.values[0].kind, condition.values[0].value) == (op, kind, value), text


@pytest.mark.parametrize("text", [
    "2024-01-02T03:04:05Z", "2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05.000Z",
    "2024-01-02T08:04:05+05:00", "2024-01-01T22:04:05-05:00", "2024-01-02T03:04:05+0000",
    "2024-01-01T22:04:05.000-0500",
])
def test_datetime_literals_are_instants_in_utc(text: str) -> None:
    value = where(f"CreatedDate = {text}").values[0]
    assert value.kind is Kind.DATETIME
    assert value.value == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_lists_includes_and_not_in() -> None:
    condition = where("Industry IN ('a', 'b', null)")
    assert condition.op == "IN" and [v.value for v in condition.values] == ["a", "b", None]
    assert where("Industry NOT IN ('a')").op == "NOT IN"
    assert where("Tags__c INCLUDES ('a;b', 'c')").op == "INCLUDES"
    assert where("Tags__c excludes ('a')").op == "EXCLUDES"


def test_semi_join_and_anti_join() -> None:
    condition = where("Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)")
    assert isinstance(condition, SemiJoin) and not condition.negated
    assert condition.subquery.object_name == "Opportunity"
    assert [f.path for f in condition.subquery.fields] == ["AccountId"]
    assert where("Id NOT IN (SELECT AccountId FROM Opportunity)").negated


def test_logic_nesting_and_not_binds_tightest() -> None:
    condition = where("NOT A = 1 AND (B = 2 OR C = 3) AND D = 4")
    assert isinstance(condition, And) and len(condition.operands) == 3
    assert isinstance(condition.operands[0], Not)
    assert isinstance(condition.operands[1], Or)
    assert isinstance(where("(A = 1 AND B = 2) OR C = 3"), Or)


def test_string_escapes_are_decoded() -> None:
    value = where(r"Name = 'O\'Brien \"q\" \\ \n\r\t\b\f \% \_'").values[0]
    assert value.value == "O'Brien \"q\" \\ \n\r\t\b\f % _"


def test_mixing_and_with_or_without_parentheses_is_rejected() -> None:
    message = malformed("SELECT Id FROM Account WHERE A = 1 AND B = 2 OR C = 3")
    assert message.endswith("unexpected token: 'OR'")
    assert "ERROR at Row:1:Column:46" in message
    assert malformed("SELECT Id FROM Account WHERE A = 1 OR B = 2 AND C = 3").endswith("unexpected token: 'AND'")


@pytest.mark.parametrize(("soql", "token"), [
    ("SELECT Id FRM Account", "FRM"),
    ("SELECT Id FROM Account WHERE", "<EOF>"),
    ("SELECT Id FROM Account WHERE Name = \"x\"", '"'),
    ("SELECT Id, FROM Account", "FROM"),
    ("SELECT Id FROM Account WHERE Name = abc", "abc"),
    ("SELECT Id FROM Account LIMIT -1", "-1"),
    ("SELECT Id FROM Account LIMIT 1.5", "1.5"),
    ("SELECT Id FROM Account WHERE (Name = 'x'", "<EOF>"),
    ("SELECT Id FROM Account WHERE Name = 'x' extra", "extra"),
    ("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity LIMIT 1)", "LIMIT"),
    ("SELECT Id, (SELECT Id FROM Contacts) FROM Account", "("),
    ("SELECT Id FROM Account WHERE CreatedDate > 2024-13-01", "2024-13-01"),
])
def test_syntax_errors_name_the_unexpected_token(soql: str, token: str) -> None:
    assert malformed(soql).endswith(f"unexpected token: '{token}'")


def test_error_excerpt_marks_row_and_column() -> None:
    message = malformed("SELECT Id\nFROM Account\nWHERE Name = ")
    assert message == "\nWHERE Name = \n             ^\nERROR at Row:3:Column:14\nunexpected token: '<EOF>'"


def test_bad_string_literals() -> None:
    assert "Missing closing quote" in malformed("SELECT Id FROM Account WHERE Name = 'abc")
    assert "Illegal character sequence '\\x'" in malformed(r"SELECT Id FROM Account WHERE Name = 'a\x'")


def test_date_literal_needing_a_number() -> None:
    assert "LAST_N_DAYS:30" in malformed("SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS")
