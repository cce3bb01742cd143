"""Objects through the real client: paging, properties, associations, batch read, PATCH."""

from __future__ import annotations

import re

import pytest
from hubspot.crm.contacts import BatchReadInputSimplePublicObjectId, SimplePublicObjectInput
from hubspot.crm.contacts.exceptions import ApiException, NotFoundException

from tests.sandbox_hubspot.conftest import call, client, raw

ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def test_get_all_reads_every_record_in_id_order(demo):
    hs = client(demo)
    contacts = hs.crm.contacts.get_all(properties=["email", "app_user_id"])
    companies = hs.crm.companies.get_all()
    assert len(contacts) == 80 and len(companies) == 25
    assert [int(contact.id) for contact in contacts] == sorted(
        int(contact.id) for contact in contacts
    )
    first = contacts[0].properties
    assert set(first) == {"email", "app_user_id", "createdate", "hs_object_id", "lastmodifieddate"}
    assert first["hs_object_id"] == contacts[0].id and ISO_MS.fullmatch(first["lastmodifieddate"])
    assert set(companies[0].properties) == {
        "name",
        "domain",
        "createdate",
        "hs_lastmodifieddate",
        "hs_object_id",
        "lastmodifieddate",
    }


def test_raw_pages_chain_by_after_and_the_last_page_has_no_paging(demo):
    basic = client(demo).crm.contacts.basic_api
    seen, after, pages = [], None, []
    while True:
        page = raw(
            basic.get_page(limit=30, after=after, properties=["email"], _preload_content=False)
        )
        pages.append(page)
        seen += [record["id"] for record in page["results"]]
        if "paging" not in page:
            break
        after = page["paging"]["next"]["after"]
        assert page["paging"]["next"]["link"].endswith(f"?after={after.replace('=', '%3D')}")
    assert [len(page["results"]) for page in pages] == [30, 30, 20]
    assert len(seen) == len(set(seen)) == 80
    assert all(
        isinstance(value, str) or value is None
        for page in pages
        for record in page["results"]
        for value in record["properties"].values()
    )


def test_properties_repeated_or_comma_separated_and_unknown_ones_left_out(demo):
    repeated = call(
        demo, "GET", "/crm/v3/objects/companies?properties=city&properties=country&limit=1"
    ).json()
    commas = call(
        demo, "GET", "/crm/v3/objects/companies?properties=city,country,nosuch&limit=1"
    ).json()
    assert repeated["results"] == commas["results"]
    assert {"city", "country"} <= set(commas["results"][0]["properties"])
    assert "nosuch" not in commas["results"][0]["properties"]


@pytest.mark.parametrize("query", ["limit=101", "limit=0", "limit=ten", "after=not-a-cursor"])
def test_bad_list_parameters_answer_400_validation_error(demo, query):
    answer = call(demo, "GET", f"/crm/v3/objects/contacts?{query}")
    assert answer.status_code == 400
    body = answer.json()
    assert (
        body["status"] == "error"
        and body["category"] == "VALIDATION_ERROR"
        and body["correlationId"]
    )
    assert body["message"]


def test_contact_associations_list_the_primary_company_twice(demo):
    hs = client(demo)
    contact = hs.crm.contacts.basic_api.get_by_id("1004", associations=["companies"])
    links = [(link.id, link.type) for link in contact.associations["companies"].results]
    assert links == [
        ("5000000004", "contact_to_company"),
        ("5000000004", "contact_to_company_unlabeled"),
        ("5000000013", "contact_to_company_unlabeled"),
    ]
    loner = raw(
        hs.crm.contacts.basic_api.get_by_id(
            "1006",
            properties=["associatedcompanyid"],
            associations=["companies"],
            _preload_content=False,
        )
    )
    assert loner["properties"]["associatedcompanyid"] is None and "associations" not in loner


def test_get_by_id_and_id_property(demo):
    basic = client(demo).crm.contacts.basic_api
    by_id = basic.get_by_id("1002", properties=["app_user_id", "email"])
    by_user_id = basic.get_by_id("user-1001", properties=["email"], id_property="app_user_id")
    by_email = basic.get_by_id(by_id.properties["email"].upper(), id_property="email")
    assert by_id.id == by_user_id.id == by_email.id == "1002"
    with pytest.raises(NotFoundException) as missing:
        basic.get_by_id("99999")
    assert '"category":"OBJECT_NOT_FOUND"' in missing.value.body
    with pytest.raises(ApiException) as not_unique:
        basic.get_by_id("Park", id_property="lastname")
    assert not_unique.value.status == 400 and "unique" in not_unique.value.body


