"""Salesforce's failures, said in words a user can act on.

simple-salesforce and requests raise exceptions whose text is a URL plus a raw response body
(and, for a login, whatever the server sent). None of that may reach a user: it says nothing
about what to do, and a body could echo what was sent. Every failure the connector meets
passes through one of the functions here, which pick the message by Salesforce's own error
code (INVALID_LOGIN, REQUEST_LIMIT_EXCEEDED, invalid_grant, ...) or by the kind of network
failure, and never include a password, token or session id. The original exception is
dropped by the caller (`raise ... from None`) for the same reason.

Pure functions, no I/O, so every wording can be tested without a server.
"""

from __future__ import annotations

from typing import Any

import requests

from gather_desktop.sources.base import SourceAuthError, SourceError, SourceFieldError

EXCERPT_CHARS = 120

_NOT_SALESFORCE = ("If your company uses a proxy, check the address and ask IT whether the "
                   "proxy lets Gather Desktop through to Salesforce.")
_DAILY_LIMIT = ("Your Salesforce org's daily API allowance is used up (REQUEST_LIMIT_EXCEEDED): "
                "Salesforce refuses API calls until earlier ones fall out of its 24-hour "
                "window. Run again later; your Salesforce admin can see the usage under "
                "Setup, Company Information.")
_NO_API_EDITION = ("This Salesforce edition has no API access (API_DISABLED_FOR_ORG), so Gather "
                   "Desktop cannot read it. The API comes with the Enterprise, Unlimited, "
                   "Performance and Developer editions (and Professional with the API "
                   "add-on); ask your Salesforce admin.")
_EDIT_INTEGRATION = "Edit the integration to choose another field or object."


