"""What every source connector offers the rest of the app, and how it fails.

Core (validation, preview, sync) talks only to this protocol, so Salesforce and HubSpot are
interchangeable above the `sources` package: a connector describes its objects in
`core.schema` shapes, reads what a `core.query.SourceQuery` asks for, and hands back pages of
plain dicts whose keys are exactly the requested field names (parent fields dotted, like
"Account.Gather_Id__c").

Failures a user can act on are `SourceError`s with a message saying what is wrong and what to
do, never a traceback and never a secret; the subclasses let the window react differently
(ask for credentials again, or open the integration for editing).
"""

from __future__ import annotations

from typing import Any, Iterator, Protocol

from gather_desktop.core.query import SourceQuery
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.errors import UserFacingError


class SourceError(UserFacingError):
    """A failure of the source in words: what is wrong and what to do."""


class SourceAuthError(SourceError):
    """The source refused the credentials: wrong password or token, app not approved,
    no API access, a saved sign-in that no longer works. The fix is to sign in again."""


class SourceFieldError(SourceError):
    """An object or field the integration names does not exist (any more) in the source.
    The fix is to edit the integration."""


class Source(Protocol):
    """A system records are read from. One instance per run; not shared between threads."""

    kind: str

    def objects(self) -> list[ObjectSummary]:
        """Every object the signed-in user can see (cached for the life of the instance)."""
        ...

    def schema(self, object_name: str) -> ObjectSchema:
        """One object's fields (cached); `SourceFieldError` when the object does not exist."""
        ...

    def count(self, query: SourceQuery) -> int:
        """How many records `pages(query)` would yield, asked without reading them."""
        ...

    def pages(self, query: SourceQuery) -> Iterator[list[dict[str, Any]]]:
        """The matching records, a page at a time, never the whole result in memory."""
        ...

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far, sign-ins included (the run summary reports it)."""
        ...

    def api_usage(self) -> tuple[int, int] | None:
        """The account's API calls used today and its daily allowance, as last reported by
        the source; None when the source does not say."""
        ...

    def close(self) -> None:
        ...
