"""Reaching Salesforce and signing in: the HTTP session, password login, OAuth tokens.

One `SalesforceSession` per connector carries every request (sign-ins included), so it is
the one place that counts them, gives each a timeout, and holds the TLS settings. The login
URL decides where sign-in happens: production (https://login.salesforce.com), a sandbox
(https://test.salesforce.com), a My Domain (https://acme.my.salesforce.com) and the local
emulator (https://127.0.0.1:PORT) are all just that URL. The REST calls then go to the
`instance_url` the sign-in answers with.

Three ways in, each answering a `SalesforceTokens`:
- `PasswordCredentials`: user name, password and security token, by the SOAP `login` call
  (simple-salesforce's `SalesforceLogin`, pointed at the login URL with `scratch_url`, the
  only argument it has for that);
- `RefreshTokenCredentials`: a refresh token saved in the keyring after a browser sign-in,
  exchanged at the token endpoint (simple-salesforce has no refresh flow);
- `sign_in_with_browser`: the authorization-code flow with PKCE in the system browser
  (`oauth_loopback`); the caller keeps the refresh token it returns in the keyring.
"""

from __future__ import annotations

import html
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode, urlsplit
from xml.parsers.expat import ExpatError

import requests
from simple_salesforce import SalesforceLogin
from simple_salesforce.exceptions import SalesforceAuthenticationFailed

from gather_desktop import __version__
from gather_desktop.sources.base import SourceAuthError, SourceError
from gather_desktop.sources.oauth_loopback import (DEFAULT_TIMEOUT, AuthorizationRequest,
                                                   catch_authorization_code)
from gather_desktop.sources.salesforce_errors import (login_failure, not_salesforce,
                                                      token_failure, transport_failure)

API_VERSION = "59.0"
#: (connect, read) seconds: a dead host is noticed fast; the first page of a big SOQL query
#: can take Salesforce a while to prepare.
DEFAULT_HTTP_TIMEOUT = (10.0, 120.0)
BROWSER_SCOPE = "api refresh_token"
_HEAD_BYTES = 300


class SalesforceSession(requests.Session):
    """A `requests.Session` that counts requests, applies a timeout, and keeps the status and
    first bytes of the last answer, so a proxy's page can be quoted in the error even when
    the library that received it only raised a parse error."""

    def __init__(self, *, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = DEFAULT_HTTP_TIMEOUT) -> None:
        super().__init__()
        self.ca_bundle = ca_bundle
        self.timeout = timeout
        self.requests_sent = 0
        self.last_status = 0
        self.last_head = b""

    def request(self, method: str | bytes, url: str | bytes,  # type: ignore[override]
                *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)  # simple-salesforce never passes one
        if not self.trust_env and not kwargs.get("proxies"):  # SalesforceLogin passes None
            # The environment's proxies for this very URL (NO_PROXY honoured per host: the
            # login host and the instance host may differ), which trust_env=False would skip.
            kwargs["proxies"] = requests.utils.get_environ_proxies(str(url))
        return super().request(method, url, *args, **kwargs)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.requests_sent += 1
        response = super().send(request, **kwargs)
        self.last_status = response.status_code
        if not kwargs.get("stream"):
            self.last_head = response.content[:_HEAD_BYTES]
        return response


def normalize_login_url(login_url: str) -> str:
    """`https://host[:port]`, from what a user typed ("acme.my.salesforce.com/" included)."""
    text = login_url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise SourceError(f"'{login_url}' is not a usable Salesforce login URL; it should look "
                          "like https://login.salesforce.com, https://test.salesforce.com or "
                          "https://yourcompany.my.salesforce.com.")
    return f"https://{parts.netloc}"


def build_session(ca_bundle: str | None = None) -> SalesforceSession:
    """The session for one connector (or one browser sign-in).

    With a CA bundle, `trust_env` must be off: requests lets REQUESTS_CA_BUNDLE override a
    session's `verify` otherwise (PROTOCOLS.md §1.1). That also stops requests reading the
    proxy variables, so `SalesforceSession.request` looks them up itself, and a company
    proxy keeps working.
    """
    session = SalesforceSession(ca_bundle=ca_bundle)
    session.headers["User-Agent"] = f"gather-desktop/{__version__}"
    if ca_bundle:
        if not Path(ca_bundle).is_file():
            raise SourceError(f"The CA bundle {ca_bundle} does not exist. Choose the .pem file "
                              "IT gave you again, or remove it from the Salesforce connection.")
        session.verify = ca_bundle
        session.trust_env = False
    return session


@dataclass(frozen=True)
class SalesforceTokens:
    """A signed-in session: where the org lives and the token for it."""

    access_token: str = field(repr=False)
    instance_url: str
    refresh_token: str | None = field(default=None, repr=False)


class Credentials(Protocol):
    def sign_in(self, session: SalesforceSession, login_url: str) -> SalesforceTokens: ...


