"""Signing in to the emulated org: SOAP password login, the OAuth token endpoint, the authorize page.

The three ways the app signs in, answered as Salesforce answers them (PROTOCOLS.md §1.2):
- `POST /services/Soap/u/{version}`: the partner-WSDL `login` call simple-salesforce makes with
  username and password + security token; success is a `loginResponse` whose `serverUrl` points
  at this emulator, failure a SOAP fault with `sf:exceptionCode` (INVALID_LOGIN...).
- `POST /services/oauth2/token`: `grant_type=refresh_token`, and `authorization_code` with PKCE
  (the S256 challenge from the authorize step must match the verifier). Codes are single-use,
  short-lived and bound to the client_id and redirect_uri they were issued for. Errors are
  `{"error", "error_description"}` with status 400, in Salesforce's words.
- `GET /services/oauth2/authorize`: a small consent page (the sandbox's user is always signed
  in); its Allow and Deny buttons post back, and the answer is a 302 to the app's loopback
  `redirect_uri` with `code` and `state`, or `error=access_denied`. Only loopback redirects are
  accepted, since the app's browser sign-in listens on 127.0.0.1.

Every session id and access token comes from one `Sessions` store, so REST calls authenticate
the same way whichever flow produced them. No secret appears in a repr, message or log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import string
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sandbox.http_base import Request, Response, json_response
from gather_desktop.sandbox.oauth_common import is_loopback, oauth_form
from gather_desktop.sandbox.salesforce_org import SalesforceOrg

CODE_LIFETIME_S = 15 * 60
_ALPHANUMERIC = string.ascii_letters + string.digits
_SOAP_FAULT_NS = "urn:fault.partner.soap.sforce.com"
_INVALID_LOGIN = "Invalid username, password, security token; or user locked out."
_SOAP_API_DISABLED = "API is not enabled for this Organization or Partner"
_NOT_APPROVED = "user hasn't approved this consumer"


def _random_text(length: int, alphabet: str = _ALPHANUMERIC) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass(frozen=True)
class Credentials:
    """The one API user and connected app of a sandbox, made fresh at each start."""

    username: str
    password: str = field(repr=False)
    security_token: str = field(repr=False)
    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)

    @classmethod
    def generate(cls, username: str) -> Credentials:
        """Values shaped like Salesforce's: a 25-character token, a "3MVG9..." consumer key."""
        return cls(
            username=username,
            password="Sandbox-" + _random_text(12),
            security_token=_random_text(25),
            client_id="3MVG9" + _random_text(80, _ALPHANUMERIC + "._"),
            client_secret=_random_text(64, "0123456789ABCDEF"),
            refresh_token="5Aep861" + _random_text(80, _ALPHANUMERIC + "._"),
        )

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class _Session:
    calls: int = 0


@dataclass(frozen=True)
class _Code:
    client_id: str
    redirect_uri: str
    code_challenge: str | None
    scope: str
    expires_at: float


class Sessions:
    """Session ids (also the OAuth access tokens) and how many calls each has served."""

    def __init__(self, organization_id: str) -> None:
        self._organization_id = organization_id
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def issue(self) -> str:
        """A new session id in Salesforce's shape: the org's Id, "!", then an opaque token."""
        token = f"{self._organization_id[:15]}!AQ" + _random_text(94, _ALPHANUMERIC + "._")
        with self._lock:
            self._sessions[token] = _Session()
        return token

    def use(self, token: str, expire_after: int | None) -> bool:
        """Count one call on the session; False if it is unknown or has served its `expire_after` calls."""
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return False
            if expire_after is not None and session.calls >= expire_after:
                del self._sessions[token]  # expired sessions stay expired
                return False
            session.calls += 1
            return True

    def check(self, token: str) -> bool:
        """Whether the session is valid, without counting a call (the identity URL)."""
        with self._lock:
            return token in self._sessions


