"""The REST API through the real simple-salesforce: describe, records, queries, limits and their errors."""

from __future__ import annotations

import pytest
from simple_salesforce import (
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
    SalesforceResourceNotFound,
)

from gather_desktop.sandbox.faults import SalesforceFaults
from tests.sandbox_salesforce.conftest import client, https_session, login


def fields_by_name(describe: dict) -> dict[str, dict]:
    return {field["name"]: field for field in describe["fields"]}


def test_versions_and_resources(demo, sf):
    versions = https_session(demo).get(demo.url + "/services/data/").json()
    assert versions[-1] == {"label": "Winter '24", "url": "/services/data/v59.0", "version": "59.0"}
    assert sf.restful("")["query"] == "/services/data/v59.0/query"


def test_global_describe_lists_the_objects_with_their_flags(sf):
    described = sf.describe()
    assert described["encoding"] == "UTF-8" and described["maxBatchSize"] == 200
    by_name = {entry["name"]: entry for entry in described["sobjects"]}
    assert set(by_name) == {"Account", "Contact", "Opportunity", "User", "Subscription__c"}
    assert by_name["Subscription__c"]["custom"] is True and by_name["Account"]["custom"] is False
    assert by_name["Account"]["keyPrefix"] == "001"
    assert by_name["Account"]["urls"]["describe"] == "/services/data/v59.0/sobjects/Account/describe"
    assert by_name["Account"]["queryable"] is True


def test_account_describe_has_salesforces_full_shape(sf):
    described = sf.Account.describe()
    assert len(described) == 45
    fields = fields_by_name(described)
    assert all(len(field) == 57 for field in fields.values())
    assert fields["Id"]["type"] == "id" and fields["Id"]["soapType"] == "tns:ID" and not fields["Id"]["nillable"]
    assert fields["BillingAddress"]["type"] == "address"
    assert fields["BillingAddress"]["soapType"] == "urn:address"
    assert not fields["BillingAddress"]["updateable"] and fields["BillingAddress"]["compoundFieldName"] is None
    components = [name for name, field in fields.items() if field["compoundFieldName"] == "BillingAddress"]
    assert components == ["BillingStreet", "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry",
                          "BillingLatitude", "BillingLongitude", "BillingGeocodeAccuracy"]
    assert fields["BillingStreet"]["type"] == "textarea"
    assert fields["ParentId"]["referenceTo"] == ["Account"] and fields["ParentId"]["relationshipName"] == "Parent"
    assert fields["OwnerId"]["referenceTo"] == ["User"] and fields["OwnerId"]["relationshipName"] == "Owner"
    assert fields["AnnualRevenue"]["type"] == "currency" and fields["AnnualRevenue"]["precision"] == 18
    assert fields["YearStarted"]["type"] == "string"
    assert fields["Gather_Id__c"]["externalId"] is True and fields["Gather_Id__c"]["unique"] is False
    assert fields["Gather_Id__c"]["custom"] is True
    industry = fields["Industry"]["picklistValues"]
    assert {"active": True, "defaultValue": False, "label": "Energy", "validFor": None, "value": "Energy"} in industry
    assert fields["Products__c"]["type"] == "multipicklist"
    assert fields["Description"]["filterable"] is False  # a long text area
    children = {child["relationshipName"] for child in described["childRelationships"]}
    assert {"Contacts", "Opportunities", "Subscriptions__r"} <= children


def test_contact_opportunity_and_custom_object_describes(sf):
    contact = fields_by_name(sf.Contact.describe())
    assert contact["Name"]["type"] == "string" and not contact["Name"]["updateable"]
    assert contact["MailingAddress"]["type"] == "address"
    assert contact["AccountId"]["relationshipName"] == "Account"
    assert contact["Gather_User_Id__c"]["unique"] and contact["Gather_User_Id__c"]["externalId"]
    opportunity = fields_by_name(sf.Opportunity.describe())
    assert (opportunity["Amount"]["precision"], opportunity["Amount"]["scale"]) == (18, 2)
    assert opportunity["IsWon"]["type"] == "boolean" and not opportunity["IsWon"]["updateable"]
    assert "Closed Won" in [value["value"] for value in opportunity["StageName"]["picklistValues"]]
    subscription = fields_by_name(sf.Subscription__c.describe())
    assert subscription["Account__c"]["relationshipName"] == "Account__r"


def test_metadata_and_unknown_object(sf):
    assert sf.Account.metadata()["objectDescribe"]["name"] == "Account"
    with pytest.raises(SalesforceResourceNotFound) as failure:
        sf.Nope__c.describe()
    assert failure.value.content == [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}]


