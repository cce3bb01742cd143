"""Fixtures that keep keyring tests away from the real user's keyring and config."""

from __future__ import annotations

from pathlib import Path

import keyring.core
import pytest


@pytest.fixture
def keyring_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home for keyring under tmp_path, with no backend chosen and none detected yet.

    keyring reads its config from XDG_CONFIG_HOME and keyrings.alt writes its files under
    XDG_DATA_HOME; keyring also remembers the backend it detected for the whole process,
    so that memory is cleared here and restored after the test.
    """
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    return tmp_path
