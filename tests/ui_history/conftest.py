"""The scale sandbox for the history tests (see `helpers`)."""

from __future__ import annotations

import pytest

from tests.ui_history.helpers import scale_sandbox


@pytest.fixture
def scale_box():
    box = scale_sandbox()
    yield box
    box.stop()
