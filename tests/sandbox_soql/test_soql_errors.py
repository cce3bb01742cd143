"""Queries Salesforce refuses are refused with its status, error code and wording."""

from __future__ import annotations

import pytest

from gather_desktop.sandbox.soql import SoqlError
from tests.sandbox_soql.conftest import Runner

CUSTOM_FIELD_HINT = ("If you are attempting to use a custom field, be sure to append the '__c' after the custom "
                     "field name. Please reference your WSDL or the describe call for the appropriate names.")


def refused(query: Runner, soql: str) -> SoqlError:
    with pytest.raises(SoqlError) as caught:
        query(soql)
    assert caught.value.status == 400
    return caught.value


def test_unknown_field(query: Runner) -> None:
    error = refused(query, "SELECT Id, Foo FROM Account")
    assert error.error_code == "INVALID_FIELD"
    assert error.message == (f"\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\n"
                             f"No such column 'Foo' on entity 'Account'. {CUSTOM_FIELD_HINT}")


@pytest.mark.parametrize("soql", [
    "SELECT Id FROM Account WHERE Foo__c = 'x'",
    "SELECT Id FROM Account ORDER BY Foo__c",
    "SELECT Id FROM Account WHERE Id IN (SELECT Foo__c FROM Opportunity)",
])
def test_unknown_field_anywhere_in_the_query(query: Runner, soql: str) -> None:
    error = refused(query, soql)
    assert error.error_code == "INVALID_FIELD" and "No such column 'Foo__c'" in error.message


def test_unknown_field_on_a_parent_names_the_parent_object(query: Runner) -> None:
    error = refused(query, "SELECT Owner.Nickname FROM Account")
    assert error.error_code == "INVALID_FIELD"
    assert error.message.endswith(f"No such column 'Nickname' on entity 'User'. {CUSTOM_FIELD_HINT}")


@pytest.mark.parametrize(("soql", "relationship"), [
    ("SELECT Boss.Name FROM Account", "Boss"),
    ("SELECT Owner.Boss.Name FROM Account", "Boss"),
    ("SELECT Id FROM Account WHERE Name.Foo = 'x'", "Name"),
    ("SELECT OwnerId.Name FROM Account", "OwnerId"),
])
def test_unknown_relationship(query: Runner, soql: str, relationship: str) -> None:
    error = refused(query, soql)
    assert error.error_code == "INVALID_FIELD"
    assert error.message.endswith(
        f"Didn't understand relationship '{relationship}' in field path. If you are attempting to use a custom "
        "relationship, be sure to append the '__r' after the custom relationship name. Please reference your "
        "WSDL or the describe call for the appropriate names.")


@pytest.mark.parametrize("soql", ["SELECT Id FROM Foo", "SELECT Id FROM Account WHERE Id IN (SELECT Id FROM Foo)"])
def test_unknown_object(query: Runner, soql: str) -> None:
    error = refused(query, soql)
    assert error.error_code == "INVALID_TYPE"
    assert error.message.endswith(
        "sObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to append "
        "the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.")


@pytest.mark.parametrize(("where", "field", "type_name", "quoted"), [
    ("NumberOfEmployees = '5'", "NumberOfEmployees", "integer", False),
    ("AnnualRevenue > '5'", "AnnualRevenue", "currency", False),
    ("Rating__c IN (1, '2')", "Rating__c", "double", False),
    ("Active__c = 'true'", "Active__c", "boolean", False),
    ("Active__c = 1", "Active__c", "boolean", False),
    ("LastActivityDate = '2024-01-02'", "LastActivityDate", "date", False),
    ("LastActivityDate = 2024-01-02T00:00:00Z", "LastActivityDate", "date", False),
    ("CreatedDate > 2024-01-02", "CreatedDate", "dateTime", False),
    ("CreatedDate > '2024-01-02T00:00:00Z'", "CreatedDate", "dateTime", False),
    ("Name = 5", "Name", "string", True),
    ("Name = true", "Name", "string", True),
    ("Name = TODAY", "Name", "string", True),
    ("Name LIKE 5", "Name", "string", True),
    ("OwnerId = 5", "OwnerId", "id", True),
    ("Tags__c INCLUDES (5)", "Tags__c", "multipicklist", True),
    ("Owner.IsActive = 'yes'", "IsActive", "boolean", False),
])
def test_values_of_the_wrong_type(query: Runner, where: str, field: str, type_name: str, quoted: bool) -> None:
    error = refused(query, f"SELECT Id FROM Account WHERE {where}")
    assert error.error_code == "INVALID_FIELD"
    quotes = "should be enclosed in quotes" if quoted else "should not be enclosed in quotes"
    assert error.message.endswith(
        f"value of filter criterion for field '{field}' must be of type {type_name} and {quotes}")


