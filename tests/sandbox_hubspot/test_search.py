"""Search through the real client: each operator, groups and filters, sorts, limits, the cap."""

from __future__ import annotations

import pytest
from hubspot.crm.contacts import PublicObjectSearchRequest
from hubspot.crm.contacts.exceptions import ApiException

from gather_desktop.sandbox.faults import HubSpotFaults
from tests.sandbox_hubspot.conftest import CAP_CONTACTS, call, client, raw

NO_SEARCH_LIMIT = HubSpotFaults(search_rate=None)


@pytest.fixture
def box(make_hubspot):
    return make_hubspot(faults=NO_SEARCH_LIMIT)


def search(box, object_type="contacts", **body):
    """Every id the search finds (all pages), through the client's search_api."""
    api = getattr(client(box).crm, object_type).search_api
    ids, after = [], None
    while True:
        page = raw(
            api.do_search(
                PublicObjectSearchRequest(after=after, limit=body.pop("limit", 200), **body),
                _preload_content=False,
            )
        )
        ids += [record["id"] for record in page["results"]]
        if "paging" not in page:
            return ids
        after = page["paging"]["next"]["after"]


def where(box, object_type="contacts", **condition):
    return search(box, object_type, filter_groups=[{"filters": [condition]}])


def expected(box, object_type, test):
    table = box.portal.table(object_type)
    return [str(record_id) for record_id in table.ids() if test(table.properties(record_id))]


def test_eq_is_case_insensitive_for_text_and_numeric_for_numbers(box):
    assert where(box, propertyName="email", operator="EQ", value="OLIVIA.PARK@ACME.EXAMPLE") == [
        "1001"
    ]
    assert where(box, propertyName="lastname", operator="EQ", value="佐藤") == ["1007"]
    assert where(
        box, "companies", propertyName="numberofemployees", operator="EQ", value="1200.0"
    ) == ["5000000001"]
    assert where(
        box, "companies", propertyName="is_public", operator="EQ", value="TRUE"
    ) == expected(box, "companies", lambda values: values["is_public"] == "true")


def test_neq_includes_records_without_a_value(box):
    found = where(box, propertyName="hs_lead_status", operator="NEQ", value="new")
    assert found == expected(box, "contacts", lambda values: values["hs_lead_status"] != "NEW")
    assert any(
        box.portal.get("contacts", record_id)["hs_lead_status"] is None for record_id in found
    )


@pytest.mark.parametrize(
    ("operator", "test"),
    [
        ("LT", lambda number: number < 340),
        ("LTE", lambda number: number <= 340),
        ("GT", lambda number: number > 340),
        ("GTE", lambda number: number >= 340),
    ],
)
def test_number_comparisons(box, operator, test):
    found = where(
        box, "companies", propertyName="numberofemployees", operator=operator, value="340"
    )
    assert found == expected(
        box, "companies", lambda values: test(int(values["numberofemployees"]))
    )
    assert found


def test_datetimes_compare_as_instants_given_as_iso_or_epoch_milliseconds(box):
    iso = where(
        box, propertyName="lastmodifieddate", operator="GTE", value="2025-06-01T00:00:00.000Z"
    )
    epoch = where(box, propertyName="lastmodifieddate", operator="GTE", value="1748736000000")
    assert (
        iso
        == epoch
        == expected(box, "contacts", lambda values: values["lastmodifieddate"] >= "2025-06-01")
    )
    between = where(
        box,
        propertyName="lastmodifieddate",
        operator="BETWEEN",
        value="2025-06-01T23:59:50Z",
        highValue="2025-06-01T23:59:59.999Z",
    )
    assert between == expected(
        box, "contacts", lambda values: values["lastmodifieddate"].startswith("2025-06-01T23:59")
    )
    assert between


def test_dates_compare_by_day(box):
    found = where(
        box, "companies", propertyName="customer_since", operator="LT", value="2019-01-01"
    )
    assert found == expected(
        box, "companies", lambda values: (values["customer_since"] or "9") < "2019-01-01"
    )


def test_in_and_not_in(box):
    found = where(box, propertyName="hs_lead_status", operator="IN", values=["new", "OPEN"])
    assert found == expected(
        box, "contacts", lambda values: values["hs_lead_status"] in ("NEW", "OPEN")
    )
    rest = where(box, propertyName="hs_lead_status", operator="NOT_IN", values=["NEW", "OPEN"])
    assert sorted(found + rest, key=int) == expected(box, "contacts", lambda values: True)


def test_multi_select_eq_and_in_match_any_chosen_option(box):
    found = where(box, "companies", propertyName="products_used", operator="EQ", value="surveys")
    assert found == expected(
        box, "companies", lambda values: "Surveys" in (values["products_used"] or "").split(";")
    )
    assert len(found) > 1


def test_has_property_and_not_has_property(box):
    has = where(box, propertyName="email", operator="HAS_PROPERTY")
    has_not = where(box, propertyName="email", operator="NOT_HAS_PROPERTY")
    assert len(has) == 75 and len(has_not) == 5
    assert where(box, propertyName="associatedcompanyid", operator="NOT_HAS_PROPERTY") == expected(
        box, "contacts", lambda values: values["associatedcompanyid"] is None
    )


