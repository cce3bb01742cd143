"""Every HubSpot request of a connector goes through one `HubSpotApi`: the one place that
signs requests, keeps under the rate limits, waits and retries, counts, and turns failures
into words.

- The generated API objects of hubspot-api-client are made once and kept (each access to a
  discovery property builds a new client and connection pool, PROTOCOLS.md §2.1); a new
  access token is written into their configurations.
- Requests are sent with `_preload_content=False` and answered as raw JSON (`json.loads`):
  the generated models cost about 15 times the CPU of the JSON itself.
- Before each request the rate limiters are asked (the portal's rolling window, and the
  search endpoint's own per-second limit); each answer's `X-HubSpot-RateLimit-*` headers
  update the window and the daily usage.
- 429 (not the daily limit): wait as HubSpot says (`Retry-After`, else the window) and retry.
  5xx and dropped connections: retry a few times with growing pauses. 401 with OAuth: get a
  new access token once and repeat the call. Anything else: a `SourceError` in words.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import urllib3
from hubspot.crm.companies import ApiException as CompaniesApiException
from hubspot.crm.contacts import ApiException as ContactsApiException
from hubspot.crm.properties import ApiException as PropertiesApiException
from hubspot.oauth import ApiException as OAuthApiException

from gather_desktop.sources.hubspot_auth import (HTTP_TIMEOUT, Credentials, TokenKeeper,
                                                 hubspot_client, normalize_base_url,
                                                 request_tokens)
from gather_desktop.sources.hubspot_errors import api_failure, not_hubspot, transport_failure
from gather_desktop.sources.hubspot_rate import (SEARCH_INTERVAL, SEARCH_MAX, RateLimiter,
                                                 header_number, retry_after)

API_EXCEPTIONS = (CompaniesApiException, ContactsApiException, PropertiesApiException,
                  OAuthApiException)
#: How often one call is tried through 429s (each waits as HubSpot asks).
RATE_LIMIT_TRIES = 12
#: How often one call is tried through 5xx answers and dropped connections.
SERVER_TRIES = 5
SERVER_PAUSE = 0.5


class HubSpotApi:
    """The requests of one connector (one run); not shared between threads."""

    def __init__(self, base_url: str, credentials: Credentials, *,
                 sleep: Callable[[float], None] = time.sleep,
                 cancel: threading.Event | None = None) -> None:
        self.base_url = normalize_base_url(base_url)
        self._client = hubspot_client(self.base_url, "-")
        self._apis: dict[str, Any] = {}
        self._sleep = sleep
        self._cancel = cancel
        self.limiter = RateLimiter(sleep=sleep)
        self.search_limiter = RateLimiter(SEARCH_MAX, SEARCH_INTERVAL, sleep=sleep)
        self.requests_sent = 0
        self.daily: tuple[int, int] | None = None
        self.tokens = TokenKeeper(credentials, self._exchange)
        self._token_in_apis: str | None = None

    def api(self, name: str) -> Any:
        """A generated API object by its path under the client ("crm.contacts.basic_api")."""
        found = self._apis.get(name)
        if found is None:
            found = self._client
            for part in name.split("."):
                found = getattr(found, part)
            self._apis[name] = found
            self._token_in_apis = None
        return found

    def call(self, name: str, method: str, *, search: bool = False, **kwargs: Any) -> Any:
        """`method` of API `name` with `kwargs`, answered as parsed JSON."""
        api = self.api(name)
        refreshed = False
        rate_tries = server_tries = 0
        while True:
            self._wait(search)
            self._sign(self.tokens.token())
            self.requests_sent += 1
            try:
                response = getattr(api, method)(**kwargs, _preload_content=False,
                                                _request_timeout=HTTP_TIMEOUT)
            except API_EXCEPTIONS as error:
                self._answered(search, error.headers or {})
                status = error.status or 0
                if status == 401 and self.tokens.oauth and not refreshed:
                    refreshed = True
                    self.tokens.refresh()
                    continue
                if status == 429 and rate_tries + 1 < RATE_LIMIT_TRIES \
                        and not _daily_limit(error.body):
                    rate_tries += 1
                    limiter = self.search_limiter if search else self.limiter
                    limiter.pause(retry_after(error.headers or {}, limiter.interval))
                    continue
                if status >= 500 and server_tries + 1 < SERVER_TRIES:
                    server_tries += 1
                    self._sleep(SERVER_PAUSE * 2 ** (server_tries - 1))
                    continue
                if not status:
                    raise transport_failure(error, url=self.base_url) from None
                raise api_failure(status, error.body, url=self.base_url,
                                  oauth=self.tokens.oauth) from None
            except urllib3.exceptions.HTTPError as error:
                if server_tries + 1 < SERVER_TRIES and not isinstance(
                        getattr(error, "reason", None), urllib3.exceptions.NewConnectionError):
                    server_tries += 1
                    self._sleep(SERVER_PAUSE * 2 ** (server_tries - 1))
                    continue
                raise transport_failure(error, url=self.base_url) from None
            self._answered(search, response.headers)
            return self._json(response)

    def close(self) -> None:
        for api in self._apis.values():
            api.api_client.rest_client.pool_manager.clear()
        self._apis.clear()

    # -- helpers ---------------------------------------------------------------------------

    def _wait(self, search: bool) -> None:
        self.limiter.wait(self._cancel)
        if search:
            self.search_limiter.wait(self._cancel)

    def _answered(self, search: bool, headers: Any) -> None:
        self.limiter.finished()
        if search:
            self.search_limiter.finished()
        else:
            self.limiter.follow(headers)
        daily = header_number(headers, "X-HubSpot-RateLimit-Daily")
        remaining = header_number(headers, "X-HubSpot-RateLimit-Daily-Remaining")
        if daily is not None and remaining is not None:
            self.daily = (int(daily - remaining), int(daily))

    def _sign(self, token: str) -> None:
        if token != self._token_in_apis:
            for api in self._apis.values():
                api.api_client.configuration.access_token = token
            self._token_in_apis = token

    def _json(self, response: Any) -> Any:
        body = response.data
        response.release_conn()
        try:
            return json.loads(body)
        except ValueError:
            raise not_hubspot(self.base_url, response.status, body) from None

    def _exchange(self, form: dict[str, str]) -> dict[str, Any]:
        self.requests_sent += 1
        return request_tokens(self.api("oauth.tokens_api"), self.base_url, form,
                              grant=form["grant_type"])


def _daily_limit(body: Any) -> bool:
    """A 429 for the day's allowance: waiting seconds would not help."""
    try:
        found = json.loads(body)
    except (TypeError, ValueError):
        return False
    return isinstance(found, dict) and found.get("policyName") == "DAILY"
