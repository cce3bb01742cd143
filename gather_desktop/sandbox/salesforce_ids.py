"""Salesforce record Ids: 15 case-sensitive characters plus the 3-character case-safe suffix.

The emulator makes Ids the way Salesforce lays them out (3-character key prefix, 2-character
instance, 10-character base62 record number) and computes the suffix the real way, because
the app must cope with what real orgs contain: 15-character Ids pasted into text fields by
people, and 18-character Ids whose letters were upper- or lower-cased by a spreadsheet. Only
the real algorithm makes "the first 15 characters of an Id" a realistic 15-character Id, and
lets an 18-character Id be read back in any letter case.
"""

from __future__ import annotations

import functools
import string

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_SUFFIX_ALPHABET = string.ascii_uppercase + "012345"
_SUFFIX_VALUE = {char: value for value, char in enumerate(_SUFFIX_ALPHABET)}
_ID_CHARS = frozenset(BASE62)
INSTANCE = "5g"  # the two characters after the key prefix: which server made the record
RECORD_DIGITS = 10


@functools.lru_cache(maxsize=4096)
def _chunk_suffix(chunk: str) -> str:
    """One suffix character: bit i is set when character i of the 5-character chunk is upper case."""
    bits = 0
    for position, char in enumerate(chunk):
        if "A" <= char <= "Z":
            bits |= 1 << position
    return _SUFFIX_ALPHABET[bits]


def case_safe_suffix(id15: str) -> str:
    """The 3 characters Salesforce appends to a 15-character Id to make it unique ignoring case."""
    return _chunk_suffix(id15[0:5]) + _chunk_suffix(id15[5:10]) + _chunk_suffix(id15[10:15])


def make_id(key_prefix: str, number: int) -> str:
    """The 18-character Id of record `number` of the object with this key prefix ("001", "a0X")."""
    digits = []
    while number:
        number, remainder = divmod(number, 62)
        digits.append(BASE62[remainder])
    record = "".join(reversed(digits)).rjust(RECORD_DIGITS, "0")
    if len(record) > RECORD_DIGITS:
        raise ValueError("The record number is too large for a Salesforce Id.")
    id15 = key_prefix + INSTANCE + record
    return id15 + case_safe_suffix(id15)


def canonical_id(value: str) -> str | None:
    """The 18-character Id that `value` names, or None when it is not an Id at all.

    A 15-character Id is case-sensitive and gains its suffix. An 18-character Id is read in any
    letter case: its suffix says which of the first 15 characters are upper case, so the
    original is restored ("001...aaa" and "001...AAA" name the same record).
    """
    if len(value) == 15 and set(value) <= _ID_CHARS:
        return value + case_safe_suffix(value)
    if len(value) != 18 or not set(value) <= _ID_CHARS:
        return None
    suffix = value[15:].upper()
    if any(char not in _SUFFIX_VALUE for char in suffix):
        return None
    restored = []
    for chunk_index, char in enumerate(suffix):
        bits = _SUFFIX_VALUE[char]
        for position in range(5):
            original = value[chunk_index * 5 + position]
            upper = bool(bits & (1 << position))
            if original.isdigit() and upper:
                return None
            restored.append(original.upper() if upper else original.lower())
    id15 = "".join(restored)
    return id15 + suffix
