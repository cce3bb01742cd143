"""SOQL from a `SourceQuery`, and the rows its answer becomes.

A filter is data the user typed; it must never be able to change the query's shape. So:
- every field name is looked up in the object's describe (case-insensitively, as Salesforce
  does) and written back in its canonical spelling; a name that is not there is a
  `SourceFieldError` naming the object and the field, never text pasted into the query;
- every value is converted to the field's type first (a number field gets a number, a date
  field a date) and then quoted by simple-salesforce's `format_soql` / `quote_soql_value`
  (`{:like}` inside LIKE patterns, so `%` and `_` match literally); datetimes, which it
  would write as `+00:00`, are written here as UTC `...Z` from a parsed `datetime`, so
  nothing but digits reaches the query;
- each condition is parenthesised and joined with AND ("all") or OR ("any"), then ANDed
  with the closed-won semi-join and the `modified_since` bound.

Salesforce answers a parent field nested (`"Account": {"Gather_Id__c": ...}` or null) and
with an "attributes" entry on every record; `CompiledQuery.rows` turns each record into the
flat dict core expects, keyed exactly by the names the query asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from simple_salesforce.format import format_soql, quote_soql_value

from gather_desktop.core.query import Condition, Filter, SourceQuery
from gather_desktop.core.schema import FieldInfo, ObjectSchema, resolve_field
from gather_desktop.sources.base import SourceError, SourceFieldError

Schemas = Callable[[str], ObjectSchema]

CLOSED_WON = "Id IN (SELECT AccountId FROM Opportunity WHERE IsWon = true)"
MODSTAMP = "SystemModstamp"

#: Field types compared as quoted text; LIKE (contains, starts_with) works on these only.
TEXT_TYPES = frozenset({"string", "textarea", "email", "phone", "url", "picklist", "combobox",
                        "encryptedstring"})
#: Record Ids and lookups: quoted text, but no LIKE.
ID_TYPES = frozenset({"id", "reference"})
NUMBER_TYPES = frozenset({"int", "long", "double", "currency", "percent"})
_ORDERED_TYPES = NUMBER_TYPES | TEXT_TYPES | {"date", "datetime"}
_COMPARISONS = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
_JOINERS = {"all": " AND ", "any": " OR "}


@dataclass(frozen=True)
class Column:
    """Where one requested field is in a Salesforce record."""

    key: str            # the name the query asked for: the key of the row handed to core
    top: str            # the record's key: "Name", or the relationship "Account"
    sub: str | None     # the parent's field ("Gather_Id__c"), None for the object's own


@dataclass(frozen=True)
class CompiledQuery:
    soql: str
    count_soql: str
    columns: tuple[Column, ...]

    @cached_property
    def reads_records_as_they_come(self) -> bool:
        """True when Salesforce's records already have the requested keys, so a row is
        the record minus "attributes" and no copy is needed (the common, default case)."""
        return all(c.sub is None and c.key == c.top for c in self.columns) and \
            len({c.key for c in self.columns}) == len(self.columns)

    def rows(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One page of Salesforce records as rows (reuses the records when it can)."""
        if self.reads_records_as_they_come:
            for record in records:
                record.pop("attributes", None)
            return records
        columns = self.columns
        rows = []
        for record in records:
            row = {}
            for column in columns:
                value = record.get(column.top)
                if column.sub is not None and value is not None:
                    value = value.get(column.sub)
                row[column.key] = value
            rows.append(row)
        return rows


def compile_query(query: SourceQuery, schemas: Schemas) -> CompiledQuery:
    """The SOQL for `query` (and its COUNT()), checked against the describe."""
    schema = schemas(query.object_name)
    columns = tuple(_column(schemas, schema, name) for name in query.fields)
    selected = list(dict.fromkeys(_soql_name(c) for c in columns))
    where = _where(query, schemas, schema)
    tail = f" FROM {schema.name}" + (f" WHERE {where}" if where else "")
    return CompiledQuery(soql=f"SELECT {', '.join(selected)}{tail}",
                         count_soql=f"SELECT COUNT(){tail}",
                         columns=columns)


def _column(schemas: Schemas, schema: ObjectSchema, name: str) -> Column:
    top, _, sub = _field(schemas, schema, name).name.partition(".")
    return Column(key=name, top=top, sub=sub or None)


def _soql_name(column: Column) -> str:
    return column.top if column.sub is None else f"{column.top}.{column.sub}"


def _field(schemas: Schemas, schema: ObjectSchema, name: str) -> FieldInfo:
    """The field (a parent's through its relationship), or `SourceFieldError` in words."""
    info = resolve_field(schemas, schema.name, name)
    if info is None:
        raise SourceFieldError(
            f"{schema.name} has no field '{name}' in Salesforce any more (it may have been "
            "removed or renamed, or your Salesforce user may not be allowed to see it). Edit "
            "the integration to choose another field.")
    return info


def _where(query: SourceQuery, schemas: Schemas, schema: ObjectSchema) -> str:
    clauses = []
    if query.filter is not None and query.filter.conditions:
        clauses.append(_filter(query.filter, schemas, schema))
    if query.only_closed_won:
        if schema.name != "Account":
            raise SourceError(f"'Only sync accounts that have a closed-won opportunity' is for "
                              f"Accounts, not {schema.name}. Edit the integration.")
        clauses.append(CLOSED_WON)
    if query.ids is not None:
        clauses.append(format_soql("Id IN {}", list(query.ids)) if query.ids else "Id = null")
    if query.modified_since is not None:
        modstamp = _field(schemas, schema, MODSTAMP)
        clauses.append(f"{modstamp.name} >= {_datetime_literal(query.modified_since)}")
    if len(clauses) > 1 and query.filter is not None and len(query.filter.conditions) > 1:
        clauses[0] = f"({clauses[0]})"
    return " AND ".join(clauses)


