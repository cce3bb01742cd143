"""The HubSpot sandbox: the CRM and OAuth routes hubspot-api-client uses, over plain HTTP.

The client is pointed here with `HubSpot(access_token=..., host=URL, base_url=URL)`. Every CRM
call goes through the same steps, in the order HubSpot meets them:
1. the token (401 INVALID_AUTHENTICATION when missing, unknown or expired);
2. the object type in the path, and the token's scopes (403 MISSING_SCOPES);
3. the limits: search has its own per-token limit (5 a second, 429 "You have reached your
   secondly limit.", policyName SECONDLY, no rate-limit headers, as HubSpot's search answers
   carry none); every other call counts against the portal's rolling window (100 per 10 s) and,
   for the private app token, the daily allowance. Those answers, 429 or not, carry
   `X-HubSpot-RateLimit-Max/-Remaining/-Interval-Milliseconds` (plus `-Daily` and
   `-Daily-Remaining` for the private app token); a 429 adds `Retry-After` in whole seconds.
   With `rate=off` the window still counts, announcing 1,000,000 per interval, so clients that
   follow the headers do not slow down;
4. the `error_rate` fault: that share of reads (not PATCH) answer 502 in the error envelope;
5. the route (hubspot_crm.py).
OAuth routes (hubspot_oauth.py) need no token and are not limited.
"""

from __future__ import annotations

import dataclasses
import random
import threading
from pathlib import Path
from typing import Any

from gather_desktop.sandbox.faults import HubSpotFaults
from gather_desktop.sandbox.http_base import (
    BackgroundServer,
    BodyTooLarge,
    Request,
    Response,
    RouteTable,
)
from gather_desktop.sandbox.hubspot_crm import CrmRoutes, resolve_type
from gather_desktop.sandbox.hubspot_data import HubSpotPortal
from gather_desktop.sandbox.hubspot_datasets import build_portal
from gather_desktop.sandbox.hubspot_errors import HubSpotError, envelope
from gather_desktop.sandbox.hubspot_limits import DailyCounter, PerKeyWindows, RollingWindow
from gather_desktop.sandbox.hubspot_oauth import Caller, HubSpotOAuth

MAX_BODY_BYTES = 16 * 1024 * 1024
UNLIMITED = 1_000_000
_CRM = "/crm/"


@dataclasses.dataclass(frozen=True)
class _Limits:
    """The limiters made from one HubSpotFaults; replaced (counts and all) when faults change."""

    faults: HubSpotFaults
    window: RollingWindow
    daily: DailyCounter
    search: PerKeyWindows
    random: random.Random

    @classmethod
    def of(cls, faults: HubSpotFaults) -> _Limits:
        return cls(
            faults,
            RollingWindow(faults.rate or UNLIMITED, faults.rate_interval_s),
            DailyCounter(faults.daily),
            PerKeyWindows(faults.search_rate, 1.0),
            random.Random(faults.seed),
        )


