"""The Gather sandbox over real HTTP: shared/GATHER_API.md, faults, stats, and the help page's curl commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from gather_desktop.sandbox.faults import GatherFaults
from gather_desktop.sandbox.gather_server import GatherSandbox

from .conftest import API_KEY, Api

RECORDS = "/models/{}/records"
ACCOUNTS = RECORDS.format("account")
USERS = RECORDS.format("user")


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["message"].endswith(".")  # a sentence for a person
    return body["error"]


def add_account(api: Api, account_id: str, **traits) -> dict:
    response = api.post(ACCOUNTS, json={"id": account_id, "name": f"Account {account_id}", **traits})
    assert response.status_code == 201, response.text
    return response.json()


# Records: upsert


def test_new_record_answers_201_with_the_whole_stored_record(api):
    response = api.post(ACCOUNTS, json={"id": "1234", "name": "Lovelace, Inc", "size": "50-100"})

    assert response.status_code == 201
    record = response.json()
    assert set(record) == {"id", "traits", "created_at", "updated_at"}
    assert record["id"] == "1234"
    assert record["traits"] == {"name": "Lovelace, Inc", "size": "50-100"}
    assert record["created_at"] == record["updated_at"] and record["created_at"].endswith("Z")


def test_existing_record_is_merged_keeping_unsent_traits_and_the_request_wins(api):
    first = add_account(api, "1", plan="free", size="10")

    response = api.post(ACCOUNTS, json={"id": "1", "plan": "pro", "region": "eu"})

    assert response.status_code == 200
    record = response.json()
    assert record["traits"] == {"name": "Account 1", "plan": "pro", "size": "10", "region": "eu"}
    assert record["created_at"] == first["created_at"]
    assert record["updated_at"] > first["updated_at"]
    assert api.get(f"{ACCOUNTS}/1").json() == record


def test_a_trait_sent_as_null_is_stored_as_null(api):
    add_account(api, "1", plan="pro")

    record = api.post(ACCOUNTS, json={"id": "1", "plan": None}).json()

    assert record["traits"] == {"name": "Account 1", "plan": None}
    assert api.get(f"{ACCOUNTS}/1").json()["traits"]["plan"] is None


def test_a_numeric_id_is_kept_as_its_decimal_string(api):
    record = api.post(ACCOUNTS, json={"id": 1234, "name": "Numbers"}).json()

    assert record["id"] == "1234"
    assert api.get(f"{ACCOUNTS}/1234").status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (ACCOUNTS, {"id": "1"}, "name"),
        (ACCOUNTS, {"id": "1", "name": None}, "name"),
        (USERS, {"id": "u1", "first_name": "Ada", "last_name": "Lovelace"}, "email"),
        (ACCOUNTS, {"name": "No id"}, "id"),
    ],
)
def test_a_missing_required_trait_on_create_is_422(api, path, body, field):
    response = api.post(path, json=body)

    assert response.status_code == 422
    assert error_of(response)["code"] == "missing_trait"
    assert error_of(response)["field"] == field
    assert api.get(f"{path}/1").status_code == 404


def test_an_update_may_omit_required_traits(api):
    api.post(USERS, json={"id": "u1", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@acme.com"})

    response = api.post(USERS, json={"id": "u1", "title": "Countess"})

    assert response.status_code == 200
    assert response.json()["traits"]["email"] == "ada@acme.com"


def test_a_user_must_name_an_existing_account(api):
    user = {"id": "u1", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@acme.com"}

    missing = api.post(USERS, json={**user, "account_id": "nope"})
    add_account(api, "1234")
    linked = api.post(USERS, json={**user, "account_id": 1234})
    unlinked = api.post(USERS, json={"id": "u1", "account_id": None})

    assert missing.status_code == 422
    assert error_of(missing)["code"] == "unknown_account" and error_of(missing)["field"] == "account_id"
    assert linked.status_code == 201
    assert unlinked.status_code == 200 and unlinked.json()["traits"]["account_id"] is None


@pytest.mark.parametrize("bad_id", ["", None, True, {"a": 1}, [1], "x" * 256])
def test_an_invalid_id_is_422(api, bad_id):
    response = api.post(ACCOUNTS, json={"id": bad_id, "name": "Bad"})

    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_id"
    assert error_of(response)["field"] == "id"


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"", b'{"id": NaN, "name": "x"}', b"\xff\xfe"])
def test_an_unreadable_body_is_400(api, body):
    response = api.post(ACCOUNTS, data=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_body"


def test_a_body_over_1_mib_is_413_and_the_connection_stays_usable(api):
    response = api.post(ACCOUNTS, json={"id": "big", "name": "x" * (1024 * 1024)})

    assert response.status_code == 413
    assert error_of(response)["code"] == "body_too_large"
    assert api.post(ACCOUNTS, json={"id": "small", "name": "fine"}).status_code == 201


def test_a_form_body_is_accepted(api):
    response = api.post(ACCOUNTS, data={"id": "f1", "name": "Form, Inc", "size": "50-100"})

    assert response.status_code == 201
    assert response.json()["traits"] == {"name": "Form, Inc", "size": "50-100"}


def test_an_unknown_model_is_404(api):
    for response in (api.post(RECORDS.format("invoices"), json={"id": "1"}), api.get(RECORDS.format("invoices"))):
        assert response.status_code == 404
        assert error_of(response)["code"] == "unknown_model"


# Models


def test_a_custom_model_can_be_created_once_and_then_holds_records(api):
    spec = {
        "id": "opportunities",
        "name": "Opportunities",
        "relationships": [{"from_trait": "account_id", "to_model": "account", "to_trait": "id"}],
    }

    created = api.post("/models", json=spec)
    again = api.post("/models", json=spec)
    record = api.post(RECORDS.format("opportunities"), json={"id": "006A", "amount": 5000})

    assert created.status_code == 201
    assert created.json() == {**spec, "kind": "custom", "id_trait": "id"}
    assert again.status_code == 409 and error_of(again)["code"] == "model_exists"
    models = {model["id"]: model for model in api.get("/models").json()["models"]}
    assert list(models) == ["account", "user", "opportunities"]
    assert models["account"] == {
        "id": "account", "name": "Account", "kind": "standard", "id_trait": "id", "relationships": []
    }
    assert models["user"]["relationships"] == [{"from_trait": "account_id", "to_model": "account", "to_trait": "id"}]
    assert record.status_code == 201 and record.json()["traits"] == {"amount": 5000}


@pytest.mark.parametrize("model_id", ["Opportunities", "has-dash", "", "9lives", "x" * 65, 12])
def test_a_model_id_must_be_lower_snake_case_of_1_to_64_characters(api, model_id):
    response = api.post("/models", json={"id": model_id, "name": "Bad"})

    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_id"


def test_a_model_relationship_must_point_to_an_existing_model(api):
    response = api.post(
        "/models",
        json={"id": "deals", "relationships": [{"from_trait": "x_id", "to_model": "nowhere", "to_trait": "id"}]},
    )

    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_relationship"
    assert api.post(RECORDS.format("deals"), json={"id": "1"}).status_code == 404


def test_a_standard_model_id_is_taken(api):
    assert api.post("/models", json={"id": "account", "name": "Account"}).status_code == 409


# Records: list and get


def test_list_pages_through_every_record_in_creation_order_with_the_cursor(api):
    for number in range(5):
        add_account(api, f"a{number}")
    api.post(ACCOUNTS, json={"id": "a1", "plan": "pro"})  # a merge keeps its place

    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2, **({"after": cursor} if cursor else {})}
        page = api.get(ACCOUNTS, params=params).json()
        seen += [record["id"] for record in page["records"]]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break

    assert seen == ["a0", "a1", "a2", "a3", "a4"]
    assert pages == 3
    assert len(api.get(ACCOUNTS).json()["records"]) == 5  # default limit 100
    assert api.get(ACCOUNTS, params={"limit": 5}).json()["next"] is None


def test_list_filters_match_the_traits_string_form(api):
    add_account(api, "a", plan="pro", seats=50, active=True, region=None)
    add_account(api, "b", plan="pro", seats=10, active=False)
    add_account(api, "c", plan="free", seats="50")

    def ids(**filters):
        params = {f"trait.{name}": value for name, value in filters.items()}
        response = api.get(ACCOUNTS, params=params)
        assert response.status_code == 200, response.text
        return [record["id"] for record in response.json()["records"]]

    assert ids(plan="pro") == ["a", "b"]
    assert ids(seats="50") == ["a", "c"]
    assert ids(active="true") == ["a"]
    assert ids(active="false") == ["b"]
    assert ids(region="null") == ["a"]  # a missing trait never matches
    assert ids(plan="pro", seats="10") == ["b"]
    assert ids(id="c") == ["c"]
    assert ids(plan="enterprise") == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 0}, "invalid_limit"),
        ({"limit": 1001}, "invalid_limit"),
        ({"limit": "ten"}, "invalid_limit"),
        ({"after": "not-a-cursor"}, "invalid_cursor"),
        ({"limt": 5}, "invalid_parameter"),
    ],
)
def test_bad_list_parameters_are_400_with_a_clear_message(api, params, code):
    response = api.get(ACCOUNTS, params=params)

    assert response.status_code == 400
    assert error_of(response)["code"] == code
    if code == "invalid_limit":
        assert "from 1 to 1000" in error_of(response)["message"]


def test_get_one_record_or_404(api):
    add_account(api, "a/b")  # ids travel URL-encoded in the path

    assert api.get(f"{ACCOUNTS}/a%2Fb").json()["id"] == "a/b"
    missing = api.get(f"{ACCOUNTS}/nobody")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"


# Events


def test_a_page_viewed_event_is_accepted_with_202(api, sandbox):
    event = {"type": "page.viewed", "user": 4567, "properties": {"title": "Home", "url": "https://x.test/"}}

    response = api.post("/events", json=event)

    assert response.status_code == 202
    stored = sandbox.storage.events()
    assert [item.id for item in stored] == [response.json()["id"]]
    assert stored[0].event.user_id == "4567" and stored[0].event.properties == event["properties"]


def test_a_page_viewed_event_without_url_is_422(api):
    response = api.post("/events", json={"type": "page.viewed", "user": "1", "properties": {"title": "Home"}})

    assert response.status_code == 422
    assert error_of(response)["code"] == "missing_property"
    assert error_of(response)["field"] == "properties.url"


@pytest.mark.parametrize(
    ("event", "code"),
    [
        ({"type": "signed_up"}, "missing_user"),
        ({"type": "Signed Up", "account": "1"}, "invalid_event_type"),
        ({"account": "1"}, "invalid_event_type"),
        ({"type": "x", "user": "1", "properties": [1]}, "invalid_properties"),
        ({"type": "x", "user": "1", "timestamp": "yesterday"}, "invalid_timestamp"),
    ],
)
def test_invalid_events_are_422(api, event, code):
    response = api.post("/events", json=event)

    assert response.status_code == 422
    assert error_of(response)["code"] == code


def test_a_custom_event_for_an_account_is_accepted(api):
    event = {"type": "report.exported", "account": "1234", "timestamp": "2024-05-01T12:00:00Z"}

    assert api.post("/events", json=event).status_code == 202


def test_a_repeated_event_id_answers_200_with_the_first_id(api, sandbox):
    event = {"type": "invoice.paid", "user": "1", "event_id": "evt-client-1"}

    first = api.post("/events", json=event)
    again = api.post("/events", json=event)

    assert first.status_code == 202 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert len(sandbox.storage.events()) == 1


# Authentication, routing, stats


@pytest.mark.parametrize("key", [None, "wrong-key"])
def test_a_missing_or_wrong_key_is_401(sandbox, key):
    client = Api(sandbox.url, key)

    for response in (client.get("/models"), client.post(ACCOUNTS, json={"id": "1", "name": "x"})):
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthorized"
        assert "Authorization" in error_of(response)["message"]
    client.close()


def test_the_wrong_auth_scheme_is_401(sandbox):
    client = Api(sandbox.url, None)

    response = client.get("/models", headers={"Authorization": f"Bearer {API_KEY}"})

    assert response.status_code == 401
    client.close()


def test_unknown_routes_and_methods_answer_json(api):
    unknown = api.get("/nowhere")
    wrong_method = api.session.delete(api.url + "/models", timeout=10)

    assert unknown.status_code == 404 and error_of(unknown)["code"] == "not_found"
    assert wrong_method.status_code == 405 and error_of(wrong_method)["code"] == "method_not_allowed"


def test_a_bug_answers_500_json_and_the_server_keeps_serving(api, sandbox, monkeypatch):
    def broken():
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(sandbox.storage, "models", broken)
    failed = api.get("/models")
    monkeypatch.undo()

    assert failed.status_code == 500
    assert error_of(failed)["code"] == "internal_error" and "Traceback" not in failed.text
    assert api.get("/models").status_code == 200


def test_a_chunked_body_is_refused_with_json(api):
    response = api.post(ACCOUNTS, data=iter([b'{"id": "1", ', b'"name": "x"}']))

    assert response.status_code == 411
    assert error_of(response)["code"] == "length_required"


def test_stats_count_requests_by_path_template_without_auth(api, sandbox):
    add_account(api, "1")
    add_account(api, "2")
    api.get(f"{ACCOUNTS}/1")
    api.post("/events", json={"type": "x", "account": "1"})
    api.get("/_sandbox/stats")

    stats = Api(sandbox.url, None).get("/_sandbox/stats")

    assert stats.status_code == 200
    assert stats.json() == {
        "requests": {
            "POST /models/{model}/records": 2,
            "GET /models/{model}/records/{id}": 1,
            "POST /events": 1,
        },
        "total": 4,
    }


# Faults


def test_rate_fault_answers_429_with_retry_after(api, sandbox):
    sandbox.faults = GatherFaults(rate=5)

    statuses, retry_after = [], set()
    for _ in range(20):
        response = api.get("/models")
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert error_of(response)["code"] == "rate_limited"
            retry_after.add(response.headers["Retry-After"])

    assert statuses.count(200) <= 15 and 429 in statuses  # at most 5 per one-second window
    assert retry_after and all(value.isdigit() and int(value) >= 1 for value in retry_after)


def test_error_rate_1_fails_every_write_but_no_read(api, sandbox):
    sandbox.faults = GatherFaults(error_rate=1.0)

    write = api.post(ACCOUNTS, json={"id": "1", "name": "x"})
    read = api.get("/models")

    assert write.status_code == 503 and error_of(write)["code"] == "service_unavailable"
    assert read.status_code == 200
    assert api.get(f"{ACCOUNTS}/1").status_code == 404


def test_the_same_seed_gives_the_same_faults(api, sandbox):
    def outcomes(seed: int) -> list[int | str]:
        sandbox.faults = GatherFaults(error_rate=0.5, html_error_rate=0.2, seed=seed)
        statuses = [api.post(ACCOUNTS, json={"id": str(n), "name": "x"}).status_code for n in range(30)]
        return ["ok" if status in (200, 201) else status for status in statuses]

    first = outcomes(7)

    assert first == outcomes(7)
    assert set(first) == {"ok", 502, 503}
    assert first != outcomes(8)


def test_latency_fault_delays_every_request_but_stats(api, sandbox):
    sandbox.faults = GatherFaults(latency_ms=300)

    started = time.monotonic()
    api.get("/models")
    delayed = time.monotonic() - started
    started = time.monotonic()
    api.get("/_sandbox/stats")
    stats_time = time.monotonic() - started

    assert delayed >= 0.3
    assert stats_time < 0.3


def test_html_error_rate_answers_502_with_an_html_page(api, sandbox):
    sandbox.faults = GatherFaults(html_error_rate=1.0)

    response = api.get("/models")

    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>") and "<title>502 Bad Gateway</title>" in response.text


def test_faults_can_be_given_at_construction(tmp_path):
    box = GatherSandbox(tmp_path / "g.db", API_KEY, GatherFaults(error_rate=1.0))
    box.start()
    client = Api(box.url)
    try:
        assert client.post(ACCOUNTS, json={"id": "1", "name": "x"}).status_code == 503
    finally:
        client.close()
        box.stop()


# The help page's curl commands (shared/seeds/000_64fbe5e01debe8ca.txt)

CURL = shutil.which("curl")


def run_curl(sandbox: GatherSandbox, path: str, *data: str) -> subprocess.CompletedProcess:
    """One of the seed's commands: its URL on the sandbox, the header as ONE argument, its -d fields."""
    argv = [CURL, "--silent", "--show-error", "--fail-with-body", f"{sandbox.url}{path}"]
    argv += ["-H", f"Authorization: Token {API_KEY}"]
    for field in data:
        argv += ["-d", field]
    env = {name: value for name, value in os.environ.items() if "proxy" not in name.lower()}
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, env=env)


