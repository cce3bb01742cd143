"""The Preview page over the real sandbox and a real worker thread.

`job_runner` is the shared fixture of `tests/conftest.py` (a `Worker` on a `QThread`, a
`JobRunner`, a `WorkerContext` over the test's own data folder).
"""

from __future__ import annotations

import functools

import pytest

from gather_desktop.jobs.gather_jobs import connect_gather
from gather_desktop.sandbox.runner import Sandbox
from gather_desktop.ui.wizard.state import WizardState


def start_sandbox(**options) -> Sandbox:
    return Sandbox(**options).start()


@pytest.fixture
def demo_sandbox():
    box = start_sandbox()
    yield box
    box.stop()


def connect(qtbot, runner, box) -> None:
    """Store the sandbox's Gather URL and key in the worker's workspace, as the window does."""
    gather = box.connection_info()["gather"]
    done, errors = [], []
    runner.submit(functools.partial(connect_gather, gather["url"], gather["api_key"], None),
                  on_done=done.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(done or errors), timeout=10000)
    assert not errors, errors


def draft(box, name: str = "preview-test") -> WizardState:
    """A wizard draft signed in to the sandbox's Salesforce with a password."""
    salesforce = box.connection_info()["salesforce"]
    state = WizardState(name=name, login_url=salesforce["login_url"], auth="password",
                        username=salesforce["username"], ca_bundle=salesforce["ca_bundle"])
    state.secrets = {"password": salesforce["password"],
                     "security_token": salesforce["security_token"]}
    return state
