"""Who may call the emulated portal: its private app token and the OAuth app's tokens.

As HubSpot does it (PROTOCOLS.md §2.2):
- A private app token (`pat-na1-...`) never expires and has every scope.
- `GET /oauth/authorize?client_id&redirect_uri&scope&state` shows a consent page (the portal's
  user is always signed in); its Connect and Deny buttons post back, and the answer is a 302 to
  the app's loopback `redirect_uri` with `code` and `state`, or `error=access_denied`. Codes are
  single-use, short-lived and bound to the client and redirect URI.
- `POST /oauth/v1/token` (form-encoded) exchanges a code or a refresh token for an access token
  that expires after `expires_in` seconds (1800, or the `token_ttl` fault); the refresh token
  stays the same. Errors are 400 `{"status": "BAD_...", "message", "correlationId"}`.
- `GET /oauth/v1/access-tokens/{token}` and `GET|DELETE /oauth/v1/refresh-tokens/{token}`
  describe (and revoke) tokens.
- A CRM call with a missing, unknown or expired token is a 401 INVALID_AUTHENTICATION; an OAuth
  token without the scope the call needs is a 403 MISSING_SCOPES.

No token or secret appears in a repr, message or log.
"""

from __future__ import annotations

import hmac
import html
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from gather_desktop.sandbox.faults import HubSpotFaults
from gather_desktop.sandbox.http_base import Request, Response, json_response
from gather_desktop.sandbox.hubspot_errors import AUTH_MESSAGE, HubSpotError
from gather_desktop.sandbox.oauth_common import is_loopback, oauth_form

CODE_LIFETIME_S = 10 * 60
APP_ID = 3_141_592
APP_NAME = "Gather Desktop"
#: What the sandbox's ready-made refresh token (and the private app token) may do.
DEFAULT_SCOPES = (
    "crm.objects.companies.read",
    "crm.objects.companies.write",
    "crm.objects.contacts.read",
    "crm.objects.contacts.write",
    "crm.schemas.companies.read",
    "crm.schemas.contacts.read",
    "oauth",
)
_SCOPES_HELP = "Read more about required scopes here: https://developers.hubspot.com/scopes."


@dataclass(frozen=True)
class Caller:
    """The holder of a valid token: the token (for per-token limits), private app or not, scopes."""

    token: str = field(repr=False)
    private: bool
    scopes: frozenset[str]


@dataclass(frozen=True)
class _Grant:
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    expires_at: float


@dataclass(frozen=True)
class _AccessToken:
    scopes: tuple[str, ...]
    expires_at: float