class HubSpotApp:
    """The portal's routes, tokens, limits and faults; plugged into http_base's server."""

    max_body_bytes = MAX_BODY_BYTES

    def __init__(self, portal: HubSpotPortal, faults: HubSpotFaults) -> None:
        self.portal = portal
        self.faults = faults
        self.oauth = HubSpotOAuth(portal.hub_id, portal.hub_domain, lambda: self.faults)
        self.crm = CrmRoutes(portal)
        self._limits = _Limits.of(faults)
        self._lock = threading.Lock()
        self.routes = RouteTable()
        add = self.routes.add
        add("GET", "/oauth/authorize", self.oauth.authorize_page)
        add("POST", "/oauth/authorize", self.oauth.authorize_decision)
        add("POST", "/oauth/v1/token", self.oauth.token)
        add("GET", "/oauth/v1/access-tokens/{token}", self.oauth.access_token_info)
        add("GET", "/oauth/v1/refresh-tokens/{token}", self.oauth.refresh_token_info)
        add("DELETE", "/oauth/v1/refresh-tokens/{token}", self.oauth.revoke_refresh_token)
        add("GET", "/crm/v3/objects/{type}", self.crm.list_objects)
        add("POST", "/crm/v3/objects/{type}/search", self.crm.search)
        add("POST", "/crm/v3/objects/{type}/batch/read", self.crm.batch_read)
        add("GET", "/crm/v3/objects/{type}/{id}", self.crm.get_object)
        add("PATCH", "/crm/v3/objects/{type}/{id}", self.crm.update_object)
        add("GET", "/crm/v3/properties/{type}", self.crm.list_properties)
        add("GET", "/crm/v3/properties/{type}/{name}", self.crm.get_property)
        add("GET", "/crm/v4/objects/{type}/{id}/associations/{to}", self.crm.associations)
        add("POST", "/crm/v4/associations/{from}/{to}/batch/read", self.crm.association_batch)

    def error(self, status: int, code: str, message: str) -> Response:
        if status == 404:
            return envelope(status, "OBJECT_NOT_FOUND", message)
        return envelope(status, "INTERNAL_ERROR" if status >= 500 else "VALIDATION_ERROR", message)

    def respond(self, request: Request) -> Response:
        headers: dict[str, str] = {}
        try:
            if request.route.template.startswith(_CRM):
                headers = self._admit(request)
            response = request.route.handler(request)
        except HubSpotError as problem:
            response = problem.response()
        except BodyTooLarge as problem:
            response = envelope(413, "VALIDATION_ERROR", str(problem))
        return dataclasses.replace(response, headers={**response.headers, **headers})

    def _admit(self, request: Request) -> dict[str, str]:
        """Steps 1-4 of the module docstring; returns the rate-limit headers for the answer."""
        caller = self.oauth.caller(request)
        self.oauth.require(caller, _scope(request))
        limits = self._current_limits()
        if request.route.template.endswith("/search"):
            if not limits.search.admit(caller.token).allowed:
                raise HubSpotError(
                    429,
                    "RATE_LIMITS",
                    "You have reached your secondly limit.",
                    extra={"errorType": "RATE_LIMIT", "policyName": "SECONDLY"},
                    headers={"Retry-After": "1"},
                )
            headers: dict[str, str] = {}
        else:
            headers = self._count(limits, caller)
        if request.method != "PATCH" and limits.faults.error_rate:
            with self._lock:
                failed = limits.random.random() < limits.faults.error_rate
            if failed:
                raise HubSpotError(
                    502,
                    "BAD_GATEWAY",
                    "The server had a temporary problem; retry the request.",
                    headers=headers,
                )
        return headers

    def _count(self, limits: _Limits, caller: Caller) -> dict[str, str]:
        window = limits.window.admit()
        daily = limits.daily.admit() if caller.private and window.allowed else None
        headers = {
            "X-HubSpot-RateLimit-Max": str(limits.window.limit),
            "X-HubSpot-RateLimit-Remaining": str(window.remaining),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(limits.window.interval_s * 1000)),
        }
        if caller.private:
            headers["X-HubSpot-RateLimit-Daily"] = str(limits.daily.limit)
            headers["X-HubSpot-RateLimit-Daily-Remaining"] = str(limits.daily.remaining())
        if not window.allowed:
            raise HubSpotError(
                429,
                "RATE_LIMITS",
                "You have reached your ten_secondly_rolling limit.",
                extra={"errorType": "RATE_LIMIT", "policyName": "TEN_SECONDLY_ROLLING"},
                headers={**headers, "Retry-After": str(window.retry_after)},
            )
        if daily is not None and not daily.allowed:
            raise HubSpotError(
                429,
                "RATE_LIMITS",
                "You have reached your daily limit.",
                extra={"errorType": "RATE_LIMIT", "policyName": "DAILY"},
                headers={**headers, "Retry-After": str(daily.retry_after)},
            )
        return headers

    def _current_limits(self) -> _Limits:
        with self._lock:
            if self._limits.faults is not self.faults:
                self._limits = _Limits.of(self.faults)
            return self._limits


def _scope(request: Request) -> str:
    """The scope a CRM route needs: schemas for properties, objects otherwise (write for PATCH)."""
    params = request.params
    kind = resolve_type(params.get("type") or params.get("from") or "")
    if request.route.template.startswith("/crm/v3/properties"):
        return f"crm.schemas.{kind}.read"
    return f"crm.objects.{kind}.{'write' if request.method == 'PATCH' else 'read'}"


class HubSpotSandbox:
    """A local HubSpot portal over HTTP on loopback, with a private app token and one OAuth app.

    `portal` (built by hubspot_datasets) wins over `dataset`/`companies`/`contacts`; the portal
    lives in memory, so `state_dir` holds nothing today and is accepted so every emulator is
    made the same way. `faults` may be replaced while it runs (limits then start over).
    """

    def __init__(
        self,
        state_dir: Path | None = None,
        *,
        dataset: str = "demo",
        companies: int | None = None,
        contacts: int | None = None,
        faults: HubSpotFaults | None = None,
        portal: HubSpotPortal | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.state_dir = state_dir
        self.portal = portal or build_portal(dataset, companies=companies, contacts=contacts)
        self._app = HubSpotApp(self.portal, faults or HubSpotFaults())
        self._server = BackgroundServer(self._app, host, port)

    def start(self) -> HubSpotSandbox:
        """Serve on a daemon thread; returns once the port is listening."""
        self._server.start()
        self._app.crm.base_url = self._server.url
        return self

    def stop(self) -> None:
        self._server.stop()

    @property
    def url(self) -> str:
        """ "http://127.0.0.1:PORT": the API host, the OAuth host and the authorize page's host."""
        return self._server.url

    @property
    def access_token(self) -> str:
        """The private app token: every scope, never expires."""
        return self._app.oauth.private_token

    @property
    def oauth(self) -> dict[str, str]:
        """client_id, client_secret and an already valid refresh_token of the OAuth app."""
        return self._app.oauth.values()

    def connection_info(self) -> dict[str, Any]:
        """The `hubspot` block of the sandbox's JSON line (INTERFACES.md §4)."""
        return {"url": self.url, "access_token": self.access_token, **self.oauth}

    @property
    def faults(self) -> HubSpotFaults:
        return self._app.faults

    @faults.setter
    def faults(self, faults: HubSpotFaults) -> None:
        self._app.faults = faults
