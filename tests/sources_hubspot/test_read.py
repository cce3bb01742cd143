"""Reading the emulated portal through the connector: properties, paging, typed rows, the
company link, filters under all/any, batch reads, incremental reads and the 10,000 cap."""

from __future__ import annotations

from datetime import datetime, timezone

from gather_desktop.core.query import Condition, Filter, SourceQuery
from gather_desktop.sandbox.faults import HubSpotFaults

from .conftest import NO_LIMITS, read_all, stats, token_source

CONTACT_FIELDS = ("Id", "email", "firstname", "newsletter_opt_in", "trial_started",
                  "lastmodifieddate", "associatedcompanyid", "associatedcompanyid.app_company_id")
COMPANY_FIELDS = ("Id", "name", "city", "numberofemployees", "annualrevenue", "is_public",
                  "industry", "products_used")


def test_properties_become_the_field_catalog(demo):
    source = token_source(demo)
    assert [(o.name, o.label) for o in source.objects()] == [("companies", "Companies"),
                                                            ("contacts", "Contacts")]
    companies = source.schema("companies")
    types = {name: companies.fields[name].type for name in (
        "name", "numberofemployees", "is_public", "customer_since", "hs_lastmodifieddate",
        "industry", "products_used", "phone")}
    assert types == {"name": "string", "numberofemployees": "double", "is_public": "boolean",
                     "customer_since": "date", "hs_lastmodifieddate": "datetime",
                     "industry": "picklist", "products_used": "multipicklist",
                     "phone": "string"}
    assert "RETAIL" in companies.fields["industry"].picklist_values
    assert companies.fields["app_company_id"].unique
    assert companies.fields["app_company_id"].label == "App Company ID"
    link = source.schema("contacts").fields["associatedcompanyid"]
    assert (link.type, link.reference_to) == ("reference", ("companies",))


def test_every_contact_typed_and_linked_to_its_company(demo):
    source = token_source(demo)
    rows = read_all(source, SourceQuery("contacts", CONTACT_FIELDS))
    assert len(rows) == 80 == source.count(SourceQuery("contacts", CONTACT_FIELDS))
    assert all(tuple(row) == CONTACT_FIELDS for row in rows)
    assert {type(row["newsletter_opt_in"]) for row in rows} <= {bool, type(None)}
    dated = [row["trial_started"] for row in rows if row["trial_started"]]
    assert dated and all(len(day) == 10 and day[4] == "-" for day in dated)
    assert all(row["lastmodifieddate"].endswith("Z") for row in rows)
    companies = {row["Id"]: row for row in read_all(source, SourceQuery(
        "companies", ("Id", "app_company_id")))}
    for row in rows:
        company = companies.get(row["associatedcompanyid"] or "")
        assert row["associatedcompanyid.app_company_id"] == (company and
                                                            company["app_company_id"])
    assert sum(row["associatedcompanyid"] is None for row in rows) >= 5
    # One list page of contacts, and one batch read of their companies for it.
    assert stats(demo).get("POST /crm/v3/objects/{type}/batch/read", 0) >= 1


def test_numbers_are_numbers(demo):
    rows = read_all(token_source(demo), SourceQuery("companies", COMPANY_FIELDS))
    assert len(rows) == 25
    assert all(isinstance(row["numberofemployees"], int) for row in rows
               if row["numberofemployees"] is not None)
    assert {type(row["is_public"]) for row in rows} <= {bool, type(None)}


