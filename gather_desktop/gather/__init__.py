"""The Gather API client: the one place that knows how Gather speaks HTTP (see GATHER_API.md)."""

from gather_desktop.gather.client import GatherClient, Page, UpsertResult
from gather_desktop.gather.errors import FailureKind, GatherError

__all__ = ["FailureKind", "GatherClient", "GatherError", "Page", "UpsertResult"]
