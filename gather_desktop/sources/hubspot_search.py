"""A filter split into what HubSpot's search does and what the connector does on the rows.

HubSpot's search takes filter groups: filters in a group are ANDed, groups are ORed, at most
5 groups, 10 filters in a group and 25 in all. Its operators cover every comparison of
`core.query` except text search: `contains`, `not_contains` and `starts_with` have no exact
HubSpot counterpart (CONTAINS_TOKEN matches whole words), so they are applied locally, as are
`eq`/`ne` on a multi-select property (they compare the whole selection "A;B", where HubSpot's
EQ means "includes A").

- match "all": the conditions HubSpot can do go into one group (up to its limits); the rest
  are checked locally on the rows that come back. Both halves must hold, so nothing is lost.
- match "any": one group per condition, when every condition can be sent and the groups fit;
  otherwise nothing of the filter is sent (an OR cannot be split) and the whole filter is
  checked locally on every row.
- an incremental read adds "modified since" to every group, ANDed with the rest.

Values are sent as HubSpot compares them: numbers and booleans as text, dates and datetimes as
epoch milliseconds (UTC midnight for a date). Local checks follow the same rules as the search
(text compared without regard to case, numbers as numbers, instants as instants), so a
condition means the same wherever it is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from gather_desktop.core import fieldtypes as kinds
from gather_desktop.core.query import Condition, Filter
from gather_desktop.core.schema import ObjectSchema
from gather_desktop.sources.hubspot_properties import epoch_ms, iso_epoch_ms

MAX_GROUPS = 5
MAX_FILTERS_PER_GROUP = 10
MAX_FILTERS = 25
LOCAL_OPS = frozenset({"contains", "not_contains", "starts_with"})
_OPERATORS = {"eq": "EQ", "ne": "NEQ", "gt": "GT", "gte": "GTE", "lt": "LT", "lte": "LTE",
              "in": "IN", "not_in": "NOT_IN", "is_empty": "NOT_HAS_PROPERTY",
              "is_not_empty": "HAS_PROPERTY"}

Row = Mapping[str, Any]


@dataclass(frozen=True)
class SearchPlan:
    """What to ask HubSpot (`groups`: its filterGroups without the time window; empty for
    every record) and what to check on the rows (`local`, None for nothing)."""
    groups: tuple[tuple[dict[str, Any], ...], ...]
    local: Filter | None


def split_filter(filter_: Filter | None, schema: ObjectSchema,
                 extra: tuple[dict[str, Any], ...] = ()) -> SearchPlan:
    """The filter split for HubSpot; `extra` filters (the time window) join every group."""
    if filter_ is None or not filter_.conditions:
        return SearchPlan((extra,) if extra else (), None)
    if filter_.match == "all":
        sent = [c for c in filter_.conditions if not is_local(c, schema)]
        sent = sent[:MAX_FILTERS_PER_GROUP - len(extra)]
        kept = tuple(c for c in filter_.conditions if c not in sent)
        group = tuple(search_filter(c, schema) for c in sent) + extra
        return SearchPlan((group,) if group else (), Filter("all", kept) if kept else None)
    fits = (len(filter_.conditions) <= MAX_GROUPS
            and len(filter_.conditions) * (1 + len(extra)) <= MAX_FILTERS
            and not any(is_local(c, schema) for c in filter_.conditions))
    if not fits:
        return SearchPlan((extra,) if extra else (), filter_)
    return SearchPlan(tuple((search_filter(c, schema), *extra) for c in filter_.conditions), None)


def is_local(condition: Condition, schema: ObjectSchema) -> bool:
    """Whether the condition is checked here rather than by HubSpot's search."""
    return condition.op in LOCAL_OPS or (
        condition.op in ("eq", "ne") and _kind(schema, condition.field) == kinds.MULTIPICKLIST)


def search_filter(condition: Condition, schema: ObjectSchema) -> dict[str, Any]:
    """One condition as a HubSpot search filter."""
    found: dict[str, Any] = {"propertyName": condition.field,
                             "operator": _OPERATORS[condition.op]}
    kind = _kind(schema, condition.field)
    if condition.op in ("in", "not_in"):
        found["values"] = [search_value(kind, value) for value in condition.value]
    elif condition.value is not None:
        found["value"] = search_value(kind, condition.value)
    return found


def search_value(kind: str, value: Any) -> str:
    """A compared value as HubSpot's search takes it (always text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == kinds.DATE and isinstance(value, str):
        return str(epoch_ms(datetime.combine(date.fromisoformat(value), datetime.min.time(),
                                             tzinfo=timezone.utc)))
    if kind == kinds.DATETIME and isinstance(value, str):
        return str(iso_epoch_ms(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def local_predicate(filter_: Filter, schema: ObjectSchema) -> Callable[[Row], bool]:
    """A test of one row (typed values keyed by property name) against the filter."""
    tests = [_condition_test(c, _kind(schema, c.field)) for c in filter_.conditions]
    if filter_.match == "all":
        return lambda row: all(test(row) for test in tests)
    return lambda row: any(test(row) for test in tests)


def _condition_test(condition: Condition, kind: str) -> Callable[[Row], bool]:
    name, op, wanted = condition.field, condition.op, condition.value
    if op == "is_empty":
        return lambda row: _empty(row.get(name))
    if op == "is_not_empty":
        return lambda row: not _empty(row.get(name))
    if op in LOCAL_OPS:
        needle = str(wanted).lower()
        if kind == kinds.MULTIPICKLIST and op != "starts_with":
            def includes(row: Row) -> bool:
                return needle in [part.lower() for part in str(row.get(name) or "").split(";")]
            return includes if op == "contains" else (lambda row: not includes(row))
        if op == "starts_with":
            return lambda row: str(row.get(name) or "").lower().startswith(needle)
        if op == "contains":
            return lambda row: needle in str(row.get(name) or "").lower()
        return lambda row: needle not in str(row.get(name) or "").lower()
    values = wanted if op in ("in", "not_in") else (wanted,)
    keys = [_key(kind, value) for value in values]
    if kind == kinds.MULTIPICKLIST and op in ("in", "not_in"):
        def any_chosen(row: Row) -> bool:
            return any(part.lower() in keys for part in str(row.get(name) or "").split(";"))
        return any_chosen if op == "in" else (lambda row: not any_chosen(row))

    def compare(row: Row) -> bool:
        value = row.get(name)
        if _empty(value):
            return op in ("ne", "not_in")
        have = _key(kind, value)
        if op in ("eq", "in"):
            return have in keys
        if op in ("ne", "not_in"):
            return have not in keys
        try:
            return {"gt": have > keys[0], "gte": have >= keys[0], "lt": have < keys[0],
                    "lte": have <= keys[0]}[op]
        except TypeError:  # a value of another type than the property's (hand-edited data)
            return False
    return compare


def _key(kind: str, value: Any) -> Any:
    """A value in the form it is compared in: text without case, instants as epoch ms."""
    if isinstance(value, bool):
        return value
    if kind == kinds.DATETIME and isinstance(value, str):
        try:
            return iso_epoch_ms(value)
        except ValueError:
            return value
    if kind == kinds.NUMBER and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value.lower() if isinstance(value, str) else value


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _kind(schema: ObjectSchema, name: str) -> str:
    info = schema.field(name)
    return kinds.kind_of(info.type) if info is not None else kinds.TEXT
