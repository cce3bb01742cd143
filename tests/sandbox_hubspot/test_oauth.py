"""OAuth with the real client: consent page, code exchange, refresh, token info, expiry, scopes."""

from __future__ import annotations

import html.parser
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from hubspot.crm.companies.exceptions import ForbiddenException
from hubspot.crm.contacts.exceptions import UnauthorizedException
from hubspot.oauth.exceptions import ApiException as OAuthApiException

from gather_desktop.sandbox.faults import HubSpotFaults
from tests.sandbox_hubspot.conftest import call, client

REDIRECT = "http://127.0.0.1:53682/callback"
SCOPES = "crm.objects.contacts.read crm.schemas.contacts.read"


class _Form(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
        if tag == "input" and values.get("type") == "hidden":
            self.fields[values["name"]] = values.get("value") or ""


def consent(box, decision="allow", **overrides):
    """What a person's browser does: open the authorize URL, press a button. Returns the
    redirect's query."""
    params = {
        "client_id": box.oauth["client_id"],
        "redirect_uri": REDIRECT,
        "scope": SCOPES,
        "state": "s-123",
        **overrides,
    }
    page = requests.get(f"{box.url}/oauth/authorize?{urlencode(params)}", timeout=10)
    assert page.status_code == 200, page.text
    form = _Form()
    form.feed(page.text)
    answer = requests.post(
        box.url + form.action,
        data={**form.fields, "decision": decision},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    return {name: values[-1] for name, values in parse_qs(location.query).items()}


def exchange(box, code, **overrides):
    tokens = client(box).oauth.tokens_api
    values = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": box.oauth["client_id"],
        "client_secret": box.oauth["client_secret"],
        **overrides,
    }
    return tokens.create(**values)


def test_allow_code_exchange_refresh_and_token_info(demo):
    answer = consent(demo)
    assert answer["state"] == "s-123" and answer["code"]
    tokens = exchange(demo, answer["code"])
    assert (
        tokens.token_type == "bearer"
        and tokens.expires_in == 1800
        and tokens.refresh_token.startswith("na1-")
    )
    contacts = client(demo, tokens.access_token).crm.contacts.basic_api.get_page(limit=5)
    assert len(contacts.results) == 5
    info = client(demo).oauth.access_tokens_api.get(tokens.access_token)
    assert (
        info.hub_id == demo.portal.hub_id
        and info.scopes == SCOPES.split()
        and 0 < info.expires_in <= 1800
    )
    refreshed = client(demo).oauth.tokens_api.create(
        grant_type="refresh_token",
        refresh_token=tokens.refresh_token,
        client_id=demo.oauth["client_id"],
        client_secret=demo.oauth["client_secret"],
    )
    assert (
        refreshed.refresh_token == tokens.refresh_token
        and refreshed.access_token != tokens.access_token
    )
    refresh_info = client(demo).oauth.refresh_tokens_api.get(tokens.refresh_token)
    assert (
        refresh_info.client_id == demo.oauth["client_id"] and refresh_info.token_type == "refresh"
    )


def test_the_sandbox_refresh_token_works_straight_away(demo):
    refreshed = client(demo).oauth.tokens_api.create(grant_type="refresh_token", **demo.oauth)
    companies = client(demo, refreshed.access_token).crm.companies.basic_api.get_page(limit=100)
    assert len(companies.results) == 25
    assert (
        "X-HubSpot-RateLimit-Daily"
        not in call(demo, "GET", "/crm/v3/objects/companies", refreshed.access_token).headers
    )


def test_deny_redirects_with_access_denied(demo):
    answer = consent(demo, decision="deny")
    assert (
        answer["error"] == "access_denied" and answer["state"] == "s-123" and "code" not in answer
    )


@pytest.mark.parametrize(
    "overrides", [{"client_id": "nope"}, {"redirect_uri": "https://evil.example/cb"}, {"scope": ""}]
)
def test_the_authorize_page_refuses_what_it_cannot_redirect_safely(demo, overrides):
    params = {
        "client_id": demo.oauth["client_id"],
        "redirect_uri": REDIRECT,
        "scope": SCOPES,
        **overrides,
    }
    page = requests.get(f"{demo.url}/oauth/authorize?{urlencode(params)}", timeout=10)
    assert page.status_code == 400 and "text/html" in page.headers["Content-Type"]


def _status_of(problem: OAuthApiException) -> str:
    return json.loads(problem.body)["status"]


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"code": "not-a-code"}, "BAD_AUTH_CODE"),
        ({"client_secret": "wrong"}, "BAD_CLIENT_ID"),
        ({"client_id": "wrong"}, "BAD_CLIENT_ID"),
        ({"redirect_uri": "http://127.0.0.1:9/other"}, "BAD_REDIRECT_URI"),
    ],
)
def test_bad_exchanges_answer_400_with_a_status(demo, overrides, status):
    values = {"code": consent(demo)["code"], **overrides}
    with pytest.raises(OAuthApiException) as problem:
        exchange(demo, **values)
    assert problem.value.status == 400 and _status_of(problem.value) == status


def test_codes_are_single_use_and_unknown_refresh_tokens_refused(demo):
    code = consent(demo)["code"]
    exchange(demo, code)
    with pytest.raises(OAuthApiException) as reused:
        exchange(demo, code)
    assert _status_of(reused.value) == "BAD_AUTH_CODE"
    with pytest.raises(OAuthApiException) as bad_refresh:
        client(demo).oauth.tokens_api.create(
            grant_type="refresh_token",
            refresh_token="na1-nope",
            client_id=demo.oauth["client_id"],
            client_secret=demo.oauth["client_secret"],
        )
    assert _status_of(bad_refresh.value) == "BAD_REFRESH_TOKEN"


def test_expired_and_wrong_tokens_answer_401_invalid_authentication(make_hubspot):
    box = make_hubspot(faults=HubSpotFaults(token_ttl=1))
    tokens = client(box).oauth.tokens_api.create(grant_type="refresh_token", **box.oauth)
    assert tokens.expires_in == 1
    time.sleep(1.1)
    with pytest.raises(UnauthorizedException) as expired:
        client(box, tokens.access_token).crm.contacts.basic_api.get_page()
    assert '"category":"INVALID_AUTHENTICATION"' in expired.value.body
    assert "The OAuth token used to make this call expired" in expired.value.body
    with pytest.raises(UnauthorizedException) as wrong:
        client(box, "pat-na1-wrong").crm.contacts.basic_api.get_page()
    assert "Authentication credentials not found" in wrong.value.body
    assert requests.get(box.url + "/crm/v3/objects/contacts", timeout=10).status_code == 401


def test_a_token_without_the_scope_answers_403_missing_scopes(demo):
    tokens = exchange(demo, consent(demo)["code"])  # contacts only
    with pytest.raises(ForbiddenException) as forbidden:
        client(demo, tokens.access_token).crm.companies.basic_api.get_page()
    assert (
        '"category":"MISSING_SCOPES"' in forbidden.value.body
        and "crm.objects.companies.read" in forbidden.value.body
    )