def _filter(filter_: Filter, schemas: Schemas, schema: ObjectSchema) -> str:
    if filter_.match not in _JOINERS:
        raise ValueError(f"filter match must be 'all' or 'any', not {filter_.match!r}")
    return _JOINERS[filter_.match].join(
        f"({_condition(c, _field(schemas, schema, c.field), schema.name)})"
        for c in filter_.conditions)


def _condition(condition: Condition, info: FieldInfo, object_name: str) -> str:
    """One condition as SOQL; the field name is the describe's, the value quoted."""
    name, op, value = info.name, condition.op, condition.value
    where = f"{object_name}.{name}"
    if not info.filterable or (info.type not in _LITERALS and info.type != "multipicklist"):
        raise SourceError(f"Salesforce cannot filter on {where} (a {info.type} field). Edit "
                          "the integration to filter on another field.")
    if op == "is_empty":
        return f"{name} = null"
    if op == "is_not_empty":
        return f"{name} != null"
    if info.type == "multipicklist":
        return _multipicklist(name, op, value, where)
    if op in ("contains", "not_contains", "starts_with"):
        if info.type not in TEXT_TYPES:
            raise _operator_error(op, where, info.type)
        text = _text(value, where)
        if op == "starts_with":
            return format_soql("{:literal} LIKE '{:like}%'", name, text)
        like = format_soql("{:literal} LIKE '%{:like}%'", name, text)
        return like if op == "contains" else f"NOT {like}"
    if op in ("in", "not_in"):
        items = _items(value, where)
        keyword = "IN" if op == "in" else "NOT IN"
        return f"{name} {keyword} ({','.join(_literal(info, item, where) for item in items)})"
    if op not in _COMPARISONS:
        raise ValueError(f"unknown filter operator {op!r}")
    if op not in ("eq", "ne") and info.type not in _ORDERED_TYPES:
        raise _operator_error(op, where, info.type)
    return f"{name} {_COMPARISONS[op]} {_literal(info, value, where)}"


def _multipicklist(name: str, op: str, value: Any, where: str) -> str:
    """A multi-select picklist holds "A;B;C": contains / in ask whether it includes values."""
    if op in ("contains", "not_contains", "in", "not_in"):
        items = _items(value, where) if op in ("in", "not_in") else [_text(value, where)]
        keyword = "INCLUDES" if op in ("contains", "in") else "EXCLUDES"
        return format_soql("{:literal} {:literal} {}", name, keyword,
                           tuple(_text(item, where) for item in items))
    if op in ("eq", "ne"):
        return format_soql("{:literal} {:literal} {}", name, _COMPARISONS[op],
                           _text(value, where))
    raise _operator_error(op, where, "multi-select picklist")


def _operator_error(op: str, where: str, kind: str) -> SourceError:
    return SourceError(f"The filter compares {where} (a {kind} field) with '{op}', which does "
                       "not work on that kind of field. Edit the integration's filter.")


def _value_error(where: str, value: Any, expected: str) -> SourceError:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return SourceError(f"The filter on {where} needs {expected}, not {shown}. Edit the "
                       "integration's filter.")


def _items(value: Any, where: str) -> Sequence[Any]:
    if not isinstance(value, (list, tuple)) or not value:
        raise _value_error(where, value, "a list of one or more values")
    return value


def _literal(info: FieldInfo, value: Any, where: str) -> str:
    """One value, converted to the field's type and quoted for SOQL."""
    return _LITERALS[info.type](value, where)


def _text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise _value_error(where, value, "text")


def _number(value: Any, where: str) -> str:
    """Plain decimal digits: `str(1e-05)` would give an exponent, which SOQL rejects."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise _value_error(where, value, "a number")
    if isinstance(value, int):
        return quote_soql_value(value)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else repr(value))
    except InvalidOperation:
        raise _value_error(where, value, "a number") from None
    if not number.is_finite():
        raise _value_error(where, value, "a finite number")
    return format(number, "f")


def _boolean(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _value_error(where, value, "true or false")


def _date(value: Any, where: str) -> date:
    """A calendar day, kept as written: a datetime here could shift the day by a time zone."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _value_error(where, value, "a date like 2024-01-31")


def _datetime(value: Any, where: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _value_error(where, value, "a date and time like 2024-01-31T09:30:00Z")


def _datetime_literal(value: datetime) -> str:
    """UTC with a Z, as Salesforce writes datetimes. A time without a zone is taken as UTC,
    Salesforce's own zone (simple-salesforce would take it as this computer's local time)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


#: How a value of each filterable field type becomes a SOQL literal.
_LITERALS: dict[str, Callable[[Any, str], str]] = {
    **{kind: lambda value, where: quote_soql_value(_text(value, where))
       for kind in TEXT_TYPES | ID_TYPES},
    **{kind: _number for kind in NUMBER_TYPES},
    "boolean": lambda value, where: quote_soql_value(_boolean(value, where)),
    "date": lambda value, where: quote_soql_value(_date(value, where)),
    "datetime": lambda value, where: _datetime_literal(_datetime(value, where)),
}
