"""The Gather client against the local Gather server over real HTTP."""

from __future__ import annotations

import random
import time

import pytest
import requests

from gather_desktop.gather import FailureKind, GatherClient, GatherError
from gather_desktop.gather.retry import RetryPolicy
from gather_desktop.sandbox.faults import GatherFaults


class RecordingSleep:
    """time.sleep that remembers each pause, so a test can see what the retry loop waited."""

    def __init__(self) -> None:
        self.pauses: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.pauses.append(seconds)
        time.sleep(seconds)


def fast_policy(**overrides) -> RetryPolicy:
    settings = dict(max_attempts=6, base_delay=0.01, max_delay=0.05, deadline=10.0,
                    rng=random.Random(1))
    settings.update(overrides)
    return RetryPolicy(**settings)


@pytest.fixture
def client(gather_sandbox):
    client = GatherClient(gather_sandbox.url, "test-key-0123456789", retry=fast_policy())
    yield client
    client.close()


def post_count(sandbox) -> int:
    stats = requests.get(sandbox.url + "/_sandbox/stats", timeout=5).json()
    return stats["requests"].get("POST /models/{model}/records", 0)


def test_upsert_creates_then_merges_keeping_traits_not_sent(client):
    first = client.upsert("account", {"id": "1234", "name": "Lovelace, Inc", "size": "50-100"})
    assert first.created
    assert first.record["id"] == "1234"
    assert first.record["traits"] == {"name": "Lovelace, Inc", "size": "50-100"}

    second = client.upsert("account", {"id": "1234", "name": "Lovelace Ltd", "plan": None})
    assert not second.created
    assert second.record["traits"] == {"name": "Lovelace Ltd", "size": "50-100", "plan": None}
    assert client.get_record("account", "1234")["traits"]["name"] == "Lovelace Ltd"


def test_missing_required_trait_is_rejected_with_gathers_message(client):
    with pytest.raises(GatherError) as caught:
        client.upsert("user", {"id": "u1", "first_name": "Ada", "last_name": "Lovelace"})
    error = caught.value
    assert error.kind is FailureKind.REJECTED
    assert (error.status, error.code, error.field) == (422, "missing_trait", "email")
    assert "email" in error.message


def test_user_of_unknown_account_is_rejected(client):
    with pytest.raises(GatherError) as caught:
        client.upsert("user", {"id": "u1", "first_name": "Ada", "last_name": "Lovelace",
                               "email": "ada@acme.com", "account_id": "nope"})
    assert caught.value.kind is FailureKind.REJECTED
    assert caught.value.code == "unknown_account"


def test_custom_model_created_listed_used_and_not_created_twice(client):
    client.upsert("account", {"id": "a1", "name": "Acme"})
    model = client.create_model("opportunities", "Opportunities", [
        {"from_trait": "account_id", "to_model": "account", "to_trait": "id"}])
    assert model["id"] == "opportunities"
    assert "opportunities" in {m["id"] for m in client.list_models()}
    assert client.upsert("opportunities", {"id": "o1", "account_id": "a1", "amount": 10}).created

    with pytest.raises(GatherError) as twice:
        client.create_model("opportunities", "Opportunities")
    assert (twice.value.kind, twice.value.code) == (FailureKind.REJECTED, "model_exists")


def test_records_of_a_model_that_does_not_exist_stop_the_run(client):
    with pytest.raises(GatherError) as caught:
        client.upsert("invoices", {"id": "i1"})
    assert (caught.value.kind, caught.value.code) == (FailureKind.FATAL, "unknown_model")


def test_listing_pages_through_everything_and_filters_on_traits(client):
    for n in range(25):
        client.upsert("account", {"id": f"acc-{n:02d}", "name": f"Account {n}",
                                  "plan": "gold" if n % 5 == 0 else "free"})
    first = client.list_records("account", limit=10)
    assert len(first.records) == 10 and first.next
    everything = list(client.iter_records("account", page_size=10))
    assert [r["id"] for r in everything] == [f"acc-{n:02d}" for n in range(25)]
    gold = list(client.iter_records("account", filters={"plan": "gold"}, page_size=2))
    assert [r["id"] for r in gold] == ["acc-00", "acc-05", "acc-10", "acc-15", "acc-20"]
    assert client.get_record("account", "no-such-id") is None


def test_events_need_title_and_url_and_a_retry_is_not_counted_twice(client, gather_sandbox):
    client.upsert("account", {"id": "1234", "name": "Lovelace, Inc"})
    client.upsert("user", {"id": "4567", "account_id": "1234", "first_name": "Ada",
                           "last_name": "Lovelace", "email": "ada@acme.com"})
    properties = {"title": "The Meaning of Life", "url": "https://meaning.life"}
    first = client.send_event("page.viewed", user="4567", properties=properties,
                              event_id="evt-1")
    again = client.send_event("page.viewed", user="4567", properties=properties,
                              event_id="evt-1")
    other = client.send_event("page.viewed", user="4567", properties=properties)
    assert first == again
    assert other != first

    with pytest.raises(GatherError) as caught:
        client.send_event("page.viewed", user="4567", properties={"title": "No url"})
    assert (caught.value.kind, caught.value.code) == (FailureKind.REJECTED, "missing_property")


