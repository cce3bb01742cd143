"""Both ways in: the private app token and OAuth (saved refresh token, the browser sign-in
with its Allow and Deny, access tokens refreshed before they expire and after a 401)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from gather_desktop.core.query import SourceQuery
from gather_desktop.sandbox.faults import HubSpotFaults
from gather_desktop.sources.base import SourceAuthError
from gather_desktop.sources.hubspot_auth import SCOPES, browser_sign_in
from gather_desktop.sources.oauth_loopback import CLOSE_TAB

from tests.sources.test_salesforce_browser_signin import _Form

from .conftest import oauth_source, read_all, stats, token_source

QUERY = SourceQuery("companies", ("Id", "name"))


class Browser:
    """A person at the system browser who presses `decision` on HubSpot's consent page."""

    def __init__(self, box, decision: str = "allow") -> None:
        self.box = box
        self.decision = decision
        self.opened: list[str] = []
        self.landing: requests.Response | None = None

    def __call__(self, url: str) -> None:
        self.opened.append(url)
        web = requests.Session()
        web.trust_env = False
        page = web.get(url, timeout=5)
        page.raise_for_status()
        form = _Form()
        form.feed(page.text)
        answer = web.post(self.box.url + form.action,
                          data={**form.fields, "decision": self.decision},
                          allow_redirects=False, timeout=5)
        assert answer.status_code == 302
        self.landing = web.get(answer.headers["Location"], timeout=5)


def test_the_private_app_token_reads_and_reports_the_daily_allowance(demo):
    source = token_source(demo)
    assert len(read_all(source, QUERY)) == 25
    used, allowance = source.api_usage()
    assert 0 < used <= allowance == 250_000
    assert demo.access_token not in repr(source)


def test_a_wrong_token_is_an_auth_error_in_words(demo):
    with pytest.raises(SourceAuthError, match="Private Apps") as raised:
        token_source(demo, "pat-na1-00000000-wrong").schema("companies")
    assert "pat-na1" not in str(raised.value)


def test_a_saved_refresh_token_reads_without_daily_figures(demo):
    source = oauth_source(demo)
    assert len(read_all(source, QUERY)) == 25 and source.api_usage() is None
    with pytest.raises(SourceAuthError, match="browser again"):
        oauth_source(demo, refresh_token="not-a-refresh-token").schema("companies")
    with pytest.raises(SourceAuthError, match="client id or secret"):
        oauth_source(demo, client_secret="wrong").schema("companies")


def test_allow_in_the_browser_gives_a_refresh_token_that_reads(demo):
    browser = Browser(demo)
    values = demo.oauth
    refresh_token = browser_sign_in(demo.url, values["client_id"], values["client_secret"],
                                    browser, timeout=30)
    opened = urlsplit(browser.opened[0])
    params = {name: found[0] for name, found in parse_qs(opened.query).items()}
    assert f"{opened.scheme}://{opened.netloc}{opened.path}" == f"{demo.url}/oauth/authorize"
    assert params["scope"] == " ".join(SCOPES) and "%20" in browser.opened[0]
    assert params["redirect_uri"].startswith("http://127.0.0.1:") and params["state"]
    assert CLOSE_TAB in browser.landing.text
    source = oauth_source(demo, refresh_token=refresh_token)
    assert len(read_all(source, QUERY)) == 25


def test_deny_in_the_browser_is_said_in_words(demo):
    values = demo.oauth
    with pytest.raises(SourceAuthError, match="choose Allow"):
        browser_sign_in(demo.url, values["client_id"], values["client_secret"],
                        Browser(demo, "deny"), timeout=30)


def test_access_tokens_are_refreshed_before_expiry_and_after_a_401(make_portal):
    box = make_portal(dataset="scale", companies=600, contacts=10,
                      faults=HubSpotFaults(token_ttl=1, rate=None))
    source = oauth_source(box)
    pages = 0
    for page in source.pages(QUERY):
        pages += len(page) > 0
        time.sleep(0.5)  # a slow run: the hour-long token of a real portal runs out mid-read
    assert pages == 6
    assert stats(box)["POST /oauth/v1/token"] >= 3
    # A token HubSpot ends early (revoked, clock skew) is answered 401: refreshed, repeated.
    source._api.tokens._renew_at = float("inf")  # the keeper believes its token still good
    time.sleep(1.1)
    assert len(read_all(source, QUERY)) == 600
