"""Fault injection: parse `--fault SERVICE:KEY=VALUE` specs and decide, repeatably, which requests fail.

The sync engine must survive rate limits, outages and proxies that answer with HTML; the
sandbox injects those on demand. Decisions come from `random.Random(seed)` under a lock, so
the same seed and the same order of requests always give the same faults, and a failing test
can be replayed.

Gather faults (`--fault gather:KEY=VALUE`):
- `rate=N`: N requests per fixed one-second window (fractions are rounded down); past that,
  `429` with `Retry-After`.
- `error_rate=P`: that share of writes (POST) answer `503`.
- `html_error_rate=P`: that share of all requests answer `502` with an HTML page, as a
  corporate proxy would.
- `latency_ms=N`: every request waits that long before it is answered.
- `seed=N`: the seed of the random decisions (0 by default).

Salesforce faults (`--fault salesforce:KEY=VALUE`), checked by `SalesforceFaults.from_specs`:
- `expire_session_after=N`: each session answers `401 INVALID_SESSION_ID` once it has served N
  calls; a new login gives a fresh session.
- `api_max=N`: the daily API allowance (15,000 by default); past it, `403 REQUEST_LIMIT_EXCEEDED`.
- `api_disabled=1`: the org has no API access (`API_DISABLED_FOR_ORG` on login and REST).
- `app_approval=required`: the connected app needs an admin's approval, so the OAuth token
  endpoint answers `invalid_grant` "user hasn't approved this consumer".

HubSpot faults (`--fault hubspot:KEY=VALUE`), checked by `HubSpotFaults.from_specs`:
- `rate=N/10s` (or `N/Ss`, or `off`): the portal's sliding-window limit, 100 per 10 s by default;
  past it, `429` with `policyName` TEN_SECONDLY_ROLLING and `Retry-After`.
- `search_rate=N` (or `off`): search requests per second per token, 5 by default; past it,
  `429` "You have reached your secondly limit.".
- `daily=N`: the private-app token's daily allowance (250,000 by default).
- `token_ttl=S`: OAuth access tokens expire after S seconds (1800 by default).
- `error_rate=P`: that share of reads answer `502` in HubSpot's error envelope.
- `seed=N`: the seed of those random decisions (0 by default).

Other services' keys are kept as strings for their own emulators to check.
"""

from __future__ import annotations

import enum
import math
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields

GATHER = "gather"
SALESFORCE = "salesforce"
HUBSPOT = "hubspot"

# What each Gather key must be, phrased to finish the sentence "KEY must be ...".
_GATHER_REQUIREMENTS = {
    "rate": "a number of requests per second, at least 1",
    "error_rate": "a share of requests between 0 and 1, such as 0.2",
    "latency_ms": "a whole number of milliseconds, 0 or more",
    "seed": "a whole number",
    "html_error_rate": "a share of requests between 0 and 1, such as 0.2",
    "reject_id": "a record id",
}
_GATHER_CONVERTERS: dict[str, Callable[[str], float | int | str]] = {
    "rate": float,
    "error_rate": float,
    "latency_ms": int,
    "seed": int,
    "html_error_rate": float,
    "reject_id": str,
}


def parse_faults(specs: Iterable[str]) -> dict[str, dict[str, str]]:
    """`["gather:rate=200", "hubspot:rate=100/10s"]` -> `{"gather": {"rate": "200"}, "hubspot": {...}}`.

    Only the syntax and Gather's key names are checked here; values are checked by each
    service's own faults class (`GatherFaults.from_specs(result["gather"])`). A key given twice
    keeps the last value.
    """
    faults: dict[str, dict[str, str]] = {}
    for spec in specs:
        service, colon, setting = spec.partition(":")
        key, equals, value = setting.partition("=")
        if not (colon and equals and service and key and value):
            raise ValueError(f"--fault {spec}: write it as SERVICE:KEY=VALUE, for example gather:rate=200.")
        if service == GATHER and key not in _GATHER_REQUIREMENTS:
            raise ValueError(_unknown_gather_fault(spec, key))
        faults.setdefault(service, {})[key] = value
    return faults


