"""A small in-memory org (Users, Accounts, Contacts, Opportunities) shaped like describe output.

The SOQL engine only needs `describe`, `records` and `get`; this org gives it real describe-
shaped field dicts (name, type, referenceTo, relationshipName, compoundFieldName, filterable,
picklistValues, nillable) and records in the stored wire formats, so the tests exercise the
same lookups the emulator's org will.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from gather_desktop.sandbox.soql import QueryResult, run_query

TODAY = date(2024, 3, 15)  # a Friday; relative date literals count from here


def record_id(prefix: str, number: int) -> str:
    """An 18-character Id: key prefix, 12 digits, and a fixed 3-character suffix."""
    return f"{prefix}{number:012d}AAA"


def field(name: str, type_: str = "string", **extra: Any) -> dict[str, Any]:
    """A describe field entry with the keys the engine reads."""
    entry: dict[str, Any] = {
        "name": name, "label": name, "type": type_, "nillable": type_ not in ("id", "boolean"),
        "referenceTo": [], "relationshipName": None, "compoundFieldName": None,
        "picklistValues": [], "filterable": True, "sortable": True,
    }
    entry.update(extra)
    return entry


def lookup(name: str, relationship: str, *targets: str) -> dict[str, Any]:
    return field(name, "reference", referenceTo=list(targets), relationshipName=relationship)


def address(prefix: str) -> list[dict[str, Any]]:
    compound = f"{prefix}Address"
    parts = [("Street", "textarea"), ("City", "string"), ("State", "string"), ("PostalCode", "string"),
             ("Country", "string"), ("Latitude", "double"), ("Longitude", "double"),
             ("GeocodeAccuracy", "picklist")]
    return [field(f"{prefix}{suffix}", type_, compoundFieldName=compound) for suffix, type_ in parts] + [
        field(compound, "address", filterable=False, sortable=False)
    ]


DESCRIBES: dict[str, dict[str, Any]] = {
    "User": {"name": "User", "queryable": True, "fields": [
        field("Id", "id"), field("Name"), field("Email", "email"), field("IsActive", "boolean"),
        lookup("ManagerId", "Manager", "User"),
    ]},
    "Account": {"name": "Account", "queryable": True, "fields": [
        field("Id", "id"), field("IsDeleted", "boolean"), field("Name"),
        field("Industry", "picklist", picklistValues=[{"value": v, "active": True} for v in ("Energy", "Retail")]),
        field("NumberOfEmployees", "int"), field("AnnualRevenue", "currency"), field("Rating__c", "double"),
        field("Tags__c", "multipicklist"), field("Active__c", "boolean"),
        field("LastActivityDate", "date"), field("CreatedDate", "datetime"),
        field("Description", "textarea", filterable=False, sortable=False),
        lookup("OwnerId", "Owner", "User"), lookup("ParentId", "Parent", "Account"),
        *address("Billing"),
    ]},
    "Contact": {"name": "Contact", "queryable": True, "fields": [
        field("Id", "id"), field("IsDeleted", "boolean"), field("LastName"), field("Email", "email"),
        lookup("AccountId", "Account", "Account"), *address("Mailing"),
    ]},
    "Opportunity": {"name": "Opportunity", "queryable": True, "fields": [
        field("Id", "id"), field("IsDeleted", "boolean"), field("Name"), field("IsWon", "boolean"),
        field("Amount", "currency"), field("CloseDate", "date"), lookup("AccountId", "Account", "Account"),
    ]},
}

U1, U2, U3 = (record_id("005", n) for n in (1, 2, 3))
A1, A2, A3, A4, A5, A_DELETED = (record_id("001", n) for n in (1, 2, 3, 4, 5, 6))
C1, C2 = record_id("003", 1), record_id("003", 2)


def account(id_: str, name: str | None, **values: Any) -> dict[str, Any]:
    base = {name_["name"]: None for name_ in DESCRIBES["Account"]["fields"] if name_["type"] != "address"}
    base.update(Id=id_, Name=name, IsDeleted=False, Active__c=False, OwnerId=U1)
    base.update(values)
    return base


def sample_records() -> dict[str, list[dict[str, Any]]]:
    return {
        "User": [
            {"Id": U1, "Name": "Ada Admin", "Email": "ada@example.com", "IsActive": True, "ManagerId": U3},
            {"Id": U2, "Name": "Bob Seller", "Email": "bob@example.com", "IsActive": False, "ManagerId": None},
            {"Id": U3, "Name": "Cy Boss", "Email": None, "IsActive": True, "ManagerId": None},
        ],
        "Account": [
            account(A1, "Acme", Industry="Energy", NumberOfEmployees=120, AnnualRevenue=1_500_000.0,
                     Rating__c=4.5, Tags__c="Gold;Partner", Active__c=True, LastActivityDate="2024-03-14",
                     CreatedDate="2024-03-15T09:30:00.000+0000", BillingCity="Berlin", BillingCountry="Germany",
                     BillingStreet="1 Main St\nFloor 2", BillingLatitude=52.52, Description="Long text"),
            account(A2, "O'Brien & Sons", Industry="Retail", NumberOfEmployees=8, AnnualRevenue=90_000.0,
                     Tags__c="Silver", LastActivityDate="2024-02-01", CreatedDate="2024-01-02T03:04:05.000+0000",
                     OwnerId=U2, ParentId=A1),
            account(A3, "50% off_sale \\ backslash", Industry=None, NumberOfEmployees=None,
                     Tags__c="Gold;Silver;Bronze", LastActivityDate="2024-03-16",
                     CreatedDate="2023-12-31T23:59:59.000+0000", OwnerId=None),
            account(A4, "ACME Labs", Industry="Energy", NumberOfEmployees=5000, AnnualRevenue=None,
                     Active__c=True, LastActivityDate=None, CreatedDate="2024-03-14T23:00:00.000+0000",
                     ParentId=A2, OwnerId=U2),
            account(A5, "Zeta \"Quoted\"", Industry="Retail", NumberOfEmployees=120, AnnualRevenue=0.0,
                     LastActivityDate="2024-03-15", CreatedDate="2024-03-16T00:00:00.000+0000"),
            account(A_DELETED, "Gone Ltd", IsDeleted=True, Industry="Energy",
                     CreatedDate="2024-03-01T00:00:00.000+0000"),
        ],
        "Contact": [
            {"Id": C1, "IsDeleted": False, "LastName": "Ng", "Email": "ng@acme.test", "AccountId": A1,
             "MailingCity": "Paris", "MailingPostalCode": "75001"},
            {"Id": C2, "IsDeleted": False, "LastName": "Orphan", "Email": None, "AccountId": None},
        ],
        "Opportunity": [
            {"Id": record_id("006", 1), "IsDeleted": False, "Name": "Big", "IsWon": True, "Amount": 1000.0,
             "CloseDate": "2024-03-01", "AccountId": A1},
            {"Id": record_id("006", 2), "IsDeleted": False, "Name": "Lost", "IsWon": False, "Amount": 5.0,
             "CloseDate": "2024-03-02", "AccountId": A2},
            {"Id": record_id("006", 3), "IsDeleted": False, "Name": "Won again", "IsWon": True, "Amount": 7.0,
             "CloseDate": "2024-03-03", "AccountId": A4},
            {"Id": record_id("006", 4), "IsDeleted": True, "Name": "Deleted win", "IsWon": True, "Amount": 1.0,
             "CloseDate": "2024-03-04", "AccountId": A5},
        ],
    }


class MemoryOrg:
    """The `OrgView` the engine needs, over plain dicts: describes by name, records in order."""

    def __init__(self, describes: Mapping[str, dict[str, Any]], records: Mapping[str, list[dict[str, Any]]]) -> None:
        self._describes = {name.lower(): describe for name, describe in describes.items()}
        self._records = {name.lower(): rows for name, rows in records.items()}
        self._by_id = {name.lower(): {row["Id"]: row for row in rows} for name, rows in records.items()}

    def add(self, object_name: str, record: dict[str, Any]) -> None:
        self._records[object_name.lower()].append(record)
        self._by_id[object_name.lower()][record["Id"]] = record

    def describe(self, object_name: str) -> dict[str, Any] | None:
        return self._describes.get(object_name.lower())

    def records(self, object_name: str) -> Sequence[dict[str, Any]]:
        return self._records.get(object_name.lower(), [])

    def get(self, object_name: str, record_id: str) -> dict[str, Any] | None:
        return self._by_id.get(object_name.lower(), {}).get(record_id)


@pytest.fixture
def org() -> MemoryOrg:
    """A fresh org per test: tests may add fields or edit records without touching the others."""
    return MemoryOrg(copy.deepcopy(DESCRIBES), sample_records())


class Runner:
    """`run_query` against the sample org with the fixed day, plus shortcuts for the tests."""

    def __init__(self, org: MemoryOrg) -> None:
        self.org = org

    def __call__(self, soql: str, **kwargs: Any) -> QueryResult:
        return run_query(soql, self.org, today=TODAY, **kwargs)

    def ids(self, soql: str, **kwargs: Any) -> list[str]:
        return [record["Id"] for record in self(soql, **kwargs).records]

    def names(self, where: str, object_name: str = "Account") -> list[str]:
        """Names of the records matching a WHERE clause, in storage order."""
        return [record["Name"] for record in self(f"SELECT Name FROM {object_name} WHERE {where}").records]


@pytest.fixture
def query(org: MemoryOrg) -> Runner:
    return Runner(org)
