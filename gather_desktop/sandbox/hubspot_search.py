"""`POST /crm/v3/objects/{type}/search`: filter groups, sorts, text query and offset paging.

Semantics, as HubSpot's search has them (PROTOCOLS.md §2.4):
- filterGroups are ORed, the filters inside one group ANDed; at most 5 groups, 10 filters in a
  group and 25 in all, else 400 VALIDATION_ERROR saying which limit was passed.
- Values are compared by the property's type: numbers numerically, dates and datetimes as
  instants (ISO text or epoch milliseconds, both accepted), booleans as true/false, and text
  case-insensitively (EQ "ACME" finds "Acme"). A record without a value never matches EQ,
  LT/LTE/GT/GTE, BETWEEN, IN or CONTAINS_TOKEN, and always matches their negations NEQ,
  NOT_IN and NOT_CONTAINS_TOKEN, as in HubSpot's "is none of" lists.
- Multi-select (checkbox) properties hold "a;b;c": EQ and IN match any chosen option.
- CONTAINS_TOKEN matches a whole word (or a run of words), or a `*` wildcard pattern such as
  "*@acme.example".
- One sort at most, given as a property name or `{"propertyName", "direction"}`; ties go by id.
  Without a sort, results come in id order.
- `limit` up to 200 (10 by default); `after` is an offset; `paging` only when more results
  follow; asking for an offset of 10,000 or more answers 400, the search cap.

Results are kept per request (without its `after`, `limit` and `properties`) until the portal
changes, so paging a big result does not scan every record again.
"""

from __future__ import annotations

import fnmatch
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gather_desktop.sandbox.hubspot_data import HubSpotPortal, Properties
from gather_desktop.sandbox.hubspot_errors import validation_error
from gather_desktop.sandbox.hubspot_properties import PROPERTIES, QUERY_PROPERTIES
from gather_desktop.sandbox.hubspot_values import epoch_ms, number

MAX_GROUPS = 5
MAX_FILTERS_PER_GROUP = 10
MAX_FILTERS = 25
MAX_LIMIT = 200
DEFAULT_LIMIT = 10
RESULT_CAP = 10_000
_KEPT_RESULTS = 16
OPERATORS = (
    "EQ",
    "NEQ",
    "LT",
    "LTE",
    "GT",
    "GTE",
    "BETWEEN",
    "IN",
    "NOT_IN",
    "HAS_PROPERTY",
    "NOT_HAS_PROPERTY",
    "CONTAINS_TOKEN",
    "NOT_CONTAINS_TOKEN",
)
_NEGATIONS = {
    "NEQ": "EQ",
    "NOT_IN": "IN",
    "NOT_CONTAINS_TOKEN": "CONTAINS_TOKEN",
    "NOT_HAS_PROPERTY": "HAS_PROPERTY",
}
_WORD = re.compile(r"\w+")

Predicate = Callable[[Properties], bool]


@dataclass(frozen=True)
class SearchRequest:
    """A checked search body; `key` names its result set (all but paging and properties)."""

    groups: list[list[Predicate]]
    sort: tuple[str, bool] | None  # (property, descending)
    query: str
    properties: list[str] | None
    limit: int
    offset: int
    key: str


