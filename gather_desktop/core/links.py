"""How a synced record is linked to its Gather account.

The seed promises that "Gather will automatically inspect the Salesforce relationships to
correctly link the User to its Account"; custom objects with a lookup to Account (an
Opportunity, a Subscription__c) are linked the same way. The link is the `account_id` trait,
holding the account's *Gather* ID, and the custom model is created in Gather with a
relationship from that trait to the account model.
"""

from __future__ import annotations

from types import MappingProxyType

from gather_desktop.core.defaults import ACCOUNT
from gather_desktop.core.schema import FieldInfo, ObjectSchema

ACCOUNT_ID_TRAIT = "account_id"
STANDARD_ACCOUNT_LOOKUP = "AccountId"

#: The relationship a linked custom model is created with (GATHER_API.md, POST /models).
ACCOUNT_RELATIONSHIP = MappingProxyType(
    {"from_trait": ACCOUNT_ID_TRAIT, "to_model": ACCOUNT, "to_trait": "id"})


def account_lookups(schema: ObjectSchema) -> list[FieldInfo]:
    """Every field that could link this object's records to an account, best first.

    The standard `AccountId` (Contact, Opportunity, Case, ...) comes first; then custom lookups
    that point at Account only. Standard lookups with another meaning (an Account's
    `ParentId`) are not links to *its* account, so they are left out.
    """
    standard = schema.field(STANDARD_ACCOUNT_LOOKUP)
    found = [standard] if standard is not None and _points_to_account(standard) else []
    return found + [info for info in schema.fields.values()
                    if info.name.lower().endswith("__c") and _points_to_account(info)]


def account_lookup(schema: ObjectSchema) -> FieldInfo | None:
    """The field that links this object's records to an account, or None when there is none."""
    lookups = account_lookups(schema)
    return lookups[0] if lookups else None


def _points_to_account(info: FieldInfo) -> bool:
    return (info.type == "reference" and info.relationship_name is not None
            and tuple(name.lower() for name in info.reference_to) == ("account",))