def test_invalid_id_literal(query: Runner) -> None:
    error = refused(query, "SELECT Id FROM Account WHERE Id = 'not-an-id'")
    assert (error.error_code, error.message.splitlines()[-1]) == ("INVALID_QUERY_FILTER_OPERATOR",
                                                                 "invalid ID field: not-an-id")


@pytest.mark.parametrize(("where", "code"), [
    ("Name INCLUDES ('a')", "INVALID_QUERY_FILTER_OPERATOR"),
    ("Industry EXCLUDES ('a')", "INVALID_QUERY_FILTER_OPERATOR"),
    ("NumberOfEmployees LIKE '5%'", "INVALID_QUERY_FILTER_OPERATOR"),
    ("Tags__c LIKE 'a%'", "INVALID_QUERY_FILTER_OPERATOR"),
    ("Tags__c < 'a'", "INVALID_QUERY_FILTER_OPERATOR"),
    ("Active__c > false", "INVALID_QUERY_FILTER_OPERATOR"),
    ("BillingAddress = null", "INVALID_FIELD"),
    ("Description = 'x'", "INVALID_FIELD"),
])
def test_operators_a_field_does_not_take(query: Runner, where: str, code: str) -> None:
    assert refused(query, f"SELECT Id FROM Account WHERE {where}").error_code == code


def test_filtering_or_sorting_a_field_that_cannot_be(query: Runner) -> None:
    assert refused(query, "SELECT Id FROM Account WHERE BillingAddress != null").message.endswith(
        "field 'BillingAddress' can not be filtered in a query call")
    assert refused(query, "SELECT Id FROM Account ORDER BY Description").message.endswith(
        "field 'Description' can not be sorted in a query call")


def test_semi_join_must_select_an_id_of_the_same_object(query: Runner) -> None:
    error = refused(query, "SELECT Id FROM Contact WHERE Id IN (SELECT AccountId FROM Opportunity)")
    assert error.error_code == "INVALID_QUERY_FILTER_OPERATOR"
    assert error.message.endswith("The selected field 'AccountId' in the subquery and the left operand field 'Id' "
                                  "should point to the same object type")
    assert refused(query, "SELECT Id FROM Account WHERE Id IN (SELECT Name FROM Opportunity)").error_code \
        == "INVALID_QUERY_FILTER_OPERATOR"
    assert refused(query, "SELECT Id FROM Account WHERE Id IN (SELECT Id, Name FROM Account)").error_code \
        == "MALFORMED_QUERY"


def test_duplicate_field_and_offset_limit(query: Runner) -> None:
    assert refused(query, "SELECT Id, Name, name FROM Account").message.endswith("duplicate field selected: Name")
    error = refused(query, "SELECT Id FROM Account OFFSET 2001")
    assert (error.error_code, error.message) == ("NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000")
    assert query("SELECT Id FROM Account OFFSET 2000").records == []


def test_errors_are_raised_before_any_record_is_read(query: Runner) -> None:
    """A bad field in ORDER BY fails even when the WHERE matches nothing, as Salesforce validates first."""
    assert refused(query, "SELECT Id FROM Account WHERE Name = 'nobody' ORDER BY Nope").error_code == "INVALID_FIELD"


def test_unqueryable_object_is_not_supported(query: Runner) -> None:
    query.org.describe("User")["queryable"] = False
    assert refused(query, "SELECT Id FROM User").error_code == "INVALID_TYPE"
