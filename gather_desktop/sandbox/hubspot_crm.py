"""The CRM routes of the HubSpot emulator: objects, batch read, search, properties, associations.

Each handler answers one route over a `HubSpotPortal`; authentication, limits and faults were
already applied by the server (hubspot_server.py). Shapes follow PROTOCOLS.md §2.3-§2.4:
- lists page by an opaque `after` (base64 of the next id) with `paging` ABSENT on the last
  page, `limit` up to 100 (10 by default); `properties` and `associations` repeated or
  comma-separated; unknown property names are left out, as HubSpot leaves them out;
- v3 `associations=companies` on a contact lists its primary company twice (`contact_to_company`
  and `contact_to_company_unlabeled`) and other companies once, unlabeled;
- v4 associations give `toObjectId` (as text) with type 1 "Primary" + 279 for the primary
  company (2 + 280 the other way), 279 alone for others;
- batch reads take up to 100 inputs (v4: 1,000) and answer 207 with `errors` for ids not found.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from gather_desktop.sandbox.http_base import Request, Response, json_response
from gather_desktop.sandbox.hubspot_data import HubSpotPortal, record_number, render
from gather_desktop.sandbox.hubspot_errors import HubSpotError, not_found, validation_error
from gather_desktop.sandbox.hubspot_properties import (
    COMPANIES,
    CONTACTS,
    DEFAULT_PROPERTIES,
    PROPERTIES,
    object_type,
)
from gather_desktop.sandbox.hubspot_search import RESULT_CAP, SearchEngine, parse_request
from gather_desktop.sandbox.hubspot_values import now_iso

MAX_PAGE = 100
DEFAULT_PAGE = 10
MAX_BATCH = 100
MAX_ASSOCIATION_BATCH = 1000
MAX_ASSOCIATION_PAGE = 500
_SINGULAR = {COMPANIES: "company", CONTACTS: "contact"}
#: v4 association type ids: (from, to) -> (primary, unlabeled)
_TYPE_IDS = {(CONTACTS, COMPANIES): (1, 279), (COMPANIES, CONTACTS): (2, 280)}


def resolve_type(name: str) -> str:
    """A path's object type as "companies" or "contacts"; an unknown one is a 400."""
    found = object_type(name)
    if found is None:
        raise validation_error(f"Unable to infer object type from: {name}")
    return found


