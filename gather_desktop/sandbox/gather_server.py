"""The Gather sandbox: the routes of shared/GATHER_API.md over SQLite, with injectable faults.

Decisions the contract leaves open, fixed here:
- An error's `field` names the input at fault: a trait ("name"), an event field ("type",
  "properties.url") or a query parameter ("limit"); null when no single input is.
- List filters `trait.<name>=<value>` compare the trait's string form: a string as is, anything
  else as its JSON text (`42`, `12.5`, `true`, `false`, `null`). A trait the record lacks never
  matches, not even `null`; `trait.id` matches the record's id; repeated filters must all match.
- A `application/x-www-form-urlencoded` body is parsed with bracket nesting (forms.py), so the
  help page's `curl -d` examples work; any other body is parsed as JSON.
- An id sent as a number is kept as its decimal string (`1234` -> "1234", `12.0` -> "12").
- On create, a required trait sent as null counts as missing.
- Only users' `account_id` is checked against stored accounts, as the contract says; custom
  models' relationships are validated when the model is created, then stored, not enforced.
- Faults act before authentication, as a proxy or load balancer in front of Gather would.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from gather_desktop.sandbox.faults import Fault, FaultDecision, FaultInjector, GatherFaults
from gather_desktop.sandbox.forms import parse_form
from gather_desktop.sandbox.gather_storage import (
    Event,
    GatherStorage,
    MissingTrait,
    Model,
    ModelExists,
    Relationship,
    StoredRecord,
)
from gather_desktop.sandbox.http_base import (
    BackgroundServer,
    BodyTooLarge,
    Request,
    Response,
    RouteTable,
    json_response,
)

MAX_BODY_BYTES = 1024 * 1024
MAX_ID_LENGTH = 255
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Required on create besides `id`, which every model requires.
REQUIRED_TRAITS = {"account": ("name",), "user": ("first_name", "last_name", "email")}
PAGE_VIEWED_PROPERTIES = ("title", "url")
_EVENT_TYPE = re.compile(r"[a-z0-9_.]+")
_MODEL_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_PROXY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class ApiError(Exception):
    """An answer in Gather's error format, raised from anywhere in a route."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field

    def response(self) -> Response:
        return error_response(self.status, self.code, self.message, self.field)