@dataclass(frozen=True)
class GatherFaults:
    """Which faults the Gather sandbox injects; the defaults inject none."""

    rate: float | None = None
    error_rate: float = 0.0
    latency_ms: int = 0
    seed: int = 0
    html_error_rate: float = 0.0
    #: Upserts of the record with this id answer 422, as Gather does for data it refuses
    #: for reasons the app cannot check beforehand.
    reject_id: str | None = None

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not _gather_value_ok(item.name, value):
                raise ValueError(
                    f"The fault {item.name}={value} is out of range: it must be {_GATHER_REQUIREMENTS[item.name]}."
                )

    @classmethod
    def from_specs(cls, settings: Mapping[str, str]) -> GatherFaults:
        """Build from the Gather part of `parse_faults()`: `from_specs(parsed.get("gather", {}))`.

        A bad value raises ValueError naming its spec and what is allowed.
        """
        values: dict[str, float | int | str] = {}
        for key, text in settings.items():
            spec = f"{GATHER}:{key}={text}"
            if key not in _GATHER_REQUIREMENTS:
                raise ValueError(_unknown_gather_fault(spec, key))
            try:
                value = _GATHER_CONVERTERS[key](text)
                valid = _gather_value_ok(key, value)
            except ValueError:
                valid = False
            if not valid:
                raise ValueError(f"--fault {spec}: {key} must be {_GATHER_REQUIREMENTS[key]}.")
            values[key] = value
        return cls(**values)


