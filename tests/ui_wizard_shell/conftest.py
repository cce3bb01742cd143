"""Fixtures of the wizard shell's tests: the sandbox and a Gather connection."""

from __future__ import annotations

import functools

import pytest

from gather_desktop.jobs.gather_jobs import connect_gather

@pytest.fixture(scope="module")
def sandbox(module_sandbox):
    """One sandbox for the module: these tests only read from it."""
    return module_sandbox


@pytest.fixture
def gather_connected(qtbot, job_runner, sandbox):
    """The worker's workspace connected to the sandbox's Gather (for creating models)."""
    info = sandbox.connection_info()["gather"]
    done, errors = [], []
    job_runner.submit(functools.partial(connect_gather, info["url"], info["api_key"], None),
                      on_done=done.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(done or errors), timeout=15000)
    assert not errors, errors
    return job_runner
