"""A run's problem records as a CSV error file, like the one Salesforce Data Loader writes.

One row per invalid, rejected or failed record: the model, the Salesforce record Id, the
Gather ID, the outcome, the reason, then one column per trait with the value that was (or
would have been) sent, so the file can be opened in a spreadsheet, fixed and read against
Salesforce. UTF-8 with a byte-order mark, so Excel does not mangle names like "Müller".
A text cell that a spreadsheet would run as a formula (=, @, or + and - followed by more than
a number or phone number) is written with a leading apostrophe; "+1 555 0102" is left alone.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from contextlib import nullcontext
from typing import Any, Iterable

from gather_desktop.errors import UserFacingError

FIXED_COLUMNS = ("model", "source_id", "gather_id", "outcome", "reason")
_FORMULA_START = ("=", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-][0-9 ().-]*")


def write_error_file(target: str, rows: Iterable[dict[str, Any]]) -> int:
    """Write the rows to `target` (a path, or "-" for stdout); how many were written."""
    rows = list(rows)
    traits: dict[str, None] = {}
    for row in rows:
        traits.update(dict.fromkeys(name for name in row["traits"] if name != "id"))
    header = [*FIXED_COLUMNS, *traits]
    try:
        opened = (nullcontext(sys.stdout) if target == "-" else
                  open(target, "w", encoding="utf-8-sig", newline=""))
        with opened as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([_cell(row[c]) for c in FIXED_COLUMNS] +
                                [_cell(row["traits"].get(t)) for t in traits])
    except OSError as error:
        raise UserFacingError(f"Could not write {target}: {error.strerror}. Choose another "
                              "file or folder.") from None
    return len(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, str) and (text.startswith(_FORMULA_START) or (
            text[:1] in ("+", "-") and not _SIGNED_NUMBER.fullmatch(text))):
        return "'" + text
    return text