def _share(text: str) -> float | None:
    """A share between 0 and 1 written as text, or None when it is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= 1 else None


def _unknown_gather_fault(spec: str, key: str) -> str:
    return f"--fault {spec}: unknown fault {key!r}; use one of {', '.join(_GATHER_REQUIREMENTS)}."


def _gather_value_ok(key: str, value: float | int | None) -> bool:
    if key == "rate":
        return value is None or (math.isfinite(value) and value >= 1)
    if key in ("error_rate", "html_error_rate"):
        return 0 <= value <= 1
    if key == "latency_ms":
        return value >= 0
    return True


class Fault(enum.Enum):
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    HTML_ERROR = "html_error"


@dataclass(frozen=True)
class FaultDecision:
    fault: Fault
    retry_after: int = 0  # whole seconds, only for RATE_LIMITED


class FaultInjector:
    """Applies one `GatherFaults` to a stream of requests; replace the injector to start over.

    Random numbers are drawn only for faults that are on, in a fixed order (HTML error, then
    write error), so a given configuration and request order always draws the same sequence.
    """

    def __init__(
        self,
        faults: GatherFaults,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.faults = faults
        self._clock = clock
        self._sleep = sleep
        self._random = random.Random(faults.seed)
        self._lock = threading.Lock()
        self._window = -1
        self._window_count = 0

    def decide(self, is_write: bool) -> FaultDecision | None:
        """Wait out the latency, then say which fault (if any) this request meets."""
        faults = self.faults
        if faults.latency_ms:
            self._sleep(faults.latency_ms / 1000)
        with self._lock:
            if faults.rate is not None:
                now = self._clock()
                window = math.floor(now)
                if window != self._window:
                    self._window, self._window_count = window, 0
                self._window_count += 1
                if self._window_count > int(faults.rate):
                    return FaultDecision(Fault.RATE_LIMITED, retry_after=max(1, math.ceil(window + 1 - now)))
            if faults.html_error_rate and self._random.random() < faults.html_error_rate:
                return FaultDecision(Fault.HTML_ERROR)
            if is_write and faults.error_rate and self._random.random() < faults.error_rate:
                return FaultDecision(Fault.UNAVAILABLE)
        return None


# What each Salesforce key must be, phrased to finish the sentence "KEY must be ...".
_SALESFORCE_REQUIREMENTS = {
    "expire_session_after": "a whole number of calls, at least 1",
    "api_max": "a whole number of requests a day, at least 1",
    "api_disabled": "1 (API access off) or 0",
    "app_approval": "required",
    "error_rate": "a share of reads between 0 and 1, such as 0.2",
    "seed": "a whole number",
}


@dataclass(frozen=True)
class SalesforceFaults:
    """Which faults the Salesforce sandbox injects; the defaults inject none."""

    expire_session_after: int | None = None
    api_max: int = 15000
    api_disabled: bool = False
    app_approval_required: bool = False
    #: That share of REST reads (GET) answers 503 SERVER_UNAVAILABLE, as Salesforce does in a
    #: maintenance window or under load; `seed` makes the sequence repeatable.
    error_rate: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.error_rate <= 1:
            raise ValueError(f"error_rate must be {_SALESFORCE_REQUIREMENTS['error_rate']}.")
        if self.expire_session_after is not None and self.expire_session_after < 1:
            raise ValueError(f"expire_session_after must be {_SALESFORCE_REQUIREMENTS['expire_session_after']}.")
        if self.api_max < 1:
            raise ValueError(f"api_max must be {_SALESFORCE_REQUIREMENTS['api_max']}.")

    @classmethod
    def from_specs(cls, settings: Mapping[str, str]) -> SalesforceFaults:
        """Build from the Salesforce part of `parse_faults()`; a bad key or value raises ValueError naming it."""
        values: dict[str, int | bool | float] = {}
        for key, text in settings.items():
            spec = f"{SALESFORCE}:{key}={text}"
            if key not in _SALESFORCE_REQUIREMENTS:
                raise ValueError(f"--fault {spec}: unknown fault {key!r}; "
                                 f"use one of {', '.join(_SALESFORCE_REQUIREMENTS)}.")
            if key == "app_approval" and text == "required":
                values["app_approval_required"] = True
            elif key == "api_disabled" and text in ("0", "1"):
                values["api_disabled"] = text == "1"
            elif key in ("expire_session_after", "api_max") and text.isascii() and text.isdigit() and int(text) >= 1:
                values[key] = int(text)
            elif key == "seed" and text.isascii() and text.lstrip("-").isdigit():
                values[key] = int(text)
            elif key == "error_rate" and _share(text) is not None:
                values[key] = _share(text)
            else:
                raise ValueError(f"--fault {spec}: {key} must be {_SALESFORCE_REQUIREMENTS[key]}.")
        return cls(**values)


# What each HubSpot key must be, phrased to finish the sentence "KEY must be ...".
_HUBSPOT_REQUIREMENTS = {
    "rate": "N/10s (requests per 10 seconds, N at least 1), N/Ss for another window, or off",
    "search_rate": "a whole number of search requests per second, at least 1, or off",
    "daily": "a whole number of requests a day, at least 1",
    "token_ttl": "a whole number of seconds, at least 1",
    "error_rate": "a share of reads between 0 and 1, such as 0.2",
    "seed": "a whole number",
}


@dataclass(frozen=True)
class HubSpotFaults:
    """Which limits and faults the HubSpot sandbox applies; the defaults are HubSpot's own limits.

    `rate=None` or `search_rate=None` turns that limit off (benchmarks measure reading, not
    waiting).
    """

    rate: int | None = 100
    rate_interval_s: int = 10
    search_rate: int | None = 5
    daily: int = 250_000
    token_ttl: int = 1800
    error_rate: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        checks = {
            "rate": self.rate is None or self.rate >= 1,
            "search_rate": self.search_rate is None or self.search_rate >= 1,
            "daily": self.daily >= 1,
            "token_ttl": self.token_ttl >= 1,
            "error_rate": 0 <= self.error_rate <= 1,
        }
        if self.rate_interval_s < 1:
            raise ValueError(f"rate must be {_HUBSPOT_REQUIREMENTS['rate']}.")
        for key, ok in checks.items():
            if not ok:
                raise ValueError(f"The fault {key}={getattr(self, key)} is out of range: "
                                 f"it must be {_HUBSPOT_REQUIREMENTS[key]}.")

    @classmethod
    def from_specs(cls, settings: Mapping[str, str]) -> HubSpotFaults:
        """Build from the HubSpot part of `parse_faults()`; a bad key or value raises ValueError
        naming it."""
        values: dict[str, int | float | None] = {}
        for key, text in settings.items():
            spec = f"{HUBSPOT}:{key}={text}"
            if key not in _HUBSPOT_REQUIREMENTS:
                raise ValueError(f"--fault {spec}: unknown fault {key!r}; "
                                 f"use one of {', '.join(_HUBSPOT_REQUIREMENTS)}.")
            parsed = _hubspot_value(key, text)
            if parsed is None:
                raise ValueError(f"--fault {spec}: {key} must be {_HUBSPOT_REQUIREMENTS[key]}.")
            values.update(parsed)
        return cls(**values)


def _hubspot_value(key: str, text: str) -> dict[str, int | float | None] | None:
    """The dataclass fields one HubSpot spec sets, or None when its value is not allowed."""
    if key in ("rate", "search_rate") and text == "off":
        return {key: None}
    if key == "rate":
        count, slash, window = text.partition("/")
        seconds = window.removesuffix("s") if slash else "10"
        if _whole(count, 1) and (not slash or (window.endswith("s") and _whole(seconds, 1))):
            return {"rate": int(count), "rate_interval_s": int(seconds)}
        return None
    if key == "error_rate":
        try:
            share = float(text)
        except ValueError:
            return None
        return {key: share} if 0 <= share <= 1 else None
    if key == "seed":
        return {key: int(text)} if _whole(text.removeprefix("-"), 0) else None
    return {key: int(text)} if _whole(text, 1) else None


def _whole(text: str, minimum: int) -> bool:
    return text.isascii() and text.isdigit() and int(text) >= minimum
