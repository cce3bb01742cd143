"""HubSpot's failures in words (pure: no server)."""

from __future__ import annotations

import json

import urllib3

from gather_desktop.sources.base import SourceAuthError, SourceError, SourceFieldError
from gather_desktop.sources.hubspot_errors import api_failure, token_failure, transport_failure

URL = "https://api.hubapi.com"


def body(status: str = "error", **fields) -> bytes:
    return json.dumps({"status": status, "correlationId": "c-1", **fields}).encode()


def test_auth_failures_say_how_to_sign_in_again() -> None:
    expired = body(category="INVALID_AUTHENTICATION", message="The OAuth token used to make "
                   "this call expired 2 minute(s) ago.")
    oauth = api_failure(401, expired, url=URL, oauth=True)
    assert isinstance(oauth, SourceAuthError) and "browser again" in str(oauth)
    token = api_failure(401, expired, url=URL, oauth=False)
    assert "Private Apps" in str(token)
    scopes = api_failure(403, body(category="MISSING_SCOPES", message="This app hasn't been "
                                   "granted all required scopes."), url=URL, oauth=False)
    assert isinstance(scopes, SourceAuthError) and "crm.objects.contacts.read" in str(scopes)


def test_missing_properties_point_at_the_integration() -> None:
    found = api_failure(400, body(category="VALIDATION_ERROR",
                                  message="Property \"gone\" does not exist"), url=URL,
                        oauth=False)
    assert isinstance(found, SourceFieldError) and "edit the integration" in str(found)


def test_limits_servers_and_proxies_are_named() -> None:
    daily = api_failure(429, body(category="RATE_LIMITS", policyName="DAILY",
                                  message="You have reached your daily limit."), url=URL,
                        oauth=False)
    assert "daily" in str(daily) and "tomorrow" in str(daily)
    assert "(502: Bad gateway)" in str(api_failure(502, body(message="Bad gateway",
                                                             category="X"), url=URL,
                                                   oauth=False))
    proxy = api_failure(403, b"<html><title>Blocked by Zscaler</title></html>", url=URL,
                        oauth=False)
    assert type(proxy) is SourceError and "not HubSpot's" in str(proxy) and "Zscaler" in str(proxy)


def test_token_endpoint_failures() -> None:
    refresh = token_failure(400, body("BAD_REFRESH_TOKEN", message="missing or unknown "
                                      "refresh token"), url=URL, grant="refresh_token")
    assert "sign in with HubSpot in the browser again" in str(refresh)
    client = token_failure(400, body("BAD_CLIENT_ID", message="x"), url=URL,
                           grant="authorization_code")
    assert "client id or secret" in str(client)


def test_network_failures() -> None:
    refused = urllib3.exceptions.MaxRetryError(None, "/", urllib3.exceptions.NewConnectionError(
        None, "refused"))
    assert "Could not reach HubSpot" in str(transport_failure(refused, url=URL))
    slow = urllib3.exceptions.ReadTimeoutError(None, "/", "read timed out")
    assert "did not answer in time" in str(transport_failure(slow, url=URL))
