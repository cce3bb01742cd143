"""Dates as SOQL compares them: relative date literals as day ranges, datetimes as sortable keys.

Stored values follow Salesforce's wire format: dates "YYYY-MM-DD", datetimes
"YYYY-MM-DDTHH:MM:SS.000+0000" (always UTC). Both sort as text in time order once the datetime
is cut to "YYYY-MM-DDTHH:MM:SS.mmm", so the filters compare short strings instead of parsing
100,000 datetimes per query. Literals are turned into the same keys once, when compiled.

Relative literals are computed in UTC (the emulator's org runs in GMT), weeks start on Sunday
(the en_US locale). Supported: TODAY, YESTERDAY, TOMORROW, LAST_WEEK, THIS_WEEK, NEXT_WEEK,
LAST_MONTH, THIS_MONTH, NEXT_MONTH, LAST_90_DAYS, NEXT_90_DAYS, LAST_YEAR, THIS_YEAR,
NEXT_YEAR, LAST_N_DAYS:n (today and the n days before it), NEXT_N_DAYS:n (the n days after
today, not today), N_DAYS_AGO:n (that one day). Fiscal and quarter literals are not.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone


def date_key(value: date) -> str:
    return value.isoformat()


def datetime_key(value: datetime) -> str:
    """The sortable key of an aware datetime: UTC, cut to milliseconds."""
    utc = value.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}"


def stored_datetime_key(stored: str) -> str:
    """The key of a stored datetime; the canonical "...000+0000" form is cut, others parsed."""
    if len(stored) == 28 and stored.endswith("+0000"):
        return stored[:23]
    return datetime_key(datetime.fromisoformat(stored))


def day_start_key(day: date) -> str:
    """The datetime key of 00:00:00 UTC on `day` (the start of a date literal's range)."""
    return f"{day.isoformat()}T00:00:00.000"


def literal_range(name: str, n: int, today: date) -> tuple[date, date]:
    """The days a date literal covers, as [first day, day after the last)."""
    if name == "TODAY":
        return today, today + timedelta(days=1)
    if name == "YESTERDAY":
        return today - timedelta(days=1), today
    if name == "TOMORROW":
        return today + timedelta(days=1), today + timedelta(days=2)
    if name in ("LAST_WEEK", "THIS_WEEK", "NEXT_WEEK"):
        sunday = today - timedelta(days=(today.weekday() + 1) % 7)
        start = sunday + timedelta(weeks={"LAST_WEEK": -1, "THIS_WEEK": 0, "NEXT_WEEK": 1}[name])
        return start, start + timedelta(weeks=1)
    if name in ("LAST_MONTH", "THIS_MONTH", "NEXT_MONTH"):
        start = _add_months(today.replace(day=1), {"LAST_MONTH": -1, "THIS_MONTH": 0, "NEXT_MONTH": 1}[name])
        return start, _add_months(start, 1)
    if name in ("LAST_YEAR", "THIS_YEAR", "NEXT_YEAR"):
        year = today.year + {"LAST_YEAR": -1, "THIS_YEAR": 0, "NEXT_YEAR": 1}[name]
        return date(year, 1, 1), date(year + 1, 1, 1)
    if name == "LAST_90_DAYS":
        return today - timedelta(days=90), today + timedelta(days=1)
    if name == "NEXT_90_DAYS":
        return today + timedelta(days=1), today + timedelta(days=91)
    if name == "LAST_N_DAYS":
        return today - timedelta(days=n), today + timedelta(days=1)
    if name == "NEXT_N_DAYS":
        return today + timedelta(days=1), today + timedelta(days=n + 1)
    if name == "N_DAYS_AGO":
        return today - timedelta(days=n), today - timedelta(days=n - 1)
    raise ValueError(f"unknown date literal {name}")


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
