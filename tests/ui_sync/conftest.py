"""A window over two real worker threads (jobs and syncs), as `app.py` builds it, listing
the demo integration over a running sandbox; and ways to read what the panel shows."""

from __future__ import annotations

import functools

import pytest
import requests

from gather_desktop.gather import GatherClient
from gather_desktop.ui.sync_panel import COLUMNS
from tests.ui.test_main_window import add_demo_integration, window_listing_demo


@pytest.fixture
def sync_window(qtbot, job_runner, sync_runner):
    """Make the window for a sandbox (the fixture the test picks): `sync_window(box)`."""
    def make(box, **kwargs):
        return window_listing_demo(qtbot, job_runner, box.connection_info(),
                                   sync_runner=sync_runner, **kwargs)
    return make


def finish(qtbot, window, timeout=120000) -> dict:
    """Press Sync now and wait for the engine's summary (the one the panel shows)."""
    summaries = []
    window.sync_queue.finished.connect(lambda _name, summary: summaries.append(summary))
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: bool(summaries), timeout=timeout)
    return summaries[0]


def panel_cells(window) -> dict[str, dict[str, str]]:
    """The panel's per-model table as {model label: {column: text}}."""
    table = window.sync_panel.table
    return {table.item(row, 0).text(): {COLUMNS[column]: table.item(row, column).text()
                                        for column in range(1, len(COLUMNS))}
            for row in range(table.rowCount())}


def gather_count(box, model: str) -> int:
    client = GatherClient(box.gather.url, box.gather_api_key)
    try:
        return sum(1 for _ in client.iter_records(model))
    finally:
        client.close()


def gather_writes(box) -> int:
    stats = requests.get(box.gather.url + "/_sandbox/stats", timeout=5).json()
    return stats["requests"].get("POST /models/{model}/records", 0)


#: Accounts and users of the scale org, created by their Gather ID fields.
add_scale_integration = functools.partial(
    add_demo_integration, name="scale",
    users={"method": "create", "id_field": "Gather_User_Id__c", "extra_traits": [],
           "filter": None})
