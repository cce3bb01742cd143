"""Signing in to HubSpot: a private app's token, or OAuth in the system browser.

Two ways in (INTERFACES.md §2, secrets in the keyring, never in the file):
- `PrivateAppToken`: the access token of a private app the user made in HubSpot; it does
  not expire, so it is simply sent;
- `OAuthRefreshToken`: the refresh token from an earlier `browser_sign_in`, with the app's
  client id and secret. A `TokenKeeper` trades it for an access token when first needed,
  again shortly before that token expires (HubSpot's last 30 minutes), and at once when
  HubSpot answers 401 to a token we thought valid. HubSpot keeps the refresh token the same,
  so nothing new has to be saved.

`browser_sign_in` is the authorization-code flow with a loopback redirect
(`oauth_loopback`): the authorize page is HubSpot's app.hubspot.com for the real HubSpot and
the API host itself for the sandbox. Tokens are never logged or put in a message.
"""

from __future__ import annotations

import json
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import urllib3
from hubspot import HubSpot
from hubspot.oauth import ApiException as OAuthApiException

from gather_desktop.sources.base import SourceAuthError
from gather_desktop.sources.hubspot_errors import not_hubspot, token_failure, transport_failure
from gather_desktop.sources.oauth_loopback import (DEFAULT_TIMEOUT, AuthorizationRequest,
                                                   catch_authorization_code)

HUBSPOT_API = "https://api.hubapi.com"
HUBSPOT_AUTHORIZE = "https://app.hubspot.com/oauth/authorize"
SCOPES = ("crm.objects.companies.read", "crm.objects.contacts.read",
          "crm.schemas.companies.read", "crm.schemas.contacts.read")
#: (connect, read) seconds for every HubSpot request.
HTTP_TIMEOUT = (10.0, 120.0)
_REFRESH_MARGIN = 60.0


@dataclass(frozen=True)
class PrivateAppToken:
    access_token: str = field(repr=False)


@dataclass(frozen=True)
class OAuthRefreshToken:
    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)


Credentials = PrivateAppToken | OAuthRefreshToken


def normalize_base_url(base_url: str) -> str:
    return base_url.strip().rstrip("/")


def hubspot_client(base_url: str, access_token: str | None = None) -> HubSpot:
    """The real hubspot-api-client pointed at `base_url` (PROTOCOLS.md §2.1: both names).

    urllib3's own retries are off: by default it would quietly repeat a 429 that carries
    Retry-After, so the connector could neither count the request nor learn from it;
    `HubSpotApi` waits and retries itself.
    """
    return HubSpot(access_token=access_token, host=base_url, base_url=base_url,
                   retry=urllib3.Retry(0, respect_retry_after_header=False,
                                       raise_on_status=False))


def request_tokens(tokens_api: Any, base_url: str, form: dict[str, str], *,
                   grant: str) -> dict[str, Any]:
    """POST the form to HubSpot's token endpoint; the token answer, or its failure in words."""
    try:
        response = tokens_api.create(**form, _preload_content=False,
                                     _request_timeout=HTTP_TIMEOUT)
        body = response.data
    except OAuthApiException as error:
        if not error.status:
            raise transport_failure(error, url=base_url) from None
        raise token_failure(error.status, error.body, url=base_url, grant=grant) from None
    except urllib3.exceptions.HTTPError as error:
        raise transport_failure(error, url=base_url) from None
    try:
        answer = json.loads(body)
    except ValueError:
        raise not_hubspot(base_url, response.status, body) from None
    if not (isinstance(answer, dict) and isinstance(answer.get("access_token"), str)):
        raise not_hubspot(base_url, response.status, body)
    return answer


class TokenKeeper:
    """The access token to send now, for either kind of credentials."""

    def __init__(self, credentials: Credentials,
                 exchange: Callable[[dict[str, str]], dict[str, Any]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._credentials = credentials
        self._exchange = exchange
        self._clock = clock
        self._access_token: str | None = None
        self._renew_at = 0.0

    @property
    def oauth(self) -> bool:
        return isinstance(self._credentials, OAuthRefreshToken)

    def token(self) -> str:
        if isinstance(self._credentials, PrivateAppToken):
            return self._credentials.access_token
        if self._access_token is None or self._clock() >= self._renew_at:
            self.refresh()
        assert self._access_token is not None
        return self._access_token

    def refresh(self) -> None:
        """Trade the refresh token for a new access token (OAuth only)."""
        credentials = self._credentials
        if not isinstance(credentials, OAuthRefreshToken):
            return
        answer = self._exchange({"grant_type": "refresh_token",
                                 "client_id": credentials.client_id,
                                 "client_secret": credentials.client_secret,
                                 "refresh_token": credentials.refresh_token})
        lifetime = float(answer.get("expires_in") or 1800)
        self._access_token = answer["access_token"]
        self._renew_at = self._clock() + lifetime - min(_REFRESH_MARGIN, lifetime / 5)


def authorize_url(base_url: str, client_id: str, redirect_uri: str, state: str) -> str:
    """Where the browser signs in: app.hubspot.com for the real API, else the API host."""
    base = normalize_base_url(base_url)
    page = HUBSPOT_AUTHORIZE if urlsplit(base).hostname == urlsplit(HUBSPOT_API).hostname \
        else f"{base}/oauth/authorize"
    return page + "?" + urlencode({"client_id": client_id, "redirect_uri": redirect_uri,
                                   "scope": " ".join(SCOPES), "state": state},
                                  quote_via=quote)


def browser_sign_in(base_url: str, client_id: str, client_secret: str,
                    open_url: Callable[[str], Any] = webbrowser.open,
                    cancel: threading.Event | None = None,
                    timeout: float = DEFAULT_TIMEOUT) -> str:
    """Sign in with HubSpot in the system browser; the refresh token to keep in the keyring.

    `open_url` opens the page (the system browser; tests drive the page themselves); only an
    explicit False from it means no browser opened. Raises `SignInCancelled` on `cancel`,
    `SourceAuthError` when the user denies access or HubSpot refuses the code.
    """
    base = normalize_base_url(base_url)

    def url_for(request: AuthorizationRequest) -> str:
        return authorize_url(base, client_id, request.redirect_uri, request.state)

    answer = catch_authorization_code(url_for, service="HubSpot",
                                      open_browser=lambda url: open_url(url) is not False,
                                      cancel=cancel, timeout=timeout)
    tokens_api = hubspot_client(base).oauth.tokens_api
    tokens = request_tokens(tokens_api, base, {
        "grant_type": "authorization_code", "code": answer.code,
        "redirect_uri": answer.redirect_uri, "client_id": client_id,
        "client_secret": client_secret}, grant="authorization_code")
    refresh_token = tokens.get("refresh_token")
    if not isinstance(refresh_token, str) or not refresh_token:
        raise SourceAuthError("HubSpot signed you in but gave no refresh token, so the sign-in "
                              "cannot be kept. Check the app's settings in HubSpot and sign in "
                              "again.")
    return refresh_token
