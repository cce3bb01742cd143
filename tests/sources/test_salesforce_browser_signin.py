"""The browser sign-in end to end: PKCE, the loopback redirect, Allow, Deny, cancel, timeout.

`open_browser` stands in for the system browser: it does what a person's browser does with
the emulator's authorize page (load it, press Allow or Deny, follow the redirect to the
app's loopback address) with `requests`, and keeps the page the browser lands on.
"""

from __future__ import annotations

import html.parser
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sources.base import SourceAuthError, SourceError
from gather_desktop.sources.oauth_loopback import CLOSE_TAB, SignInCancelled
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import RefreshTokenCredentials, sign_in_with_browser


class _Form(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
        if tag == "input" and values.get("type") == "hidden":
            self.fields[values["name"] or ""] = values.get("value") or ""


class Browser:
    """A person at the system browser who presses `decision` on the consent page."""

    def __init__(self, sandbox, decision: str = "allow") -> None:
        self.sandbox = sandbox
        self.decision = decision
        self.opened: list[str] = []
        self.landing: requests.Response | None = None

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        web = requests.Session()
        web.verify = self.sandbox.ca_bundle
        web.trust_env = False
        page = web.get(url)
        page.raise_for_status()
        form = _Form()
        form.feed(page.text)
        answer = web.post(self.sandbox.url + form.action,
                          data={**form.fields, "decision": self.decision},
                          allow_redirects=False)
        assert answer.status_code == 302
        self.landing = web.get(answer.headers["Location"])
        return True


def sign_in(sandbox, browser, **kwargs):
    values = sandbox.credentials
    return sign_in_with_browser(sandbox.url, values["client_id"], ca_bundle=sandbox.ca_bundle,
                                open_browser=browser, **kwargs)


def test_allow_gives_tokens_that_read_the_org(demo):
    browser = Browser(demo)
    tokens = sign_in(demo, browser)
    assert tokens.instance_url == demo.url and tokens.refresh_token
    assert tokens.refresh_token not in repr(tokens) and tokens.access_token not in repr(tokens)
    # What the system browser was asked to open: the authorize page, PKCE S256, a loopback redirect.
    opened = urlsplit(browser.opened[0])
    params = {name: values[0] for name, values in parse_qs(opened.query).items()}
    authorize = f"{opened.scheme}://{opened.netloc}{opened.path}"
    assert authorize == f"{demo.url}/services/oauth2/authorize"
    assert params["response_type"] == "code" and params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43 and len(params["state"]) >= 32
    assert params["redirect_uri"].startswith("http://127.0.0.1:")
    assert params["redirect_uri"].endswith("/callback")
    assert browser.landing is not None and browser.landing.status_code == 200
    assert CLOSE_TAB in browser.landing.text
    # The caller keeps the refresh token; later runs sign in with it.
    source = SalesforceSource(demo.url, RefreshTokenCredentials(demo.credentials["client_id"],
                                                                tokens.refresh_token),
                              ca_bundle=demo.ca_bundle)
    assert source.schema("Account").name == "Account"


def test_the_loopback_port_is_closed_afterwards(demo):
    browser = Browser(demo)
    sign_in(demo, browser)
    redirect = parse_qs(urlsplit(browser.opened[0]).query)["redirect_uri"][0]
    with pytest.raises(requests.ConnectionError):
        requests.get(redirect, timeout=2)


def test_deny(demo):
    browser = Browser(demo, decision="deny")
    with pytest.raises(SourceAuthError) as raised:
        sign_in(demo, browser)
    assert str(raised.value).startswith("The Salesforce sign-in was not allowed in the browser "
                                        "(access_denied")
    assert "sign in again and choose Allow" in str(raised.value)
    assert browser.landing is not None and CLOSE_TAB in browser.landing.text


def test_app_not_approved(make_sandbox):
    sandbox = make_sandbox(faults=SalesforceFaults(app_approval_required=True))
    with pytest.raises(SourceAuthError, match="^Your Salesforce admin must approve this app"):
        sign_in(sandbox, Browser(sandbox))


def test_cancel(demo):
    cancel = threading.Event()

    def browser_left_open(url: str) -> bool:
        threading.Timer(0.2, cancel.set).start()
        return True

    started = time.monotonic()
    with pytest.raises(SignInCancelled, match="cancelled"):
        sign_in(demo, browser_left_open, cancel=cancel)
    assert time.monotonic() - started < 5


def test_timeout(demo):
    with pytest.raises(SourceError, match="No answer came back from the Salesforce sign-in"):
        sign_in(demo, lambda url: True, timeout=0.3)


def test_no_browser(demo):
    with pytest.raises(SourceError, match="Could not open the system browser"):
        sign_in(demo, lambda url: False)


def test_a_redirect_for_another_sign_in_is_refused(demo):
    """A page that sends the browser to the app's port with a code of its own (wrong state)."""
    landed: list[requests.Response] = []

    def forged(url: str) -> bool:
        redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
        landed.append(requests.get(redirect + "?" + urlencode({"code": "attacker", "state": "x"})))
        return True

    with pytest.raises(SourceAuthError, match="did not start"):
        sign_in(demo, forged)
    assert landed[0].status_code == 400 and CLOSE_TAB in landed[0].text
