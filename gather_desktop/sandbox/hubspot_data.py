"""The emulated portal's records: companies and contacts, their associations, and changes to them.

Records are made on demand from their id (`make(id)`), so a `scale` portal of 100,000 contacts
costs nothing until it is read; a record that was changed is kept whole from then on. Ids are
ascending integers in creation order, which is the order the list endpoint pages in.

A contact's primary company is its `associatedcompanyid` property, as in HubSpot; a few
contacts also have a second, unlabeled company (`secondary`), which v3 and v4 associations show
and `associatedcompanyid` does not. `version` grows with every change so that cached search
results are dropped when the data under them moves.
"""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from gather_desktop.sandbox.hubspot_errors import not_found, validation_error
from gather_desktop.sandbox.hubspot_properties import (
    ALWAYS_PROPERTIES,
    COMPANIES,
    CONTACTS,
    PROPERTIES,
    READ_ONLY,
)
from gather_desktop.sandbox.hubspot_values import InvalidValue, now_iso, stored_value

Properties = dict[str, str | None]


class ObjectTable:
    """One object type's records by id; `ids` is ascending (a `range` for generated data)."""

    def __init__(self, name: str, ids: Sequence[int], make: Callable[[int], Properties]) -> None:
        self.name = name
        self._ids = ids
        self._id_set = ids if isinstance(ids, range) else frozenset(ids)
        self._make = make
        self._changed: dict[int, Properties] = {}
        self._archived: dict[int, str] = {}  # id -> archivedAt

    def __len__(self) -> int:
        return len(self._ids) - len(self._archived)

    def exists(self, record_id: int, *, archived: bool = False) -> bool:
        return record_id in self._id_set and (record_id in self._archived) == archived

    def properties(self, record_id: int) -> Properties:
        """The record's stored values; the caller must not change the dict."""
        changed = self._changed.get(record_id)
        return changed if changed is not None else self._make(record_id)

    def ids(self, start: int = 0) -> Iterator[int]:
        """Live (not archived) ids from `start` on, ascending."""
        for position in range(bisect.bisect_left(self._ids, start), len(self._ids)):
            record_id = self._ids[position]
            if record_id not in self._archived:
                yield record_id

    def archived_ids(self, start: int = 0) -> Iterator[int]:
        return iter(sorted(record_id for record_id in self._archived if record_id >= start))

    def archived_at(self, record_id: int) -> str | None:
        return self._archived.get(record_id)

    def replace(self, record_id: int, properties: Properties) -> None:
        self._changed[record_id] = properties

    def archive(self, record_id: int, when: str) -> None:
        self._archived[record_id] = when


