"""WHERE clauses compiled into Python closures, with Salesforce's type rules and null semantics.

Each comparison is checked against its field's describe once (the value's type, whether the
operator applies) and becomes a closure over a getter and a pre-normalised literal: text is
compared case-folded, Ids on their case-sensitive 15-character prefix, dates and datetimes as
sortable keys (see soql_dates). Per record nothing is parsed or looked up by name.

Null semantics follow SOQL, not SQL: `!=` and `NOT IN` are true for a null value, `<`/`>` are
false, `= null` / `!= null` test for null (an empty string counts as null, as Salesforce never
stores one). Semi- and anti-joins run their subquery once into a set of Id prefixes.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from gather_desktop.sandbox import soql_dates
from gather_desktop.sandbox.soql_errors import (
    INVALID_FIELD,
    INVALID_QUERY_FILTER_OPERATOR,
    MALFORMED_QUERY,
    at_position,
)
from gather_desktop.sandbox.soql_fields import Getter, ObjectInfo, Record, ResolvedField, Schemas
from gather_desktop.sandbox.soql_lexer import Kind
from gather_desktop.sandbox.soql_parser import And, Comparison, Condition, Not, Or, SemiJoin, Value

Predicate = Callable[[Record], bool]

_ID_RE = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")
_ORDERING = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq}
NOT_FILTERABLE_TYPES = frozenset({"address", "location", "base64", "anyType", "complexvalue"})


@dataclass(frozen=True)
class FieldKind:
    """How one family of Salesforce field types compares and which literals it takes."""
    type_name: str                      # as Salesforce names it in "must be of type X"
    quoted: bool                        # its literals are quoted strings
    literal_kinds: frozenset[Kind]
    ops: frozenset[str]
    stored_key: Callable[[Any], Any] | None   # stored value -> comparable; None when already comparable
    takes_date_literals: bool = False


def _casefold(value: Any) -> str:
    return str(value).casefold()


def _id_prefix(value: str) -> str:
    return value[:15]


def _picklist_set(value: str) -> frozenset[str]:
    return frozenset(part.strip().casefold() for part in value.split(";") if part.strip())


_SET_OPS = frozenset({"=", "!=", "IN", "NOT IN"})
_ALL_OPS = _SET_OPS | {"<", "<=", ">", ">="}
_TEXT = FieldKind("string", True, frozenset({Kind.STRING}), _ALL_OPS | {"LIKE"}, _casefold)
_ID = FieldKind("id", True, frozenset({Kind.STRING}), _ALL_OPS, _id_prefix)
_MULTIPICKLIST = FieldKind("multipicklist", True, frozenset({Kind.STRING}), _SET_OPS | {"INCLUDES", "EXCLUDES"},
                           _picklist_set)
_BOOLEAN = FieldKind("boolean", False, frozenset({Kind.WORD}), _SET_OPS, None)
_DATE = FieldKind("date", False, frozenset({Kind.DATE}), _ALL_OPS, None, takes_date_literals=True)
_DATETIME = FieldKind("dateTime", False, frozenset({Kind.DATETIME}), _ALL_OPS, soql_dates.stored_datetime_key,
                      takes_date_literals=True)
_NUMBERS = {
    name: FieldKind(type_name, False, frozenset({Kind.NUMBER}), _ALL_OPS, None)
    for name, type_name in (("int", "integer"), ("long", "long"), ("double", "double"),
                            ("currency", "currency"), ("percent", "percent"))
}
_KINDS_BY_TYPE: dict[str, FieldKind] = {
    "id": _ID, "reference": _ID, "multipicklist": _MULTIPICKLIST, "boolean": _BOOLEAN,
    "date": _DATE, "datetime": _DATETIME, **_NUMBERS,
}


def field_kind(field_type: str) -> FieldKind:
    """The comparison family of a describe `type`; anything textual compares as text."""
    return _KINDS_BY_TYPE.get(field_type, _TEXT)


class FilterCompiler:
    """Turns a parsed WHERE tree on one object into a predicate over stored records."""

    def __init__(self, schemas: Schemas, today: date, include_deleted: bool) -> None:
        self.schemas = schemas
        self.soql = schemas.soql
        self.today = today
        self.include_deleted = include_deleted

    def compile(self, info: ObjectInfo, condition: Condition) -> Predicate:
        if isinstance(condition, And):
            return _all_of([self.compile(info, operand) for operand in condition.operands])
        if isinstance(condition, Or):
            return _any_of([self.compile(info, operand) for operand in condition.operands])
        if isinstance(condition, Not):
            inner = self.compile(info, condition.operand)
            return lambda record: not inner(record)
        if isinstance(condition, SemiJoin):
            return self._semi_join(info, condition)
        return self._comparison(info, condition)

    def live_records(self, info: ObjectInfo, predicate: Predicate | None) -> Iterator[Record]:
        """Stored records of the object that are not deleted (unless queryAll) and match."""
        records: Iterable[Record] = self.schemas.org.records(info.name)
        if not self.include_deleted:
            records = (record for record in records if not record.get("IsDeleted"))
        return iter(records) if predicate is None else filter(predicate, records)

    # -- comparisons -------------------------------------------------------------------------
    def _resolve_filterable(self, info: ObjectInfo, condition: Comparison | SemiJoin) -> ResolvedField:
        resolved = self.schemas.resolve(info, condition.field)
        if resolved.type in NOT_FILTERABLE_TYPES or resolved.field.get("filterable") is False:
            raise at_position(self.soql, condition.field.pos, INVALID_FIELD,
                              f"field '{resolved.name}' can not be filtered in a query call")
        return resolved

    def _comparison(self, info: ObjectInfo, condition: Comparison) -> Predicate:
        resolved = self._resolve_filterable(info, condition)
        kind = field_kind(resolved.type)
        op = condition.op
        if op not in kind.ops:
            raise at_position(
                self.soql, condition.field.pos, INVALID_QUERY_FILTER_OPERATOR,
                _operator_message(op, resolved),
            )
        get = self.schemas.getter(resolved)
        if op == "LIKE":
            return self._like(get, resolved, condition.values[0])
        if op in ("INCLUDES", "EXCLUDES"):
            return self._includes(get, resolved, condition)
        operands = [self._operand(kind, resolved, value) for value in condition.values]
        if op in ("IN", "NOT IN"):
            member = _membership(get, kind.stored_key, operands)
            return member if op == "IN" else (lambda record: not member(record))
        return _scalar(get, kind.stored_key, op, operands[0])

    def _operand(self, kind: FieldKind, resolved: ResolvedField, value: Value) -> "_Operand":
        """The literal as a comparable key (or a [lo, hi) range for date literals); None for null."""
        if value.kind is Kind.WORD and value.value is None:
            return None
        if value.is_date_literal and kind.takes_date_literals:
            name, n = value.value
            first, after_last = soql_dates.literal_range(name, n, self.today)
            if kind is _DATETIME:
                return _Range(soql_dates.day_start_key(first), soql_dates.day_start_key(after_last))
            return _Range(soql_dates.date_key(first), soql_dates.date_key(after_last))
        if value.kind not in kind.literal_kinds or value.is_date_literal or (
            kind is _BOOLEAN and not isinstance(value.value, bool)
        ):
            raise self._wrong_type(kind, resolved, value)
        if kind is _ID:
            if value.value == "":
                return None
            if not _ID_RE.fullmatch(value.value):
                raise at_position(self.soql, value.pos, INVALID_QUERY_FILTER_OPERATOR,
                                  f"invalid ID field: {value.value}")
            return value.value[:15]
        if kind is _DATE:
            return soql_dates.date_key(value.value)
        if kind is _DATETIME:
            return soql_dates.datetime_key(value.value)
        if kind.stored_key is not None:
            key = kind.stored_key(value.value)
            return None if key in ("", frozenset()) else key
        return value.value

    def _wrong_type(self, kind: FieldKind, resolved: ResolvedField, value: Value) -> Exception:
        quotes = "should be enclosed in quotes" if kind.quoted else "should not be enclosed in quotes"
        return at_position(
            self.soql, value.pos, INVALID_FIELD,
            f"value of filter criterion for field '{resolved.name}' must be of type {kind.type_name} and {quotes}",
        )

    def _like(self, get: Getter, resolved: ResolvedField, value: Value) -> Predicate:
        if value.kind is not Kind.STRING:
            raise self._wrong_type(_TEXT, resolved, value)
        match = re.compile(value.like, re.IGNORECASE | re.DOTALL).fullmatch
        return lambda record: (stored := get(record)) is not None and match(str(stored)) is not None

    def _includes(self, get: Getter, resolved: ResolvedField, condition: Comparison) -> Predicate:
        wanted: list[frozenset[str]] = []
        for value in condition.values:
            if value.kind is not Kind.STRING:
                raise self._wrong_type(_MULTIPICKLIST, resolved, value)
            wanted.append(_picklist_set(value.value))

        def includes(record: Record) -> bool:
            stored = get(record)
            if not stored:
                return False
            selected = _picklist_set(stored)
            return any(combination <= selected for combination in wanted)
        if condition.op == "INCLUDES":
            return includes
        return lambda record: not includes(record)

    # -- semi- and anti-joins ----------------------------------------------------------------
    def _semi_join(self, info: ObjectInfo, condition: SemiJoin) -> Predicate:
        left = self._resolve_filterable(info, condition)
        sub = condition.subquery
        sub_info = self.schemas.object(sub.object_name, sub.object_pos)
        if sub.count or len(sub.fields) != 1:
            raise at_position(self.soql, sub.object_pos, MALFORMED_QUERY,
                              "a semi-join or anti-join subquery must select exactly one Id or reference field")
        right = self.schemas.resolve(sub_info, sub.fields[0])
        if not set(_points_to(left)) & set(_points_to(right)):
            raise at_position(
                self.soql, sub.fields[0].pos, INVALID_QUERY_FILTER_OPERATOR,
                f"The selected field '{right.path}' in the subquery and the left operand field "
                f"'{left.path}' should point to the same object type",
            )
        sub_predicate = self.compile(sub_info, sub.where) if sub.where is not None else None
        read = self.schemas.getter(right)
        ids = {value[:15] for record in self.live_records(sub_info, sub_predicate) if (value := read(record))}
        get = self.schemas.getter(left)
        if condition.negated:
            return lambda record: (value := get(record)) is None or value[:15] not in ids
        return lambda record: (value := get(record)) is not None and value[:15] in ids


@dataclass(frozen=True)
class _Range:
    """A date literal's span as keys: [lo, hi)."""
    lo: Any
    hi: Any


