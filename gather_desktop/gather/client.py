"""The Gather API client, per GATHER_API.md.

One `GatherClient` is shared by all the worker threads of a sync; each thread gets its own
keep-alive `requests.Session` (sessions are not thread-safe, and reusing one connection per
worker is what makes thousands of small upserts cheap). Every call goes through one retry
loop (`RetryPolicy`) and one failure classifier (`errors.py`), so a 503 storm, a 429 with
`Retry-After` and a proxy's HTML page are handled the same way everywhere.
"""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from typing import Any, Iterator, Mapping
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from gather_desktop import __version__
from gather_desktop.gather.errors import (FailureKind, GatherError, classify_exception,
                                          classify_response, decode_json)
from gather_desktop.gather.retry import RetryPolicy

DEFAULT_URL = "https://api.gatherdata.co"
#: (connect, read) seconds: a dead host is noticed fast; a slow Gather gets time to answer.
DEFAULT_TIMEOUT = (5.0, 30.0)


@dataclass(frozen=True)
class UpsertResult:
    created: bool          # 201: a new record; 200: merged into an existing one
    record: dict[str, Any]  # the whole stored record: id, traits, created_at, updated_at


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    next: str | None


class GatherClient:
    """Calls to one Gather account. Safe to share between threads."""

    def __init__(self, base_url: str, api_key: str, *, ca_bundle: str | None = None,
                 timeout: tuple[float, float] = DEFAULT_TIMEOUT,
                 retry: RetryPolicy | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._verify: str | bool = ca_bundle or _environment_ca_bundle() or True
        # The environment's proxies, looked up once: a session that trusts the environment
        # reads ~/.netrc and walks os.environ on every request (~130 µs of CPU each, a
        # third of a sync's throughput at eight threads).
        self._proxies = requests.utils.get_environ_proxies(self.base_url)
        self._timeout = timeout
        self._retry = retry or RetryPolicy()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        self._requests_made = 0

    def __repr__(self) -> str:  # never show the key, even in a debugger or a log line
        return f"GatherClient({self.base_url!r})"

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far, retries included (the sync summary reports it)."""
        return self._requests_made

    # -- records ---------------------------------------------------------------------------

    def upsert(self, model: str, record: Mapping[str, Any]) -> UpsertResult:
        """Create the record, or merge its traits into the stored one (request wins)."""
        response, body = self._call("POST", f"/models/{_seg(model)}/records", json=dict(record))
        return UpsertResult(created=response.status_code == 201, record=body)

    def list_records(self, model: str, *, filters: Mapping[str, Any] | None = None,
                     limit: int = 100, after: str | None = None) -> Page:
        """One page of records, optionally only those whose traits equal `filters`."""
        params: dict[str, Any] = {"limit": limit}
        if after:
            params["after"] = after
        for trait, value in (filters or {}).items():
            params[f"trait.{trait}"] = value
        _, body = self._call("GET", f"/models/{_seg(model)}/records", params=params)
        return Page(records=list(body.get("records") or []), next=body.get("next"))

    def iter_records(self, model: str, *, filters: Mapping[str, Any] | None = None,
                     page_size: int = 1000) -> Iterator[dict[str, Any]]:
        """Every record of a model, page after page, without holding them all in memory."""
        after: str | None = None
        while True:
            page = self.list_records(model, filters=filters, limit=page_size, after=after)
            yield from page.records
            if not page.next:
                return
            after = page.next

    def get_record(self, model: str, record_id: str) -> dict[str, Any] | None:
        """The stored record, or None when Gather has no record with that id."""
        try:
            _, body = self._call("GET", f"/models/{_seg(model)}/records/{_seg(record_id)}")
        except GatherError as error:
            if error.status == 404 and error.code == "not_found":
                return None
            raise
        return body

    # -- models ----------------------------------------------------------------------------

    def list_models(self) -> list[dict[str, Any]]:
        _, body = self._call("GET", "/models")
        return list(body.get("models") or [])

    def create_model(self, model_id: str, name: str,
                     relationships: list[Mapping[str, str]] | None = None) -> dict[str, Any]:
        """Create a custom model; `409 model_exists` comes back as a rejected GatherError."""
        payload = {"id": model_id, "name": name, "relationships": list(relationships or [])}
        _, body = self._call("POST", "/models", json=payload)
        return body

    # -- events ----------------------------------------------------------------------------

    def send_event(self, event_type: str, *, user: str | None = None,
                   account: str | None = None, properties: Mapping[str, Any] | None = None,
                   timestamp: str | None = None, event_id: str | None = None) -> str:
        """Send one event and return Gather's id for it.

        Events are only safe to retry with an `event_id` (Gather then answers a repeat with
        the same id instead of counting the event twice), so one is made up when none is given.
        """
        if (user is None) == (account is None):
            raise ValueError("an event belongs to exactly one of a user or an account")
        payload: dict[str, Any] = {"type": event_type, "event_id": event_id or str(uuid.uuid4()),
                                   "properties": dict(properties or {})}
        if user is not None:
            payload["user"] = user
        else:
            payload["account"] = account
        if timestamp:
            payload["timestamp"] = timestamp
        _, body = self._call("POST", "/events", json=payload)
        return str(body["id"])

    # -- the key ---------------------------------------------------------------------------

    def check_key(self) -> None:
        """Raise a GatherError in words unless the URL is Gather and accepts this key."""
        self.list_models()

    # -- plumbing --------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # Retries are ours (RetryPolicy), so urllib3 must not retry underneath us.
            session.mount("http://", HTTPAdapter(max_retries=0, pool_maxsize=1))
            session.mount("https://", HTTPAdapter(max_retries=0, pool_maxsize=1))
            session.trust_env = False
            session.proxies.update(self._proxies)
            session.headers.update({"Authorization": f"Token {self._api_key}",
                                    "Accept": "application/json",
                                    "User-Agent": f"gather-desktop/{__version__}"})
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _call(self, method: str, path: str, **kwargs: Any) -> tuple[requests.Response, Any]:
        url = self.base_url + path

        def attempt() -> tuple[requests.Response, Any]:
            with self._lock:
                self._requests_made += 1
            try:
                # verify per request, as the one truth (CA bundle, else the environment's).
                response = self._session().request(method, url, timeout=self._timeout,
                                                   verify=self._verify, **kwargs)
            except requests.RequestException as exc:
                raise classify_exception(exc, self.base_url) from None
            if response.status_code >= 400:
                raise classify_response(response)
            body = decode_json(response)
            if not isinstance(body, dict):
                raise GatherError(FailureKind.FATAL,
                                  f"Gather answered {method} {path} with JSON that is not an "
                                  "object; check that the URL points at the Gather API.",
                                  status=response.status_code, code="unexpected_body")
            return response, body

        return self._retry.call(attempt)


def _environment_ca_bundle() -> str | None:
    """The CA bundle requests would take from the environment (a company's proxy CA is
    often given this way), read once since the session no longer reads the environment."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def _seg(value: str) -> str:
    """One URL path segment: a record id like 'a/b' must not become two segments."""
    return quote(str(value), safe="")
