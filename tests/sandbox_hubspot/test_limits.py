"""Rate limits and faults: the rolling window, headers, Retry-After, urllib3's Retry, 502s."""

from __future__ import annotations

import pytest
import urllib3
from hubspot.crm.contacts import PublicObjectSearchRequest

from gather_desktop.sandbox.faults import HubSpotFaults, parse_faults
from gather_desktop.sandbox.hubspot_limits import DailyCounter, RollingWindow
from tests.sandbox_hubspot.conftest import call, client


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_rolls_and_says_when_a_slot_frees():
    clock = FakeClock()
    window = RollingWindow(3, 10, clock)
    remaining = []
    for _ in range(3):
        remaining.append(window.admit().remaining)
        clock.now += 2  # requests at +0, +2, +4
    assert remaining == [2, 1, 0]
    refused = window.admit()  # at +6
    assert not refused.allowed and refused.retry_after == 4  # the first request leaves at +10 s
    clock.now += 4
    assert window.admit().allowed  # at +10 the first has left
    assert not window.admit().allowed  # the one at +2 is still in
    assert RollingWindow(None, 10, clock).admit().allowed


def test_the_daily_counter_stops_at_its_allowance():
    daily = DailyCounter(2)
    assert [daily.admit().allowed for _ in range(3)] == [True, True, False]


def test_every_crm_answer_carries_the_rate_limit_headers(demo):
    answer = call(demo, "GET", "/crm/v3/objects/contacts")
    assert answer.headers["X-HubSpot-RateLimit-Max"] == "100"
    assert answer.headers["X-HubSpot-RateLimit-Remaining"] == "99"
    assert answer.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
    assert answer.headers["X-HubSpot-RateLimit-Daily"] == "250000"
    assert answer.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "249999"
    assert (
        call(demo, "GET", "/crm/v3/properties/contacts").headers["X-HubSpot-RateLimit-Remaining"]
        == "98"
    )


def test_past_the_window_429_with_policy_headers_and_retry_after(make_hubspot):
    box = make_hubspot(faults=HubSpotFaults(rate=100))
    answers = [call(box, "GET", "/crm/v3/objects/companies?limit=1") for _ in range(101)]
    assert [answer.status_code for answer in answers[:100]] == [200] * 100
    refused = answers[100]
    assert refused.status_code == 429
    body = refused.json()
    assert body["policyName"] == "TEN_SECONDLY_ROLLING" and body["errorType"] == "RATE_LIMIT"
    assert (
        body["message"] == "You have reached your ten_secondly_rolling limit."
        and body["correlationId"]
    )
    assert refused.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    assert 1 <= int(refused.headers["Retry-After"]) <= 10


def test_urllib3_retry_waits_as_retry_after_says_and_succeeds(make_hubspot):
    box = make_hubspot(faults=HubSpotFaults(rate=2, rate_interval_s=1))
    hs = client(box, retry=urllib3.Retry(total=5, status_forcelist=(429,), raise_on_status=False))
    results = [len(hs.crm.companies.basic_api.get_page(limit=1).results) for _ in range(5)]
    assert results == [1] * 5
    stats = call(box, "GET", "/_sandbox/stats").json()
    assert stats["requests"]["GET /crm/v3/objects/{type}"] > 5  # some answers were 429s, retried


def test_rate_off_announces_a_huge_window(make_hubspot):
    box = make_hubspot(faults=HubSpotFaults.from_specs({"rate": "off"}))
    assert (
        call(box, "GET", "/crm/v3/objects/contacts").headers["X-HubSpot-RateLimit-Max"] == "1000000"
    )


def test_search_has_its_own_secondly_limit_and_no_rate_headers(make_hubspot):
    box = make_hubspot(faults=HubSpotFaults(search_rate=1))
    first = call(box, "POST", "/crm/v3/objects/contacts/search", json={})
    second = call(box, "POST", "/crm/v3/objects/contacts/search", json={})
    assert first.status_code == 200 and "X-HubSpot-RateLimit-Max" not in first.headers
    assert second.status_code == 429 and second.headers["Retry-After"] == "1"
    assert second.json()["message"] == "You have reached your secondly limit."
    assert second.json()["policyName"] == "SECONDLY"
    # urllib3 retries only idempotent methods unless told otherwise; search is a POST.
    hs = client(
        box,
        retry=urllib3.Retry(
            total=3, status_forcelist=(429,), allowed_methods=None, raise_on_status=False
        ),
    )
    assert hs.crm.contacts.search_api.do_search(PublicObjectSearchRequest(limit=1)).total == 80


def test_the_daily_allowance_answers_429_daily(make_hubspot):
    box = make_hubspot(faults=HubSpotFaults(daily=2))
    assert [call(box, "GET", "/crm/v3/objects/contacts").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert call(box, "GET", "/crm/v3/objects/contacts").json()["policyName"] == "DAILY"


def test_error_rate_answers_502_in_the_envelope_repeatably(make_hubspot):
    outcomes = []
    for _ in range(2):
        box = make_hubspot(faults=HubSpotFaults(error_rate=0.5, seed=3))
        outcomes.append(
            [call(box, "GET", "/crm/v3/objects/contacts?limit=1").status_code for _ in range(20)]
        )
    assert outcomes[0] == outcomes[1] and {200, 502} == set(outcomes[0])
    failed = call(box, "GET", "/crm/v3/objects/contacts?limit=1")
    while failed.status_code != 502:
        failed = call(box, "GET", "/crm/v3/objects/contacts?limit=1")
    assert (
        failed.json()["status"] == "error"
        and failed.json()["category"]
        and failed.json()["correlationId"]
    )


def test_faults_can_be_changed_while_running(demo):
    demo.faults = HubSpotFaults(rate=1)
    assert [call(demo, "GET", "/crm/v3/objects/contacts").status_code for _ in range(2)] == [
        200,
        429,
    ]
    demo.faults = HubSpotFaults(rate=None)
    assert call(demo, "GET", "/crm/v3/objects/contacts").status_code == 200


def test_fault_specs_parse_into_hubspot_faults():
    parsed = parse_faults(
        [
            "hubspot:rate=100/10s",
            "hubspot:token_ttl=60",
            "hubspot:error_rate=0.1",
            "hubspot:search_rate=off",
            "hubspot:daily=500",
            "hubspot:seed=7",
        ]
    )
    assert HubSpotFaults.from_specs(parsed["hubspot"]) == HubSpotFaults(
        rate=100,
        rate_interval_s=10,
        search_rate=None,
        daily=500,
        token_ttl=60,
        error_rate=0.1,
        seed=7,
    )
    assert HubSpotFaults.from_specs({"rate": "off"}).rate is None
    assert HubSpotFaults.from_specs({"rate": "20/1s"}) == HubSpotFaults(rate=20, rate_interval_s=1)


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"rate": "fast"}, "N/10s"),
        ({"rate": "0/10s"}, "N/10s"),
        ({"token_ttl": "0"}, "token_ttl must be"),
        ({"error_rate": "1.5"}, "between 0 and 1"),
        ({"ttl": "5"}, "unknown fault 'ttl'"),
    ],
)
def test_bad_hubspot_fault_specs_say_what_is_allowed(settings, words):
    with pytest.raises(ValueError, match=words):
        HubSpotFaults.from_specs(settings)