def test_contains_token_by_word_and_wildcard(box):
    words = where(
        box, "companies", propertyName="name", operator="CONTAINS_TOKEN", value="northwind"
    )
    assert words == ["5000000009", "5000000010"]
    wildcard = where(box, propertyName="email", operator="CONTAINS_TOKEN", value="*@acme.example")
    assert wildcard == expected(
        box, "contacts", lambda values: (values["email"] or "").endswith("@acme.example")
    )
    phrase = where(
        box, "companies", propertyName="name", operator="CONTAINS_TOKEN", value="Northwind Traders"
    )
    assert phrase == ["5000000009"]
    others = where(
        box, "companies", propertyName="name", operator="NOT_CONTAINS_TOKEN", value="northwind"
    )
    assert len(others) == 23


def test_filters_in_a_group_are_anded_and_groups_ored(box):
    usa = {"propertyName": "country", "operator": "EQ", "value": "united states"}
    big = {"propertyName": "numberofemployees", "operator": "GT", "value": "1000"}
    japan = {"propertyName": "country", "operator": "EQ", "value": "Japan"}
    both = search(box, "companies", filter_groups=[{"filters": [usa, big]}])
    either = search(box, "companies", filter_groups=[{"filters": [usa, big]}, {"filters": [japan]}])
    assert both == expected(
        box,
        "companies",
        lambda values: (
            values["country"] == "United States" and int(values["numberofemployees"]) > 1000
        ),
    )
    assert either == expected(
        box,
        "companies",
        lambda values: (
            values["country"] == "Japan"
            or (values["country"] == "United States" and int(values["numberofemployees"]) > 1000)
        ),
    )


def test_sorts_as_objects_or_strings_and_results_without_associations(box):
    api = client(box).crm.companies.search_api
    descending = raw(
        api.do_search(
            PublicObjectSearchRequest(
                sorts=[{"propertyName": "annualrevenue", "direction": "DESCENDING"}],
                properties=["annualrevenue"],
                limit=3,
            ),
            _preload_content=False,
        )
    )
    assert [record["properties"]["annualrevenue"] for record in descending["results"]] == [
        "3200000000",
        "1400000000",
        "910000000",
    ]
    assert descending["total"] == 25 and descending["paging"]["next"]["after"] == "3"
    assert all("associations" not in record for record in descending["results"])
    by_name = api.do_search(PublicObjectSearchRequest(sorts=["name"], limit=2))
    assert [record.properties["name"] for record in by_name.results] == [
        "Acme Corporation",
        "Blue Sky Solar",
    ]


def test_query_matches_words_of_the_default_searchable_properties(box):
    found = search(box, query="acme")
    assert found == expected(
        box,
        "contacts",
        lambda values: "acme" in (values["email"] or "") or values["company"] == "Acme Corporation",
    )


def _filters(count):
    return [{"propertyName": "email", "operator": "HAS_PROPERTY"}] * count


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"filterGroups": [{"filters": _filters(1)}] * 6}, "at most 5"),
        ({"filterGroups": [{"filters": _filters(11)}]}, "at most 10"),
        ({"filterGroups": [{"filters": _filters(9)}] * 3}, "at most 25"),
        ({"limit": 201}, "at most 200"),
        (
            {
                "filterGroups": [
                    {"filters": [{"propertyName": "nosuch", "operator": "EQ", "value": "x"}]}
                ]
            },
            "nosuch",
        ),
        (
            {
                "filterGroups": [
                    {"filters": [{"propertyName": "email", "operator": "LIKE", "value": "x"}]}
                ]
            },
            "LIKE",
        ),
        (
            {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ"}]}]},
            "needs a value",
        ),
        (
            {
                "filterGroups": [
                    {"filters": [{"propertyName": "createdate", "operator": "GT", "value": "soon"}]}
                ]
            },
            "valid datetime",
        ),
        ({"sorts": ["email", "firstname"]}, "one sort"),
    ],
)
def test_bad_searches_answer_400_in_words(box, body, words):
    answer = call(box, "POST", "/crm/v3/objects/contacts/search", json=body)
    assert answer.status_code == 400
    assert answer.json()["category"] == "VALIDATION_ERROR" and words in answer.json()["message"]


def test_paging_past_10000_results_answers_400(make_hubspot, cap_portal):
    box = make_hubspot(portal=cap_portal, faults=NO_SEARCH_LIMIT)
    api = client(box).crm.contacts.search_api
    everyone = {
        "filterGroups": [{"filters": [{"propertyName": "createdate", "operator": "HAS_PROPERTY"}]}],
        "sorts": [{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}],
    }
    last_page = raw(
        api.do_search(
            PublicObjectSearchRequest(**_snake(everyone), limit=200, after="9800"),
            _preload_content=False,
        )
    )
    assert last_page["total"] == CAP_CONTACTS and len(last_page["results"]) == 200
    assert last_page["paging"]["next"]["after"] == "10000"
    stamps = [record["properties"]["lastmodifieddate"] for record in last_page["results"]]
    assert stamps == sorted(stamps)
    with pytest.raises(ApiException) as past:
        api.do_search(PublicObjectSearchRequest(**_snake(everyone), limit=200, after="10000"))
    assert past.value.status == 400 and "10,000" in past.value.body


def _snake(body):
    return {"filter_groups": body["filterGroups"], "sorts": body["sorts"]}


def test_search_sees_changes_at_once(box):
    assert where(box, propertyName="city", operator="EQ", value="Porto") == []
    box.portal.update("contacts", 1005, {"city": "Porto"})
    assert where(box, propertyName="city", operator="EQ", value="porto") == ["1005"]