def error_response(
    status: int, code: str, message: str, field: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    return json_response(status, {"error": {"code": code, "message": message, "field": field}}, headers)


class GatherApp:
    """Gather's routes, authentication and faults; plugged into http_base's server."""

    max_body_bytes = MAX_BODY_BYTES

    def __init__(self, storage: GatherStorage, api_key: str, faults: GatherFaults) -> None:
        self._storage = storage
        self._api_key = api_key.encode("utf-8")
        self.faults = faults
        self.routes = RouteTable()
        self.routes.add("GET", "/models", self._list_models)
        self.routes.add("POST", "/models", self._create_model)
        self.routes.add("POST", "/models/{model}/records", self._upsert_record)
        self.routes.add("GET", "/models/{model}/records", self._list_records)
        self.routes.add("GET", "/models/{model}/records/{id}", self._get_record)
        self.routes.add("POST", "/events", self._post_event)

    @property
    def faults(self) -> GatherFaults:
        return self._injector.faults

    @faults.setter
    def faults(self, faults: GatherFaults) -> None:
        """A new configuration starts a new random sequence from its seed."""
        self._injector = FaultInjector(faults)

    def replace_key(self, api_key: str) -> None:
        """What revoking a key in Gather's settings and issuing a new one does: from now on
        only the new key is accepted."""
        self._api_key = api_key.encode("utf-8")

    def error(self, status: int, code: str, message: str) -> Response:
        return error_response(status, code, message)

    def respond(self, request: Request) -> Response:
        injector = self._injector
        decision = injector.decide(is_write=request.method == "POST")
        if decision is not None:
            return _fault_response(decision, injector.faults)
        try:
            self._authenticate(request.headers.get("Authorization"))
            return request.route.handler(request)
        except ApiError as problem:
            return problem.response()
        except BodyTooLarge as problem:
            message = f"The body is larger than 1 MiB ({problem.limit} bytes); send less data at a time."
            return error_response(413, "body_too_large", message)

    def _authenticate(self, header: str | None) -> None:
        if header is None:
            raise _unauthorized('This request has no API key: send the header "Authorization: Token <your API key>".')
        scheme, _, key = header.strip().partition(" ")
        if scheme.lower() != "token" or not key.strip():
            raise _unauthorized('The Authorization header must read "Token <your Gather API key>".')
        if not hmac.compare_digest(key.strip().encode("utf-8"), self._api_key):
            raise _unauthorized("The API key in the Authorization header is not valid; copy it again from Gather.")

    # Models

    def _list_models(self, request: Request) -> Response:
        return json_response(200, {"models": [model.as_dict() for model in self._storage.models()]})

    def _create_model(self, request: Request) -> Response:
        body = _read_object(request)
        model_id = body.get("id")
        if not isinstance(model_id, str) or not _MODEL_ID.fullmatch(model_id):
            message = 'A model id is lower snake case: a letter, then up to 63 letters, digits or _ ("opportunities").'
            raise ApiError(422, "invalid_id", message, "id")
        name = body.get("name", model_id.replace("_", " ").title())
        if not isinstance(name, str) or not name.strip():
            message = 'A model\'s name must be a non-empty string, such as "Opportunities".'
            raise ApiError(422, "invalid_name", message, "name")
        relationships = body.get("relationships") or []
        if not isinstance(relationships, list):
            raise ApiError(422, "invalid_relationship", "relationships must be a list of objects.", "relationships")
        links = tuple(self._relationship(item, model_id) for item in relationships)
        model = Model(model_id, name, "custom", "id", links)
        try:
            self._storage.create_model(model)
        except ModelExists:
            raise ApiError(409, "model_exists", f'A model with the id "{model_id}" already exists.', "id") from None
        return json_response(201, model.as_dict())

    def _relationship(self, item: Any, model_id: str) -> Relationship:
        keys = ("from_trait", "to_model", "to_trait")
        if not isinstance(item, dict) or not all(isinstance(item.get(key), str) and item[key] for key in keys):
            raise ApiError(
                422,
                "invalid_relationship",
                "Each relationship needs from_trait, to_model and to_trait as non-empty strings.",
                "relationships",
            )
        if item["to_model"] != model_id and self._storage.model(item["to_model"]) is None:
            raise ApiError(
                422,
                "invalid_relationship",
                f'A relationship points to the model "{item["to_model"]}", which does not exist.',
                "relationships",
            )
        return Relationship(*(item[key] for key in keys))

    def _model(self, model_id: str) -> Model:
        model = self._storage.model(model_id)
        if model is None:
            message = f'There is no model "{model_id}"; use account or user, or create it with POST /models.'
            raise ApiError(404, "unknown_model", message)
        return model

    # Records

    def _upsert_record(self, request: Request) -> Response:
        model = self._model(request.params["model"])
        body = _read_object(request)
        if "id" not in body:
            raise ApiError(422, "missing_trait", f"A {model.id} record needs an id.", "id")
        record_id = _record_id(body["id"], "id")
        if record_id == self.faults.reject_id:
            raise ApiError(422, "invalid_trait", f'Gather refused the data of the record "{record_id}" '
                           "(the sandbox's reject_id fault).")
        traits = {name: value for name, value in body.items() if name != "id"}
        if model.id == "user":
            self._check_account(traits.get("account_id"))
        try:
            required = REQUIRED_TRAITS.get(model.id, ())
            record, created = self._storage.upsert_record(model.id, record_id, traits, required)
        except MissingTrait as missing:
            raise ApiError(
                422, "missing_trait", f'A new {model.id} record needs the trait "{missing.trait}".', missing.trait
            ) from None
        return json_response(201 if created else 200, _record_json(record))

    def _check_account(self, account_id: Any) -> None:
        """A user's account_id, when given and not null, must name a stored account."""
        if account_id is None:
            return
        key = _record_id(account_id, "account_id")
        if self._storage.record("account", key) is None:
            raise ApiError(
                422,
                "unknown_account",
                f'There is no account with the id "{key}"; sync the account before its users.',
                "account_id",
            )

    def _list_records(self, request: Request) -> Response:
        model = self._model(request.params["model"])
        filters: list[tuple[str, str]] = []
        for name, values in request.query.items():
            if name in ("limit", "after"):
                continue
            trait = name.removeprefix("trait.")
            if trait == name or not trait:
                message = f'Unknown query parameter "{name}"; use limit, after or trait.<name>.'
                raise ApiError(400, "invalid_parameter", message, name)
            filters.extend((trait, value) for value in values)
        limit = _limit(request.query.get("limit", [str(DEFAULT_LIMIT)])[-1])
        after = _cursor_position(request.query["after"][-1]) if "after" in request.query else 0
        page = self._storage.list_records(model.id, limit, after, filters)
        cursor = None if page.next_after is None else _cursor(page.next_after)
        return json_response(200, {"records": [_record_json(record) for record in page.records], "next": cursor})

    def _get_record(self, request: Request) -> Response:
        model = self._model(request.params["model"])
        record = self._storage.record(model.id, request.params["id"])
        if record is None:
            raise ApiError(404, "not_found", f'There is no {model.id} record with the id "{request.params["id"]}".')
        return json_response(200, _record_json(record))

    # Events

    def _post_event(self, request: Request) -> Response:
        body = _read_object(request)
        event_type = body.get("type")
        if not isinstance(event_type, str) or not _EVENT_TYPE.fullmatch(event_type):
            raise ApiError(
                422,
                "invalid_event_type",
                'An event needs a type: "page.viewed" or a custom type of lower-case letters, digits, _ and . only.',
                "type",
            )
        user_id, account_id = _optional_id(body, "user"), _optional_id(body, "account")
        if user_id is None and account_id is None:
            message = 'An event needs "user" (a user id, preferred) or "account" (an account id).'
            raise ApiError(422, "missing_user", message, "user")
        properties = body.get("properties") or {}
        if not isinstance(properties, dict):
            raise ApiError(422, "invalid_properties", "An event's properties must be an object.", "properties")
        if event_type == "page.viewed":
            for name in PAGE_VIEWED_PROPERTIES:
                if properties.get(name) is None:
                    raise ApiError(
                        422, "missing_property", f"A page.viewed event needs properties.{name}.", f"properties.{name}"
                    )
        timestamp, event_id = _timestamp(body.get("timestamp")), _optional_id(body, "event_id")
        event = Event(event_type, user_id, account_id, properties, timestamp, event_id)
        event_key, created = self._storage.add_event(event)
        return json_response(202 if created else 200, {"id": event_key})


def _fault_response(decision: FaultDecision, faults: GatherFaults) -> Response:
    if decision.fault is Fault.RATE_LIMITED:
        wait = decision.retry_after
        message = f"Too many requests: Gather allows {int(faults.rate or 0)} a second. Wait {wait} s and try again."
        return error_response(429, "rate_limited", message, headers={"Retry-After": str(wait)})
    if decision.fault is Fault.UNAVAILABLE:
        return error_response(503, "service_unavailable", "Gather is unavailable for a moment; try again shortly.")
    return Response(502, _PROXY_PAGE, "text/html")


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message)