class HubSpotPortal:
    """One HubSpot account (a "portal"): its tables, associations, and changes made in-process."""

    def __init__(
        self,
        hub_id: int,
        hub_domain: str,
        tables: Mapping[str, ObjectTable],
        secondary: Mapping[int, Sequence[int]] | None = None,
    ) -> None:
        self.hub_id = hub_id
        self.hub_domain = hub_domain
        self._tables = dict(tables)
        self._secondary = {
            contact: tuple(companies) for contact, companies in (secondary or {}).items()
        }
        self._lock = threading.Lock()
        self.version = 0
        self._contacts_by_company: tuple[int, dict[int, list[int]]] | None = None

    def table(self, object_type: str) -> ObjectTable:
        return self._tables[object_type]

    def count(self, object_type: str) -> int:
        return len(self._tables[object_type])

    def get(self, object_type: str, record_id: int | str) -> Properties | None:
        """A live record's values, or None."""
        table = self._tables[object_type]
        number = record_number(record_id)
        if number is None or not table.exists(number):
            return None
        return table.properties(number)

    # Associations

    def companies_of(self, contact_id: int) -> list[tuple[int, bool]]:
        """(company id, is primary) for a contact: the primary first, then unlabeled ones."""
        values = self._tables[CONTACTS].properties(contact_id)
        primary = record_number(values.get("associatedcompanyid") or "")
        links = (
            [(primary, True)]
            if primary is not None and self._tables[COMPANIES].exists(primary)
            else []
        )
        links += [
            (company, False)
            for company in self._secondary.get(contact_id, ())
            if company != primary and self._tables[COMPANIES].exists(company)
        ]
        return links

    def contacts_of(self, company_id: int) -> list[tuple[int, bool]]:
        """(contact id, is primary) for a company, from an index rebuilt after any change."""
        with self._lock:
            cached = self._contacts_by_company
        if cached is None or cached[0] != self.version:
            index: dict[int, list[int]] = {}
            for contact in self._tables[CONTACTS].ids():
                for company, _ in self.companies_of(contact):
                    index.setdefault(company, []).append(contact)
            cached = (self.version, index)
            with self._lock:
                self._contacts_by_company = cached
        return [
            (contact, (company_id, True) in self.companies_of(contact))
            for contact in cached[1].get(company_id, [])
        ]

    # Changes

    def update(
        self, object_type: str, record_id: int | str, values: Mapping[str, Any]
    ) -> Properties:
        """Change properties as `PATCH /crm/v3/objects/{type}/{id}` does; bumps lastmodifieddate.

        Raises HubSpotError (404 for an unknown record, 400 VALIDATION_ERROR naming each bad
        property) without changing anything when any value is refused.
        """
        table = self._tables[object_type]
        number = record_number(record_id)
        if number is None or not table.exists(number):
            raise not_found()
        stored = self._validated(object_type, values)
        now = now_iso()
        with self._lock:
            properties = dict(table.properties(number))
            properties.update(stored)
            properties["lastmodifieddate"] = now
            if "hs_lastmodifieddate" in ALWAYS_PROPERTIES[object_type]:
                properties["hs_lastmodifieddate"] = now
            table.replace(number, properties)
            self.version += 1
        return properties

    def archive(self, object_type: str, record_id: int | str) -> None:
        table = self._tables[object_type]
        number = record_number(record_id)
        if number is None or not table.exists(number):
            raise not_found()
        with self._lock:
            table.archive(number, now_iso())
            self.version += 1

    def _validated(self, object_type: str, values: Mapping[str, Any]) -> Properties:
        definitions = PROPERTIES[object_type]
        stored: Properties = {}
        problems = []
        for name, value in values.items():
            definition = definitions.get(name)
            try:
                if definition is None:
                    raise InvalidValue("PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist')
                if name in READ_ONLY:
                    raise InvalidValue(
                        "READ_ONLY_VALUE",
                        f"{name} is a read only property; its value cannot be set.",
                    )
                options = [option["value"] for option in definition["options"]]
                stored[name] = stored_value(definition["type"], value, options)
                if name == "associatedcompanyid" and stored[name] is not None:
                    if self.get(COMPANIES, stored[name] or "") is None:
                        raise InvalidValue(
                            "INVALID_OBJECT_ID", f"No company with id {stored[name]} exists."
                        )
            except InvalidValue as problem:
                problems.append(
                    {
                        "isValid": False,
                        "message": str(problem),
                        "error": problem.code,
                        "name": name,
                        "localizedErrorMessage": str(problem),
                        "portalId": self.hub_id,
                    }
                )
        if problems:
            raise validation_error(
                f"Property values were not valid: {json.dumps(problems)}",
                errors=[
                    {
                        "message": problem["message"],
                        "code": problem["error"],
                        "context": {"propertyName": [problem["name"]]},
                    }
                    for problem in problems
                ],
            )
        return stored


def render(
    object_type: str,
    record_id: int,
    values: Properties,
    names: Sequence[str],
    archived_at: str | None = None,
) -> dict[str, Any]:
    """A record as the v3 API sends it: the asked-for known properties plus the always-present."""
    definitions = PROPERTIES[object_type]
    shown = {name: values.get(name) for name in names if name in definitions}
    for name in ALWAYS_PROPERTIES[object_type]:
        shown[name] = values.get(name)
    record: dict[str, Any] = {
        "id": str(record_id),
        "properties": shown,
        "createdAt": values.get("createdate"),
        "updatedAt": values.get("lastmodifieddate"),
        "archived": archived_at is not None,
    }
    if archived_at is not None:
        record["archivedAt"] = archived_at
    return record


def record_number(record_id: int | str) -> int | None:
    """An id as the integer the tables use, or None when it cannot be one (HubSpot answers 404)."""
    if isinstance(record_id, int):
        return record_id
    text = record_id.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
