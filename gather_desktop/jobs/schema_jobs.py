"""Jobs the sync pages run for their pickers: an object's fields, and the traits Gather holds.

Both answer from the worker thread; the pages only show the result. The Salesforce connector
signed in on the Connect page is kept under `context.sources["wizard"]`, so describing another
object reuses its session instead of signing in again.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from gather_desktop.core.schema import ObjectSchema
from gather_desktop.errors import UserFacingError
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.jobs.source_jobs import WIZARD_SOURCE

#: How many Gather records are read to learn a model's trait names: enough to see every trait a
#: sync has written, few enough to answer in a second or two.
TRAIT_SAMPLE = 1000


def load_schema(object_name: str, context: WorkerContext, report: Callable[[Any], None],
                cancel: threading.Event) -> ObjectSchema:
    """The fields of one Salesforce object, from the source the Connect page signed in to."""
    source = context.sources.get(WIZARD_SOURCE)
    if source is None:
        raise UserFacingError("Gather Desktop is not signed in to Salesforce any more; go back "
                              "to the Connect page and test the connection again.")
    return source.schema(object_name)


def gather_traits(model: str, context: WorkerContext, report: Callable[[Any], None],
                  cancel: threading.Event) -> list[str]:
    """The trait names found on the first TRAIT_SAMPLE records of a Gather model, sorted.

    Gather has no list of a model's traits, so the records are the only place to learn them;
    the page still lets the user type a trait not seen here.
    """
    client = context.workspace.gather_client()
    seen: set[str] = set()
    try:
        for count, record in enumerate(client.iter_records(model), 1):
            seen.update(record.get("traits") or {})
            if count >= TRAIT_SAMPLE or cancel.is_set():
                break
    finally:
        client.close()
    return sorted(seen)
