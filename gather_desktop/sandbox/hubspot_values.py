"""Property values as HubSpot stores and compares them: always text, read by the property's type.

HubSpot keeps every value as a string (`"1200"`, `"true"`, `"2024-05-31T23:59:30.123Z"`) and
interprets it by the property's `type` only when it has to: when a write is validated, and when
a search compares. Datetimes are accepted as ISO-8601 or as epoch milliseconds in both places,
as HubSpot accepts them.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime
from typing import Any

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def iso_from_ms(milliseconds: int) -> str:
    """Epoch milliseconds -> "2024-05-31T23:59:30.123Z", HubSpot's datetime text."""
    moment = datetime.fromtimestamp(milliseconds / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{milliseconds % 1000:03d}Z"


def now_iso() -> str:
    return iso_from_ms(int(datetime.now(UTC).timestamp() * 1000))


def epoch_ms(text: str) -> int | None:
    """Epoch milliseconds from digits, ISO text (Z, offset, or naive = UTC) or a date; else None."""
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round((moment - _EPOCH).total_seconds() * 1000)


def number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class InvalidValue(ValueError):
    """A value a property of that type cannot hold; `code` is HubSpot's error name for it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def stored_value(kind: str, value: Any, options: list[str]) -> str | None:
    """The text HubSpot would store for a written value, or InvalidValue saying why not.

    JSON numbers and booleans are accepted and turned to text; null and "" clear the value.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        raise InvalidValue("INVALID_TYPE", f"{json.dumps(value)} is not a single value")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if kind == "number":
        if number(text) is None:
            raise InvalidValue("INVALID_DECIMAL", f"{text} was not a valid number.")
        return text
    if kind == "bool":
        if text.lower() not in ("true", "false"):
            raise InvalidValue(
                "INVALID_BOOLEAN", f"{text} was not a valid boolean (true or false)."
            )
        return text.lower()
    if kind == "enumeration":
        unknown = [part for part in text.split(";") if part not in options]
        if unknown:
            raise InvalidValue(
                "INVALID_OPTION",
                f"{unknown[0]} was not one of the allowed options: [{', '.join(options)}]",
            )
        return text
    if kind in ("date", "datetime"):
        milliseconds = epoch_ms(text)
        if milliseconds is None:
            raise InvalidValue("INVALID_DATE", f"{text} is not a valid date or datetime.")
        if kind == "datetime":
            return iso_from_ms(milliseconds)
        day = datetime.fromtimestamp(milliseconds / 1000, UTC)
        if (day.hour, day.minute, day.second, day.microsecond) != (0, 0, 0, 0):
            raise InvalidValue(
                "INVALID_DATE", f"{text} is not midnight UTC; a date property holds a day."
            )
        return date(day.year, day.month, day.day).isoformat()
    return text