_Operand = Any  # None (null), a key, or a _Range


def _points_to(resolved: ResolvedField) -> tuple[str, ...]:
    """The object(s) an Id or reference field's values are Ids of; () for other fields."""
    if resolved.type == "id":
        return (resolved.object_name.lower(),)
    if resolved.type == "reference":
        return tuple(name.lower() for name in resolved.field.get("referenceTo") or ())
    return ()


def _operator_message(op: str, resolved: ResolvedField) -> str:
    if op in ("INCLUDES", "EXCLUDES"):
        return "includes or excludes operator only valid on multipicklist field"
    return f"invalid operator on {field_kind(resolved.type).type_name} field '{resolved.name}': {op}"


def _is_null(value: Any) -> bool:
    return value is None or value == ""


def _scalar(get: Getter, key_of: Callable[[Any], Any] | None, op: str, operand: _Operand) -> Predicate:
    if operand is None:
        if op == "=":
            return lambda record: _is_null(get(record))
        if op == "!=":
            return lambda record: not _is_null(get(record))
        return lambda record: False
    if isinstance(operand, _Range):
        return _in_range(get, key_of or (lambda value: value), op, operand.lo, operand.hi)
    if op == "!=":
        if key_of is None:
            return lambda record: (value := get(record)) is None or value != operand
        return lambda record: _is_null(value := get(record)) or key_of(value) != operand
    test = _ORDERING[op]
    if key_of is None:
        return lambda record: (value := get(record)) is not None and test(value, operand)
    return lambda record: not _is_null(value := get(record)) and test(key_of(value), operand)


