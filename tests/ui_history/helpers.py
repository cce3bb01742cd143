"""Real runs for the history tests: the scale org synced through the worker thread.

A sandbox with 1,200 accounts (more than two pages of 500) of which Gather rejects one
(the `reject_id` fault), so a run has created, rejected and, when read again, unchanged
records — all made by the real engine, not inserted by hand.
"""

from __future__ import annotations

import functools
from datetime import timedelta

from gather_desktop.engine.sync import SyncOptions
from gather_desktop.jobs.sync_jobs import sync_saved
from gather_desktop.sandbox.runner import Sandbox
from tests.ui.test_main_window import add_demo_integration, connect, run_job

NAME = "salesforce-demo"
ACCOUNTS = 1200
REJECTED_GATHER_ID = "G-0000700"
#: Incremental, but looking back far enough to read every record again (so: unchanged).
READ_ALL = SyncOptions(lookback=timedelta(days=365 * 100))


def scale_sandbox() -> Sandbox:
    return Sandbox(dataset="scale", accounts=ACCOUNTS, contacts=0,
                   faults=[f"gather:reject_id={REJECTED_GATHER_ID}"]).start()


def set_up(qtbot, runner, box: Sandbox) -> None:
    """Gather connected and the integration saved over the sandbox's Salesforce."""
    info = box.connection_info()
    run_job(qtbot, runner, functools.partial(connect, info["gather"]))
    run_job(qtbot, runner, functools.partial(add_demo_integration, info))


def run_syncs(qtbot, runner, count: int) -> list[dict]:
    """`count` runs: the first creates everything, the later ones read it all again."""
    return [run_job(qtbot, runner, functools.partial(sync_saved, NAME, options=READ_ALL))
            for _ in range(count)]
