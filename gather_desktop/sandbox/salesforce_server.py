"""The Salesforce sandbox: the REST and sign-in routes simple-salesforce uses, over HTTPS.

Routes (PROTOCOLS.md §1.3; with and without the trailing slash where clients send both):
`GET /services/data/` (versions), `/services/data/vXX.X/` (resources), `sobjects` (global
describe), `sobjects/{Object}/describe`, `sobjects/{Object}/` (metadata, and POST to create),
`sobjects/{Object}/{Id}` (GET, PATCH, DELETE), `query/` and `queryAll/` with `?q=` and their
next pages, `limits/`; the sign-in routes of salesforce_auth; `/id/{org}/{user}`.

Decisions made here, as Salesforce makes them:
- Every REST call needs `Authorization: Bearer <session id>` (or `OAuth <session id>`); an
  unknown or expired session answers 401 with the JSON list body
  `[{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]`, which is
  what makes simple-salesforce re-login. Every error is such a list.
- Each authenticated REST call counts against the org's daily allowance; the count is in the
  `Sforce-Limit-Info: api-usage=N/MAX` header of every REST answer and in `/limits/`.
- A query's whole result is kept under a query locator tied to the org (not the session, so a
  client that signs in again continues where it was); the last 50 locators are kept. Pages hold
  2,000 records, fewer when `Sforce-Query-Options: batchSize=N` asks (200 at least).
- `GET sobjects/{Object}/{Id}` answers the record as `SELECT <every field> ... WHERE Id = ...`
  would, so it has the same shape as a query row (compound addresses included).
- Faults are checked in the order Salesforce meets them: API access for the org, then the
  session (and `expire_session_after`), then the daily allowance.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gather_desktop.sandbox.faults import SalesforceFaults
from gather_desktop.sandbox.http_base import (
    BackgroundServer,
    BodyTooLarge,
    Request,
    Response,
    RouteHandler,
    RouteTable,
    json_response,
)
from gather_desktop.sandbox.salesforce_auth import Credentials, SalesforceAuth, Sessions
from gather_desktop.sandbox.salesforce_ids import make_id
from gather_desktop.sandbox.salesforce_org import RecordError, SalesforceOrg
from gather_desktop.sandbox.salesforce_schema import global_entry, sobject_urls
from gather_desktop.sandbox.soql import SoqlError, run_query
from gather_desktop.sandbox.tls import server_context, write_certificate

MAX_BODY_BYTES = 16 * 1024 * 1024
PAGE_SIZE = 2000
MIN_PAGE_SIZE = 200
KEPT_LOCATORS = 50
LATEST_VERSION = 59
OLDEST_VERSION = 21
_REST_PREFIX = "/services/data/{version}"
_SEASONS = ("Spring", "Summer", "Winter")
_FIELD_NAME = re.compile(r"[A-Za-z]\w*(\.[A-Za-z]\w*)*")


class RestError(Exception):
    """An error answer in Salesforce's REST format, raised from anywhere in a route."""

    def __init__(self, status: int, error_code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.error_code, self.message = status, error_code, message
        self.headers = headers


def error_list(status: int, error_code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response(status, [{"message": message, "errorCode": error_code}], headers)


@dataclass(frozen=True)
class _Locator:
    """One query's full result, paged by the next-records route."""

    records: list[dict[str, Any]]
    total_size: int
    page_size: int
    resource: str  # "query" or "queryAll": where the next pages are fetched


class SalesforceApp:
    """Salesforce's routes, sessions, API allowance and faults; plugged into http_base's server."""

    max_body_bytes = MAX_BODY_BYTES

    def __init__(self, org: SalesforceOrg, credentials: Credentials, faults: SalesforceFaults) -> None:
        self.org = org
        self.faults = faults
        self.base_url = ""  # set once the server listens
        self.sessions = Sessions(org.organization_id)
        self.auth = SalesforceAuth(org, credentials, self.sessions, lambda: self.faults, lambda: self.base_url)
        self._api_calls = 0
        self._locators: OrderedDict[str, _Locator] = OrderedDict()
        self._locator_numbers = itertools.count(1)
        self._lock = threading.Lock()
        self.routes = RouteTable()
        self._rest_routes: set[str] = set()
        for path in ("/services/data", "/services/data/"):
            self.routes.add("GET", path, self._versions)
        self.routes.add("POST", "/services/Soap/u/{version}", self.auth.soap_login)
        self.routes.add("POST", "/services/oauth2/token", self.auth.token)
        self.routes.add("GET", "/services/oauth2/authorize", self.auth.authorize_page)
        self.routes.add("POST", "/services/oauth2/authorize", self.auth.authorize_decision)
        self.routes.add("GET", "/id/{org}/{user}", self.auth.identity)
        self._rest("GET", "", self._resources)
        self._rest("GET", "/sobjects", self._global_describe)
        self._rest("GET", "/sobjects/{sobject}/describe", self._describe)
        self._rest("GET", "/sobjects/{sobject}", self._metadata)
        self._rest("POST", "/sobjects/{sobject}", self._create)
        self._rest("GET", "/sobjects/{sobject}/{id}", self._get_record, slash=False)
        self._rest("PATCH", "/sobjects/{sobject}/{id}", self._update_record, slash=False)
        self._rest("DELETE", "/sobjects/{sobject}/{id}", self._delete_record, slash=False)
        self._rest("GET", "/query", self._query)
        self._rest("GET", "/queryAll", self._query_all)
        self._rest("GET", "/query/{locator}", self._next_page, slash=False)
        self._rest("GET", "/queryAll/{locator}", self._next_page, slash=False)
        self._rest("GET", "/limits", self._limits)

    def _rest(self, method: str, path: str, handler: RouteHandler, *, slash: bool = True) -> None:
        """Add a REST route under /services/data/vXX.X, also with a trailing slash unless `slash` is False."""
        for template in (_REST_PREFIX + path, _REST_PREFIX + path + "/") if slash else (_REST_PREFIX + path,):
            self.routes.add(method, template, handler)
            self._rest_routes.add(template)

    def error(self, status: int, code: str, message: str) -> Response:
        if status == 404:
            return error_list(404, "NOT_FOUND", "The requested resource does not exist")
        return error_list(status, "UNKNOWN_EXCEPTION" if status == 500 else code.upper(), message)

    def respond(self, request: Request) -> Response:
        try:
            if request.route.template not in self._rest_routes:
                return request.route.handler(request)
            return self._respond_rest(request)
        except BodyTooLarge as problem:
            return error_list(413, "REQUEST_ENTITY_TOO_LARGE", f"The body is larger than {problem.limit} bytes.")

    @property
    def faults(self) -> SalesforceFaults:
        return self._faults

    @faults.setter
    def faults(self, faults: SalesforceFaults) -> None:
        """New faults start a new repeatable sequence of failures from their seed."""
        self._faults = faults
        self._random = random.Random(faults.seed)

    def _respond_rest(self, request: Request) -> Response:
        usage: dict[str, str] = {}
        if request.method == "GET" and self._fails():
            return error_list(503, "SERVER_UNAVAILABLE",
                              "The server is temporarily unable to handle the request; try again.")
        try:
            _api_version(request)  # a version this org does not serve is not found, before anything else
            usage = self._admit(request)
            response = request.route.handler(request)
        except RestError as problem:
            response = error_list(problem.status, problem.error_code, problem.message, problem.headers)
        except RecordError as problem:
            response = json_response(problem.status, problem.as_json())
        except SoqlError as problem:
            response = error_list(problem.status, problem.error_code, problem.message)
        return dataclasses.replace(response, headers={**response.headers, **usage})

    def _fails(self) -> bool:
        rate = self.faults.error_rate
        if not rate:
            return False
        with self._lock:
            return self._random.random() < rate

    def _admit(self, request: Request) -> dict[str, str]:
        """Check API access, the session and the daily allowance; count the call. Returns the usage header."""
        faults = self.faults
        if faults.api_disabled:
            raise RestError(403, "API_DISABLED_FOR_ORG", "The REST API is not enabled for this Organization.")
        scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
        if scheme not in ("Bearer", "OAuth") or not self.sessions.use(token.strip(), faults.expire_session_after):
            raise RestError(401, "INVALID_SESSION_ID", "Session expired or invalid")
        with self._lock:
            over = self._api_calls >= faults.api_max
            if not over:
                self._api_calls += 1
            usage = {"Sforce-Limit-Info": f"api-usage={self._api_calls}/{faults.api_max}"}
        if over:
            raise RestError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", usage)
        return usage

    # Versions, resources, limits

    def _versions(self, request: Request) -> Response:
        return json_response(200, [
            {"label": _release_label(number), "url": f"/services/data/v{number}.0", "version": f"{number}.0"}
            for number in range(OLDEST_VERSION, LATEST_VERSION + 1)
        ])

    def _resources(self, request: Request) -> Response:
        base = f"/services/data/v{_api_version(request)}"
        return json_response(200, {name: f"{base}/{name}" for name in ("sobjects", "query", "queryAll", "limits")})

    def _limits(self, request: Request) -> Response:
        maximum = self.faults.api_max
        with self._lock:
            remaining = max(0, maximum - self._api_calls)
        return json_response(200, {
            "DailyApiRequests": {"Max": maximum, "Remaining": remaining},
            "DailyAsyncApexExecutions": {"Max": 250000, "Remaining": 250000},
            "DailyBulkApiBatches": {"Max": 15000, "Remaining": 15000},
            "DailyBulkV2QueryFileStorageMB": {"Max": 976562, "Remaining": 976562},
            "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000},
            "DataStorageMB": {"Max": 5120, "Remaining": 5098},
            "FileStorageMB": {"Max": 20480, "Remaining": 20470},
            "HourlyODataCallout": {"Max": 10000, "Remaining": 10000},
        })

    # Describe

    def _describe_of(self, request: Request) -> dict[str, Any]:
        describe = self.org.describe(request.params["sobject"])
        if describe is None:
            raise RestError(404, "NOT_FOUND", "The requested resource does not exist")
        return describe

    def _global_describe(self, request: Request) -> Response:
        version = _api_version(request)
        describes = filter(None, map(self.org.describe, sorted(self.org.object_names())))
        entries = [global_entry(describe, version) for describe in describes]
        return json_response(200, {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": entries})

    def _describe(self, request: Request) -> Response:
        describe = self._describe_of(request)
        return json_response(200, {**describe, "urls": sobject_urls(describe["name"], _api_version(request))})

    def _metadata(self, request: Request) -> Response:
        describe = self._describe_of(request)
        return json_response(200, {"objectDescribe": global_entry(describe, _api_version(request)),
                                   "recentItems": []})

    # Records

    def _create(self, request: Request) -> Response:
        describe = self._describe_of(request)
        record_id = self.org.create(describe["name"], _json_object(request))
        return json_response(201, {"id": record_id, "success": True, "errors": []})

    def _get_record(self, request: Request) -> Response:
        describe = self._describe_of(request)
        record_id = self.org.live_record(describe["name"], request.params["id"])["Id"]
        requested = [name.strip() for name in request.query.get("fields", [""])[-1].split(",") if name.strip()]
        for name in requested:
            if not _FIELD_NAME.fullmatch(name):
                raise RestError(400, "INVALID_FIELD", f"No such column '{name}' on entity '{describe['name']}'.")
        fields = ", ".join(requested or (field["name"] for field in describe["fields"]))
        soql = f"SELECT {fields} FROM {describe['name']} WHERE Id = '{record_id}'"
        result = run_query(soql, self.org, include_deleted=True, api_version=_api_version(request))
        return json_response(200, result.records[0])

    def _update_record(self, request: Request) -> Response:
        describe = self._describe_of(request)
        self.org.update(describe["name"], request.params["id"], _json_object(request))
        return Response(204, b"")

    def _delete_record(self, request: Request) -> Response:
        describe = self._describe_of(request)
        self.org.delete(describe["name"], request.params["id"])
        return Response(204, b"")

    # Queries

    def _query(self, request: Request) -> Response:
        return self._first_page(request, include_deleted=False)

    def _query_all(self, request: Request) -> Response:
        return self._first_page(request, include_deleted=True)

    def _first_page(self, request: Request, *, include_deleted: bool) -> Response:
        soql = request.query.get("q", [""])[-1]
        if not soql.strip():
            raise RestError(400, "MALFORMED_QUERY", "A query string has to be specified")
        version = _api_version(request)
        result = run_query(soql, self.org, include_deleted=include_deleted, api_version=version)
        locator = _Locator(result.records, result.total_size, _page_size(request),
                           "queryAll" if include_deleted else "query")
        if len(result.records) <= locator.page_size:
            return _page(locator, None, 0, version)
        with self._lock:
            locator_id = make_id("01g", next(self._locator_numbers))
            self._locators[locator_id] = locator
            while len(self._locators) > KEPT_LOCATORS:
                self._locators.popitem(last=False)
        return _page(locator, locator_id, 0, version)

    def _next_page(self, request: Request) -> Response:
        locator_id, _, offset_text = request.params["locator"].partition("-")
        with self._lock:
            locator = self._locators.get(locator_id)
        valid = locator is not None and offset_text.isascii() and offset_text.isdigit()
        if locator is None or not valid or int(offset_text) >= len(locator.records):
            raise RestError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        return _page(locator, locator_id, int(offset_text), _api_version(request))


def _page(locator: _Locator, locator_id: str | None, offset: int, version: str) -> Response:
    end = offset + locator.page_size
    body: dict[str, Any] = {"totalSize": locator.total_size, "done": end >= len(locator.records)}
    if not body["done"]:
        body["nextRecordsUrl"] = f"/services/data/v{version}/{locator.resource}/{locator_id}-{end}"
    body["records"] = locator.records[offset:end]
    return json_response(200, body)


def _page_size(request: Request) -> int:
    """The page size asked for with `Sforce-Query-Options: batchSize=N`, kept within 200..2,000."""
    for option in request.headers.get("Sforce-Query-Options", "").split(","):
        name, _, value = option.strip().partition("=")
        if name.strip() == "batchSize" and value.strip().isascii() and value.strip().isdigit():
            return max(MIN_PAGE_SIZE, min(PAGE_SIZE, int(value)))
    return PAGE_SIZE


def _api_version(request: Request) -> str:
    """"59.0" from the path's "v59.0"; RestError 404 when this org does not serve that version."""
    text = request.params.get("version", "")
    number, dot, minor = text.removeprefix("v").partition(".")
    if (text.startswith("v") and dot and minor == "0" and number.isascii() and number.isdigit()
            and OLDEST_VERSION <= int(number) <= LATEST_VERSION):
        return f"{number}.0"
    raise RestError(404, "NOT_FOUND", "The requested resource does not exist")


def _release_label(number: int) -> str:
    """The release that brought an API version: 57 "Spring '23", 58 "Summer '23", 59 "Winter '24"."""
    cycle, position = divmod(number - 57, 3)
    season = _SEASONS[position]
    return f"{season} '{23 + cycle + (season == 'Winter'):02d}"


def _json_object(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"null")
    except ValueError as problem:
        raise RestError(400, "JSON_PARSER_ERROR", f"The request body is not valid JSON: {problem}.") from None
    if not isinstance(body, dict):
        raise RestError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object of field names and values.")
    return body


class SalesforceSandbox:
    """A local Salesforce org over HTTPS on loopback, with one API user and one connected app.

    The certificate is written into `state_dir` at construction (`ca_bundle`); `credentials`
    are made fresh for each sandbox. `faults` may be replaced while it runs.
    """

    def __init__(self, state_dir: Path, org: SalesforceOrg, faults: SalesforceFaults | None = None,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        user = org.get("User", org.api_user_id)
        if user is None:
            raise ValueError("The org needs its API user (org.api_user_id) among its User records.")
        self.org = org
        self._credentials = Credentials.generate(user["Username"])
        files = write_certificate(Path(state_dir), host)
        self.ca_bundle = str(files.certificate)
        self._app = SalesforceApp(org, self._credentials, faults or SalesforceFaults())
        self._server = BackgroundServer(self._app, host, port, ssl_context=server_context(files))

    def start(self) -> None:
        """Serve on a daemon thread; returns once the port is listening."""
        self._server.start()
        self._app.base_url = self._server.url

    def stop(self) -> None:
        self._server.stop()

    @property
    def url(self) -> str:
        """"https://127.0.0.1:PORT": the instance URL and the login URL."""
        return self._server.url

    @property
    def credentials(self) -> dict[str, str]:
        """username, password, security_token, client_id, client_secret, refresh_token."""
        return self._credentials.as_dict()

    @property
    def faults(self) -> SalesforceFaults:
        return self._app.faults

    @faults.setter
    def faults(self, faults: SalesforceFaults) -> None:
        self._app.faults = faults
