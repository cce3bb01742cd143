"""HubSpot's failures, said in words a user can act on.

hubspot-api-client raises `ApiException`s whose text is the raw status line, headers and body,
and urllib3 raises its own errors for the network; none of that may reach a user. HubSpot
answers errors in one envelope (`status`, `message`, `correlationId`, `category`); the
functions here pick the words by its category and status, and by the network failure, and
never include a token. A body that is not HubSpot's envelope is someone else's page (a
proxy's, a captive portal's) and is named as such.

Pure functions, no I/O, so every wording is tested without a server.
"""

from __future__ import annotations

import json
from typing import Any

import urllib3

from gather_desktop.sources.base import SourceAuthError, SourceError, SourceFieldError

EXCERPT_CHARS = 120
_NOT_HUBSPOT = ("If your company uses a proxy, check the address and ask IT whether the proxy "
                "lets Gather Desktop through to HubSpot.")


def envelope(body: Any) -> dict[str, Any] | None:
    """HubSpot's error envelope from a response body, or None when the body is not one."""
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return None
    if isinstance(body, dict) and isinstance(body.get("message"), str) \
            and ("category" in body or "status" in body):
        return body
    return None


def excerpt(body: Any) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) \
        else str(body or "")
    flat = " ".join(text.split())
    return flat[:EXCERPT_CHARS] + ("…" if len(flat) > EXCERPT_CHARS else "")


def not_hubspot(url: str, status: int, body: Any) -> SourceError:
    """Something other than HubSpot answered: a proxy's or captive portal's page."""
    return SourceError(f"{url} answered {status} with a page that is not HubSpot's: "
                       f"\"{excerpt(body)}\". {_NOT_HUBSPOT}")


def api_failure(status: int, body: Any, *, url: str, oauth: bool) -> SourceError:
    """A CRM answer that is an error, after any retries."""
    found = envelope(body)
    if found is None:
        return not_hubspot(url, status, body)
    category = str(found.get("category") or "")
    message = str(found["message"])
    if status == 401 or category in ("INVALID_AUTHENTICATION", "EXPIRED_AUTHENTICATION"):
        if oauth:
            return SourceAuthError("HubSpot no longer accepts the sign-in (it was revoked or "
                                   "has expired); sign in with HubSpot in the browser again.")
        return SourceAuthError("HubSpot does not accept the private app's access token (it is "
                               "wrong, or was rotated or deleted). Copy the token again from "
                               "the private app in HubSpot (Settings, Integrations, Private "
                               "Apps) and enter it here.")
    if status == 403 or category == "MISSING_SCOPES":
        return SourceAuthError(
            f"HubSpot refused access: {message} Give the app the scopes "
            "crm.objects.companies.read, crm.objects.contacts.read, "
            "crm.schemas.companies.read and crm.schemas.contacts.read, then connect again.")
    if status == 404 or category == "OBJECT_NOT_FOUND":
        return SourceFieldError(f"HubSpot does not know something the integration names: "
                                f"{message} Edit the integration to choose another property.")
    if category == "VALIDATION_ERROR" and "propert" in message.lower():
        return SourceFieldError(f"HubSpot refused a property the integration names: {message} "
                                "It may have been deleted or renamed; edit the integration.")
    if status == 429:
        policy = str(found.get("policyName") or "")
        if policy == "DAILY":
            return SourceError("The HubSpot account's daily API allowance is used up; HubSpot "
                               "refuses API calls until midnight in the account's time zone. "
                               "Run again tomorrow.")
        return SourceError("HubSpot kept answering that its rate limit is reached, even after "
                           "waiting as it asked. Other apps may be using this HubSpot account "
                           "heavily; run again in a few minutes.")
    if status >= 500:
        return SourceError(f"HubSpot had a problem answering ({status}: {message}). Try again "
                           "in a few minutes.")
    return SourceError(f"HubSpot refused the request: {message} ({status}"
                       f"{', ' + category if category else ''}).")


def token_failure(status: int, body: Any, *, url: str, grant: str) -> SourceError:
    """An error answer of the OAuth token endpoint; `grant` is refresh_token (the saved
    sign-in) or authorization_code (the browser sign-in that just happened)."""
    found = envelope(body)
    if found is None:
        return not_hubspot(url, status, body)
    code = str(found.get("status") or "")
    if code == "BAD_REFRESH_TOKEN" or (grant == "refresh_token" and code != "BAD_CLIENT_ID"):
        return SourceAuthError("HubSpot no longer accepts the saved sign-in (it was revoked or "
                               "the app was uninstalled); sign in with HubSpot in the browser "
                               "again.")
    if code == "BAD_CLIENT_ID":
        return SourceAuthError("HubSpot does not know this app's client id or secret "
                               f"({code}). Check both in the HubSpot app's settings.")
    return SourceAuthError(f"HubSpot did not accept the sign-in from the browser "
                           f"({found['message']}); sign in again.")


def transport_failure(error: Exception, *, url: str) -> SourceError:
    """A request that got no usable answer: a dead or unknown host, a timeout, TLS."""
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, urllib3.exceptions.SSLError):
        return SourceError(f"The secure connection to {url} could not be verified. If your "
                           "company inspects TLS traffic, ask IT for its CA bundle.")
    if isinstance(reason, urllib3.exceptions.NewConnectionError):  # a TimeoutError subclass
        return SourceError(f"Could not reach HubSpot at {url}. Check the address and your "
                           "network connection.")
    if isinstance(reason, urllib3.exceptions.TimeoutError):
        return SourceError(f"HubSpot at {url} did not answer in time. Check your network "
                           "connection, then try again.")
    if isinstance(reason, urllib3.exceptions.ProxyError):
        return SourceError(f"The proxy refused or dropped the connection to {url}. Check the "
                           "proxy settings with IT.")
    return SourceError(f"Could not reach HubSpot at {url}. Check the address and your network "
                       "connection.")
