"""Secrets through real keyring backends: keyrings.alt's file keyring and keyring's own."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, NoKeyringError, PasswordSetError
from keyrings.alt.file import PlaintextKeyring

from gather_desktop.errors import UserFacingError
from gather_desktop.store.secrets import (
    SERVICE,
    MemorySecrets,
    Secrets,
    SecretsError,
    SecretsUnavailable,
)

FILE_KEYRING = "keyrings.alt.file.PlaintextKeyring"
SECRET = "s3cr3t-VALUE-8472"
HOW_TO_FIX = ("Secret Service", "sudo apt install gnome-keyring", "PYTHON_KEYRING_BACKEND")


def keyring_file_under(home: Path) -> Path:
    """Where keyrings.alt's PlaintextKeyring writes, given the fixture's XDG_DATA_HOME."""
    return home / "data" / "python_keyring" / "keyring_pass.cfg"


def test_round_trip_in_an_explicitly_chosen_file_keyring(
    keyring_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FILE_KEYRING)
    secrets = Secrets()

    assert secrets.check() == "file PlaintextKeyring"
    assert secrets.get("gather", "api_key") is None
    secrets.set("gather", "api_key", SECRET)
    secrets.set("integration:salesforce-prod", "password", "pw")
    secrets.set("gather", "api_key", SECRET + "-new")

    assert secrets.get("gather", "api_key") == SECRET + "-new"
    assert keyring_file_under(keyring_home).is_file()
    stored = PlaintextKeyring().get_password(SERVICE, "integration:salesforce-prod:password")
    assert stored == "pw"

    secrets.delete("gather", "api_key")
    secrets.delete("gather", "api_key")  # already gone: not an error
    assert secrets.get("gather", "api_key") is None
    assert secrets.get("integration:salesforce-prod", "password") == "pw"


def test_a_backend_named_in_keyringrc_counts_as_chosen(keyring_home: Path) -> None:
    config = keyring_home / "config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text(f"[backend]\ndefault-keyring = {FILE_KEYRING}\n")
    secrets = Secrets()

    secrets.set("integration:hubspot", "access_token", SECRET)

    assert secrets.get("integration:hubspot", "access_token") == SECRET
    assert keyring_file_under(keyring_home).is_file()


def file_keyring_alone() -> KeyringBackend:
    return PlaintextKeyring()


def chainer_writing_to_a_file(monkeypatch: pytest.MonkeyPatch) -> KeyringBackend:
    monkeypatch.setattr(ChainerBackend, "backends", [PlaintextKeyring()])
    return ChainerBackend()


@pytest.mark.parametrize("make_backend", ["alone", "chained"])
def test_a_file_keyring_picked_automatically_is_refused(
    keyring_home: Path, monkeypatch: pytest.MonkeyPatch, make_backend: str
) -> None:
    backend = (
        file_keyring_alone()
        if make_backend == "alone"
        else chainer_writing_to_a_file(monkeypatch)
    )
    secrets = Secrets(backend)

    with pytest.raises(SecretsUnavailable) as raised:
        secrets.set("gather", "api_key", SECRET)

    message = str(raised.value)
    assert "picked automatically" in message
    assert f"PYTHON_KEYRING_BACKEND={FILE_KEYRING}" in message
    assert "sudo apt install gnome-keyring" in message
    assert SECRET not in message
    assert not keyring_file_under(keyring_home).exists()
    with pytest.raises(SecretsUnavailable):
        secrets.check()


@pytest.mark.parametrize("kind", ["fail", "null", "empty chainer"])
def test_no_usable_keyring_says_how_to_get_one(
    keyring_home: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    if kind == "fail":
        backend: KeyringBackend = fail.Keyring()
    elif kind == "null":
        backend = null.Keyring()
    else:
        monkeypatch.setattr(ChainerBackend, "backends", [])
        backend = ChainerBackend()
    secrets = Secrets(backend)

    for attempt in (
        secrets.check,
        lambda: secrets.get("gather", "api_key"),
        lambda: secrets.set("gather", "api_key", SECRET),
        lambda: secrets.delete("gather", "api_key"),
    ):
        with pytest.raises(SecretsUnavailable) as raised:
            attempt()
        assert isinstance(raised.value, UserFacingError)
        assert all(words in str(raised.value) for words in HOW_TO_FIX), str(raised.value)
        assert SECRET not in str(raised.value)


def test_a_backend_named_wrongly_in_the_environment_is_explained(
    keyring_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_package.Keyring")

    with pytest.raises(SecretsUnavailable, match="PYTHON_KEYRING_BACKEND") as raised:
        Secrets().check()

    assert "no_such_package.Keyring" in str(raised.value)


class DBusErrorResponse(Exception):
    """Stands in for jeepney's error, which is what a missing Secret Service raises."""


DBusErrorResponse.__module__ = "jeepney.wrappers"


class FailingKeyring(KeyringBackend):
    """A real backend that fails the way a careless one might: with the secret in its text."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("only for these tests: keyring must never pick it")

    def __init__(self, make_error: Callable[[str], Exception]) -> None:
        super().__init__()
        self.make_error = make_error

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.make_error(f"could not save {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise self.make_error("delete failed")


@pytest.mark.parametrize(
    ("make_error", "expected", "words"),
    [
        (PasswordSetError, SecretsError, "failed to store"),
        (ValueError, SecretsError, "failed to store"),
        (KeyringLocked, SecretsUnavailable, "is locked"),
        (NoKeyringError, SecretsUnavailable, "could not be reached"),
        (DBusErrorResponse, SecretsUnavailable, "could not be reached"),
    ],
)
def test_backend_errors_never_carry_the_secret(
    keyring_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    make_error: Callable[[str], Exception],
    expected: type[SecretsError],
    words: str,
) -> None:
    secrets = Secrets(FailingKeyring(make_error))

    with caplog.at_level(logging.DEBUG), pytest.raises(expected) as raised:
        secrets.set("integration:salesforce-prod", "security_token", SECRET)

    error = raised.value
    assert words in str(error)
    assert "security_token" in str(error) and "integration:salesforce-prod" in str(error)
    shown = "".join(traceback.format_exception(error)) + repr(error) + caplog.text
    assert SECRET not in shown
    assert error.__cause__ is None and error.__suppress_context__


def test_a_secret_needs_a_scope_and_a_name() -> None:
    with pytest.raises(ValueError):
        Secrets(fail.Keyring()).get("", "api_key")


def test_memory_secrets_for_the_demo_never_touch_the_keyring(
    keyring_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", FILE_KEYRING)
    secrets = MemorySecrets()

    assert "memory" in secrets.check()
    secrets.set("gather", "api_key", SECRET)
    assert secrets.get("gather", "api_key") == SECRET
    assert MemorySecrets().get("gather", "api_key") is None
    secrets.delete("gather", "api_key")
    secrets.delete("gather", "api_key")
    assert secrets.get("gather", "api_key") is None
    assert not keyring_file_under(keyring_home).exists()
    assert Secrets().get("gather", "api_key") is None