def test_create_get_update_delete(demo, sf):
    account_id = sf.query("SELECT Id FROM Account WHERE Name = 'Initech'")["records"][0]["Id"]
    created = sf.Contact.create({"FirstName": "Zoë", "LastName": "Ünal", "Email": "zoe@initech.example",
                                 "AccountId": account_id, "Birthdate": "1990-02-28"})
    assert created["success"] is True and created["id"].startswith("003") and len(created["id"]) == 18
    record = sf.Contact.get(created["id"])
    assert record["attributes"] == {"type": "Contact", "url": f"/services/data/v59.0/sobjects/Contact/{created['id']}"}
    assert (record["Name"], record["LastName"], record["Birthdate"]) == ("Zoë Ünal", "Ünal", "1990-02-28")
    assert record["OwnerId"] == demo.org.api_user_id and record["IsDeleted"] is False
    assert record["MailingAddress"] is None
    assert sf.Contact.get(created["id"][:15])["Id"] == created["id"]  # 15-character Ids are accepted
    assert sf.Contact.update(created["id"], {"Title": "CTO", "Email": None}) == 204
    updated = sf.Contact.get(created["id"])
    assert updated["Title"] == "CTO" and updated["Email"] is None
    assert updated["SystemModstamp"] >= record["SystemModstamp"]
    assert updated["CreatedDate"] == record["CreatedDate"]
    assert sf.Contact.delete(created["id"]) == 204
    with pytest.raises(SalesforceResourceNotFound) as failure:
        sf.Contact.get(created["id"])
    assert failure.value.content[0]["errorCode"] == "ENTITY_IS_DELETED"
    deleted = sf.query_all(f"SELECT Id, IsDeleted FROM Contact WHERE Id = '{created['id']}'", include_deleted=True)
    assert deleted["records"][0]["IsDeleted"] is True


def test_patch_moves_system_modstamp_to_now(demo, sf):
    account = sf.query("SELECT Id, SystemModstamp, LastModifiedDate FROM Account WHERE Name = 'Pied Piper'")
    [record] = account["records"]
    assert record["SystemModstamp"] == "2024-06-03T14:05:00.000+0000"
    sf.Account.update(record["Id"], {"NumberOfEmployees": 13})
    after = sf.Account.get(record["Id"])
    assert after["NumberOfEmployees"] == 13
    assert after["SystemModstamp"] > record["SystemModstamp"]
    assert after["LastModifiedDate"] == after["SystemModstamp"]


def test_opportunity_derived_fields_follow_the_stage(sf):
    account_id = sf.query("SELECT Id FROM Account WHERE Name = 'Initech'")["records"][0]["Id"]
    created = sf.Opportunity.create({"Name": "New deal", "StageName": "Prospecting", "CloseDate": "2024-12-31",
                                     "AccountId": account_id, "Amount": 1234.567})
    opportunity = sf.Opportunity.get(created["id"])
    assert (opportunity["IsWon"], opportunity["IsClosed"], opportunity["Amount"]) == (False, False, 1234.57)
    sf.Opportunity.update(created["id"], {"StageName": "Closed Won"})
    opportunity = sf.Opportunity.get(created["id"])
    assert (opportunity["IsWon"], opportunity["IsClosed"], opportunity["Probability"]) == (True, True, 100)


@pytest.mark.parametrize(("values", "code", "fields"), [
    ({"Nope__c": 1}, "INVALID_FIELD", None),
    ({"IsWon": True}, "INVALID_FIELD_FOR_INSERT_UPDATE", ["IsWon"]),
    ({"Name": None}, "REQUIRED_FIELD_MISSING", ["Name"]),
    ({"Amount": "lots"}, "JSON_PARSER_ERROR", ["Amount"]),
    ({"CloseDate": "31/12/2024"}, "JSON_PARSER_ERROR", ["CloseDate"]),
    ({"Name": "x" * 121}, "STRING_TOO_LONG", ["Name"]),
    ({"AccountId": "not-an-id"}, "MALFORMED_ID", ["AccountId"]),
])
def test_update_errors_are_json_lists(sf, values, code, fields):
    opportunity_id = sf.query("SELECT Id FROM Opportunity LIMIT 1")["records"][0]["Id"]
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.Opportunity.update(opportunity_id, values)
    [error] = failure.value.content
    assert error["errorCode"] == code
    if fields is not None:
        assert error["fields"] == fields