def _in_range(get: Getter, key_of: Callable[[Any], Any], op: str, lo: Any, hi: Any) -> Predicate:
    def within(record: Record) -> bool:
        value = get(record)
        return value is not None and lo <= key_of(value) < hi
    if op == "=":
        return within
    if op == "!=":
        return lambda record: not within(record)
    bound, test = {"<": (lo, operator.lt), "<=": (hi, operator.lt), ">": (hi, operator.ge), ">=": (lo, operator.ge)}[op]
    return lambda record: (value := get(record)) is not None and test(key_of(value), bound)


def _membership(get: Getter, key_of: Callable[[Any], Any] | None, operands: list[_Operand]) -> Predicate:
    """IN: the value's key is one of the literals' keys (or inside one of the date-literal ranges)."""
    accepts_null = any(operand is None for operand in operands)
    ranges = [(operand.lo, operand.hi) for operand in operands if isinstance(operand, _Range)]
    keys = {operand for operand in operands if operand is not None and not isinstance(operand, _Range)}
    key_of = key_of or (lambda value: value)

    def member(record: Record) -> bool:
        value = get(record)
        if _is_null(value):
            return accepts_null
        key = key_of(value)
        return key in keys or any(lo <= key < hi for lo, hi in ranges)
    return member


def _all_of(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 2:
        first, second = predicates
        return lambda record: first(record) and second(record)
    return lambda record: all(predicate(record) for predicate in predicates)


def _any_of(predicates: list[Predicate]) -> Predicate:
    if len(predicates) == 2:
        first, second = predicates
        return lambda record: first(record) or second(record)
    return lambda record: any(predicate(record) for predicate in predicates)

