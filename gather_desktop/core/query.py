"""What to read from a source, said in the domain's words; connectors turn it into their
own query language (SOQL for Salesforce, search filter groups for HubSpot).

Filters are data, never query text: a connector quotes every value and checks every field
name against the source's schema before anything reaches the wire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

#: The comparisons a filter condition may use (INTERFACES.md §2).
OPERATORS = ("eq", "ne", "contains", "not_contains", "starts_with", "gt", "gte", "lt", "lte",
             "in", "not_in", "is_empty", "is_not_empty")


@dataclass(frozen=True)
class Condition:
    field: str      # API name, a parent field may be dotted: "Account.Industry"
    op: str         # one of OPERATORS
    value: Any      # typed by the field; a list for in/not_in; None for is_empty/is_not_empty


@dataclass(frozen=True)
class Filter:
    match: str                          # "all" or "any"
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class SourceQuery:
    object_name: str
    fields: tuple[str, ...]             # API names to read; parent fields dotted; includes "Id"
    filter: Filter | None = None
    only_closed_won: bool = False       # Accounts with an opportunity that is Closed Won
    modified_since: datetime | None = None
    #: Only these records (by the source's own record Id): the ones that failed last time,
    #: read again first. None means no restriction.
    ids: tuple[str, ...] | None = None
