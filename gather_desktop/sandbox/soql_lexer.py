"""SOQL tokens: words, quoted strings with Salesforce's escapes, numbers, dates, datetimes.

The lexer decodes string literals once, and for each also builds the regular expression the
text means under LIKE, because only here is it still known whether a `%` or `_` was written
escaped (a literal character) or bare (a wildcard). Dates and datetimes are recognised here too,
since `2024-01-02` would otherwise read as a number followed by two negative numbers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from gather_desktop.sandbox.soql_errors import MALFORMED_QUERY, at_position, unexpected_token


class Kind(enum.Enum):
    WORD = "word"          # keyword, field path (dots included) or object name
    STRING = "string"      # value: the decoded text; like: its LIKE regex
    NUMBER = "number"      # value: int or float
    DATE = "date"          # value: datetime.date
    DATETIME = "datetime"  # value: aware datetime in UTC
    OP = "op"              # = != < <= > >=
    COMMA = ","
    LPAREN = "("
    RPAREN = ")"
    COLON = ":"
    EOF = "<EOF>"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str             # as written in the query (shown in error messages)
    pos: int              # offset in the query
    value: Any = None
    like: str | None = None

    @property
    def upper(self) -> str:
        return self.text.upper()


_SIMPLE_ESCAPES = {"'": "'", '"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_LIKE_ESCAPES = {"%", "_"}

_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))
  | (?P<date>\d{4}-\d{2}-\d{2}(?![\w:.]))
  | (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w]))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>!=|<=|>=|=|<|>)
  | (?P<punct>[(),:])
    """,
    re.VERBOSE,
)
_PUNCT = {",": Kind.COMMA, "(": Kind.LPAREN, ")": Kind.RPAREN, ":": Kind.COLON}


def tokenize(soql: str) -> list[Token]:
    """All tokens of `soql`, ending with an EOF token; MALFORMED_QUERY on anything unreadable."""
    tokens: list[Token] = []
    pos = 0
    end = len(soql)
    while pos < end:
        if soql[pos] == "'":
            token = _string(soql, pos)
            tokens.append(token)
            pos += len(token.text)
            continue
        match = _TOKEN_RE.match(soql, pos)
        if match is None:
            raise unexpected_token(soql, pos, soql[pos])
        group = match.lastgroup
        text = match.group()
        if group == "datetime":
            tokens.append(Token(Kind.DATETIME, text, pos, _datetime_value(soql, pos, text)))
        elif group == "date":
            tokens.append(Token(Kind.DATE, text, pos, _date_value(soql, pos, text)))
        elif group == "number":
            number = float(text) if any(c in text for c in ".eE") else int(text)
            tokens.append(Token(Kind.NUMBER, text, pos, number))
        elif group == "word":
            tokens.append(Token(Kind.WORD, text, pos))
        elif group == "op":
            tokens.append(Token(Kind.OP, text, pos))
        elif group == "punct":
            tokens.append(Token(_PUNCT[text], text, pos))
        pos = match.end()
    tokens.append(Token(Kind.EOF, "<EOF>", end))
    return tokens


def _string(soql: str, start: int) -> Token:
    """Read the quoted literal at `start`: its decoded value and the LIKE regex it stands for."""
    chars: list[str] = []
    pattern: list[str] = []
    pos = start + 1
    end = len(soql)
    while pos < end:
        char = soql[pos]
        if char == "'":
            text = soql[start:pos + 1]
            return Token(Kind.STRING, text, start, "".join(chars), "".join(pattern))
        if char == "\\":
            escaped = soql[pos + 1:pos + 2]
            if escaped in _SIMPLE_ESCAPES:
                decoded = _SIMPLE_ESCAPES[escaped]
            elif escaped in _LIKE_ESCAPES:
                decoded = escaped
            else:
                raise at_position(
                    soql, pos, MALFORMED_QUERY,
                    f"Invalid string literal '{soql[start:pos + 2]}'. Illegal character sequence "
                    f"'\\{escaped}' in string literal.",
                )
            chars.append(decoded)
            pattern.append(re.escape(decoded))
            pos += 2
            continue
        chars.append(char)
        pattern.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        pos += 1
    raise at_position(soql, start, MALFORMED_QUERY,
                      f"Invalid string literal '{soql[start:]}'. Missing closing quote character.")


def _date_value(soql: str, pos: int, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise unexpected_token(soql, pos, text) from None


def _datetime_value(soql: str, pos: int, text: str) -> datetime:
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc)
    except ValueError:
        raise unexpected_token(soql, pos, text) from None