@pytest.mark.skipif(CURL is None, reason="the curl binary is not installed")
def test_the_help_pages_three_curl_commands_work(api, sandbox):
    # The seed's shell text: `-d id="1234"` reaches curl as `id=1234`, and so on.
    account = run_curl(sandbox, "/models/account/records", "id=1234", "name=Lovelace, Inc", "size=50-100")
    user = run_curl(
        sandbox,
        "/models/user/records",
        "id=4567",
        "account_id=1234",
        "first_name=Ada",
        "last_name=Lovelace",
        "email=ada@acme.com",
    )
    event = run_curl(
        sandbox,
        "/events",
        "user=4567",
        "type=page.viewed",
        "properties[title]=The Meaning of Life",
        "properties[url]=https://meaning.life",
    )

    for result in (account, user, event):
        assert result.returncode == 0, result.stdout + result.stderr
    assert api.get(f"{ACCOUNTS}/1234").json()["traits"] == {"name": "Lovelace, Inc", "size": "50-100"}
    assert api.get(f"{USERS}/4567").json()["traits"] == {
        "account_id": "1234",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@acme.com",
    }
    (stored,) = sandbox.storage.events()
    assert stored.id in event.stdout
    assert stored.event.type == "page.viewed" and stored.event.user_id == "4567"
    assert stored.event.properties == {"title": "The Meaning of Life", "url": "https://meaning.life"}


@pytest.mark.skipif(CURL is None, reason="the curl binary is not installed")
def test_the_event_command_as_printed_without_its_url_line_is_rejected(sandbox):
    # The seed's third command lacks a backslash, so a shell runs `-d properties[url]=...` separately.
    result = run_curl(sandbox, "/events", "user=4567", "type=page.viewed", "properties[title]=The Meaning of Life")

    assert result.returncode != 0
    assert '"missing_property"' in result.stdout
