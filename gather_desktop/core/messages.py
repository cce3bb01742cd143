"""How problems show what was found, shared by the file check and the org check, so every
message quotes values and suggests names the same way."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from typing import Any

_SHOWN_TEXT = 60


def shown(value: Any) -> str:
    """A found value as a message shows it: 'text' quoted and cut, JSON words for the rest."""
    if isinstance(value, str):
        return repr(value) if len(value) <= _SHOWN_TEXT else repr(value[:_SHOWN_TEXT - 3] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "a list" if value else "[] (an empty list)"
    if isinstance(value, Mapping):
        return "an object" if value else "{} (an empty object)"
    return type(value).__name__


def did_you_mean(word: str, choices: Collection[str]) -> str:
    """" (did you mean Plan_Tier__c?)" for a near miss, ignoring case as Salesforce does; ""
    when nothing is close enough to be a likely typo."""
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.75)
    return f" (did you mean {by_lower[close[0]]}?)" if close else ""
