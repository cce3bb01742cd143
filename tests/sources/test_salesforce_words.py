"""Describe documents and error answers turned into the app's shapes and words, without a
server: the cases the emulator has no switch for (inactive picklist values, a proxy's page
in place of a REST answer, Salesforce's own 5xx)."""

from __future__ import annotations

from gather_desktop.sandbox.salesforce_schema import complete_describe
from gather_desktop.sources.base import SourceAuthError, SourceError, SourceFieldError
from gather_desktop.sources.salesforce_describe import object_schema, object_summaries
from gather_desktop.sources.salesforce_errors import api_failure, login_failure

URL = "https://acme.my.salesforce.com"


def test_only_active_picklist_values_are_offered():
    describe = complete_describe({"name": "Account", "fields": [
        {"name": "Id", "type": "id"},
        {"name": "Plan_Tier__c", "type": "picklist", "picklistValues": [
            "Free", {"value": "Legacy", "label": "Legacy", "active": False}, "Growth"]},
        {"name": "Website", "type": "url"}]})
    schema = object_schema(describe)
    assert schema.fields["Plan_Tier__c"].picklist_values == ("Free", "Growth")
    assert schema.fields["Website"].length == 255 and schema.fields["Id"].nillable is False


def test_global_describe_summaries():
    summaries = object_summaries({"sobjects": [
        {"name": "Account", "label": "Account", "custom": False, "queryable": True},
        {"name": "Thing__c", "label": "Thing", "custom": True, "queryable": False}]})
    assert [(s.name, s.custom, s.queryable) for s in summaries] == [
        ("Account", False, True), ("Thing__c", True, False)]


def test_a_proxy_page_in_place_of_a_rest_answer():
    error = api_failure(503, "<html><body><h1>Service Unavailable</h1> the proxy</body></html>",
                        url=URL)
    assert str(error).startswith(f"{URL} answered 503 with a page that is not Salesforce's: "
                                 "\"<html><body><h1>Service Unavailable</h1> the proxy")


def test_rest_errors_in_words():
    missing = api_failure(400, [{"errorCode": "INVALID_FIELD",
                                 "message": "No such column 'Plan__c' on entity 'Account'."}],
                          url=URL)
    assert isinstance(missing, SourceFieldError) and "Plan__c" in str(missing)
    assert "Edit the integration" in str(missing)
    down = api_failure(500, [{"errorCode": "UNKNOWN_EXCEPTION", "message": "boom"}], url=URL)
    assert "Try again in a few minutes" in str(down)
    limit = api_failure(403, [{"errorCode": "REQUEST_LIMIT_EXCEEDED",
                               "message": "TotalRequests Limit exceeded."}], url=URL)
    assert type(limit) is SourceError and "daily API allowance" in str(limit)


def test_login_faults_in_words():
    for code, words in [("API_CURRENTLY_DISABLED", "\"API Enabled\" permission"),
                        ("PASSWORD_LOCKOUT", "locked ops@example.com out"),
                        ("LOGIN_MUST_USE_SECURITY_TOKEN", "security token"),
                        ("INVALID_OPERATION_WITH_EXPIRED_PASSWORD", "has expired")]:
        error = login_failure(code, "", username="ops@example.com", login_url=URL)
        assert isinstance(error, SourceAuthError) and words in str(error)