def excerpt(body: str | bytes) -> str:
    """The first characters of a response body on one line, to show what answered."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    flat = " ".join(text.split())
    return flat[:EXCERPT_CHARS] + ("…" if len(flat) > EXCERPT_CHARS else "")


def not_salesforce(url: str, status: int, body: str | bytes) -> SourceError:
    """Something other than Salesforce answered: a proxy's or captive portal's page."""
    return SourceError(f"{url} answered {status} with a page that is not Salesforce's: "
                       f"\"{excerpt(body)}\". {_NOT_SALESFORCE}")


def login_failure(code: str, message: str, *, username: str, login_url: str) -> SourceError:
    """A SOAP login fault (`sf:exceptionCode`), for the password sign-in."""
    if code == "INVALID_LOGIN":
        return SourceAuthError(
            f"Wrong password or security token for {username}. Check both (and the user "
            "name), then sign in again. If you reset your password, Salesforce emails a new "
            "security token; you can also have it sent again from your Salesforce personal "
            "settings, \"Reset My Security Token\".")
    if code == "LOGIN_MUST_USE_SECURITY_TOKEN":
        return SourceAuthError(
            f"Salesforce wants the security token for {username} as well as the password "
            "(LOGIN_MUST_USE_SECURITY_TOKEN). Enter the token Salesforce emailed you, or have "
            "it sent again from your personal settings, \"Reset My Security Token\".")
    if code == "API_DISABLED_FOR_ORG":
        return SourceAuthError(_NO_API_EDITION)
    if code == "API_CURRENTLY_DISABLED":
        return SourceAuthError(
            f"{username} is not allowed to use the Salesforce API (API_CURRENTLY_DISABLED). "
            "Ask your Salesforce admin to give this user the \"API Enabled\" permission.")
    if code == "PASSWORD_LOCKOUT":
        return SourceAuthError(
            f"Salesforce has locked {username} out after too many failed sign-ins "
            "(PASSWORD_LOCKOUT). Wait until the lockout ends or ask your Salesforce admin to "
            "unlock the user, then sign in again.")
    if code == "INVALID_OPERATION_WITH_EXPIRED_PASSWORD":
        return SourceAuthError(
            f"The Salesforce password of {username} has expired. Sign in to Salesforce in "
            "the browser and choose a new password (Salesforce then emails a new security "
            "token), and enter both here.")
    if code == "REQUEST_LIMIT_EXCEEDED":
        return SourceError(_DAILY_LIMIT)
    return SourceAuthError(f"Salesforce at {login_url} refused the sign-in of {username}: "
                           f"{message} ({code}).")


def token_failure(error: str, description: str, *, login_url: str, grant: str) -> SourceError:
    """An OAuth error answer of the token endpoint (`{"error", "error_description"}`).

    `grant` is "refresh_token" (the saved sign-in) or "authorization_code" (the browser
    sign-in that just happened); the same `invalid_grant` means different things for each.
    """
    if "approved this consumer" in description:
        return SourceAuthError(
            "Your Salesforce admin must approve this app before you can sign in with it "
            f"({error}: {description}). Ask them to allow Gather Desktop under Setup, Connected "
            "Apps OAuth Usage (or to pre-authorise your profile), then sign in with the "
            "browser again.")
    if error == "invalid_grant" and grant == "refresh_token":
        return SourceAuthError(
            "Salesforce no longer accepts the saved sign-in (it was revoked or has expired); "
            "sign in with the browser again.")
    if error == "invalid_grant":
        return SourceAuthError(
            f"Salesforce did not accept the sign-in from the browser ({description or error});"
            " sign in with the browser again.")
    if error in ("invalid_client_id", "invalid_client"):
        return SourceAuthError(
            f"Salesforce at {login_url} does not know this app or its secret ({error}). Check "
            "that the login URL is your org's (production, sandbox or My Domain).")
    if error in ("inactive_user", "inactive_org"):
        return SourceAuthError(f"Salesforce refused the sign-in: the user or org is not "
                               f"active ({error}). Ask your Salesforce admin.")
    return SourceAuthError(f"Salesforce at {login_url} refused the sign-in: "
                           f"{description or 'no reason given'} ({error}).")


def api_failure(status: int, content: Any, *, url: str) -> SourceError:
    """A REST answer that is an error: Salesforce's `[{"errorCode", "message"}]` list, or
    someone else's page in its place."""
    if not (isinstance(content, list) and content and isinstance(content[0], dict)):
        return not_salesforce(url, status, content if isinstance(content, (str, bytes)) else "")
    code = str(content[0].get("errorCode", ""))
    message = str(content[0].get("message", ""))
    if code == "REQUEST_LIMIT_EXCEEDED":
        return SourceError(_DAILY_LIMIT)
    if code == "API_DISABLED_FOR_ORG":
        return SourceAuthError(_NO_API_EDITION)
    if code in ("INVALID_FIELD", "INVALID_TYPE", "NOT_FOUND"):
        return SourceFieldError(f"Salesforce does not know a field or object the integration "
                                f"names: {message} ({code}). {_EDIT_INTEGRATION}")
    if code == "INVALID_SESSION_ID":
        return SourceAuthError("Salesforce ended the session again right after a new sign-in "
                               "(INVALID_SESSION_ID). Sign in again; if it keeps happening, "
                               "ask your Salesforce admin about the session settings.")
    if status >= 500:
        return SourceError(f"Salesforce had a problem answering ({status}, {code}: {message}). "
                           "Try again in a few minutes.")
    return SourceError(f"Salesforce refused the request: {message} ({code}).")


def transport_failure(error: requests.RequestException, *, url: str,
                      ca_bundle: str | None) -> SourceError:
    """A request that got no usable answer: TLS, a dead or unknown host, a timeout."""
    if isinstance(error, requests.exceptions.SSLError):
        if ca_bundle:
            return SourceError(
                f"The secure connection to {url} could not be verified with the CA bundle "
                f"{ca_bundle}. Check that it is the .pem file IT gave you for the company "
                "proxy, or remove it from the connection if you are not behind one.")
        return SourceError(
            f"The secure connection to {url} could not be verified. If your company inspects "
            "TLS traffic, choose its CA bundle (a .pem file from IT) in the Salesforce "
            "connection.")
    if isinstance(error, requests.exceptions.ProxyError):
        return SourceError(f"The proxy refused or dropped the connection to {url}. Check the "
                           "proxy settings with IT.")
    if isinstance(error, requests.exceptions.Timeout):
        return SourceError(f"Salesforce at {url} did not answer in time. Check the URL and "
                           "your network connection, then try again.")
    if isinstance(error, (requests.exceptions.ConnectionError,
                          requests.exceptions.ChunkedEncodingError)):
        return SourceError(f"Could not reach Salesforce at {url}. Check the URL and your "
                           "network connection.")
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                          requests.exceptions.InvalidSchema)):
        return SourceError(f"'{url}' is not a usable Salesforce address; it should look like "
                           "https://login.salesforce.com or https://yourcompany.my.salesforce.com.")
    return SourceError(f"The request to Salesforce at {url} failed ({type(error).__name__}).")
