"""Fixtures of the wizard shell's tests: the sandbox, a real background worker, a Gather
connection, and the wizard class itself.

Pages written by other engineers (Accounts/Contacts, Custom objects, Preview) are imported
by the wizard; while one of them is not importable yet, `wizard_class` puts a plain
QWizardPage stand-in in its place for these tests only (never in product code), so the
wizard's own pages can be tested on their own.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types

import pytest
from PySide6.QtWidgets import QWizardPage

from gather_desktop.jobs.gather_jobs import connect_gather
from gather_desktop.sandbox.runner import Sandbox
from tests.ui.conftest import job_runner  # noqa: F401  (the shared fixture)

_PAGES = {"gather_desktop.ui.wizard.sync_page": "SyncPage",
          "gather_desktop.ui.wizard.objects_page": "ObjectsPage",
          "gather_desktop.ui.wizard.preview_page": "PreviewPage"}


class StandInPage(QWizardPage):
    """Takes the place of a page that is not written yet; always complete."""

    def __init__(self, state, runner, which: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(f"(stand-in {which or ''})")


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox().start()
    yield box
    box.stop()


@pytest.fixture
def wizard_class(monkeypatch):
    stood_in = []
    for module_name, class_name in _PAGES.items():
        try:
            getattr(importlib.import_module(module_name), class_name)
        except Exception:  # not written yet, or half written: stand in for it
            module = types.ModuleType(module_name)
            setattr(module, class_name, StandInPage)
            monkeypatch.setitem(sys.modules, module_name, module)
            stood_in.append(class_name)
    # A fresh import binds the stand-ins; it is dropped again so no other test sees them.
    sys.modules.pop("gather_desktop.ui.wizard.wizard", None)
    wizard_module = importlib.import_module("gather_desktop.ui.wizard.wizard")
    sys.modules.pop("gather_desktop.ui.wizard.wizard", None)
    if stood_in:
        print(f"stand-in pages: {', '.join(stood_in)}")
    return wizard_module.IntegrationWizard


@pytest.fixture
def gather_connected(qtbot, job_runner, sandbox):  # noqa: F811
    """The worker's workspace connected to the sandbox's Gather (for creating models)."""
    info = sandbox.connection_info()["gather"]
    done, errors = [], []
    job_runner.submit(functools.partial(connect_gather, info["url"], info["api_key"], None),
                      on_done=done.append, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(done or errors), timeout=15000)
    assert not errors, errors
    return job_runner
