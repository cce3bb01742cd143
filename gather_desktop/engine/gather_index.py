"""What Gather already holds for one model, read once at the start of a preview or run.

Two questions need it: "does Gather have a record with this ID?" (create: will it be created
or updated) and "which Gather record holds this Salesforce Id in its match trait?" (only
update existing). Both come from one pass over `GET /models/{model}/records`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gather_desktop.gather import GatherClient, GatherError

PAGE_SIZE = 1000
SALESFORCE_SHORT_ID = 15
SALESFORCE_LONG_ID = 18


def trait_text(value: Any) -> str:
    """A trait's string form, as Gather compares it in `trait.<name>` filters."""
    return value if isinstance(value, str) else json.dumps(value)


@dataclass
class GatherIndex:
    model: str
    match_trait: str | None
    ids: set[str] = field(default_factory=set)
    by_match: dict[str, str] = field(default_factory=dict)

    def match(self, source_value: str) -> str | None:
        """The Gather ID of the record whose match trait holds `source_value`.

        Salesforce Ids come in 15 characters (case-sensitive) and 18 (with a case-safe
        suffix); a Gather trait filled by another tool may hold either, so an 18-character Id
        also finds a record holding its first 15 characters.
        """
        found = self.by_match.get(source_value)
        if found is None and len(source_value) == SALESFORCE_LONG_ID:
            found = self.by_match.get(source_value[:SALESFORCE_SHORT_ID])
        return found


def read_gather_index(client: GatherClient, model: str, match_trait: str | None) -> GatherIndex:
    """Every record of the model, reduced to its ID and its match trait's value.

    A custom model that Gather does not have yet holds nothing (it is created when the
    integration is saved; a preview before that simply creates everything).
    """
    index = GatherIndex(model, match_trait)
    try:
        for record in client.iter_records(model, page_size=PAGE_SIZE):
            index.ids.add(record["id"])
            if match_trait:
                value = record.get("traits", {}).get(match_trait)
                if value is not None:
                    index.by_match.setdefault(trait_text(value), record["id"])
    except GatherError as error:
        if error.code != "unknown_model":
            raise
    return index