def parse_request(object_type: str, body: Any) -> SearchRequest:
    """Check a search body; a problem raises HubSpotError 400 VALIDATION_ERROR in words."""
    if not isinstance(body, dict):
        raise validation_error(
            "The search body must be a JSON object with filterGroups, sorts, properties, "
            "limit and after."
        )
    groups = body.get("filterGroups") or []
    if not isinstance(groups, list) or not all(isinstance(group, dict) for group in groups):
        raise validation_error(
            "filterGroups must be a list of objects, each with a list of filters."
        )
    if len(groups) > MAX_GROUPS:
        raise validation_error(
            f"The search has {len(groups)} filterGroups; at most {MAX_GROUPS} are allowed."
        )
    total = 0
    compiled = []
    for position, group in enumerate(groups, start=1):
        filters = group.get("filters") or []
        if not isinstance(filters, list):
            raise validation_error(f"filterGroups[{position}].filters must be a list of filters.")
        if len(filters) > MAX_FILTERS_PER_GROUP:
            raise validation_error(
                f"Filter group {position} has {len(filters)} filters; at most "
                f"{MAX_FILTERS_PER_GROUP} are allowed in one group."
            )
        total += len(filters)
        compiled.append([_predicate(object_type, item) for item in filters])
    if total > MAX_FILTERS:
        raise validation_error(
            f"The search has {total} filters in all; at most {MAX_FILTERS} are allowed "
            f"across all filterGroups."
        )
    sort = _sort(object_type, body.get("sorts") or [])
    query = body.get("query") or ""
    if not isinstance(query, str):
        raise validation_error("query must be a string.")
    limit = _whole(body.get("limit", DEFAULT_LIMIT), "limit")
    if limit > MAX_LIMIT:
        raise validation_error(
            f"limit is {limit}; a search page can hold at most {MAX_LIMIT} results."
        )
    offset = _whole(body.get("after") or 0, "after")
    properties = body.get("properties")
    if properties is not None and not (
        isinstance(properties, list) and all(isinstance(name, str) for name in properties)
    ):
        raise validation_error("properties must be a list of property names.")
    key = json.dumps(
        [object_type, groups, body.get("sorts") or [], query], sort_keys=True, default=str
    )
    return SearchRequest(compiled, sort, query, properties, limit, offset, key)


def _whole(value: Any, name: str) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()):
        raise validation_error(f"{name} must be a whole number, not {value!r}.")
    return int(text)


def _sort(object_type: str, sorts: Any) -> tuple[str, bool] | None:
    if not isinstance(sorts, list):
        raise validation_error("sorts must be a list.")
    if len(sorts) > 1:
        raise validation_error("Only one sort is supported; give a single property in sorts.")
    if not sorts:
        return None
    item = sorts[0]
    if isinstance(item, str):
        name, direction = (
            item.removeprefix("-"),
            "DESCENDING" if item.startswith("-") else "ASCENDING",
        )
    elif isinstance(item, dict):
        name, direction = item.get("propertyName"), item.get("direction", "ASCENDING")
    else:
        raise validation_error('Each sort is a property name or {"propertyName", "direction"}.')
    if direction not in ("ASCENDING", "DESCENDING"):
        raise validation_error(f"Sort direction {direction!r} is not ASCENDING or DESCENDING.")
    _definition(object_type, name)
    return name, direction == "DESCENDING"


def _definition(object_type: str, name: Any) -> dict[str, Any]:
    definition = PROPERTIES[object_type].get(name) if isinstance(name, str) else None
    if definition is None:
        raise validation_error(
            f"Property {name!r} does not exist on {object_type}; "
            f"GET /crm/v3/properties/{object_type} lists the properties."
        )
    return definition


def _predicate(object_type: str, item: Any) -> Predicate:
    if not isinstance(item, dict):
        raise validation_error("Each filter is an object with propertyName, operator and value.")
    name, operator = item.get("propertyName"), item.get("operator")
    definition = _definition(object_type, name)
    if operator not in OPERATORS:
        raise validation_error(
            f"Filter operator {operator!r} on {name} is not valid; use one of "
            f"{', '.join(OPERATORS)}."
        )
    positive = _NEGATIONS.get(operator, operator)
    test = _positive_test(positive, definition, item)

    def has_value(values: Properties) -> bool:
        return values.get(name) not in (None, "")

    if positive == "HAS_PROPERTY":
        return has_value if operator == positive else (lambda values: not has_value(values))
    if operator == positive:
        return lambda values: has_value(values) and test(values[name] or "")
    return lambda values: not (has_value(values) and test(values[name] or ""))


def _positive_test(
    operator: str, definition: Mapping[str, Any], item: Mapping[str, Any]
) -> Callable[[str], bool]:
    """The comparison of a present value for EQ, LT..GTE, BETWEEN, IN and CONTAINS_TOKEN."""
    name, kind = definition["name"], definition["type"]
    multiple = definition["fieldType"] == "checkbox"
    if operator == "HAS_PROPERTY":
        return lambda text: True
    if operator == "IN":
        values = item.get("values")
        if not isinstance(values, list) or not values:
            raise validation_error(
                f"The {item['operator']} filter on {name} needs a non-empty list in values."
            )
        wanted = {_typed(kind, value, name) for value in values}
        return lambda text: any(_typed(kind, part) in wanted for part in _parts(text, multiple))
    value = item.get("value")
    if value is None:
        raise validation_error(f"The {item['operator']} filter on {name} needs a value.")
    if operator == "CONTAINS_TOKEN":
        return _token_test(str(value))
    low = _typed(kind, value, name)
    if operator == "EQ":
        return lambda text: any(_typed(kind, part) == low for part in _parts(text, multiple))
    if operator == "BETWEEN":
        if item.get("highValue") is None:
            raise validation_error(f"The BETWEEN filter on {name} needs a highValue.")
        high = _typed(kind, item["highValue"], name)
        return lambda text: _ordered(low, _typed(kind, text), high)
    compare = {
        "LT": lambda a, b: a < b,
        "LTE": lambda a, b: a <= b,
        "GT": lambda a, b: a > b,
        "GTE": lambda a, b: a >= b,
    }[operator]
    return lambda text: _compares(compare, _typed(kind, text), low)


