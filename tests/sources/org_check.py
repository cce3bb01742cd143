"""What a filter should match, decided from the emulated org's stored records directly.

The connector's answers are compared with this, not with lists written into the tests. It
follows SOQL's rules as a user relies on them: text compares case-insensitively, a blank
value is null, null is never greater, less or LIKE anything, while `!=`, NOT IN and NOT LIKE
are true for null; a multi-select picklist "contains" a value it includes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from gather_desktop.core.query import Condition
from gather_desktop.sandbox.salesforce_org import SalesforceOrg

NUMBER_TYPES = {"int", "double", "currency", "percent"}


def live(org: SalesforceOrg, object_name: str) -> list[dict[str, Any]]:
    return [record for record in org.records(object_name) if not record.get("IsDeleted")]


def expected_ids(org: SalesforceOrg, object_name: str, conditions: Iterable[Condition],
                 match: str = "all", only_closed_won: bool = False) -> set[str]:
    conditions = list(conditions)
    combine = all if match == "all" else any
    won = {o["AccountId"] for o in live(org, "Opportunity") if o.get("IsWon")}
    return {record["Id"] for record in live(org, object_name)
            if combine(matches(org, object_name, record, c) for c in conditions)
            and (not only_closed_won or record["Id"] in won)}


def matches(org: SalesforceOrg, object_name: str, record: dict[str, Any],
            condition: Condition) -> bool:
    kind, raw = _field(org, object_name, record, condition.field)
    value = _comparable(kind, raw)
    op, wanted = condition.op, condition.value
    if op == "is_empty":
        return value is None
    if op == "is_not_empty":
        return value is not None
    if kind == "multipicklist":
        chosen = set() if value is None else set(value.split(";"))
        asked = {_comparable(kind, item) for item in
                 (wanted if isinstance(wanted, list) else [wanted])}
        return bool(chosen & asked) == (op in ("contains", "in"))
    if op in ("ne", "not_in", "not_contains") and value is None:
        return True
    if value is None:
        return False
    if op in ("in", "not_in"):
        return (value in {_comparable(kind, item) for item in wanted}) == (op == "in")
    target = _comparable(kind, wanted)
    return {
        "eq": lambda: value == target, "ne": lambda: value != target,
        "contains": lambda: target in value, "not_contains": lambda: target not in value,
        "starts_with": lambda: value.startswith(target),
        "gt": lambda: value > target, "gte": lambda: value >= target,
        "lt": lambda: value < target, "lte": lambda: value <= target,
    }[op]()


def _field(org: SalesforceOrg, object_name: str, record: dict[str, Any],
           name: str) -> tuple[str, Any]:
    describe = org.describe(object_name)
    assert describe is not None
    if "." in name:
        relationship, _, parent_field = name.partition(".")
        reference = next(f for f in describe["fields"]
                         if (f.get("relationshipName") or "").lower() == relationship.lower())
        parent_id = record.get(reference["name"])
        parent = org.get(reference["referenceTo"][0], parent_id) if parent_id else None
        kind, _ = _field(org, reference["referenceTo"][0], {}, parent_field)
        return kind, None if parent is None else parent.get(parent_field)
    field = next(f for f in describe["fields"] if f["name"].lower() == name.lower())
    return field["type"], record.get(field["name"])


def _comparable(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind in NUMBER_TYPES:
        return float(value)
    if kind == "boolean":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return str(value).lower()
