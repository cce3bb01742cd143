"""A parsed query compiled against the org and run: filter, order, page, project.

Compilation resolves every name and builds every closure before the first record is read, so
a bad field fails the whole query up front (as Salesforce does) and the per-record work is
only calls to prepared functions. Without ORDER BY the storage order is kept, which makes
LIMIT/OFFSET paging deterministic; ORDER BY sorts stably, ASC NULLS FIRST by default and DESC
NULLS LAST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from gather_desktop.sandbox.soql_errors import (
    INVALID_FIELD,
    MALFORMED_QUERY,
    NUMBER_OUTSIDE_VALID_RANGE,
    SoqlError,
    at_position,
)
from gather_desktop.sandbox.soql_fields import Hop, ObjectInfo, Record, ResolvedField, Schemas
from gather_desktop.sandbox.soql_filters import NOT_FILTERABLE_TYPES, FilterCompiler, field_kind
from gather_desktop.sandbox.soql_parser import OrderItem, Query

MAX_OFFSET = 2000
_NOT_SORTABLE_TYPES = NOT_FILTERABLE_TYPES | {"multipicklist"}

Projector = Callable[[Record], dict[str, Any]]


@dataclass
class QueryResult:
    """All matching records (the server pages them); `records` is [] for COUNT()."""
    total_size: int
    records: list[dict[str, Any]] = field(default_factory=list)


def execute(query: Query, schemas: Schemas, *, include_deleted: bool, api_version: str, today: date) -> QueryResult:
    """Run a parsed query: SoqlError for anything Salesforce would refuse, else the result."""
    info = schemas.object(query.object_name, query.object_pos)
    if query.offset is not None and query.offset > MAX_OFFSET:
        raise SoqlError(NUMBER_OUTSIDE_VALID_RANGE, f"Maximum SOQL offset allowed is {MAX_OFFSET}")
    project = None if query.count else _projector(schemas, info, query, api_version)
    sort_keys = [_sort_key(schemas, info, item) for item in query.order_by]
    filters = FilterCompiler(schemas, today, include_deleted)
    predicate = filters.compile(info, query.where) if query.where is not None else None
    matching = filters.live_records(info, predicate)

    start = query.offset or 0
    stop = None if query.limit is None else start + query.limit
    if sort_keys:
        ordered = list(matching)
        for key, descending in reversed(sort_keys):
            ordered.sort(key=key, reverse=descending)
        selected = ordered[start:stop]
    else:
        selected = list(islice(matching, start, stop))
    if project is None:
        return QueryResult(len(selected))
    return QueryResult(len(selected), [project(record) for record in selected])


def _sort_key(schemas: Schemas, info: ObjectInfo, item: OrderItem) -> tuple[Callable[[Record], tuple], bool]:
    """A key for one ORDER BY item; nulls sort before or after values whatever the direction."""
    resolved = schemas.resolve(info, item.field)
    if resolved.type in _NOT_SORTABLE_TYPES or resolved.field.get("sortable") is False:
        raise at_position(schemas.soql, item.field.pos, INVALID_FIELD,
                          f"field '{resolved.name}' can not be sorted in a query call")
    get = schemas.getter(resolved)
    key_of = field_kind(resolved.type).stored_key or (lambda value: value)
    # With reverse=True the largest key comes first, so "nulls first" needs the largest null key.
    null_key = (2,) if item.nulls_first == item.descending else (0,)

    def key(record: Record) -> tuple:
        value = get(record)
        return null_key if value is None or value == "" else (1, key_of(value))
    return key, item.descending


def _projector(schemas: Schemas, info: ObjectInfo, query: Query, api_version: str) -> Projector:
    """`record -> Salesforce-shaped dict` for the SELECT list: parents nested, in SELECT order."""
    tree = _Node()
    seen: set[str] = set()
    for ref in query.fields:
        resolved = schemas.resolve(info, ref)
        if resolved.path.lower() in seen:
            raise at_position(schemas.soql, ref.pos, MALFORMED_QUERY, f"duplicate field selected: {resolved.path}")
        seen.add(resolved.path.lower())
        tree.add(resolved, resolved.hops)
    return tree.build(schemas, info.name, f"/services/data/v{api_version}/sobjects/")


class _Node:
    """The selected fields of one object in the output, and the parents nested under it."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, ResolvedField | None]] = []   # (output key, leaf) or (relationship, None)
        self.children: dict[str, tuple[Hop, _Node]] = {}

    def add(self, resolved: ResolvedField, hops: tuple[Hop, ...]) -> None:
        if not hops:
            self.entries.append((resolved.name, resolved))
            return
        hop = hops[0]
        if hop.relationship not in self.children:
            self.children[hop.relationship] = (hop, _Node())
            self.entries.append((hop.relationship, None))
        self.children[hop.relationship][1].add(resolved, hops[1:])

    def build(self, schemas: Schemas, object_name: str, sobjects_url: str) -> Projector:
        parts: list[tuple[str, Callable[[Record], Any]]] = []
        for key, leaf in self.entries:
            if leaf is not None:
                parts.append((key, schemas.leaf_getter(leaf.object_name, leaf.field)))
                continue
            hop, child = self.children[key]
            parts.append((key, _nested(schemas.parent_getter(hop), child, schemas, hop, sobjects_url)))
        url = sobjects_url + object_name + "/"

        def project(record: Record) -> dict[str, Any]:
            out: dict[str, Any] = {"attributes": {"type": object_name, "url": url + str(record.get("Id"))}}
            for key, read in parts:
                out[key] = read(record)
            return out
        return project


def _nested(parent_of: Callable[[Record], Record | None], child: _Node, schemas: Schemas, hop: Hop,
            sobjects_url: str) -> Callable[[Record], dict[str, Any] | None]:
    """The nested dict for one relationship, typed by the parent's own object (lookups can be polymorphic)."""
    projectors = {target: child.build(schemas, target, sobjects_url) for target in hop.targets}
    if len(projectors) == 1:
        only = projectors[hop.targets[0]]

        def nested(record: Record) -> dict[str, Any] | None:
            parent = parent_of(record)
            return None if parent is None else only(parent)
        return nested
    org = schemas.org

    def nested_polymorphic(record: Record) -> dict[str, Any] | None:
        parent = parent_of(record)
        if parent is None:
            return None
        target = next(t for t in hop.targets if org.get(t, parent["Id"]) is not None)
        return projectors[target](parent)
    return nested_polymorphic