def test_filters_under_all_and_any_with_server_and_local_parts(demo):
    source = token_source(demo)
    everything = read_all(source, SourceQuery("companies", COMPANY_FIELDS))

    def ids(rows):
        return sorted(row["Id"] for row in rows)

    def check(filter_, expected):
        query = SourceQuery("companies", COMPANY_FIELDS, filter=filter_)
        found = read_all(source, query)
        assert ids(found) == ids(row for row in everything if expected(row))
        assert all(tuple(row) == COMPANY_FIELDS for row in found)
        assert source.count(query) >= len(found)
        return found

    big = check(Filter("all", (Condition("numberofemployees", "gt", 100),
                               Condition("name", "contains", "o"))),
                lambda r: (r["numberofemployees"] or 0) > 100 and "o" in r["name"].lower())
    assert 0 < len(big) < 25
    check(Filter("any", (Condition("is_public", "eq", True),
                         Condition("industry", "in", ["RETAIL", "MACHINERY"]))),
          lambda r: r["is_public"] is True or r["industry"] in ("RETAIL", "MACHINERY"))
    check(Filter("any", (Condition("city", "eq", "houston"),
                         Condition("name", "starts_with", "Um"))),
          lambda r: (r["city"] or "").lower() == "houston" or r["name"].startswith("Um"))
    check(Filter("all", (Condition("products_used", "contains", "Messaging"),
                         Condition("annualrevenue", "is_not_empty", None))),
          lambda r: "Messaging" in (r["products_used"] or "").split(";")
          and r["annualrevenue"] is not None)
    check(Filter("all", (Condition("city", "ne", "Houston"),)),
          lambda r: (r["city"] or "").lower() != "houston")


def test_ids_are_read_in_batches_with_the_filter_applied_here(demo):
    source = token_source(demo)
    wanted = tuple(str(5000000001 + n) for n in range(25))
    query = SourceQuery("companies", COMPANY_FIELDS, ids=wanted, filter=Filter(
        "all", (Condition("numberofemployees", "gte", 1000),)))
    rows = read_all(source, query)
    assert rows and all(row["numberofemployees"] >= 1000 for row in rows)


def test_paging_reads_every_record_once_and_follows_the_portal_limit(make_portal):
    box = make_portal(dataset="scale", companies=250, contacts=10)
    source = token_source(box)
    rows = read_all(source, SourceQuery("companies", ("Id", "name")))
    assert len(rows) == len({row["Id"] for row in rows}) == 250
    assert stats(box)["GET /crm/v3/objects/{type}"] == 3


def test_incremental_reads_only_what_changed(make_portal):
    box = make_portal()
    source = token_source(box)
    since = datetime.now(timezone.utc)
    query = SourceQuery("contacts", ("Id", "firstname"), modified_since=since)
    assert read_all(source, query) == []
    box.portal.update("contacts", "1005", {"firstname": "Changed"})
    assert read_all(source, query) == [{"Id": "1005", "firstname": "Changed"}]


def test_more_than_10000_changed_contacts_are_read_past_the_search_cap(make_portal):
    box = make_portal(dataset="scale", companies=50, contacts=10_450, faults=NO_LIMITS)
    source = token_source(box)
    query = SourceQuery("contacts", ("Id", "email"),
                        modified_since=datetime(2000, 1, 1, tzinfo=timezone.utc))
    rows = read_all(source, query)
    assert len(rows) == len({row["Id"] for row in rows}) == 10_450 == source.count(query)
    searches = stats(box)["POST /crm/v3/objects/{type}/search"]
    assert searches >= 53  # two windows: 50 pages of 200, then the rest


def test_a_portal_at_100_per_10s_is_read_without_a_failed_request(make_portal):
    box = make_portal(dataset="scale", companies=10_150, contacts=10,
                      faults=HubSpotFaults(rate=100))
    source = token_source(box)
    rows = read_all(source, SourceQuery("companies", ("Id", "name")))
    assert len(rows) == 10_150
    # 102 list pages and the properties: no request was refused and sent again.
    assert source.requests_made == 103
    used, allowance = source.api_usage()
    assert used >= 103 and allowance == 250_000


def test_a_429_caused_by_another_app_is_waited_out(make_portal):
    import requests
    box = make_portal(faults=HubSpotFaults(rate=3, rate_interval_s=1))
    source = token_source(box)
    source.schema("companies")
    for _ in range(3):  # another app spends the portal's window
        requests.get(box.url + "/crm/v3/objects/companies", timeout=5,
                     headers={"Authorization": f"Bearer {box.access_token}"})
    rows = read_all(source, SourceQuery("companies", ("Id",)))
    assert len(rows) == 25
    assert source.requests_made == 3  # the properties, the 429, the same page again


def test_server_errors_are_retried(make_portal):
    box = make_portal(faults=HubSpotFaults(error_rate=0.3, seed=3, rate=None))
    source = token_source(box)
    assert len(read_all(source, SourceQuery("contacts", CONTACT_FIELDS))) == 80
