"""What the emulators' OAuth endpoints share: reading a form body and the loopback rule.

Salesforce and HubSpot both take form-encoded token requests and both redirect a browser
sign-in only to the app's own loopback address (RFC 8252), so the two emulators read forms
and check redirect URIs the same way.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from gather_desktop.sandbox.http_base import Request

_LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def is_loopback(uri: str) -> bool:
    """An `http://` address on this machine with a real port: where a desktop app listens."""
    try:
        parts = urlsplit(uri)
        port = parts.port  # raises ValueError when the port is not a number from 0 to 65535
    except ValueError:
        return False
    return parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS and port != 0


def oauth_form(request: Request) -> dict[str, str]:
    """A form-encoded body (or the query string, which both services also accept) as the last
    value per name."""
    merged = {name: values[-1] for name, values in request.query.items()}
    body = parse_qs(request.body.decode("utf-8", errors="replace"), keep_blank_values=True)
    merged.update({name: values[-1] for name, values in body.items()})
    return merged
