"""The app's own checks on a mapped record, made before anything is sent (INTERFACES.md §3).

A record that fails one is counted `invalid` and kept apart from records Gather rejects, the
way Census and Hightouch separate the two: the user can fix invalid records in Salesforce
without reading an HTTP error. Each reason is a sentence for a person who knows their
Salesforce but is not a developer: what is wrong with this record, and what to do about it.

Each reason names the source the record came from (`source`: "Salesforce" or "HubSpot") and
calls its fields what that source calls them (a HubSpot field is a "property"), so a HubSpot
user is never told to fix something in Salesforce.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from gather_desktop.core.defaults import ACCOUNT, USER

#: Traits Gather requires when it creates a record (GATHER_API.md), besides `id`.
REQUIRED_TRAITS: Mapping[str, tuple[str, ...]] = {
    ACCOUNT: ("name",),
    USER: ("first_name", "last_name", "email"),
}
MAX_ID_LENGTH = 255
SALESFORCE = "Salesforce"
#: What each source calls a field, for reasons that name one.
FIELD_WORDS: Mapping[str, str] = {SALESFORCE: "field", "HubSpot": "property"}

# A 15-character Salesforce Id: letters and digits, a 3-character key prefix holding a digit
# ("001", "003", "a0X"), at least one letter somewhere (a 15-digit customer number is not one).
_SHORT_SALESFORCE_ID = re.compile(r"(?=[0-9A-Za-z]*[A-Za-z])(?=[A-Za-z]{0,2}[0-9])[0-9A-Za-z]{15}")


def is_blank(value: Any) -> bool:
    """No usable value: None, or text that is empty or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def missing_required_traits(model: str, traits: Mapping[str, Any],
                            source_fields: Mapping[str, str],
                            source: str = SALESFORCE) -> list[str]:
    """A reason for each trait Gather requires on this model that is empty.

    `source_fields` maps a trait to the Salesforce field it comes from, so the reason says
    which field to fill in.
    """
    reasons = []
    for trait in REQUIRED_TRAITS.get(model, ()):
        if is_blank(traits.get(trait)):
            field = source_fields.get(trait, trait)
            reasons.append(f"The {source} {FIELD_WORDS.get(source, 'field')} {field} is empty, "
                           f"so the trait {trait} would be missing, and Gather needs {trait} "
                           f"for every {model}. Fill in {field} in {source}, or filter out "
                           "records without it.")
    return reasons


def id_problems(gather_id: str | None, id_field: str, source: str = SALESFORCE) -> list[str]:
    """Why this Gather ID cannot be sent: empty, or longer than Gather accepts."""
    if is_blank(gather_id):
        return [f"Its Gather ID is empty: {id_field} has no value on this record. Fill in "
                f"{id_field} in {source}, or filter out records without it."]
    if len(gather_id) > MAX_ID_LENGTH:
        return [f"Its Gather ID from {id_field} is {len(gather_id)} characters long "
                f"(starting '{gather_id[:40]}'); Gather accepts at most {MAX_ID_LENGTH}."]
    return []


def blank_match_value(id_field: str, model: str) -> str:
    """Why an `update_existing` record cannot be matched: its matching field is empty."""
    return (f"{id_field} is empty on this record, so it cannot be matched to an existing "
            f"Gather {model}. Fill in {id_field} in Salesforce, or filter out records without it.")


def id_warnings(gather_id: str | None) -> list[str]:
    """Warnings about an ID that can be sent but may cause trouble later.

    Salesforce's 15-character Id is case-sensitive ("001...aBc" and "001...ABC" are different
    records), while many systems compare IDs without case; ChurnZero and Totango warn about it
    too. The 18-character Id carries a checksum of the case and is safe everywhere.
    """
    if gather_id is not None and _SHORT_SALESFORCE_ID.fullmatch(gather_id):
        return [f"Its Gather ID '{gather_id}' looks like a 15-character Salesforce Id, which "
                "is case-sensitive: another system that ignores case may mix it up with a "
                "different record. Use the 18-character Id instead (the Id field, or a "
                "formula field with CASESAFEID(Id))."]
    return []


def account_without_key(account_source_id: str, accounts_id_field: str, creates: bool,
                        source: str = SALESFORCE) -> str:
    """Why a user (or custom record) cannot be linked: its account has no value in the field
    that identifies accounts (their Gather ID when accounts are created, else the value their
    match trait holds)."""
    what = "no Gather ID" if creates else "no value"
    return (f"Its account ({account_source_id}) has {what} in {accounts_id_field}, so it "
            f"cannot be linked to a Gather account. Fill in {accounts_id_field} on that "
            f"account in {source}.")


def account_not_synced(account_source_id: str, model: str = "user",
                       source: str = SALESFORCE) -> str:
    """Why a user or custom record is not sent: its account is not among the accounts this
    integration syncs, so Gather could not link it."""
    what = "user" if model == USER else "record"
    return (f"Its account ({account_source_id}) is not synced to Gather (the account filter or "
            f"the closed-won rule leaves it out, or Gather has no such account), so the {what} "
            f"cannot be linked to it. Change the account filter, or the account in {source}.")


class DuplicateIds:
    """Finds records of one model that share a Gather ID within one run.

    The first record with an ID is sent; every later one is invalid, with a reason naming the
    first, so the user can find both in Salesforce. Without this, the later record would
    silently overwrite the first in Gather (upserts merge by ID).
    """

    def __init__(self, source: str = SALESFORCE) -> None:
        self._first: dict[str, str] = {}
        self._source = source

    def check(self, gather_id: str, source_id: str) -> str | None:
        """The reason this record is a duplicate, or None when it is the first with its ID."""
        first = self._first.setdefault(gather_id, source_id)
        if first == source_id:
            return None
        return (f"Its Gather ID '{gather_id}' is also the ID of record {first}, read earlier "
                "in this run; only that first record is sent. Give each record its own ID "
                f"in {self._source}.")