def test_wrong_key_is_fatal_in_words_and_not_retried(gather_sandbox):
    client = GatherClient(gather_sandbox.url, "wrong-key", retry=fast_policy())
    with pytest.raises(GatherError) as caught:
        client.upsert("account", {"id": "1", "name": "x"})
    error = caught.value
    assert (error.kind, error.status) == (FailureKind.FATAL, 401)
    assert "did not accept the API key" in error.message
    assert "wrong-key" not in error.message
    assert post_count(gather_sandbox) == 1


def test_429_waits_at_least_retry_after_then_everything_arrives(gather_sandbox):
    gather_sandbox.faults = GatherFaults(rate=4)
    sleep = RecordingSleep()
    client = GatherClient(gather_sandbox.url, "test-key-0123456789",
                          retry=fast_policy(sleep=sleep))
    for n in range(8):
        client.upsert("account", {"id": str(n), "name": f"A{n}"})
    assert len(list(client.iter_records("account"))) == 8
    assert sleep.pauses, "the rate limit was never hit"
    assert all(pause >= 1.0 for pause in sleep.pauses)  # the sandbox says Retry-After: 1


def test_503s_are_retried_until_every_record_is_delivered(gather_sandbox):
    gather_sandbox.faults = GatherFaults(error_rate=0.4, seed=3)
    client = GatherClient(gather_sandbox.url, "test-key-0123456789",
                          retry=fast_policy(max_attempts=10))
    for n in range(40):
        client.upsert("account", {"id": str(n), "name": f"A{n}"})
    assert post_count(gather_sandbox) > 40  # some were answered 503 and sent again
    gather_sandbox.faults = GatherFaults()
    assert len(list(client.iter_records("account"))) == 40


def test_a_503_that_never_ends_gives_up_within_the_bound(gather_sandbox):
    gather_sandbox.faults = GatherFaults(error_rate=1.0)
    client = GatherClient(gather_sandbox.url, "test-key-0123456789",
                          retry=fast_policy(max_attempts=4))
    started = time.monotonic()
    with pytest.raises(GatherError) as caught:
        client.upsert("account", {"id": "1", "name": "x"})
    assert time.monotonic() - started < 2.0
    assert caught.value.kind is FailureKind.RETRYABLE and caught.value.status == 503
    assert "Gave up after 4 attempts" in caught.value.message
    assert post_count(gather_sandbox) == 4


def test_deadline_bounds_the_total_time_of_retries(gather_sandbox):
    gather_sandbox.faults = GatherFaults(error_rate=1.0)
    client = GatherClient(gather_sandbox.url, "test-key-0123456789",
                          retry=fast_policy(max_attempts=1000, base_delay=0.1, max_delay=0.2,
                                            deadline=0.5))
    started = time.monotonic()
    with pytest.raises(GatherError):
        client.upsert("account", {"id": "1", "name": "x"})
    assert time.monotonic() - started < 1.5


def test_an_html_page_from_a_proxy_is_an_error_naming_status_and_first_bytes(gather_sandbox):
    gather_sandbox.faults = GatherFaults(html_error_rate=1.0)
    client = GatherClient(gather_sandbox.url, "test-key-0123456789",
                          retry=fast_policy(max_attempts=2))
    with pytest.raises(GatherError) as caught:
        client.list_models()
    error = caught.value
    assert (error.status, error.code) == (502, "not_json")
    assert "502" in error.message and "<html>" in error.message.lower()
    assert "proxy" in error.message


def test_a_timeout_is_retried_then_reported(gather_sandbox):
    gather_sandbox.faults = GatherFaults(latency_ms=1000)
    client = GatherClient(gather_sandbox.url, "test-key-0123456789", timeout=(1.0, 0.2),
                          retry=fast_policy(max_attempts=2))
    started = time.monotonic()
    with pytest.raises(GatherError) as caught:
        client.list_models()
    assert time.monotonic() - started < 1.5
    assert (caught.value.kind, caught.value.code) == (FailureKind.RETRYABLE, "timeout")
    assert "did not answer in time" in caught.value.message


def test_nothing_listening_is_a_connection_error_in_words():
    import socket
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = GatherClient(f"http://127.0.0.1:{port}", "k", retry=fast_policy(max_attempts=2))
    with pytest.raises(GatherError) as caught:
        client.check_key()
    assert caught.value.code == "connection"
    assert "Could not reach Gather" in caught.value.message


def test_each_thread_keeps_its_own_keep_alive_session(client):
    import threading
    seen = []

    def work() -> None:
        client.list_models()
        client.list_models()
        seen.append(id(client._session()))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 3
