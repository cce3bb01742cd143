"""The demo portal's promised shape, and scale portals: deterministic, lazy, sized as asked."""

from __future__ import annotations

import time
from collections import Counter

from gather_desktop.sandbox.hubspot_datasets import (
    build_demo_portal,
    build_portal,
    build_scale_portal,
)
from gather_desktop.sandbox.hubspot_properties import ALWAYS_PROPERTIES, PROPERTIES


def rows(portal, object_type):
    table = portal.table(object_type)
    return [table.properties(record_id) for record_id in table.ids()]


def test_demo_companies_have_some_blank_ids_and_one_duplicate():
    companies = rows(build_demo_portal(), "companies")
    ids = [company["app_company_id"] for company in companies]
    assert len(companies) == 25 and ids.count(None) == 5
    assert [value for value, count in Counter(filter(None, ids)).items() if count > 1] == [
        "acme-009"
    ]


def test_demo_contacts_cover_the_awkward_cases():
    portal = build_demo_portal()
    contacts = rows(portal, "contacts")
    assert len(contacts) == 80
    assert sum(contact["associatedcompanyid"] is None for contact in contacts) == 6
    assert sum(contact["email"] is None for contact in contacts) == 5
    assert sum(contact["app_user_id"] is None for contact in contacts) == 6
    per_company = Counter(
        contact["associatedcompanyid"] for contact in contacts if contact["associatedcompanyid"]
    )
    assert min(per_company.values()) >= 2
    assert any(
        "T23:59:5" in contact["lastmodifieddate"] for contact in contacts
    )  # seconds before midnight


def test_every_value_is_text_or_null_and_every_stored_name_is_a_property():
    portal = build_demo_portal()
    for object_type in ("companies", "contacts"):
        for values in rows(portal, object_type):
            assert set(values) <= set(PROPERTIES[object_type])
            assert set(ALWAYS_PROPERTIES[object_type]) <= set(values)
            assert all(value is None or isinstance(value, str) for value in values.values())


def test_scale_portals_are_the_same_for_the_same_seed_and_differ_otherwise():
    one, again, other = (
        build_scale_portal(50, 200),
        build_scale_portal(50, 200),
        build_scale_portal(50, 200, 2),
    )
    assert rows(one, "contacts") == rows(again, "contacts")
    assert rows(one, "contacts") != rows(other, "contacts")
    companies = {company["hs_object_id"] for company in rows(one, "companies")}
    linked = [contact["associatedcompanyid"] for contact in rows(one, "contacts")]
    assert set(filter(None, linked)) <= companies and None in linked


def test_scale_builds_100000_records_lazily():
    started = time.perf_counter()
    portal = build_portal("scale", companies=100_000, contacts=100_000)
    built = time.perf_counter() - started
    last = portal.get("contacts", portal.table("contacts").ids(1_001 + 99_999).__next__())
    print(f"\nscale portal of 100,000 + 100,000 built in {built * 1000:.1f} ms")
    assert portal.count("contacts") == 100_000 and last["hs_object_id"] == "101000"
