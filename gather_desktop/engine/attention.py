"""Problems no retry can fix: a person has to act before the next run can do better.

A run that ends on one of these names it in its summary under `attention` (`kind`,
`action`, `message`), so the window can put a banner on the integration with the one button
that fixes it, and the command line can say the same in words. Everything else (a record
Gather rejected, a 503 that outlasted the retries) is reported per record instead: the next
run deals with it by itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from gather_desktop.gather import GatherError
from gather_desktop.sources.base import SourceAuthError, SourceFieldError

#: What fixes each kind: sign in to the source again, give Gather a new key, or change the
#: integration (a field that is gone, or filters that read less of a nearly used allowance).
RECONNECT_SOURCE = "reconnect_source"
RECONNECT_GATHER = "reconnect_gather"
EDIT = "edit"

#: A run that ends with the org's calls past this share of what the app may use warns, so
#: the next run's stop does not come as a surprise.
NEARLY_USED = 0.8


@dataclass(frozen=True)
class Attention:
    kind: str          # source_sign_in, source_field, gather_key, api_allowance
    action: str        # RECONNECT_SOURCE, RECONNECT_GATHER or EDIT
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def for_failure(error: BaseException) -> Attention | None:
    """The attention a run-ending failure needs, or None when it is not a person's to fix."""
    if isinstance(error, SourceAuthError):
        return Attention("source_sign_in", RECONNECT_SOURCE, str(error))
    if isinstance(error, SourceFieldError):
        return Attention("source_field", EDIT, str(error))
    if isinstance(error, GatherError) and error.status in (401, 403):
        return Attention("gather_key", RECONNECT_GATHER,
                         "Gather no longer accepts the saved API key (it was revoked or "
                         "changed). Connect to Gather again with a current key from Gather's "
                         "settings; nothing was lost, the next run continues from here.")
    return None


def for_allowance(used: int, allowance: int, share: float, *, stopped: bool) -> Attention | None:
    """The org's daily API allowance: the run stopped at the app's share, or came close."""
    limit = share * allowance
    if not allowance or (not stopped and used < NEARLY_USED * limit):
        return None
    said = (f"The Salesforce org has used {used:,} of its {allowance:,} API calls today; "
            f"Gather Desktop stops at {share:.0%} to leave the rest to other tools.")
    if stopped:
        advice = (" The run stopped there: what was sent is kept and the next run continues "
                  "once the allowance resets (every 24 hours). To read less, narrow the "
                  "integration's filters.")
    else:
        advice = (" The next run may stop early. To read less, narrow the integration's "
                  "filters, or run it less often.")
    return Attention("api_allowance", EDIT, said + advice)


def in_summary(summary: dict[str, Any]) -> Attention | None:
    """The attention stored with a run, if any."""
    found = summary.get("attention")
    return Attention(**found) if found else None