@dataclass(frozen=True)
class PasswordCredentials:
    """User name + password + security token (the token may be empty for trusted IPs)."""

    username: str
    password: str = field(repr=False)
    security_token: str = field(default="", repr=False)

    def sign_in(self, session: SalesforceSession, login_url: str) -> SalesforceTokens:
        try:
            # simple-salesforce XML-escapes the password but pastes the token in as it is.
            session_id, instance = SalesforceLogin(
                username=self.username, password=self.password,
                security_token=html.escape(self.security_token), session=session,
                scratch_url=login_url, sf_version=API_VERSION)
        except SalesforceAuthenticationFailed as failure:
            raise self._failure(failure, session, login_url) from None
        except ExpatError:
            raise not_salesforce(login_url, session.last_status, session.last_head) from None
        except requests.RequestException as error:
            raise transport_failure(error, url=login_url, ca_bundle=session.ca_bundle) from None
        return SalesforceTokens(session_id, f"https://{instance}")

    def _failure(self, failure: SalesforceAuthenticationFailed, session: SalesforceSession,
                 login_url: str) -> SourceError:
        # A non-XML answer comes back with the HTTP status as the code; an XML answer that is
        # not a SOAP login result, with the library's UNKNOWN_EXCEPTION_CODE.
        if isinstance(failure.code, int) or failure.code in (None, "UNKNOWN_EXCEPTION_CODE"):
            return not_salesforce(login_url, session.last_status, session.last_head)
        return login_failure(str(failure.code), failure.auth_message,
                             username=self.username, login_url=login_url)


@dataclass(frozen=True)
class RefreshTokenCredentials:
    """A refresh token from an earlier browser sign-in, for the connected app `client_id`."""

    client_id: str
    refresh_token: str = field(repr=False)
    client_secret: str | None = field(default=None, repr=False)

    def sign_in(self, session: SalesforceSession, login_url: str) -> SalesforceTokens:
        form = {"grant_type": "refresh_token", "refresh_token": self.refresh_token,
                "client_id": self.client_id}
        if self.client_secret:
            form["client_secret"] = self.client_secret
        body = request_tokens(session, login_url, form, grant="refresh_token")
        # A refresh token comes back only when the connected app rotates them (then the old
        # one stops working and this one must be saved instead).
        refresh_token = body.get("refresh_token")
        return SalesforceTokens(body["access_token"], body["instance_url"],
                                refresh_token if isinstance(refresh_token, str) else None)


def request_tokens(session: SalesforceSession, login_url: str, form: dict[str, str], *,
                   grant: str) -> dict[str, Any]:
    """POST the form to the OAuth token endpoint; the token answer, or its failure in words."""
    try:
        response = session.post(f"{login_url}/services/oauth2/token", data=form,
                                headers={"Accept": "application/json"})
    except requests.RequestException as error:
        raise transport_failure(error, url=login_url, ca_bundle=session.ca_bundle) from None
    try:
        body = response.json()
    except ValueError:
        raise not_salesforce(login_url, response.status_code, response.content) from None
    if not isinstance(body, dict):
        raise not_salesforce(login_url, response.status_code, response.content)
    if isinstance(body.get("error"), str):
        raise token_failure(body["error"], str(body.get("error_description") or ""),
                            login_url=login_url, grant=grant)
    if not (response.ok and isinstance(body.get("access_token"), str)
            and isinstance(body.get("instance_url"), str)):
        raise not_salesforce(login_url, response.status_code, response.content)
    return body


def sign_in_with_browser(login_url: str, client_id: str, *, client_secret: str | None = None,
                         ca_bundle: str | None = None,
                         open_browser: Callable[[str], bool] = webbrowser.open,
                         cancel: threading.Event | None = None,
                         timeout: float = DEFAULT_TIMEOUT) -> SalesforceTokens:
    """Sign in in the system browser; the tokens, with the refresh token to keep.

    `open_browser` is `webbrowser.open` (the system browser, never an embedded one); tests
    pass a function that drives the sign-in page themselves.
    """
    login_url = normalize_login_url(login_url)

    def authorize_url(request: AuthorizationRequest) -> str:
        return f"{login_url}/services/oauth2/authorize?" + urlencode({
            "response_type": "code", "client_id": client_id,
            "redirect_uri": request.redirect_uri, "state": request.state,
            "code_challenge": request.code_challenge,
            "code_challenge_method": request.code_challenge_method, "scope": BROWSER_SCOPE})

    # The session first: a wrong CA bundle should be said before the user signs in, not after.
    with build_session(ca_bundle) as session:
        answer = catch_authorization_code(authorize_url, service="Salesforce",
                                          open_browser=open_browser, cancel=cancel,
                                          timeout=timeout)
        form = {"grant_type": "authorization_code", "code": answer.code, "client_id": client_id,
                "redirect_uri": answer.redirect_uri, "code_verifier": answer.code_verifier}
        if client_secret:
            form["client_secret"] = client_secret
        body = request_tokens(session, login_url, form, grant="authorization_code")
    if not isinstance(body.get("refresh_token"), str):
        raise SourceAuthError("Salesforce signed you in but gave no refresh token, so the "
                              "sign-in cannot be kept. The connected app must allow the "
                              "\"refresh_token, offline_access\" scope; ask your Salesforce "
                              "admin.")
    return SalesforceTokens(body["access_token"], body["instance_url"], body["refresh_token"])