def _read_object(request: Request) -> dict[str, Any]:
    """The body as a dict, from a form or JSON; anything else is `400 invalid_body`."""
    media_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    body = request.body
    if not body.strip():
        raise ApiError(400, "invalid_body", "The body is empty; send the record as a JSON object.")
    try:
        if media_type == "application/x-www-form-urlencoded":
            parsed = parse_form(body.decode("utf-8"))
        else:
            parsed = json.loads(body, parse_constant=_reject_constant)
    except ValueError as problem:
        reason = str(problem).rstrip(".")
        raise ApiError(400, "invalid_body", f"The body could not be read: {reason}.") from None
    if not isinstance(parsed, dict):
        raise ApiError(400, "invalid_body", f"The body must be a JSON object, not a {type(parsed).__name__}.")
    return parsed


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _record_id(value: Any, field: str) -> str:
    """A record id as stored: a non-empty string of at most 255 characters; numbers become decimal strings."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    else:
        text = ""
    if not text or len(text) > MAX_ID_LENGTH:
        shown = json.dumps(value)[:40]
        message = f"{field} must be a non-empty string or number of at most {MAX_ID_LENGTH} characters, not {shown}."
        raise ApiError(422, "invalid_id", message, field)
    return text


def _optional_id(body: dict[str, Any], field: str) -> str | None:
    value = body.get(field)
    return None if value is None else _record_id(value, field)


def _timestamp(value: Any) -> str | None:
    if value is None:
        return None
    try:
        valid = isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        valid = False
    if not valid:
        message = 'timestamp must be an RFC 3339 time with a time zone, such as "2024-05-01T12:00:00Z".'
        raise ApiError(422, "invalid_timestamp", message, "timestamp")
    return value


def _limit(text: str) -> int:
    limit = int(text) if text.isdigit() else 0
    if not 1 <= limit <= MAX_LIMIT:
        message = f"limit must be a whole number from 1 to {MAX_LIMIT}, not {text!r}."
        raise ApiError(400, "invalid_limit", message, "limit")
    return limit


def _cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"after:{position}".encode("ascii")).decode("ascii").rstrip("=")


def _cursor_position(cursor: str) -> int:
    try:
        prefix, _, number = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii").partition(":")
    except ValueError:
        prefix, number = "", ""
    if prefix != "after" or not number.isdigit():
        message = "The after cursor is not one this server gave; list again from the start."
        raise ApiError(400, "invalid_cursor", message, "after")
    return int(number)


def _record_json(record: StoredRecord) -> dict[str, Any]:
    return {"id": record.id, "traits": record.traits, "created_at": record.created_at, "updated_at": record.updated_at}


class GatherSandbox:
    """A local Gather server on loopback: SQLite at `db_path`, one API key, optional faults.

    Start it once; `stop()` ends it for good. `faults` may be replaced while it runs.
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        api_key: str,
        faults: GatherFaults | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if not api_key:
            raise ValueError("The Gather sandbox needs a non-empty API key.")
        self._storage = GatherStorage(db_path)
        self._app = GatherApp(self._storage, api_key, faults or GatherFaults())
        self._server = BackgroundServer(self._app, host, port)

    def start(self) -> None:
        """Serve on a daemon thread; returns once the port is listening."""
        self._server.start()

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def faults(self) -> GatherFaults:
        return self._app.faults

    @faults.setter
    def faults(self, faults: GatherFaults) -> None:
        self._app.faults = faults

    def replace_key(self, api_key: str) -> None:
        """Revoke the current API key and accept only `api_key` (tests of a revoked key)."""
        if not api_key:
            raise ValueError("The Gather sandbox needs a non-empty API key.")
        self._app.replace_key(api_key)

    @property
    def storage(self) -> GatherStorage:
        """The data behind the API, for tests to inspect what the API has no route for (events)."""
        return self._storage

    def stop(self) -> None:
        self._server.stop()
        self._storage.close()