class HubSpotOAuth:
    """The portal's tokens, and the OAuth routes (the methods that take a Request)."""

    def __init__(
        self,
        hub_id: int,
        hub_domain: str,
        faults: Callable[[], HubSpotFaults],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.hub_id, self.hub_domain = hub_id, hub_domain
        self.user = f"ops@{hub_domain}"
        self.user_id = 7_654_321
        self.private_token = "pat-na1-" + str(uuid.uuid4())
        self.client_id = str(uuid.uuid4())
        self.client_secret = str(uuid.uuid4())
        self.refresh_token = _new_refresh_token()
        self._faults = faults
        self._clock = clock
        self._refresh_tokens: dict[str, tuple[str, ...]] = {self.refresh_token: DEFAULT_SCOPES}
        self._access_tokens: dict[str, _AccessToken] = {}
        self._codes: dict[str, _Grant] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"HubSpotOAuth(hub_id={self.hub_id}, client_id={self.client_id!r})"

    def values(self) -> dict[str, str]:
        """client_id, client_secret and a refresh token that is already valid."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "refresh_token": self.refresh_token,
        }

    # Checking CRM calls

    def caller(self, request: Request) -> Caller:
        """The caller of a CRM request, or HubSpotError 401."""
        scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise HubSpotError(401, "INVALID_AUTHENTICATION", AUTH_MESSAGE)
        if hmac.compare_digest(token.encode(), self.private_token.encode()):
            return Caller(token, True, frozenset(DEFAULT_SCOPES))
        with self._lock:
            access = self._access_tokens.get(token)
        if access is None:
            raise HubSpotError(401, "INVALID_AUTHENTICATION", AUTH_MESSAGE)
        overdue = self._clock() - access.expires_at
        if overdue >= 0:
            raise HubSpotError(
                401,
                "INVALID_AUTHENTICATION",
                f"The OAuth token used to make this call expired {_ago(overdue)} ago.",
                extra={"subCategory": "EXPIRED_AUTHENTICATION"},
            )
        return Caller(token, False, frozenset(access.scopes))

    @staticmethod
    def require(caller: Caller, scope: str) -> None:
        """HubSpotError 403 MISSING_SCOPES unless the caller has `scope`."""
        if scope not in caller.scopes:
            raise HubSpotError(
                403,
                "MISSING_SCOPES",
                "This app hasn't been granted all required scopes to make this call. "
                f"{_SCOPES_HELP}",
                extra={
                    "errors": [
                        {
                            "message": "One or more of the following scopes are required.",
                            "context": {"requiredGranularScopes": [scope]},
                        }
                    ],
                    "links": {"scopes": "https://developers.hubspot.com/scopes"},
                },
            )

    # The consent page

    def authorize_page(self, request: Request) -> Response:
        params = {name: values[-1] for name, values in request.query.items()}
        problem = self._authorize_problem(params)
        if problem is not None:
            return problem
        scopes = _scopes(params.get("scope", "")) + _scopes(params.get("optional_scope", ""))
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
            for name, value in params.items()
        )
        listed = "".join(f"<li>{html.escape(scope)}</li>" for scope in scopes)
        page = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            "<title>Connect to HubSpot</title></head>"
            "<body>"
            f"<h1>{APP_NAME} wants to connect to your HubSpot account</h1>"
            f"<p>Account: {html.escape(self.hub_domain)} (Hub ID {self.hub_id}); signed in as "
            f"{html.escape(self.user)}.</p><p>It will be able to:</p><ul>{listed}</ul>"
            f'<form method="post" action="/oauth/authorize">{hidden}'
            '<button type="submit" name="decision" value="allow">Connect app</button> '
            '<button type="submit" name="decision" value="deny">Deny</button></form></body></html>'
        )
        return Response(200, page.encode("utf-8"), "text/html;charset=UTF-8")

    def authorize_decision(self, request: Request) -> Response:
        params = oauth_form(request)
        decision = params.pop("decision", "")
        problem = self._authorize_problem(params)
        if problem is not None:
            return problem
        answer: dict[str, str]
        if decision == "allow":
            code = str(uuid.uuid4())
            scopes = tuple(
                dict.fromkeys(_scopes(params["scope"]) + _scopes(params.get("optional_scope", "")))
            )
            with self._lock:
                now = self._clock()
                self._codes = {
                    key: grant for key, grant in self._codes.items() if grant.expires_at > now
                }
                self._codes[code] = _Grant(
                    params["client_id"], params["redirect_uri"], scopes, now + CODE_LIFETIME_S
                )
            answer = {"code": code}
        else:
            answer = {
                "error": "access_denied",
                "error_description": "The user denied access to the app.",
            }
        if "state" in params:
            answer["state"] = params["state"]
        redirect = params["redirect_uri"]
        separator = "&" if urlsplit(redirect).query else "?"
        return Response(
            302,
            b"",
            "text/html;charset=UTF-8",
            {"Location": redirect + separator + urlencode(answer)},
        )

    def _authorize_problem(self, params: dict[str, str]) -> Response | None:
        """An error page for a request that cannot be redirected back safely, or None if it can."""
        if params.get("client_id") != self.client_id:
            return _error_page(
                "The app's client_id is missing or unknown; check the app's settings."
            )
        if not is_loopback(params.get("redirect_uri", "")):
            return _error_page(
                "The redirect_uri must be an http://127.0.0.1 or http://localhost address "
                "with a port."
            )
        if not _scopes(params.get("scope", "")):
            return _error_page("The authorization URL has no scope; ask for at least one scope.")
        return None

    # The token endpoint

    def token(self, request: Request) -> Response:
        form = oauth_form(request)
        grant_type = form.get("grant_type", "")
        if grant_type not in ("authorization_code", "refresh_token"):
            return _token_error(
                "BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token"
            )
        if form.get("client_id") != self.client_id:
            return _token_error("BAD_CLIENT_ID", "missing or unknown client id")
        if not hmac.compare_digest(
            form.get("client_secret", "").encode(), self.client_secret.encode()
        ):
            return _token_error("BAD_CLIENT_ID", "missing or invalid client secret")
        if grant_type == "refresh_token":
            refresh_token = form.get("refresh_token", "")
            with self._lock:
                scopes = self._refresh_tokens.get(refresh_token)
            if scopes is None:
                return _token_error("BAD_REFRESH_TOKEN", "missing or unknown refresh token")
            return self._issue(refresh_token, scopes)
        with self._lock:
            grant = self._codes.pop(
                form.get("code", ""), None
            )  # single use, even when the rest is wrong
        if (
            grant is None
            or grant.expires_at <= self._clock()
            or grant.client_id != form["client_id"]
        ):
            return _token_error("BAD_AUTH_CODE", "missing or unknown auth code")
        if form.get("redirect_uri") != grant.redirect_uri:
            return _token_error(
                "BAD_REDIRECT_URI", "redirect_uri does not match initial auth code URL"
            )
        refresh_token = _new_refresh_token()
        with self._lock:
            self._refresh_tokens[refresh_token] = grant.scopes
        return self._issue(refresh_token, grant.scopes)

    def _issue(self, refresh_token: str, scopes: tuple[str, ...]) -> Response:
        ttl = self._faults().token_ttl
        access_token = "C" + secrets.token_urlsafe(90)
        with self._lock:
            now = self._clock()
            self._access_tokens = {
                key: value
                for key, value in self._access_tokens.items()
                if value.expires_at > now - 3600
            }  # forget long-expired tokens
            self._access_tokens[access_token] = _AccessToken(scopes, now + ttl)
        return json_response(
            200,
            {
                "token_type": "bearer",
                "refresh_token": refresh_token,
                "access_token": access_token,
                "expires_in": ttl,
            },
        )

    # Token information

    def access_token_info(self, request: Request) -> Response:
        token = request.params["token"]
        with self._lock:
            access = self._access_tokens.get(token)
        remaining = None if access is None else access.expires_at - self._clock()
        if access is None or remaining is None or remaining <= 0:
            raise HubSpotError(
                404, "OBJECT_NOT_FOUND", "The access token is unknown or has expired."
            )
        return json_response(
            200,
            {
                "token": token,
                "user": self.user,
                "hub_domain": self.hub_domain,
                "scopes": list(access.scopes),
                "hub_id": self.hub_id,
                "app_id": APP_ID,
                "expires_in": int(remaining),
                "user_id": self.user_id,
                "token_type": "access",
            },
        )

    def refresh_token_info(self, request: Request) -> Response:
        token = request.params["token"]
        with self._lock:
            scopes = self._refresh_tokens.get(token)
        if scopes is None:
            raise HubSpotError(
                404, "OBJECT_NOT_FOUND", "The refresh token is unknown or was revoked."
            )
        return json_response(
            200,
            {
                "token": token,
                "user": self.user,
                "hub_domain": self.hub_domain,
                "scopes": list(scopes),
                "hub_id": self.hub_id,
                "client_id": self.client_id,
                "user_id": self.user_id,
                "token_type": "refresh",
            },
        )

    def revoke_refresh_token(self, request: Request) -> Response:
        with self._lock:
            found = self._refresh_tokens.pop(request.params["token"], None)
        if found is None:
            raise HubSpotError(
                404, "OBJECT_NOT_FOUND", "The refresh token is unknown or was revoked."
            )
        return Response(204, b"")


def _new_refresh_token() -> str:
    return "na1-" + "-".join(secrets.token_hex(size) for size in (2, 2, 2, 2, 6))


def _scopes(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.replace("+", " ").split() if part)


def _ago(seconds: float) -> str:
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit}(s)"
    return f"{int(seconds)} second(s)"


def _token_error(status: str, message: str) -> Response:
    return json_response(
        400, {"status": status, "message": message, "correlationId": str(uuid.uuid4())}
    )


def _error_page(message: str) -> Response:
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Authorization error</title></head>'
        "<body><h1>Couldn't complete the connection</h1>"
        f"<p>{html.escape(message)}</p></body></html>"
    )
    return Response(400, page.encode("utf-8"), "text/html;charset=UTF-8")
