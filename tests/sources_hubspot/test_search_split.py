"""Filters split between HubSpot's search and the local check (pure: no server)."""

from __future__ import annotations

from gather_desktop.core.query import Condition, Filter
from gather_desktop.sources.hubspot_search import local_predicate, search_value, split_filter

from .portal_schema import SCHEMAS

COMPANIES = SCHEMAS["companies"]
WINDOW = ({"propertyName": "hs_lastmodifieddate", "operator": "GTE", "value": "1"},)


def test_all_sends_what_hubspot_can_do_and_keeps_text_search_local() -> None:
    plan = split_filter(Filter("all", (
        Condition("numberofemployees", "gt", 50), Condition("name", "contains", "corp"),
        Condition("industry", "in", ["RETAIL", "MACHINERY"]),
        Condition("domain", "is_empty", None))), COMPANIES, WINDOW)
    [group] = plan.groups
    assert group == ({"propertyName": "numberofemployees", "operator": "GT", "value": "50"},
                     {"propertyName": "industry", "operator": "IN",
                      "values": ["RETAIL", "MACHINERY"]},
                     {"propertyName": "domain", "operator": "NOT_HAS_PROPERTY"}, *WINDOW)
    assert plan.local == Filter("all", (Condition("name", "contains", "corp"),))


def test_all_past_ten_filters_keeps_the_rest_local() -> None:
    conditions = tuple(Condition("numberofemployees", "ne", n) for n in range(12))
    plan = split_filter(Filter("all", conditions), COMPANIES, WINDOW)
    assert len(plan.groups[0]) == 10 and plan.local.conditions == conditions[9:]


def test_any_is_one_group_per_condition_or_entirely_local() -> None:
    sent = split_filter(Filter("any", (Condition("city", "eq", "Oslo"),
                                       Condition("is_public", "eq", True))), COMPANIES, WINDOW)
    assert sent.local is None and [len(g) for g in sent.groups] == [2, 2]
    assert sent.groups[1][0]["value"] == "true"
    local = Filter("any", (Condition("city", "eq", "Oslo"),
                           Condition("name", "starts_with", "Ac")))
    assert split_filter(local, COMPANIES, WINDOW) == type(sent)((WINDOW,), local)
    six = Filter("any", tuple(Condition("city", "eq", str(n)) for n in range(6)))
    assert split_filter(six, COMPANIES).local == six
    assert split_filter(None, COMPANIES).groups == ()


def test_multi_select_eq_compares_the_whole_selection_locally() -> None:
    plan = split_filter(Filter("all", (Condition("products_used", "eq", "Analytics"),)),
                        COMPANIES)
    assert plan.groups == () and plan.local is not None


def test_values_are_sent_as_hubspot_compares_them() -> None:
    assert search_value("date", "2024-05-31") == "1717113600000"
    assert search_value("datetime", "2024-05-31T23:59:30.123Z") == "1717199970123"
    assert search_value("datetime", "2024-06-01T01:59:30.123+02:00") == "1717199970123"
    assert search_value("number", 50.0) == "50" and search_value("number", 1.5) == "1.5"


def test_local_checks_follow_the_search_rules() -> None:
    def matches(condition: Condition, **row) -> bool:
        return local_predicate(Filter("all", (condition,)), COMPANIES)(row)

    assert matches(Condition("name", "eq", "ACME corp"), name="Acme Corp")
    assert matches(Condition("name", "ne", "x"), name=None)
    assert not matches(Condition("numberofemployees", "gt", 50), numberofemployees=None)
    assert matches(Condition("numberofemployees", "gte", 50), numberofemployees=50)
    assert matches(Condition("name", "contains", "CORP"), name="Acme Corporation")
    assert matches(Condition("name", "not_contains", "x"), name=None)
    assert matches(Condition("products_used", "contains", "messaging"),
                   products_used="Analytics;Messaging")
    assert not matches(Condition("products_used", "eq", "Analytics"),
                       products_used="Analytics;Messaging")
    assert matches(Condition("products_used", "in", ["Surveys", "Messaging"]),
                   products_used="Analytics;Messaging")
    assert matches(Condition("hs_lastmodifieddate", "lt", "2024-06-01T01:00:00+02:00"),
                   hs_lastmodifieddate="2024-05-31T22:59:59.999Z")
    assert matches(Condition("domain", "is_empty", None), domain="")
    either = Filter("any", (Condition("city", "eq", "Oslo"), Condition("name", "eq", "A")))
    assert local_predicate(either, COMPANIES)({"city": "oslo", "name": "B"})
