"""Sorting Gather's failures into what to do about them.

Every failure of a call to Gather — an HTTP answer that is not a success, a connection reset,
a timeout, a page that is not JSON — passes through `classify_response` or
`classify_exception`, so the retry loop, the sync engine and the window agree on one rule:

- retryable: 429, 500, 502, 503, 504, resets and timeouts. Try again after a pause.
- rejected: any other 4xx with Gather's own error body. This record is wrong; keep Gather's
  message for the user and go on with the next record.
- fatal: the run cannot go on (wrong key, a proxy's page instead of Gather, a TLS failure,
  Gather unreachable after every retry). Stop and tell the user what to do.
"""

from __future__ import annotations

import enum
import json

import requests

from gather_desktop.errors import UserFacingError

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Whole-run failures: the key is wrong or lacks rights, or the model is gone for every record.
FATAL_STATUSES = frozenset({401, 403})
FATAL_CODES = frozenset({"unknown_model"})
BODY_EXCERPT_CHARS = 120


class FailureKind(enum.Enum):
    RETRYABLE = "retryable"
    REJECTED = "rejected"
    FATAL = "fatal"


class GatherError(UserFacingError):
    """A failed call to Gather, with Gather's own message where it sent one. A user-facing
    failure: wherever one escapes (a preview, a check), its message is what the user reads.

    `message` is written for a person and never contains the API key. `code` and `field` are
    Gather's (`missing_trait`, `name`), or our own for failures without a Gather body
    (`not_json`, `timeout`, `connection`, `tls`).
    """

    def __init__(self, kind: FailureKind, message: str, *, status: int | None = None,
                 code: str | None = None, field: str | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
        self.field = field
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind is FailureKind.RETRYABLE


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header; Gather sends whole seconds. Dates are not used."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(seconds, 0.0)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:BODY_EXCERPT_CHARS] + ("…" if len(flat) > BODY_EXCERPT_CHARS else "")


def decode_json(response: requests.Response) -> object:
    """The body as JSON, or a `GatherError` naming the status and the first bytes.

    A TLS-inspecting proxy or a captive portal answers with an HTML page; that must become a
    message the user can act on, never a crash in the JSON parser.
    """
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError):
        pass
    kind = FailureKind.RETRYABLE if response.status_code in RETRYABLE_STATUSES else FailureKind.FATAL
    raise GatherError(
        kind,
        f"Gather's address answered {response.status_code} with something that is not Gather "
        f"(not JSON): \"{_excerpt(response.text)}\". If your company uses a proxy, check the "
        "Gather URL and ask IT whether the proxy lets the app through.",
        status=response.status_code, code="not_json")


def classify_response(response: requests.Response) -> GatherError:
    """The error for an answer that is not a 2xx, sorted by what the caller should do."""
    status = response.status_code
    body = decode_json(response)
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {}
    code = error.get("code") if isinstance(error.get("code"), str) else None
    field = error.get("field") if isinstance(error.get("field"), str) else None
    message = error.get("message") if isinstance(error.get("message"), str) else None
    if status in RETRYABLE_STATUSES:
        kind = FailureKind.RETRYABLE
    elif status in FATAL_STATUSES or code in FATAL_CODES or not 400 <= status < 500:
        kind = FailureKind.FATAL
    else:
        kind = FailureKind.REJECTED
    if status == 401:
        message = ("Gather did not accept the API key (401). Copy the key again from Gather's "
                   "settings and reconnect." + (f" Gather said: {message}" if message else ""))
    elif message is None:
        message = f"Gather answered {status} without an explanation."
    return GatherError(kind, message, status=status, code=code, field=field,
                       retry_after=parse_retry_after(response.headers.get("Retry-After")))


def classify_exception(exc: requests.RequestException, url: str) -> GatherError:
    """The error for a request that got no answer: resets and timeouts are worth retrying."""
    if isinstance(exc, requests.exceptions.SSLError):
        return GatherError(
            FailureKind.FATAL,
            f"The secure connection to {url} could not be verified. If your company inspects "
            "TLS traffic, choose its CA bundle (a .pem file from IT) in the Gather connection.",
            code="tls")
    if isinstance(exc, requests.exceptions.Timeout):
        return GatherError(FailureKind.RETRYABLE,
                           f"Gather at {url} did not answer in time.", code="timeout")
    if isinstance(exc, (requests.exceptions.ConnectionError,
                        requests.exceptions.ChunkedEncodingError)):
        return GatherError(
            FailureKind.RETRYABLE,
            f"Could not reach Gather at {url}. Check the URL and your network connection.",
            code="connection")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return GatherError(FailureKind.FATAL,
                           f"'{url}' is not a usable Gather URL; it should look like "
                           "https://api.gatherdata.co.", code="bad_url")
    return GatherError(FailureKind.FATAL, f"The request to Gather at {url} failed: {exc}.",
                       code="request")
