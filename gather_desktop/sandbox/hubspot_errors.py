"""HubSpot's error envelope, raised from anywhere in the HubSpot emulator.

Every CRM error HubSpot sends has the same JSON shape (PROTOCOLS.md §2.4):
`{"status": "error", "message", "correlationId", "category"[, "subCategory", "context",
"errors", "policyName", "errorType"]}`; the connector reads `category` and `message` to say
what went wrong in words, so the emulator sends nothing else.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from gather_desktop.sandbox.http_base import Response, json_response

AUTH_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)


class HubSpotError(Exception):
    """An error answer: status, category, message, and any extra envelope keys or headers."""

    def __init__(
        self,
        status: int,
        category: str,
        message: str,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.category, self.message = status, category, message
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    def response(self) -> Response:
        return envelope(self.status, self.category, self.message, self.extra, self.headers)


def envelope(
    status: int,
    category: str,
    message: str,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "status": "error",
        "message": message,
        "correlationId": str(uuid.uuid4()),
        "category": category,
    }
    body.update(extra or {})
    return json_response(status, body, headers)


def validation_error(message: str, **extra: Any) -> HubSpotError:
    return HubSpotError(400, "VALIDATION_ERROR", message, extra=extra)


def not_found(message: str = "resource not found") -> HubSpotError:
    return HubSpotError(404, "OBJECT_NOT_FOUND", message)
