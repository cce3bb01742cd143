"""Result shapes: attributes, canonical casing, nested parents, composed addresses, order, paging, COUNT()."""

from __future__ import annotations

from tests.sandbox_soql.conftest import A1, A2, A3, A4, A5, C1, C2, U1, U3, Runner, field

ALL_LIVE = [A1, A2, A3, A4, A5]


def test_record_shape_uses_describe_casing_and_attributes(query: Runner) -> None:
    result = query(f"select id, NAME, numberofemployees from account where id = '{A1}'", api_version="60.0")
    assert result.total_size == 1
    assert result.records == [{
        "attributes": {"type": "Account", "url": f"/services/data/v60.0/sobjects/Account/{A1}"},
        "Id": A1, "Name": "Acme", "NumberOfEmployees": 120,
    }]


def test_fields_keep_select_order_and_stored_formats(query: Runner) -> None:
    record = query(f"SELECT CreatedDate, LastActivityDate, Tags__c, Active__c, AnnualRevenue FROM Account "
                   f"WHERE Id = '{A1}'").records[0]
    assert list(record) == ["attributes", "CreatedDate", "LastActivityDate", "Tags__c", "Active__c", "AnnualRevenue"]
    assert record["CreatedDate"] == "2024-03-15T09:30:00.000+0000"
    assert record["LastActivityDate"] == "2024-03-14"
    assert record["Tags__c"] == "Gold;Partner"
    assert record["Active__c"] is True and record["AnnualRevenue"] == 1_500_000.0


def test_parent_fields_nest_and_merge_and_are_null_when_the_lookup_is_empty(query: Runner) -> None:
    records = query("SELECT Name, Owner.Name, owner.email, Owner.Manager.Name FROM Account "
                    f"WHERE Id IN ('{A1}', '{A2}', '{A3}')").records
    acme, obrien, fifty = records
    assert acme["Owner"] == {
        "attributes": {"type": "User", "url": f"/services/data/v59.0/sobjects/User/{U1}"},
        "Name": "Ada Admin", "Email": "ada@example.com",
        "Manager": {"attributes": {"type": "User", "url": f"/services/data/v59.0/sobjects/User/{U3}"},
                    "Name": "Cy Boss"},
    }
    assert obrien["Owner"]["Manager"] is None
    assert fifty["Owner"] is None
    assert list(acme) == ["attributes", "Name", "Owner"]


def test_parent_of_a_different_object_and_self_lookup(query: Runner) -> None:
    records = query("SELECT LastName, Account.Name, Account.Parent.Name FROM Contact").records
    assert records[0]["Account"]["Name"] == "Acme" and records[0]["Account"]["Parent"] is None
    assert records[0]["Account"]["attributes"]["type"] == "Account"
    assert records[1]["Account"] is None


def test_address_is_composed_from_its_components(query: Runner) -> None:
    records = query("SELECT BillingAddress FROM Account WHERE Id IN ('%s', '%s')" % (A1, A2)).records
    assert records[0]["BillingAddress"] == {
        "city": "Berlin", "country": "Germany", "geocodeAccuracy": None, "latitude": 52.52, "longitude": None,
        "postalCode": None, "state": None, "street": "1 Main St\nFloor 2",
    }
    assert records[1]["BillingAddress"] is None
    contact = query("SELECT Account.BillingAddress, MailingAddress FROM Contact WHERE Id = '%s'" % C1).records[0]
    assert contact["MailingAddress"]["city"] == "Paris" and contact["MailingAddress"]["postalCode"] == "75001"
    assert contact["Account"]["BillingAddress"]["city"] == "Berlin"


def test_address_includes_state_and_country_codes_when_the_object_has_them(query: Runner) -> None:
    state_code = field("BillingStateCode", "picklist", compoundFieldName="BillingAddress")
    query.org.describe("Account")["fields"].append(state_code)
    query.org.records("Account")[0]["BillingStateCode"] = "BE"
    address = query(f"SELECT BillingAddress FROM Account WHERE Id = '{A1}'").records[0]["BillingAddress"]
    assert address["stateCode"] == "BE" and "countryCode" not in address


def test_without_order_by_storage_order_is_kept(query: Runner) -> None:
    assert query.ids("SELECT Id FROM Account") == ALL_LIVE


def test_order_by_asc_puts_nulls_first_and_desc_puts_them_last(query: Runner) -> None:
    assert query.ids("SELECT Id FROM Account ORDER BY NumberOfEmployees") == [A3, A2, A1, A5, A4]
    assert query.ids("SELECT Id FROM Account ORDER BY NumberOfEmployees DESC") == [A4, A1, A5, A2, A3]
    assert query.ids("SELECT Id FROM Account ORDER BY NumberOfEmployees ASC NULLS LAST") == [A2, A1, A5, A4, A3]
    assert query.ids("SELECT Id FROM Account ORDER BY NumberOfEmployees DESC NULLS FIRST") == [A3, A4, A1, A5, A2]


def test_order_by_several_keys_text_dates_and_parents(query: Runner) -> None:
    assert query.ids("SELECT Id FROM Account ORDER BY NumberOfEmployees DESC, Name DESC") == [A4, A5, A1, A2, A3]
    assert query.ids("SELECT Id FROM Account ORDER BY Name") == [A3, A1, A4, A2, A5]
    assert query.ids("SELECT Id FROM Account ORDER BY CreatedDate DESC") == [A5, A1, A4, A2, A3]
    assert query.ids("SELECT Id FROM Account ORDER BY LastActivityDate") == [A4, A2, A1, A5, A3]
    assert query.ids("SELECT Id FROM Account ORDER BY Owner.Name DESC NULLS LAST, Name") == [A4, A2, A1, A5, A3]


def test_limit_and_offset_page_deterministically(query: Runner) -> None:
    assert query.ids("SELECT Id FROM Account LIMIT 2") == [A1, A2]
    assert query.ids("SELECT Id FROM Account LIMIT 2 OFFSET 2") == [A3, A4]
    assert query.ids("SELECT Id FROM Account OFFSET 4") == [A5]
    assert query.ids("SELECT Id FROM Account ORDER BY Name DESC LIMIT 2 OFFSET 1") == [A2, A4]
    assert query("SELECT Id FROM Account LIMIT 0").records == []
    result = query("SELECT Id FROM Account LIMIT 3")
    assert result.total_size == 3


def test_count(query: Runner) -> None:
    result = query("SELECT COUNT() FROM Account")
    assert (result.total_size, result.records) == (5, [])
    assert query("select count() from Account where Industry = 'Energy'").total_size == 2
    assert query("SELECT COUNT() FROM Account WHERE Industry = 'Energy'", include_deleted=True).total_size == 3
    assert query("SELECT COUNT() FROM Account LIMIT 2").total_size == 2
    assert query("SELECT COUNT() FROM Opportunity WHERE Id IN (SELECT Id FROM Opportunity WHERE IsWon = true)") \
        .total_size == 2


def test_other_objects_and_case_insensitive_object_names(query: Runner) -> None:
    assert query.ids("SELECT Id FROM CONTACT") == [C1, C2]
    assert query("SELECT Id FROM contact").records[0]["attributes"]["type"] == "Contact"
