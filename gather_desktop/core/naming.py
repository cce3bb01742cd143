"""Names the app gives things in Gather: trait names from source fields, custom model ids.

Trait names are what users see in Gather and what their reports and playbooks refer to, so the
rules are fixed and predictable: the same Salesforce field always becomes the same trait, on
every model, in every run.

Trait names (`trait_name`), step by step:

1. A parent field is split at its dots and every part is converted on its own, then joined
   with "_": `Account.Name` → `account_name`, `Owner.Email` → `owner_email`.
2. Salesforce's suffixes that say *what kind* of name it is are dropped: `__c` (custom field or
   object), `__r` (custom relationship), `__pc` (person-account field), `__s` (geolocation
   component), `__x`, `__e`, `__b`, `__mdt`. So `Plan_Tier__c` → `plan_tier`,
   `Account__r.Name` → `account_name`. A managed-package namespace stays as the first word:
   `ns__Field__c` → `ns_field`.
3. Words are split where the case changes: before an upper-case letter that follows a
   lower-case letter or a digit (`FirstName` → `first_name`, `Address2Line` → `address2_line`),
   and before the last capital of a run of capitals that is followed by a lower-case letter,
   so acronyms stay one word (`HTMLBody` → `html_body`, `SLAExpirationDate__c` →
   `sla_expiration_date`, `CustomerID__c` → `customer_id`). Digits stay with the word they
   follow (`Address2__c` → `address2`). Existing underscores are kept, runs of them collapse.
4. Everything is lower case.
5. Gather reserves `id` (the record's Gather ID) and `account_id` (the Gather ID of a user's or
   custom record's account). A field that would take one of these names gets the prefix
   `salesforce_` instead, on every model: `Id` → `salesforce_id`, `AccountId` →
   `salesforce_account_id`. Reserving them on every model (not only where Gather uses them)
   keeps rule 5 the same everywhere.

More examples: `NumberOfEmployees` → `number_of_employees`, `BillingAddress` →
`billing_address`, `YearStarted` → `year_started`, `Health_Score__c` → `health_score`,
`MyURLField` → `my_url_field`, `Location__Latitude__s` → `location_latitude`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from gather_desktop.core.defaults import STANDARD_MODELS
from gather_desktop.core.messages import shown

#: Trait names Gather gives a meaning of its own; a source field never takes them.
RESERVED_TRAITS = frozenset({"id", "account_id"})
RESERVED_PREFIX = "salesforce_"

_SUFFIXES = frozenset({"c", "r", "pc", "s", "x", "e", "b", "mdt"})
_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")
_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z])")
_WORD_START = re.compile(r"([a-z0-9])([A-Z])")
_UNDERSCORES = re.compile(r"_+")
_MODEL_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
MODEL_ID_MAX = 64


@functools.lru_cache(maxsize=4096)
def snake_case(api_name: str) -> str:
    """A source name in snake_case (rules 1–4 of the module docstring), without reservation.

    Cached: the same few field and address-part names are converted for every record.
    """
    return "_".join(part for part in map(_snake_part, api_name.split(".")) if part)


def trait_name(api_name: str) -> str:
    """The Gather trait a source field is synced to (all five rules of the module docstring)."""
    name = snake_case(api_name)
    return RESERVED_PREFIX + name if name in RESERVED_TRAITS else name


def _snake_part(part: str) -> str:
    pieces = part.split("__")
    if len(pieces) > 1 and pieces[-1].lower() in _SUFFIXES:
        pieces.pop()
    text = _ascii("_".join(pieces))
    text = _NOT_WORD.sub("_", text)
    text = _ACRONYM_END.sub(r"\1_\2", text)
    text = _WORD_START.sub(r"\1_\2", text)
    return _UNDERSCORES.sub("_", text).strip("_").lower()


def _ascii(text: str) -> str:
    """Accents dropped (`Café` → `Cafe`), so labels in any language give a usable id."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def model_name_suggestion(object_label_or_name: str) -> str:
    """A Gather model id for a custom-object sync, offered in the wizard and editable there.

    The object's name in snake_case with its last word made plural, the way Gather's own
    example names a model (`Opportunity` → `opportunities`): `Subscription__c` →
    `subscriptions`, `Customer Success Plan` → `customer_success_plans`, `Address` →
    `addresses`. A word already ending in a plain "s" (`Settings`) is taken as plural already.
    The API name is the better input (labels can be renamed or translated). The answer always
    passes `validate_model_name`: cut to 64 characters, and `model_` put in front when it
    would not start with a letter.
    """
    base = snake_case(object_label_or_name) or "record"
    words = base.split("_")
    words[-1] = _plural(words[-1])
    name = "_".join(words)
    if not name[0].isalpha():
        name = "model_" + name
    return name[:MODEL_ID_MAX].rstrip("_")


def _plural(word: str) -> str:
    if word.endswith(("ss", "us", "is", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def validate_model_name(name: object) -> str | None:
    """What is wrong with a custom model id, as the end of a message; None when it is fine.

    Gather's rule: lower snake case, 1–64 characters, starting with a letter. `account` and
    `user` are Gather's standard models and cannot be a custom object's model.
    """
    if not isinstance(name, str) or not _MODEL_ID.fullmatch(name):
        example = model_name_suggestion(name) if isinstance(name, str) and name \
            else "subscriptions"
        return (f"{shown(name)} is not a valid model name; use 1 to 64 lower-case letters, "
                f"digits and underscores, starting with a letter (for example {example})")
    if name in STANDARD_MODELS:
        return (f"'{name}' is one of Gather's standard models; choose another name for the "
                f"custom object's model (for example {model_name_suggestion(name)})")
    return None


def model_label(model_id: str) -> str:
    """The name Gather shows for a model the app creates: `opportunities` → `Opportunities`."""
    return " ".join(word.capitalize() for word in model_id.split("_") if word)


def model_in_words(model_id: str) -> str:
    """How a run's counts name a model: `account` → `accounts`, `user` → `users`, a custom
    model by its own (already plural) id with spaces: `support_tickets` → `support tickets`."""
    return {"account": "accounts", "user": "users"}.get(model_id, model_id.replace("_", " "))
