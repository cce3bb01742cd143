"""The error the SOQL engine raises, worded and coded the way Salesforce words and codes it.

The emulator turns a `SoqlError` into Salesforce's error body `[{"message", "errorCode"}]` with
the status, so the connector under test meets the same codes and texts as against a real org.
Errors that point at a place in the query carry Salesforce's excerpt form
("\\n<query line>\\n   ^\\nERROR at Row:1:Column:N\\n<text>"); the text a program looks for
("No such column 'X' on entity 'Y'", "unexpected token: 'X'") is always the last line.
"""

from __future__ import annotations

MALFORMED_QUERY = "MALFORMED_QUERY"
INVALID_FIELD = "INVALID_FIELD"
INVALID_TYPE = "INVALID_TYPE"
INVALID_QUERY_FILTER_OPERATOR = "INVALID_QUERY_FILTER_OPERATOR"
NUMBER_OUTSIDE_VALID_RANGE = "NUMBER_OUTSIDE_VALID_RANGE"


class SoqlError(Exception):
    """A query Salesforce would refuse: `status` (400), `error_code` and `message` as it sends them."""

    def __init__(self, error_code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message


def at_position(soql: str, pos: int, error_code: str, text: str) -> SoqlError:
    """An error that quotes the query line and marks the column, as Salesforce does."""
    pos = max(0, min(pos, len(soql)))
    line_start = soql.rfind("\n", 0, pos) + 1
    line_end = soql.find("\n", pos)
    line = soql[line_start:] if line_end < 0 else soql[line_start:line_end]
    row = soql.count("\n", 0, pos) + 1
    column = pos - line_start + 1
    caret = " " * (column - 1) + "^"
    return SoqlError(error_code, f"\n{line}\n{caret}\nERROR at Row:{row}:Column:{column}\n{text}")


def unexpected_token(soql: str, pos: int, token_text: str) -> SoqlError:
    """MALFORMED_QUERY for a token the grammar does not allow where it stands."""
    return at_position(soql, pos, MALFORMED_QUERY, f"unexpected token: '{token_text}'")


def no_such_column(soql: str, pos: int, column: str, entity: str) -> SoqlError:
    """INVALID_FIELD for a field the object's describe does not have."""
    return at_position(
        soql, pos, INVALID_FIELD,
        f"No such column '{column}' on entity '{entity}'. If you are attempting to use a custom "
        "field, be sure to append the '__c' after the custom field name. Please reference your "
        "WSDL or the describe call for the appropriate names.",
    )


def unknown_relationship(soql: str, pos: int, relationship: str) -> SoqlError:
    """INVALID_FIELD for a dotted path whose relationship name the object does not have."""
    return at_position(
        soql, pos, INVALID_FIELD,
        f"Didn't understand relationship '{relationship}' in field path. If you are attempting to "
        "use a custom relationship, be sure to append the '__r' after the custom relationship "
        "name. Please reference your WSDL or the describe call for the appropriate names.",
    )


def unsupported_object(soql: str, pos: int, object_name: str) -> SoqlError:
    """INVALID_TYPE for an object the org does not have (or cannot query)."""
    return at_position(
        soql, pos, INVALID_TYPE,
        f"sObject type '{object_name}' is not supported. If you are attempting to use a custom "
        "object, be sure to append the '__c' after the entity name. Please reference your WSDL "
        "or the describe call for the appropriate names.",
    )
