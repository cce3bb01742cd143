"""Decode `application/x-www-form-urlencoded` bodies with bracket nesting, as `curl -d` sends them.

Gather's help pages show `curl -d properties[title]=...`, so the sandbox turns bracketed keys
into nested objects the way PHP- and Rails-style servers do. What is supported:

- `a=1` gives `{"a": "1"}`; a plain key repeated, `a=1&a=2`, gives `{"a": ["1", "2"]}`.
- `a[b][c]=1` gives `{"a": {"b": {"c": "1"}}}`, to any depth.
- `a[]=1&a[]=2` gives `{"a": ["1", "2"]}` (a list even with one item).
- A key whose brackets do not pair up (`a[b`, `[a]`) is taken literally as a plain name.
- Every value is a string, since the form encoding has no numbers, booleans or null.

Rejected with ValueError (its message is for a person): lists of objects (`a[][b]=1`), and a name
used both as a value and as an object (`a=1&a[b]=2`).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

_BRACKETED_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def parse_form(text: str) -> dict[str, Any]:
    """The form's fields as nested dicts, lists and strings."""
    result: dict[str, Any] = {}
    for key, value in parse_qsl(text, keep_blank_values=True):
        _assign(result, key, value)
    return result


def _key_path(key: str) -> list[str]:
    """`a[b][]` -> ["a", "b", ""]; a key that is not well bracketed is one plain name."""
    found = _BRACKETED_KEY.fullmatch(key)
    if found is None:
        return [key]
    return [found.group(1), *_SEGMENT.findall(found.group(2))]


def _assign(target: dict[str, Any], key: str, value: str) -> None:
    path = _key_path(key)
    appends = len(path) > 1 and path[-1] == ""
    if appends:
        path.pop()
    *parents, name = path
    node = target
    for parent in parents:
        if parent == "":
            raise ValueError(f"The form field {key!r} puts an object inside a list, which is not supported.")
        child = node.setdefault(parent, {})
        if not isinstance(child, dict):
            raise ValueError(f"The form field {key!r} uses {parent!r} both as a value and as an object.")
        node = child
    existing = node.get(name)
    if isinstance(existing, dict):
        raise ValueError(f"The form field {key!r} uses {name!r} both as a value and as an object.")
    if existing is None:
        node[name] = [value] if appends else value
    elif isinstance(existing, list):
        existing.append(value)
    else:
        node[name] = [existing, value]