def test_create_requires_required_fields_and_unique_values(sf):
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.Contact.create({"FirstName": "Only"})
    assert failure.value.content[0]["message"] == "Required fields are missing: [LastName]"
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.Contact.create({"LastName": "Copy", "Gather_User_Id__c": "u-2001"})
    assert failure.value.content[0]["errorCode"] == "DUPLICATE_VALUE"


def test_query_errors_are_json_lists(sf):
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.query("SELECT Id, Bogus__c FROM Account")
    [error] = failure.value.content
    assert error["errorCode"] == "INVALID_FIELD"
    assert "No such column 'Bogus__c' on entity 'Account'" in error["message"]
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.query("SELECT Id FRM Account")
    assert failure.value.content[0]["errorCode"] == "MALFORMED_QUERY"


def test_count_and_a_filtered_query(sf):
    assert sf.query("SELECT COUNT() FROM Account WHERE Industry = 'Energy'") == {
        "totalSize": 3, "done": True, "records": []}
    energy = sf.query("SELECT Name FROM Account WHERE Industry = 'Energy' AND NumberOfEmployees > 50 ORDER BY Name")
    assert [record["Name"] for record in energy["records"]] == ["Energía Verde S.A.", "Globex Energy"]


def test_limits_and_the_usage_header_count_calls(sf):
    limits = sf.limits()
    assert limits["DailyApiRequests"]["Max"] == 15000
    used = sf.api_usage["api-usage"].used
    assert limits["DailyApiRequests"]["Remaining"] == 15000 - used
    sf.query("SELECT COUNT() FROM Account")
    assert sf.api_usage["api-usage"].used == used + 1
    assert sf.api_usage["api-usage"].total == 15000


def test_api_max_refuses_calls_past_the_allowance(make_sandbox):
    box = make_sandbox(faults=SalesforceFaults(api_max=3))
    sf = client(box)
    for _ in range(3):
        sf.query("SELECT COUNT() FROM Account")
    assert sf.api_usage["api-usage"].used == 3
    with pytest.raises(SalesforceRefusedRequest) as failure:
        sf.query("SELECT COUNT() FROM Account")
    assert failure.value.content == [{"message": "TotalRequests Limit exceeded.",
                                      "errorCode": "REQUEST_LIMIT_EXCEEDED"}]


def test_an_unknown_session_answers_401_with_a_json_list(demo):
    answer = https_session(demo).get(demo.url + "/services/data/v59.0/sobjects",
                                     headers={"Authorization": "Bearer 00Dnot!valid"})
    assert answer.status_code == 401
    assert answer.json() == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
    assert https_session(demo).get(demo.url + "/services/data/v59.0/limits/").status_code == 401


def test_expire_session_after_n_calls_then_a_new_login_works(make_sandbox):
    box = make_sandbox(faults=SalesforceFaults(expire_session_after=2))
    sf = client(box)
    sf.query("SELECT COUNT() FROM Account")
    sf.query("SELECT COUNT() FROM Account")
    with pytest.raises(SalesforceExpiredSession) as failure:
        sf.query("SELECT COUNT() FROM Account")
    assert failure.value.content == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
    with pytest.raises(SalesforceExpiredSession):  # expired for good
        sf.query("SELECT COUNT() FROM Account")
    assert client(box, login(box)).query("SELECT COUNT() FROM Account")["totalSize"] == 20


def test_an_unserved_api_version_is_not_found(demo, sf):
    answer = https_session(demo).get(demo.url + "/services/data/v99.0/limits/",
                                     headers={"Authorization": f"Bearer {sf.session_id}"})
    assert answer.status_code == 404
    assert answer.json()[0]["errorCode"] == "NOT_FOUND"


def test_stats_count_requests_by_route(demo, sf):
    sf.query("SELECT COUNT() FROM Account")
    stats = https_session(demo).get(demo.url + "/_sandbox/stats").json()
    assert stats["requests"]["POST /services/Soap/u/{version}"] == 1
    assert stats["requests"]["GET /services/data/{version}/query/"] == 1


def test_get_with_a_fields_list_answers_only_those(demo, sf):
    account_id = sf.query("SELECT Id FROM Account WHERE Name = 'Initech'")["records"][0]["Id"]
    record = sf.Account.get(account_id, params={"fields": "Name,Owner.Name"})
    assert set(record) == {"attributes", "Name", "Owner"} and record["Owner"]["Name"] == "Sam Rivera"
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.Account.get(account_id, params={"fields": "Name FROM Contact --"})
    assert failure.value.content[0]["errorCode"] == "INVALID_FIELD"