def test_batch_read_keeps_input_order_and_reports_missing_ids_with_207(demo):
    batch = client(demo).crm.contacts.batch_api
    answer = raw(
        batch.read(
            BatchReadInputSimplePublicObjectId(
                inputs=[{"id": "1003"}, {"id": "1001"}, {"id": "424242"}], properties=["email"]
            ),
            _preload_content=False,
        )
    )
    assert [record["id"] for record in answer["results"]] == ["1003", "1001"]
    assert answer["numErrors"] == 1 and answer["errors"][0]["context"] == {"ids": ["424242"]}
    found = batch.read(
        BatchReadInputSimplePublicObjectId(
            inputs=[{"id": "user-1000"}], properties=["email"], id_property="app_user_id"
        )
    )
    assert [record.id for record in found.results] == ["1001"]
    too_many = call(
        demo,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        json={"inputs": [{"id": str(1001 + index)} for index in range(101)]},
    )
    assert too_many.status_code == 400 and "at most 100" in too_many.json()["message"]


def test_patch_changes_properties_and_bumps_lastmodifieddate(demo):
    basic = client(demo).crm.contacts.basic_api
    before = basic.get_by_id("1002", properties=["city"]).properties
    updated = basic.update(
        "1002", SimplePublicObjectInput(properties={"city": "Porto", "newsletter_opt_in": True})
    )
    assert (
        updated.properties["city"] == "Porto" and updated.properties["newsletter_opt_in"] == "true"
    )
    after = basic.get_by_id("1002", properties=["city"]).properties
    assert after["city"] == "Porto" and after["lastmodifieddate"] > before["lastmodifieddate"]
    assert ISO_MS.fullmatch(after["lastmodifieddate"])
    assert demo.portal.get("contacts", "1002")["city"] == "Porto"


@pytest.mark.parametrize(
    ("properties", "error"),
    [
        ({"nosuch": "x"}, "PROPERTY_DOESNT_EXIST"),
        ({"lifecyclestage": "royalty"}, "INVALID_OPTION"),
        ({"hs_object_id": "5"}, "READ_ONLY_VALUE"),
        ({"associatedcompanyid": "123"}, "INVALID_OBJECT_ID"),
    ],
)
def test_patch_refuses_bad_values_and_changes_nothing(demo, properties, error):
    answer = call(
        demo,
        "PATCH",
        "/crm/v3/objects/contacts/1002",
        json={"properties": {"city": "Faro", **properties}},
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["category"] == "VALIDATION_ERROR" and error in body["message"]
    assert demo.portal.get("contacts", "1002")["city"] != "Faro"


def test_in_process_update_is_what_the_api_reads(demo):
    demo.portal.update("companies", "5000000002", {"city": "Dallas"})
    company = client(demo).crm.companies.basic_api.get_by_id("5000000002", properties=["city"])
    assert company.properties["city"] == "Dallas"
    assert company.properties["hs_lastmodifieddate"] == company.properties["lastmodifieddate"]


def test_archived_records_leave_the_list_and_appear_with_archived_true(demo):
    demo.portal.archive("contacts", "1003")
    live = call(demo, "GET", "/crm/v3/objects/contacts?limit=100").json()["results"]
    gone = call(demo, "GET", "/crm/v3/objects/contacts?archived=true").json()["results"]
    assert "1003" not in [record["id"] for record in live] and len(live) == 79
    assert [record["id"] for record in gone] == ["1003"] and gone[0]["archived"] is True
    assert call(demo, "GET", "/crm/v3/objects/contacts/1003").status_code == 404


def test_unknown_routes_and_types_answer_in_the_envelope(demo):
    nowhere = call(demo, "GET", "/crm/v3/nowhere")
    assert nowhere.status_code == 404 and nowhere.json()["category"] == "OBJECT_NOT_FOUND"
    unknown = call(demo, "GET", "/crm/v3/objects/widgets")
    assert unknown.status_code == 400 and "widgets" in unknown.json()["message"]
    stats = call(demo, "GET", "/_sandbox/stats").json()
    assert stats["requests"]["GET /crm/v3/objects/{type}"] == 1
