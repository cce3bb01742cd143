"""The SOQL the connector builds from a `SourceQuery`, checked as strings, without a server.

Schemas come from the emulator's describe documents through the connector's own describe
reader, so names, types and relationships are the ones a real org describes. Every value in
an expected string is produced by simple-salesforce's `format_soql`, which is the rule: the
builder must quote exactly as the library does, and nothing it writes may come from user
input without passing through it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from simple_salesforce.format import format_soql

from gather_desktop.core.query import Condition, Filter, SourceQuery
from gather_desktop.core.schema import ObjectSchema
from gather_desktop.sandbox.salesforce_schema import load_describes
from gather_desktop.sources.base import SourceError, SourceFieldError
from gather_desktop.sources.salesforce_describe import object_schema
from gather_desktop.sources.salesforce_soql import CLOSED_WON, compile_query

ACCOUNT_DEFAULTS = ("Id", "Gather_Id__c", "Name", "Phone", "Description", "Industry",
                    "BillingAddress", "Website", "YearStarted", "NumberOfEmployees")
BREAKOUTS = ["O'Brien", "' OR Name != '", "back\\slash", "\\' OR Id != null OR Name = \\'",
             "50%_off", "tab\there\nnewline", 'say "hi"']


@pytest.fixture(scope="module")
def schemas():
    by_name = {d["name"].lower(): object_schema(d) for d in load_describes()}

    def lookup(name: str) -> ObjectSchema:
        try:
            return by_name[name.lower()]
        except KeyError:
            raise SourceFieldError(f"no object {name}") from None
    return lookup


def where(schemas, object_name: str, *conditions: Condition, match: str = "all") -> str:
    query = SourceQuery(object_name, ("Id",), Filter(match, tuple(conditions)))
    soql = compile_query(query, schemas).soql
    return soql.split(" WHERE ", 1)[1]


def test_default_account_fields_select_in_order(schemas):
    compiled = compile_query(SourceQuery("Account", ACCOUNT_DEFAULTS), schemas)
    assert compiled.soql == f"SELECT {', '.join(ACCOUNT_DEFAULTS)} FROM Account"
    assert compiled.count_soql == "SELECT COUNT() FROM Account"
    assert compiled.reads_records_as_they_come


def test_names_are_matched_case_insensitively_and_written_canonically(schemas):
    compiled = compile_query(SourceQuery("contact", ("id", "EMAIL", "account.gather_id__c")),
                             schemas)
    assert compiled.soql == "SELECT Id, Email, Account.Gather_Id__c FROM Contact"
    assert [c.key for c in compiled.columns] == ["id", "EMAIL", "account.gather_id__c"]
    assert not compiled.reads_records_as_they_come


def test_custom_relationship_parent_field(schemas):
    compiled = compile_query(SourceQuery("Subscription__c", ("Id", "Account__r.Name")), schemas)
    assert compiled.soql == "SELECT Id, Account__r.Name FROM Subscription__c"


def test_a_field_asked_for_twice_is_selected_once_but_keyed_both_ways(schemas):
    compiled = compile_query(SourceQuery("Account", ("Id", "Name", "name")), schemas)
    assert compiled.soql == "SELECT Id, Name FROM Account"
    rows = compiled.rows([{"attributes": {}, "Id": "001", "Name": "Acme"}])
    assert rows == [{"Id": "001", "Name": "Acme", "name": "Acme"}]


@pytest.mark.parametrize(("op", "value", "template"), [
    ("eq", "Energy", "Industry = {}"),
    ("ne", "Energy", "Industry != {}"),
    ("in", ["Energy", "Banking"], "Industry IN {}"),
    ("not_in", ["Energy", "Banking"], "Industry NOT IN {}"),
    ("contains", "erg", "Industry LIKE '%{:like}%'"),
    ("starts_with", "En", "Industry LIKE '{:like}%'"),
    ("not_contains", "erg", "NOT Industry LIKE '%{:like}%'"),
])
def test_text_operators_quote_as_format_soql_does(schemas, op, value, template):
    assert where(schemas, "Account", Condition("Industry", op, value)) == \
        "(" + format_soql(template, value) + ")"


@pytest.mark.parametrize("value", BREAKOUTS)
@pytest.mark.parametrize(("op", "template"), [
    ("eq", "Name = {}"), ("contains", "Name LIKE '%{:like}%'"),
    ("starts_with", "Name LIKE '{:like}%'"), ("in", "Name IN {}")])
def test_values_cannot_break_out_of_their_quotes(schemas, op, template, value):
    operand = [value] if op == "in" else value
    assert where(schemas, "Account", Condition("Name", op, operand)) == \
        "(" + format_soql(template, operand) + ")"


def test_like_escapes_wildcards(schemas):
    assert where(schemas, "Account", Condition("Name", "contains", "50%_off")) == \
        "(Name LIKE '%50\\%\\_off%')"


@pytest.mark.parametrize(("op", "symbol"), [("gt", ">"), ("gte", ">="), ("lt", "<"),
                                            ("lte", "<="), ("eq", "="), ("ne", "!=")])
def test_number_comparisons(schemas, op, symbol):
    assert where(schemas, "Account", Condition("NumberOfEmployees", op, 50)) == \
        f"(NumberOfEmployees {symbol} 50)"


@pytest.mark.parametrize(("value", "literal"), [
    (1250000.5, "1250000.5"), (1e-05, "0.00001"), ("42", "42"), (7, "7"),
    (1e20, "100000000000000000000")])
def test_numbers_are_plain_decimals(schemas, value, literal):
    assert where(schemas, "Account", Condition("AnnualRevenue", "gte", value)) == \
        f"(AnnualRevenue >= {literal})"


def test_dates_unquoted_and_datetimes_in_utc_with_z(schemas):
    assert where(schemas, "Account", Condition("SLAExpirationDate__c", "lt", "2024-01-31")) == \
        "(SLAExpirationDate__c < " + format_soql("{}", date(2024, 1, 31)) + ")"
    assert where(schemas, "Account",
                 Condition("Last_Activity__c", "gte", "2024-01-02T05:04:05+02:00")) == \
        "(Last_Activity__c >= 2024-01-02T03:04:05Z)"
    aware = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert where(schemas, "Account", Condition("Last_Activity__c", "lt", aware)) == \
        "(Last_Activity__c < 2024-01-02T08:04:05Z)"
    # A time without a zone is Salesforce's own zone, UTC; a bare day is its midnight.
    naive = Condition("Last_Activity__c", "gt", "2024-01-02T03:04:05")
    assert where(schemas, "Account", naive) == "(Last_Activity__c > 2024-01-02T03:04:05Z)"
    assert where(schemas, "Account", Condition("Last_Activity__c", "gt", "2024-01-02")) == \
        "(Last_Activity__c > 2024-01-02T00:00:00Z)"


def test_booleans_and_empty_checks(schemas):
    assert where(schemas, "Opportunity", Condition("IsWon", "eq", True)) == "(IsWon = true)"
    assert where(schemas, "Opportunity", Condition("IsWon", "ne", "false")) == "(IsWon != false)"
    assert where(schemas, "Account", Condition("Gather_Id__c", "is_empty", None)) == \
        "(Gather_Id__c = null)"
    assert where(schemas, "Account", Condition("Gather_Id__c", "is_not_empty", None)) == \
        "(Gather_Id__c != null)"


def test_multipicklists_use_includes_and_excludes(schemas):
    assert where(schemas, "Account", Condition("Products__c", "contains", "O'Reilly")) == \
        "(" + format_soql("Products__c INCLUDES {}", ("O'Reilly",)) + ")"
    assert where(schemas, "Account", Condition("Products__c", "not_contains", "Analytics")) == \
        "(Products__c EXCLUDES ('Analytics'))"
    assert where(schemas, "Account", Condition("Products__c", "in", ["A", "B"])) == \
        "(Products__c INCLUDES ('A','B'))"
    assert where(schemas, "Account", Condition("Products__c", "eq", "A;B")) == \
        "(Products__c = 'A;B')"


def test_parent_field_in_a_filter(schemas):
    assert where(schemas, "Contact", Condition("account.industry", "eq", "Energy")) == \
        "(Account.Industry = 'Energy')"


def test_all_and_any(schemas):
    energy = Condition("Industry", "eq", "Energy")
    big = Condition("NumberOfEmployees", "gt", 50)
    assert where(schemas, "Account", energy, big) == \
        "(Industry = 'Energy') AND (NumberOfEmployees > 50)"
    assert where(schemas, "Account", energy, big, match="any") == \
        "(Industry = 'Energy') OR (NumberOfEmployees > 50)"


def test_closed_won_and_modified_since_are_anded_with_the_whole_filter(schemas):
    query = SourceQuery(
        "Account", ("Id",),
        Filter("any", (Condition("Industry", "eq", "Energy"),
                       Condition("Industry", "eq", "Banking"))),
        only_closed_won=True,
        modified_since=datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))))
    compiled = compile_query(query, schemas)
    tail = (" FROM Account WHERE ((Industry = 'Energy') OR (Industry = 'Banking')) AND "
            f"{CLOSED_WON} AND SystemModstamp >= 2024-05-01T12:00:00Z")
    assert compiled.soql == "SELECT Id" + tail
    assert compiled.count_soql == "SELECT COUNT()" + tail


def test_closed_won_alone(schemas):
    compiled = compile_query(SourceQuery("Account", ("Id",), only_closed_won=True), schemas)
    assert compiled.soql == f"SELECT Id FROM Account WHERE {CLOSED_WON}"


def test_closed_won_is_for_accounts_only(schemas):
    with pytest.raises(SourceError, match="Accounts, not Contact"):
        compile_query(SourceQuery("Contact", ("Id",), only_closed_won=True), schemas)


@pytest.mark.parametrize("fields, condition", [
    (("Id", "Plan_Teir__c"), None),
    (("Id",), Condition("Plan_Teir__c", "eq", "Gold")),
    (("Id", "Account.Plan_Teir__c"), None),
])
def test_unknown_fields_name_object_and_field(schemas, fields, condition):
    object_name = "Contact" if fields[-1].startswith("Account.") else "Account"
    query = SourceQuery(object_name, fields,
                        Filter("all", (condition,)) if condition else None)
    with pytest.raises(SourceFieldError) as raised:
        compile_query(query, schemas)
    message = str(raised.value)
    assert object_name in message and "Plan_Teir__c" in message
    assert "Edit the integration" in message


def test_unknown_object(schemas):
    with pytest.raises(SourceFieldError):
        compile_query(SourceQuery("Acount", ("Id",)), schemas)


@pytest.mark.parametrize("condition, words", [
    (Condition("NumberOfEmployees", "contains", "5"), "NumberOfEmployees"),
    (Condition("NumberOfEmployees", "gt", "fifty"), "a number"),
    (Condition("NumberOfEmployees", "gt", True), "a number"),
    (Condition("NumberOfEmployees", "gt", float("nan")), "finite"),
    (Condition("SLAExpirationDate__c", "gt", "31/01/2024"), "a date like"),
    (Condition("SLAExpirationDate__c", "gt", datetime(2024, 1, 31, 23)), "a date like"),
    (Condition("Last_Activity__c", "gt", "yesterday"), "a date and time"),
    (Condition("Industry", "in", []), "one or more values"),
    (Condition("Industry", "in", "Energy"), "one or more values"),
    (Condition("Industry", "eq", {"x": 1}), "text"),
    (Condition("BillingAddress", "eq", "x"), "cannot filter on Account.BillingAddress"),
    (Condition("Products__c", "starts_with", "A"), "multi-select picklist"),
    (Condition("Id", "contains", "001"), "Account.Id"),
])
def test_values_and_operators_that_do_not_fit_the_field_are_refused_in_words(
        schemas, condition, words):
    with pytest.raises(SourceError, match=words.replace(".", r"\.")):
        where(schemas, "Account", condition)


def test_rows_flatten_parents_and_drop_attributes(schemas):
    compiled = compile_query(
        SourceQuery("Contact", ("Id", "Email", "Account.Gather_Id__c", "MailingAddress")),
        schemas)
    address = {"street": "1 Main", "city": "Oslo", "state": None, "postalCode": None,
               "country": "NO", "latitude": None, "longitude": None, "geocodeAccuracy": None}
    records = [
        {"attributes": {"type": "Contact"}, "Id": "003A", "Email": "a@x.io",
         "Account": {"attributes": {"type": "Account"}, "Gather_Id__c": "G-1"},
         "MailingAddress": address},
        {"attributes": {"type": "Contact"}, "Id": "003B", "Email": None, "Account": None,
         "MailingAddress": None},
    ]
    assert compiled.rows(records) == [
        {"Id": "003A", "Email": "a@x.io", "Account.Gather_Id__c": "G-1",
         "MailingAddress": address},
        {"Id": "003B", "Email": None, "Account.Gather_Id__c": None, "MailingAddress": None},
    ]


def test_rows_of_own_fields_are_the_records_without_attributes(schemas):
    compiled = compile_query(SourceQuery("Account", ("Id", "Name")), schemas)
    records = [{"attributes": {"type": "Account"}, "Id": "001A", "Name": "Acme"}]
    assert compiled.rows(records) == [{"Id": "001A", "Name": "Acme"}]
