"""SOQL text to a syntax tree: SELECT ... FROM ... [WHERE] [ORDER BY] [LIMIT] [OFFSET].

Only syntax is checked here; whether fields exist and values fit their types is checked by
soql_fields and soql_filters, which have the org's describes. Like Salesforce, one level of a
WHERE clause may join its conditions with AND or with OR but not both: `a AND b OR c` is
MALFORMED_QUERY until parenthesised, so the parser never guesses a precedence the user did
not mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from gather_desktop.sandbox.soql_errors import MALFORMED_QUERY, at_position, unexpected_token
from gather_desktop.sandbox.soql_lexer import Kind, Token, tokenize

# Relative date literals: the ones taking `:n` and the plain ones (soql_dates gives their ranges).
DATE_LITERALS_WITH_N = frozenset({"LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO"})
DATE_LITERALS = frozenset({
    "TODAY", "YESTERDAY", "TOMORROW", "LAST_WEEK", "THIS_WEEK", "NEXT_WEEK", "LAST_MONTH",
    "THIS_MONTH", "NEXT_MONTH", "LAST_90_DAYS", "NEXT_90_DAYS", "LAST_YEAR", "THIS_YEAR", "NEXT_YEAR",
})
_CLAUSE_WORDS = frozenset({"FROM", "WHERE", "ORDER", "LIMIT", "OFFSET", "AND", "OR", "NOT", "SELECT"})


@dataclass(frozen=True)
class FieldRef:
    path: str            # as written: "Name", "account.owner.Email"
    pos: int


@dataclass(frozen=True)
class Value:
    """A literal on the right of an operator."""
    kind: Kind           # STRING NUMBER DATE DATETIME, or WORD for true/false/null/date literals
    value: object        # decoded: str, int/float, date, datetime, bool, None, or (name, n) for a date literal
    pos: int
    like: str | None = None  # for strings: the LIKE regex

    @property
    def is_date_literal(self) -> bool:
        return isinstance(self.value, tuple)


@dataclass(frozen=True)
class Comparison:
    field: FieldRef
    op: str              # = != < <= > >= LIKE IN NOT IN INCLUDES EXCLUDES
    values: tuple[Value, ...]  # one for the scalar operators


@dataclass(frozen=True)
class SemiJoin:
    field: FieldRef
    negated: bool        # NOT IN: an anti-join
    subquery: "Query"


@dataclass(frozen=True)
class Not:
    operand: "Condition"


@dataclass(frozen=True)
class And:
    operands: tuple["Condition", ...]


@dataclass(frozen=True)
class Or:
    operands: tuple["Condition", ...]


Condition = Union[Comparison, SemiJoin, Not, And, Or]


@dataclass(frozen=True)
class OrderItem:
    field: FieldRef
    descending: bool
    nulls_first: bool


@dataclass(frozen=True)
class Query:
    object_name: str
    object_pos: int
    fields: tuple[FieldRef, ...]   # empty for COUNT()
    count: bool
    where: Condition | None = None
    order_by: tuple[OrderItem, ...] = ()
    limit: int | None = None
    offset: int | None = None


def parse(soql: str) -> Query:
    """The syntax tree of `soql`, or SoqlError(MALFORMED_QUERY) pointing at the first bad token."""
    return _Parser(soql).query()


class _Parser:
    def __init__(self, soql: str) -> None:
        self.soql = soql
        self.tokens = tokenize(soql)
        self.index = 0

    # -- token helpers -----------------------------------------------------------------------
    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind is not Kind.EOF:
            self.index += 1
        return token

    def is_word(self, *words: str, offset: int = 0) -> bool:
        token = self.tokens[min(self.index + offset, len(self.tokens) - 1)]
        return token.kind is Kind.WORD and token.upper in words

    def fail(self, token: Token | None = None) -> Exception:
        token = token or self.peek
        return unexpected_token(self.soql, token.pos, token.text)

    def expect(self, kind: Kind) -> Token:
        if self.peek.kind is not kind:
            raise self.fail()
        return self.advance()

    def expect_word(self, word: str) -> Token:
        if not self.is_word(word):
            raise self.fail()
        return self.advance()

    # -- grammar -----------------------------------------------------------------------------
    def query(self) -> Query:
        query = self.select(subquery=False)
        if self.peek.kind is not Kind.EOF:
            raise self.fail()
        return query

    def select(self, *, subquery: bool) -> Query:
        self.expect_word("SELECT")
        count = False
        fields: list[FieldRef] = []
        if self.is_word("COUNT") and self.tokens[self.index + 1].kind is Kind.LPAREN:
            self.advance()
            self.advance()
            self.expect(Kind.RPAREN)
            count = True
        else:
            fields.append(self.field())
            while self.peek.kind is Kind.COMMA:
                self.advance()
                fields.append(self.field())
        self.expect_word("FROM")
        object_token = self.expect(Kind.WORD)
        if object_token.upper in _CLAUSE_WORDS or "." in object_token.text:
            raise self.fail(object_token)
        where = None
        if self.is_word("WHERE"):
            self.advance()
            where = self.condition()
        if subquery:
            return Query(object_token.text, object_token.pos, tuple(fields), count, where)
        order_by: tuple[OrderItem, ...] = ()
        if self.is_word("ORDER"):
            self.advance()
            self.expect_word("BY")
            order_by = self.order_items()
        limit = self.count_clause("LIMIT")
        offset = self.count_clause("OFFSET")
        return Query(object_token.text, object_token.pos, tuple(fields), count, where, order_by, limit, offset)

    def field(self) -> FieldRef:
        token = self.expect(Kind.WORD)
        if token.upper in _CLAUSE_WORDS:
            raise self.fail(token)
        return FieldRef(token.text, token.pos)

    def order_items(self) -> tuple[OrderItem, ...]:
        items = []
        while True:
            field = self.field()
            descending = False
            if self.is_word("ASC", "DESC"):
                descending = self.advance().upper == "DESC"
            nulls_first = not descending
            if self.is_word("NULLS"):
                self.advance()
                if not self.is_word("FIRST", "LAST"):
                    raise self.fail()
                nulls_first = self.advance().upper == "FIRST"
            items.append(OrderItem(field, descending, nulls_first))
            if self.peek.kind is not Kind.COMMA:
                return tuple(items)
            self.advance()

    def count_clause(self, word: str) -> int | None:
        if not self.is_word(word):
            return None
        self.advance()
        token = self.expect(Kind.NUMBER)
        if not isinstance(token.value, int) or token.value < 0:
            raise self.fail(token)
        return token.value

    def condition(self) -> Condition:
        """One level: operands joined by AND only, or by OR only (mixing needs parentheses)."""
        first = self.unary()
        if not self.is_word("AND", "OR"):
            return first
        joiner = self.peek.upper
        operands = [first]
        while self.is_word(joiner):
            self.advance()
            operands.append(self.unary())
        if self.is_word("AND", "OR"):
            raise self.fail()
        return And(tuple(operands)) if joiner == "AND" else Or(tuple(operands))

    def unary(self) -> Condition:
        if self.is_word("NOT"):
            self.advance()
            return Not(self.unary())
        if self.peek.kind is Kind.LPAREN:
            self.advance()
            inner = self.condition()
            self.expect(Kind.RPAREN)
            return inner
        return self.comparison()

    def comparison(self) -> Condition:
        field = self.field()
        token = self.peek
        if token.kind is Kind.OP:
            self.advance()
            return Comparison(field, token.text, (self.value(),))
        if self.is_word("LIKE"):
            self.advance()
            return Comparison(field, "LIKE", (self.value(),))
        if self.is_word("INCLUDES", "EXCLUDES"):
            self.advance()
            return Comparison(field, token.upper, self.value_list())
        negated = self.is_word("NOT") and self.is_word("IN", offset=1)
        if negated:
            self.advance()
        if self.is_word("IN"):
            self.advance()
            if self.peek.kind is Kind.LPAREN and self.is_word("SELECT", offset=1):
                self.advance()
                subquery = self.select(subquery=True)
                self.expect(Kind.RPAREN)
                return SemiJoin(field, negated, subquery)
            return Comparison(field, "NOT IN" if negated else "IN", self.value_list())
        raise self.fail()

    def value_list(self) -> tuple[Value, ...]:
        self.expect(Kind.LPAREN)
        values = [self.value()]
        while self.peek.kind is Kind.COMMA:
            self.advance()
            values.append(self.value())
        self.expect(Kind.RPAREN)
        return tuple(values)

    def value(self) -> Value:
        token = self.advance()
        if token.kind in (Kind.STRING, Kind.NUMBER, Kind.DATE, Kind.DATETIME):
            return Value(token.kind, token.value, token.pos, token.like)
        if token.kind is not Kind.WORD:
            raise self.fail(token)
        word = token.upper
        if word in ("TRUE", "FALSE"):
            return Value(Kind.WORD, word == "TRUE", token.pos)
        if word == "NULL":
            return Value(Kind.WORD, None, token.pos)
        if word in DATE_LITERALS:
            return Value(Kind.WORD, (word, 0), token.pos)
        if word in DATE_LITERALS_WITH_N:
            if self.peek.kind is not Kind.COLON:
                raise at_position(self.soql, token.pos, MALFORMED_QUERY,
                                  f"Invalid date literal '{token.text}': it needs a number, such as {word}:30")
            self.advance()
            number = self.expect(Kind.NUMBER)
            if not isinstance(number.value, int) or number.value < 0:
                raise self.fail(number)
            return Value(Kind.WORD, (word, number.value), token.pos)
        raise self.fail(token)
