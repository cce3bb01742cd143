"""Query paging past 2,000 records on a generated org, and a session that expires in the middle."""

from __future__ import annotations

import pytest
from simple_salesforce import SalesforceExpiredSession, SalesforceMalformedRequest

from gather_desktop.sandbox.faults import SalesforceFaults
from tests.sandbox_salesforce.conftest import SCALE_ACCOUNTS, client, https_session, login


def test_query_pages_of_2000_with_next_records_urls(make_sandbox, scale_org):
    sf = client(make_sandbox(scale_org))
    first = sf.query("SELECT Id, Name FROM Account")
    assert first["totalSize"] == SCALE_ACCOUNTS and first["done"] is False
    assert len(first["records"]) == 2000
    assert first["nextRecordsUrl"].startswith("/services/data/v59.0/query/01g")
    assert first["nextRecordsUrl"].endswith("-2000")
    second = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert len(second["records"]) == 2000 and second["nextRecordsUrl"].endswith("-4000")
    third = sf.query_more(second["nextRecordsUrl"], identifier_is_url=True)
    assert len(third["records"]) == 500 and third["done"] is True and "nextRecordsUrl" not in third
    assert third["totalSize"] == SCALE_ACCOUNTS


def test_query_all_iter_reads_every_record_once(make_sandbox, scale_org):
    sf = client(make_sandbox(scale_org))
    ids = [record["Id"] for record in sf.query_all_iter("SELECT Id FROM Account")]
    assert len(ids) == SCALE_ACCOUNTS == len(set(ids))
    assert all(len(record_id) == 18 and record_id.startswith("001") for record_id in ids)
    assert sf.query_all("SELECT Id FROM Account")["totalSize"] == SCALE_ACCOUNTS


def test_batch_size_header_lowers_the_page_size(make_sandbox, scale_org):
    sf = client(make_sandbox(scale_org))
    page = sf.query("SELECT Id FROM Account", headers={"Sforce-Query-Options": "batchSize=500"})
    assert len(page["records"]) == 500 and page["nextRecordsUrl"].endswith("-500")
    tiny = sf.query("SELECT Id FROM Account", headers={"Sforce-Query-Options": "batchSize=5"})
    assert len(tiny["records"]) == 200


def test_an_unknown_locator_is_invalid(make_sandbox, scale_org):
    sf = client(make_sandbox(scale_org))
    with pytest.raises(SalesforceMalformedRequest) as failure:
        sf.query_more("/services/data/v59.0/query/01g5g00000Nope0AAA-2000", identifier_is_url=True)
    assert failure.value.content == [{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}]


def test_a_session_expiring_mid_stream_and_a_new_login_continuing_the_same_locator(make_sandbox, scale_org):
    box = make_sandbox(scale_org, SalesforceFaults(expire_session_after=2))
    sf = client(box)
    first = sf.query("SELECT Id FROM Account ORDER BY Name")
    second = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    with pytest.raises(SalesforceExpiredSession) as failure:
        sf.query_more(second["nextRecordsUrl"], identifier_is_url=True)
    assert failure.value.status == 401
    again = client(box, login(box))
    third = again.query_more(second["nextRecordsUrl"], identifier_is_url=True)
    ids = [record["Id"] for page in (first, second, third) for record in page["records"]]
    assert len(ids) == SCALE_ACCOUNTS == len(set(ids))


def test_locators_are_kept_for_the_last_50_queries(make_sandbox, scale_org):
    box = make_sandbox(scale_org)
    sf = client(box)
    oldest = sf.query("SELECT Id FROM Account")["nextRecordsUrl"]
    for _ in range(50):
        sf.query("SELECT Id FROM Account")
    with pytest.raises(SalesforceMalformedRequest):
        sf.query_more(oldest, identifier_is_url=True)
    stats = https_session(box).get(box.url + "/_sandbox/stats").json()["requests"]
    assert stats["GET /services/data/{version}/query/"] == 51