class SalesforceAuth:
    """The sign-in endpoints of one org; the server routes to these methods."""

    def __init__(self, org: SalesforceOrg, credentials: Credentials, sessions: Sessions,
                 faults: Callable[[], SalesforceFaults], base_url: Callable[[], str]) -> None:
        self._org = org
        self._credentials = credentials
        self._sessions = sessions
        self._user_id = org.api_user_id
        self._faults = faults
        self._base_url = base_url
        self._refresh_tokens = {credentials.refresh_token: credentials.client_id}
        self._codes: dict[str, _Code] = {}
        self._lock = threading.Lock()

    # SOAP login

    def soap_login(self, request: Request) -> Response:
        version = request.params["version"]
        try:
            root = ElementTree.fromstring(request.body)
        except ElementTree.ParseError:
            return _soap_fault("soapenv:Client", "INVALID_XML", "The login request is not well-formed XML.")
        values = {element.tag.rpartition("}")[2]: element.text or "" for element in root.iter()}
        if self._faults().api_disabled:
            return _soap_fault("sf:API_DISABLED_FOR_ORG", "API_DISABLED_FOR_ORG", _SOAP_API_DISABLED)
        username, password = values.get("username", ""), values.get("password", "")
        expected = self._credentials.password + self._credentials.security_token
        if not (username.lower() == self._credentials.username.lower()
                and hmac.compare_digest(password.encode("utf-8"), expected.encode("utf-8"))):
            return _soap_fault("sf:INVALID_LOGIN", "INVALID_LOGIN", _INVALID_LOGIN)
        return Response(200, self._login_response(version).encode("utf-8"), "text/xml;charset=UTF-8")

    def _login_response(self, version: str) -> str:
        base, org_id = self._base_url(), self._org.organization_id
        user = self._org.get("User", self._user_id) or {}
        info = {
            "accessibilityMode": "false", "currencySymbol": "$", "orgAttachmentFileSizeLimit": "5242880",
            "orgDefaultCurrencyIsoCode": "USD", "orgDisallowHtmlAttachments": "false",
            "orgHasPersonAccounts": "false", "organizationId": org_id, "organizationMultiCurrency": "false",
            "organizationName": self._org.name, "profileId": "00e5g000000XyZaAAK", "roleId": None,
            "sessionSecondsValid": "7200", "userDefaultCurrencyIsoCode": None,
            "userEmail": user.get("Email", ""), "userFullName": user.get("Name", ""), "userId": self._user_id,
            "userLanguage": "en_US", "userLocale": "en_US", "userName": self._credentials.username,
            "userTimeZone": "America/Los_Angeles", "userType": "Standard", "userUiSkin": "Theme3",
        }
        user_info = "".join(
            f'<{key} xsi:nil="true"/>' if value is None else f"<{key}>{html.escape(value)}</{key}>"
            for key, value in info.items()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
            'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><loginResponse><result>'
            f"<metadataServerUrl>{base}/services/Soap/m/{version}/{org_id}</metadataServerUrl>"
            "<passwordExpired>false</passwordExpired><sandbox>false</sandbox>"
            f"<serverUrl>{base}/services/Soap/u/{version}/{org_id}</serverUrl>"
            f"<sessionId>{self._sessions.issue()}</sessionId><userId>{self._user_id}</userId>"
            f"<userInfo>{user_info}</userInfo></result></loginResponse></soapenv:Body></soapenv:Envelope>"
        )

    # OAuth token endpoint

    def token(self, request: Request) -> Response:
        form = oauth_form(request)
        grant_type = form.get("grant_type", "")
        if grant_type not in ("refresh_token", "authorization_code"):
            return _oauth_error("unsupported_grant_type", "grant type not supported")
        if form.get("client_id") != self._credentials.client_id:
            return _oauth_error("invalid_client_id", "client identifier invalid")
        secret = form.get("client_secret")
        if secret is not None and not hmac.compare_digest(secret.encode(), self._credentials.client_secret.encode()):
            return _oauth_error("invalid_client", "invalid client credentials")
        if self._faults().app_approval_required:
            return _oauth_error("invalid_grant", _NOT_APPROVED)
        if grant_type == "refresh_token":
            with self._lock:
                owner = self._refresh_tokens.get(form.get("refresh_token", ""))
            if owner != form["client_id"]:
                return _oauth_error("invalid_grant", "expired access/refresh token")
            return self._token_response(scope="refresh_token api", refresh_token=None)
        return self._exchange_code(form, has_secret=secret is not None)

    def _exchange_code(self, form: dict[str, str], *, has_secret: bool) -> Response:
        with self._lock:
            code = self._codes.pop(form.get("code", ""), None)  # single use, even when the rest is wrong
        if code is None or code.expires_at < time.monotonic() or code.client_id != form["client_id"]:
            return _oauth_error("invalid_grant", "invalid authorization code")
        if form.get("redirect_uri") != code.redirect_uri:
            return _oauth_error("invalid_grant", "redirect_uri must match configuration")
        if code.code_challenge is None:
            if not has_secret:
                return _oauth_error("invalid_client", "invalid client credentials")
        elif not hmac.compare_digest(_s256(form.get("code_verifier", "")), code.code_challenge):
            return _oauth_error("invalid_grant", "invalid code verifier")
        refresh_token = "5Aep861" + _random_text(80, _ALPHANUMERIC + "._")
        with self._lock:
            self._refresh_tokens[refresh_token] = code.client_id
        return self._token_response(scope=code.scope, refresh_token=refresh_token)

    def _token_response(self, *, scope: str, refresh_token: str | None) -> Response:
        base = self._base_url()
        identity = f"{base}/id/{self._org.organization_id}/{self._user_id}"
        issued_at = str(int(time.time() * 1000))
        signature = hmac.new(self._credentials.client_secret.encode(), (identity + issued_at).encode(),
                             hashlib.sha256).digest()
        body: dict[str, Any] = {"access_token": self._sessions.issue()}
        if refresh_token is not None:
            body["refresh_token"] = refresh_token
        body.update({
            "signature": base64.b64encode(signature).decode("ascii"), "scope": scope, "instance_url": base,
            "id": identity, "token_type": "Bearer", "issued_at": issued_at,
        })
        return json_response(200, body)

    # Authorize page

    def authorize_page(self, request: Request) -> Response:
        params = {name: values[-1] for name, values in request.query.items()}
        problem = self._authorize_problem(params)
        if problem is not None:
            return problem
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
            for name, value in params.items()
        )
        page = (
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Allow Access?</title></head><body>"
            "<h1>Allow Access?</h1>"
            f"<p>Allow Gather Desktop to access your Salesforce data?</p>"
            f"<p>Signed in as {html.escape(self._credentials.username)} ({html.escape(self._org.name)}).</p>"
            f'<form method="post" action="/services/oauth2/authorize">{hidden}'
            '<button type="submit" name="decision" value="allow">Allow</button> '
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
            code = _random_text(60, _ALPHANUMERIC)
            with self._lock:
                self._drop_expired_codes()
                self._codes[code] = _Code(
                    params["client_id"], params["redirect_uri"], params.get("code_challenge") or None,
                    params.get("scope") or "refresh_token api", time.monotonic() + CODE_LIFETIME_S)
            answer = {"code": code}
        else:
            answer = {"error": "access_denied", "error_description": "end-user denied authorization"}
        if "state" in params:
            answer["state"] = params["state"]
        redirect = params["redirect_uri"]
        separator = "&" if urlsplit(redirect).query else "?"
        return Response(302, b"", "text/html;charset=UTF-8", {"Location": redirect + separator + urlencode(answer)})

    def _authorize_problem(self, params: dict[str, str]) -> Response | None:
        """An error page for a request that cannot be redirected back safely, or None when it is fine."""
        if params.get("client_id") != self._credentials.client_id:
            return _error_page("invalid_client_id", "client identifier invalid")
        if not is_loopback(params.get("redirect_uri", "")):
            return _error_page("redirect_uri_mismatch", "redirect_uri must match configuration")
        if params.get("response_type") != "code":
            return _error_page("unsupported_response_type", "response type not supported")
        if params.get("code_challenge") and params.get("code_challenge_method", "S256") != "S256":
            return _error_page("invalid_request", "code_challenge_method must be S256")
        return None

    def _drop_expired_codes(self) -> None:
        now = time.monotonic()
        for code in [code for code, grant in self._codes.items() if grant.expires_at < now]:
            del self._codes[code]

    # Identity URL

    def identity(self, request: Request) -> Response:
        """`GET /id/{org}/{user}` (the token response's `id`): who the access token belongs to."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme not in ("Bearer", "OAuth") or not self._sessions.check(token.strip()):
            return Response(403, b"Bad_OAuth_Token", "text/plain;charset=UTF-8")
        if (request.params["org"], request.params["user"]) != (self._org.organization_id, self._user_id):
            return Response(404, b"Bad_Id", "text/plain;charset=UTF-8")
        user = self._org.get("User", self._user_id) or {}
        return json_response(200, {
            "id": f"{self._base_url()}/id/{self._org.organization_id}/{self._user_id}",
            "asserted_user": True, "user_id": self._user_id, "organization_id": self._org.organization_id,
            "username": self._credentials.username, "nick_name": self._credentials.username.partition("@")[0],
            "display_name": user.get("Name"), "email": user.get("Email"), "first_name": user.get("FirstName"),
            "last_name": user.get("LastName"), "active": True, "user_type": "STANDARD", "language": "en_US",
            "locale": "en_US", "utc_offset": -28800000, "last_modified_date": user.get("LastModifiedDate"),
        })


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _oauth_error(error: str, description: str) -> Response:
    return json_response(400, {"error": error, "error_description": description})


def _error_page(error: str, description: str) -> Response:
    page = (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>OAuth Error</title></head><body>"
        "<h1>OAuth Error</h1><p>We can't authorize you because of an OAuth error. For more information, "
        "contact your Salesforce administrator.</p>"
        f"<p>OAUTH_ERROR: error={html.escape(error)}&amp;error_description={html.escape(description)}</p>"
        "</body></html>"
    )
    return Response(400, page.encode("utf-8"), "text/html;charset=UTF-8")


def _soap_fault(fault_code: str, exception_code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
        'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        f'xmlns:sf="{_SOAP_FAULT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<soapenv:Body><soapenv:Fault><faultcode>{fault_code}</faultcode>"
        f"<faultstring>{html.escape(exception_code)}: {html.escape(message)}</faultstring><detail>"
        '<sf:LoginFault xsi:type="sf:LoginFault">'
        f"<sf:exceptionCode>{exception_code}</sf:exceptionCode>"
        f"<sf:exceptionMessage>{html.escape(message)}</sf:exceptionMessage>"
        "</sf:LoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    )
    return Response(500, body.encode("utf-8"), "text/xml;charset=UTF-8")