class CrmRoutes:
    """The CRM handlers over one portal; `base_url` (set once listening) builds paging links."""

    def __init__(self, portal: HubSpotPortal) -> None:
        self.portal = portal
        self.base_url = ""
        self._search = SearchEngine(portal)
        self._unique_index: dict[tuple[str, str], tuple[int, dict[str, int]]] = {}
        self._lock = threading.Lock()

    # Objects

    def list_objects(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        limit = _number_param(request, "limit", DEFAULT_PAGE)
        if not 1 <= limit <= MAX_PAGE:
            raise validation_error(f"limit must be between 1 and {MAX_PAGE}; it was {limit}.")
        start = _decode_after(request.query.get("after", [""])[-1])
        archived = _flag(request, "archived")
        table = self.portal.table(kind)
        ids = table.archived_ids(start) if archived else table.ids(start)
        page = list(itertools.islice(ids, limit + 1))
        names = _names(request, "properties") or list(DEFAULT_PROPERTIES[kind])
        associations = [
            found for found in map(object_type, _names(request, "associations")) if found
        ]
        results = [self._record(kind, record_id, names, associations) for record_id in page[:limit]]
        body: dict[str, Any] = {"results": results}
        if len(page) > limit:
            after = base64.b64encode(str(page[limit]).encode()).decode()
            body["paging"] = {
                "next": {
                    "after": after,
                    "link": f"{self.base_url}{request.path}?after={quote(after)}",
                }
            }
        return json_response(200, body)

    def get_object(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        record_id = self._find(
            kind,
            request.params["id"],
            request.query.get("idProperty", [""])[-1],
            archived=_flag(request, "archived"),
        )
        if record_id is None:
            raise _missing(request.params["id"])
        names = _names(request, "properties") or list(DEFAULT_PROPERTIES[kind])
        associations = [
            found for found in map(object_type, _names(request, "associations")) if found
        ]
        return json_response(200, self._record(kind, record_id, names, associations))

    def update_object(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        body = _json(request)
        values = body.get("properties") if isinstance(body, dict) else None
        if not isinstance(values, dict):
            raise validation_error('The body must be {"properties": {"name": "value", ...}}.')
        if (
            record_number(request.params["id"]) is None
            or self.portal.get(kind, request.params["id"]) is None
        ):
            raise _missing(request.params["id"])
        stored = self.portal.update(kind, request.params["id"], values)
        record_id = int(request.params["id"])
        return json_response(200, render(kind, record_id, stored, list(values)))

    def batch_read(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        body = _json(request)
        inputs = body.get("inputs") if isinstance(body, dict) else None
        if not isinstance(inputs, list) or not all(
            isinstance(item, dict) and "id" in item for item in inputs
        ):
            raise validation_error('The body must have "inputs": [{"id": "..."}, ...].')
        if len(inputs) > MAX_BATCH:
            raise validation_error(
                f"A batch read takes at most {MAX_BATCH} inputs; this one has {len(inputs)}."
            )
        names = body.get("properties") or list(DEFAULT_PROPERTIES[kind])
        id_property = body.get("idProperty") or ""
        started = now_iso()
        results, missing, seen = [], [], set()
        archived = _flag(request, "archived")
        for item in inputs:
            wanted = str(item["id"])
            record_id = self._find(kind, wanted, id_property, archived=archived)
            if record_id is None:
                missing.append(wanted)
            elif record_id not in seen:
                seen.add(record_id)
                results.append(self._record(kind, record_id, names, []))
        answer: dict[str, Any] = {
            "status": "COMPLETE",
            "results": results,
            "requestedAt": started,
            "startedAt": started,
            "completedAt": now_iso(),
        }
        if not missing:
            return json_response(200, answer)
        noun = _SINGULAR[kind].upper()
        answer["numErrors"] = 1
        answer["errors"] = [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": f"Could not get some {noun} objects, they may be deleted or not exist. "
                "Check that ids are valid.",
                "context": {"ids": missing},
            }
        ]
        return json_response(207, answer)

    def search(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        query = parse_request(kind, _json(request))
        if query.offset >= RESULT_CAP:
            raise validation_error(
                f"Paging past {RESULT_CAP:,} results is not supported (after={query.offset}). "
                "Narrow the search, for example by lastmodifieddate, and search again."
            )
        found = self._search.matching_ids(kind, query)
        page = found[query.offset : query.offset + query.limit]
        names = query.properties or list(DEFAULT_PROPERTIES[kind])
        table = self.portal.table(kind)
        body: dict[str, Any] = {
            "total": len(found),
            "results": [
                render(kind, record_id, table.properties(record_id), names) for record_id in page
            ],
        }
        end = query.offset + len(page)
        if end < len(found):
            body["paging"] = {"next": {"after": str(end), "link": f"?after={end}"}}
        return json_response(200, body)

    # Properties

    def list_properties(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        if _flag(request, "archived"):
            return json_response(200, {"results": []})
        wanted = set(_names(request, "properties"))
        definitions = [
            definition
            for name, definition in PROPERTIES[kind].items()
            if not wanted or name in wanted
        ]
        return json_response(200, {"results": definitions})

    def get_property(self, request: Request) -> Response:
        kind = resolve_type(request.params["type"])
        definition = PROPERTIES[kind].get(request.params["name"])
        if definition is None:
            raise not_found(
                f"Unable to find property {request.params['name']} for object type {kind}."
            )
        return json_response(200, definition)

    # Associations v4

    def associations(self, request: Request) -> Response:
        kind, to_kind = resolve_type(request.params["type"]), resolve_type(request.params["to"])
        record_id = record_number(request.params["id"])
        if record_id is None or self.portal.get(kind, record_id) is None:
            raise _missing(request.params["id"])
        limit = _number_param(request, "limit", MAX_ASSOCIATION_PAGE)
        if not 1 <= limit <= MAX_ASSOCIATION_PAGE:
            raise validation_error(
                f"limit must be between 1 and {MAX_ASSOCIATION_PAGE}; it was {limit}."
            )
        offset = _number_param(request, "after", 0)
        linked = self._links(kind, to_kind, record_id)
        body: dict[str, Any] = {"results": linked[offset : offset + limit]}
        if offset + limit < len(linked):
            body["paging"] = {
                "next": {"after": str(offset + limit), "link": f"?after={offset + limit}"}
            }
        return json_response(200, body)

    def association_batch(self, request: Request) -> Response:
        kind, to_kind = resolve_type(request.params["from"]), resolve_type(request.params["to"])
        body = _json(request)
        inputs = body.get("inputs") if isinstance(body, dict) else None
        if not isinstance(inputs, list) or not all(
            isinstance(item, dict) and "id" in item for item in inputs
        ):
            raise validation_error('The body must have "inputs": [{"id": "..."}, ...].')
        if len(inputs) > MAX_ASSOCIATION_BATCH:
            raise validation_error(
                f"An association batch read takes at most {MAX_ASSOCIATION_BATCH} inputs; "
                f"this one has {len(inputs)}."
            )
        started = now_iso()
        results, errors = [], []
        for item in inputs:
            wanted = str(item["id"])
            record_id = record_number(wanted)
            exists = record_id is not None and self.portal.get(kind, record_id) is not None
            linked = (
                self._links(kind, to_kind, record_id) if exists and record_id is not None else []
            )
            if linked:
                results.append({"from": {"id": wanted}, "to": linked})
            else:
                errors.append(
                    {
                        "status": "error",
                        "category": "OBJECT_NOT_FOUND",
                        "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                        "context": {
                            "fromObjectId": [wanted],
                            "toObjectType": [_SINGULAR[to_kind].upper()],
                        },
                        "message": f"No {_SINGULAR[to_kind]} is associated with "
                        f"{_SINGULAR[kind]} {wanted}.",
                    }
                )
        answer: dict[str, Any] = {
            "status": "COMPLETE",
            "results": results,
            "startedAt": started,
            "completedAt": now_iso(),
        }
        if errors:
            answer.update(numErrors=len(errors), errors=errors)
        return json_response(207 if errors else 200, answer)

    # Helpers

    def _record(
        self, kind: str, record_id: int, names: list[str], associations: list[str]
    ) -> dict[str, Any]:
        table = self.portal.table(kind)
        record = render(
            kind, record_id, table.properties(record_id), names, table.archived_at(record_id)
        )
        shown = {}
        for to_kind in associations:
            links = list(self._v3_links(kind, to_kind, record_id))
            if links:
                shown[to_kind] = {"results": links}
        if shown:
            record["associations"] = shown
        return record

    def _linked(self, kind: str, to_kind: str, record_id: int) -> list[tuple[int, bool]]:
        if (kind, to_kind) == (CONTACTS, COMPANIES):
            return self.portal.companies_of(record_id)
        if (kind, to_kind) == (COMPANIES, CONTACTS):
            return self.portal.contacts_of(record_id)
        return []

    def _v3_links(self, kind: str, to_kind: str, record_id: int) -> Iterator[dict[str, str]]:
        label = f"{_SINGULAR[kind]}_to_{_SINGULAR[to_kind]}"
        for linked, primary in self._linked(kind, to_kind, record_id):
            if primary:
                yield {"id": str(linked), "type": label}
            yield {"id": str(linked), "type": f"{label}_unlabeled"}

    def _links(self, kind: str, to_kind: str, record_id: int) -> list[dict[str, Any]]:
        primary_id, unlabeled_id = _TYPE_IDS.get((kind, to_kind), (0, 0))
        unlabeled = {"category": "HUBSPOT_DEFINED", "typeId": unlabeled_id, "label": None}
        return [
            {
                "toObjectId": str(linked),
                "associationTypes": (
                    [{"category": "HUBSPOT_DEFINED", "typeId": primary_id, "label": "Primary"}]
                    if primary
                    else []
                )
                + [unlabeled],
            }
            for linked, primary in self._linked(kind, to_kind, record_id)
        ]

    def _find(self, kind: str, wanted: str, id_property: str, *, archived: bool) -> int | None:
        """The id of the record `wanted` names (its id, or a unique property's value), or None."""
        if id_property and id_property != "hs_object_id":
            definition = PROPERTIES[kind].get(id_property)
            if definition is None or not (
                definition["hasUniqueValue"] or (kind, id_property) == (CONTACTS, "email")
            ):
                raise validation_error(
                    f"{id_property} is not a unique property of {kind}; idProperty must name "
                    "a property with unique values."
                )
            return self._unique_lookup(kind, id_property).get(wanted.casefold())
        record_id = record_number(wanted)
        if record_id is None or not self.portal.table(kind).exists(record_id, archived=archived):
            return None
        return record_id

    def _unique_lookup(self, kind: str, name: str) -> dict[str, int]:
        """value -> the first record holding it, rebuilt when the portal changes."""
        with self._lock:
            kept = self._unique_index.get((kind, name))
        if kept is not None and kept[0] == self.portal.version:
            return kept[1]
        table = self.portal.table(kind)
        index: dict[str, int] = {}
        for record_id in table.ids():
            value = table.properties(record_id).get(name)
            if value:
                index.setdefault(value.casefold(), record_id)
        with self._lock:
            self._unique_index[(kind, name)] = (self.portal.version, index)
        return index


def _missing(record_id: str) -> HubSpotError:
    return HubSpotError(
        404,
        "OBJECT_NOT_FOUND",
        "Object not found.  objectId are usually numeric.",
        extra={"context": {"id": [record_id]}},
    )


def _names(request: Request, name: str) -> list[str]:
    """A list parameter sent repeated (`a=x&a=y`) or comma-separated (`a=x,y`)."""
    return [
        part.strip()
        for value in request.query.get(name, [])
        for part in value.split(",")
        if part.strip()
    ]


def _flag(request: Request, name: str) -> bool:
    return request.query.get(name, ["false"])[-1].lower() == "true"


def _number_param(request: Request, name: str, default: int) -> int:
    text = request.query.get(name, [""])[-1].strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit()):
        raise validation_error(f"{name} must be a whole number, not {text!r}.")
    return int(text)


def _decode_after(text: str) -> int:
    """The id a list page starts at, from the `after` cursor of the previous page (0: the start)."""
    if not text:
        return 0
    try:
        decoded = base64.b64decode(text.encode("ascii"), validate=True).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        decoded = ""
    if not decoded.isdigit():
        raise validation_error(
            f"after={text!r} is not a paging cursor this API gave out; use paging.next.after "
            "from the previous page."
        )
    return int(decoded)


def _json(request: Request) -> Any:
    try:
        return json.loads(request.body or b"null")
    except ValueError as problem:
        raise validation_error(f"Invalid input JSON: {problem}.") from None