def _parts(text: str, multiple: bool) -> list[str]:
    return text.split(";") if multiple else [text]


def _typed(kind: str, value: Any, name: str | None = None) -> Any:
    """A value as it compares: a float, epoch milliseconds, or folded text. With `name` (a
    filter's own value), one that cannot be read as the property's type is a 400; a stored value
    that cannot be read is None, which matches nothing."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    typed: Any
    if kind == "number":
        typed = number(text)
    elif kind in ("date", "datetime"):
        typed = epoch_ms(text)
    else:
        return text.casefold()
    if typed is None and name is not None:
        raise validation_error(f"{value!r} is not a valid {kind} for the property {name}.")
    return typed


def _compares(compare: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    return left is not None and compare(left, right)


def _ordered(low: Any, value: Any, high: Any) -> bool:
    return value is not None and low <= value <= high


def _token_test(pattern: str) -> Callable[[str], bool]:
    folded = pattern.casefold()
    if "*" in folded:
        return lambda text: any(
            fnmatch.fnmatchcase(word, folded) for word in [text.casefold(), *text.split()]
        )
    wanted = _WORD.findall(folded)
    size = len(wanted)
    if not size:
        return lambda text: False

    def contains(text: str) -> bool:
        words = _WORD.findall(text.casefold())
        return any(words[start : start + size] == wanted for start in range(len(words) - size + 1))

    return contains


def _query_test(object_type: str, query: str) -> Predicate:
    """The free-text `query`: each word must start a word of a default searchable property."""
    wanted = _WORD.findall(query.casefold())
    names = QUERY_PROPERTIES[object_type]

    def matches(values: Properties) -> bool:
        words = [
            word for name in names for word in _WORD.findall((values.get(name) or "").casefold())
        ]
        return all(any(word.startswith(part) for word in words) for part in wanted)

    return matches


class SearchEngine:
    """Runs checked searches over a portal, keeping recent result sets until the portal changes."""

    def __init__(self, portal: HubSpotPortal) -> None:
        self._portal = portal
        self._results: OrderedDict[str, tuple[int, list[int]]] = OrderedDict()
        self._lock = threading.Lock()

    def matching_ids(self, object_type: str, request: SearchRequest) -> list[int]:
        version = self._portal.version
        with self._lock:
            kept = self._results.get(request.key)
            if kept is not None and kept[0] == version:
                self._results.move_to_end(request.key)
                return kept[1]
        table = self._portal.table(object_type)
        tests = [] if not request.query.strip() else [_query_test(object_type, request.query)]
        groups = request.groups
        found = [
            record_id
            for record_id in table.ids()
            if _selected(table.properties(record_id), groups, tests)
        ]
        if request.sort is not None:
            name, descending = request.sort
            kind = PROPERTIES[object_type][name]["type"]
            found.sort(
                key=lambda record_id: _sort_key(kind, table.properties(record_id).get(name)),
                reverse=descending,
            )
        with self._lock:
            self._results[request.key] = (version, found)
            while len(self._results) > _KEPT_RESULTS:
                self._results.popitem(last=False)
        return found


def _selected(values: Properties, groups: list[list[Predicate]], tests: list[Predicate]) -> bool:
    if not all(test(values) for test in tests):
        return False
    return not groups or any(all(test(values) for test in group) for group in groups)


def _sort_key(kind: str, value: str | None) -> tuple[int, Any]:
    typed = None if value in (None, "") else _typed(kind, value)
    return (1, 0) if typed is None else (0, typed)
