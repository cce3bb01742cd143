"""How the window names and colours outcomes, and writes times and durations.

One place, so the sync panel, the chart, the runs table and the records table use the same
words and colours for the same thing (INTERFACES.md §3's outcomes, in plain words).
"""

from __future__ import annotations

from datetime import datetime

OUTCOME_LABELS = {"created": "Created", "updated": "Updated", "unchanged": "Unchanged",
                  "not_in_gather": "Not in Gather", "invalid": "Invalid",
                  "rejected": "Rejected", "failed": "Failed"}

#: Readable on light and dark backgrounds alike; the preview uses the same hues.
CREATED_COLOR = "#2e9d4f"
UPDATED_COLOR = "#2f7fd8"
UNCHANGED_COLOR = "#cfd3d8"
PROBLEM_COLOR = "#d93a3a"
OUTCOME_COLORS = {"created": CREATED_COLOR, "updated": UPDATED_COLOR, "unchanged": "#8a8a8a",
                  "not_in_gather": "#c98a12", "invalid": PROBLEM_COLOR,
                  "rejected": PROBLEM_COLOR, "failed": PROBLEM_COLOR}
ERROR_STYLE = "color: #b3261e;"
NOTE_STYLE = "color: palette(placeholder-text);"


def local_time(stamp: str | None) -> str:
    """"2026-11-22T07:31:01Z" as the user's local time: "22 Nov 2026 08:31"."""
    if not stamp:
        return "—"
    moment = datetime.fromisoformat(stamp).astimezone()
    return f"{moment.day} {moment:%b %Y %H:%M}"


def duration(seconds: float | None) -> str:
    """"4.2 s", "42 s", "3 min 12 s", "1 h 05 min"; "—" while unknown."""
    if seconds is None:
        return "—"
    if seconds < 0.05:
        return "< 0.1 s"
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def records(count: int) -> str:
    """"1 record", "1,200 records"."""
    return f"{count:,} record{'' if count == 1 else 's'}"
