"""Source values turned into the values Gather stores, without losing or shifting anything.

Users of other sync tools complain about dates moved by a day through time zones and text
mangled by encodings (USERS.md), so the rules are deliberately literal:
- text, numbers and booleans are sent exactly as read (no trimming, no rounding);
- a date stays the "YYYY-MM-DD" text it was; it is never turned into a datetime, so no time
  zone can move it;
- a datetime is rewritten only in notation, from Salesforce's "2024-03-10T23:30:00.000+0000"
  to RFC 3339 "2024-03-10T23:30:00.000Z": the same instant, written in UTC, digits kept; the
  machine's local time zone is never involved;
- a multi-select picklist "A;B" becomes the list ["A", "B"], so Gather can match one value;
- a compound field (an address, a geolocation) becomes one object trait with snake_case keys
  (`postalCode` → `postal_code`), or None when every part is empty.
Nothing here encodes text; strings stay Python str all the way to the JSON body.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Mapping

from gather_desktop.core.fieldtypes import DATETIME, MULTIPICKLIST, kind_of
from gather_desktop.core.naming import snake_case

_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})")
_UTC_ZONES = frozenset({"Z", "+0000", "+00:00", "-0000", "-00:00"})


def gather_value(field_type: str, value: Any) -> Any:
    """The trait value for a source value of a field of this Salesforce type."""
    if value is None:
        return None
    if isinstance(value, dict):
        return compound_object(value)
    kind = kind_of(field_type)
    if kind == DATETIME and isinstance(value, str):
        return rfc3339_datetime(value)
    if kind == MULTIPICKLIST and isinstance(value, str):
        return split_multipicklist(value)
    return value


def rfc3339_datetime(text: str) -> str:
    """A Salesforce datetime in RFC 3339 UTC; text that is not a datetime is returned as is.

    Salesforce always answers in UTC (+0000), which only needs the zone written as "Z". Another
    offset (from a hand-made record or another source) is moved to UTC by offset arithmetic on
    an aware datetime; the fraction digits are carried over as text, never through a float.
    """
    found = _DATETIME.fullmatch(text)
    if found is None:
        return text
    stamp, fraction, zone = found.groups()
    if zone in _UTC_ZONES:
        return f"{stamp}{fraction or ''}Z"
    try:
        moment = datetime.fromisoformat(stamp + zone).astimezone(timezone.utc)
    except ValueError:  # an impossible date or offset: kept as read, not guessed at
        return text
    return f"{moment:%Y-%m-%dT%H:%M:%S}{fraction or ''}Z"


def split_multipicklist(text: str) -> list[str]:
    """"A;B" → ["A", "B"]; values keep their spelling, empty parts are dropped."""
    return [part for part in text.split(";") if part]


def compound_object(value: Mapping[str, Any]) -> dict[str, Any] | None:
    """An address or geolocation as one object with snake_case keys; None when all parts are."""
    if all(part is None for part in value.values()):
        return None
    return {snake_case(key): part for key, part in value.items()}


def id_text(value: Any) -> str | None:
    """A source value as the text of an ID: 42 and 42.0 both give "42" (Gather keeps numeric
    ids as their decimal string, and a Salesforce number field may arrive as 42.0)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
