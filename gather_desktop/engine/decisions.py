"""What to do with each mapped record: the one rule shared by preview and sync.

In order: the record's own problems make it `invalid`; a user or custom record must be linked
to an account this run syncs (or, with accounts matched by "only update existing", one Gather
has); with "only update existing" a record Gather does not hold is `not_in_gather`; a second
record with the same Gather ID is `invalid`; a record identical to what Gather last accepted
is `unchanged`; a record identical to what Gather last rejected is `rejected` again without
being sent (Gather would refuse it again; its reason is kept); anything else is created or
updated.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from gather_desktop.core.changes import record_hash
from gather_desktop.core.checks import DuplicateIds, account_not_synced
from gather_desktop.core.integration import CREATE
from gather_desktop.core.mapping import MappedRecord, ModelPlan
from gather_desktop.engine.gather_index import GatherIndex
from gather_desktop.store.record_state import KnownState


class Action(str, enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    NOT_IN_GATHER = "not_in_gather"
    INVALID = "invalid"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Decision:
    action: Action
    source_id: str
    gather_id: str | None
    payload: dict[str, Any]      # exactly what would be sent: {"id": ..., **traits}
    hash: str | None
    reason: str | None = None    # why invalid or not in Gather
    warnings: tuple[str, ...] = ()


@dataclass
class AccountLinks:
    """How users and custom records find their Gather account during one run."""
    synced_source_ids: set[str]          # accounts this run sends or leaves unchanged
    index: GatherIndex | None            # accounts matched by "only update existing"


class Decider:
    """Decides for the records of one model, in the order they are read."""

    def __init__(self, plan: ModelPlan, index: GatherIndex, links: AccountLinks | None) -> None:
        self._plan = plan
        self._index = index
        self._links = links
        self._duplicates = DuplicateIds(plan.source_name)

    def decide(self, mapped: MappedRecord, known: KnownState | None) -> Decision:
        """`known` is the record's cached state (None: never seen, or a full run)."""
        plan = self._plan
        if not mapped.valid:
            return self._invalid(mapped, " ".join(mapped.problems))
        if mapped.account_source_id is not None and self._links is not None:
            linked = self._link_account(mapped)
            if linked is None:
                return self._invalid(mapped, account_not_synced(
                    mapped.account_source_id, plan.model, plan.source_name))
            mapped = linked
        if plan.method == CREATE:
            gather_id = mapped.gather_id
        else:
            gather_id = self._index.match(mapped.match_value or "")
            if gather_id is None:
                return Decision(Action.NOT_IN_GATHER, mapped.source_id, None,
                                {**mapped.traits}, None,
                                reason=f"No Gather {plan.model} holds {mapped.match_value} in "
                                       f"its trait {plan.match_trait}.")
        assert gather_id is not None
        duplicate = self._duplicates.check(gather_id, mapped.source_id)
        if duplicate:
            return self._invalid(mapped, duplicate, gather_id)
        digest = record_hash(plan.model, gather_id, mapped.traits)
        payload = {"id": gather_id, **mapped.traits}
        if known is not None and digest == known.hash:
            action = Action.UNCHANGED
        elif known is not None and digest == known.rejected_hash:
            return Decision(Action.REJECTED, mapped.source_id, gather_id, payload, digest,
                            reason=f"Not sent again: Gather rejected this same data before. "
                                   f"{known.reason or ''}".strip(),
                            warnings=tuple(mapped.warnings))
        elif plan.method == CREATE and gather_id not in self._index.ids:
            action = Action.CREATE
        else:
            action = Action.UPDATE
        return Decision(action, mapped.source_id, gather_id, payload, digest,
                        warnings=tuple(mapped.warnings))

    def _link_account(self, mapped: MappedRecord) -> MappedRecord | None:
        links = self._links
        if mapped.account_gather_id is not None:
            return mapped if mapped.account_source_id in links.synced_source_ids else None
        if links.index is None or mapped.account_match_value is None:
            return None
        account_gather_id = links.index.match(mapped.account_match_value)
        return None if account_gather_id is None else mapped.with_account(account_gather_id)

    @staticmethod
    def _invalid(mapped: MappedRecord, reason: str, gather_id: str | None = None) -> Decision:
        return Decision(Action.INVALID, mapped.source_id, gather_id or mapped.gather_id,
                        {"id": gather_id or mapped.gather_id, **mapped.traits}, None,
                        reason=reason, warnings=tuple(mapped.warnings))
