"""Secrets (API keys, passwords, tokens) kept in the operating system's keyring.

This is the only module that imports `keyring`, so the rules about secrets live in one place:
- A secret is stored under the service "gather-desktop" and the user name "scope:name"
  (`gather:api_key`, `integration:salesforce-prod:password`), so every app entry is easy to
  find and remove in the system's keyring manager.
- No silent plaintext. With no system keyring (a headless Linux without a Secret Service),
  keyring falls back to a backend that fails, does nothing, or (with `keyrings.alt`
  installed) writes secrets to a file. The first two would lose secrets, the last would
  leave them in a file the user never agreed to, so all are refused with a message that
  says how to get a real keyring. A file backend is accepted only when the user chose it
  explicitly, the way keyring itself lets them: `PYTHON_KEYRING_BACKEND` or `keyringrc.cfg`.
- A secret value never reaches an exception message or a log: keyring failures are
  re-raised as `SecretsError` naming only the scope, the name and the exception type, and
  the original exception (whose text a backend may have built from the value) is dropped.
"""

from __future__ import annotations

import configparser
import logging
import os
from collections.abc import Callable
from typing import Protocol, TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import InitError, KeyringLocked, NoKeyringError
from keyring.util import platform_

from gather_desktop.errors import UserFacingError

log = logging.getLogger(__name__)

SERVICE = "gather-desktop"
BACKEND_VARIABLE = "PYTHON_KEYRING_BACKEND"

_HOW_TO_FIX = (
    "On Linux, install and unlock GNOME Keyring or KWallet (for example "
    "`sudo apt install gnome-keyring`), or choose a keyring backend explicitly with keyring's "
    f"{BACKEND_VARIABLE} environment variable. On macOS and Windows the system Keychain or "
    "Credential Manager is used automatically."
)
# Packages whose exceptions mean the desktop's Secret Service could not be reached over D-Bus.
_DBUS_PACKAGES = frozenset({"dbus", "jeepney", "secretstorage"})

_T = TypeVar("_T")


class SecretsError(UserFacingError):
    """The keyring could not read, store or delete a secret."""


class SecretsUnavailable(SecretsError):
    """There is no keyring the app may use; the message says how to get one."""


class SecretStore(Protocol):
    """What the rest of the app needs from a place that keeps secrets."""

    def get(self, scope: str, name: str) -> str | None: ...

    def set(self, scope: str, name: str, value: str) -> None: ...

    def delete(self, scope: str, name: str) -> None: ...

    def check(self) -> str: ...


class Secrets:
    """Secrets in the system keyring (macOS Keychain, Windows Credential Manager, Secret Service).

    The backend is looked up on first use rather than at construction, so the window can
    open on a machine without a keyring and explain the problem when a secret is needed.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._given_backend = backend

    def get(self, scope: str, name: str) -> str | None:
        """The secret, or None when none is stored."""
        return self._call(
            "read", *_entry(scope, name), lambda kr, user: kr.get_password(SERVICE, user)
        )

    def set(self, scope: str, name: str, value: str) -> None:
        """Store the secret, replacing any earlier one."""
        self._call(
            "store", *_entry(scope, name), lambda kr, user: kr.set_password(SERVICE, user, value)
        )

    def delete(self, scope: str, name: str) -> None:
        """Remove the secret; removing one that is not there is not an error."""
        if self.get(scope, name) is not None:
            self._call(
                "delete", *_entry(scope, name), lambda kr, user: kr.delete_password(SERVICE, user)
            )

    def check(self) -> str:
        """Make sure secrets can be kept, and name the keyring that keeps them (for display).

        Reads an entry that does not exist: that is what reaches a Secret Service over D-Bus
        and makes a locked keyring ask to be unlocked, without storing anything.
        """

        def probe(kr: KeyringBackend, user: str) -> str:
            kr.get_password(SERVICE, user)
            return (_write_target(kr) or kr).name

        return self._call("read", "secrets", "check:probe", probe)

    def _call(
        self,
        action: str,
        subject: str,
        user: str,
        operation: Callable[[KeyringBackend, str], _T],
    ) -> _T:
        """Run one keyring operation on a usable backend, turning failures into messages."""
        backend = self._backend(subject)
        try:
            return operation(backend, user)
        except Exception as error:  # any backend failure: its text may hold the secret
            log.warning("The keyring could not %s %s (%s).", action, subject, type(error).__name__)
            raise _explain(error, action, subject) from None

    def _backend(self, subject: str) -> KeyringBackend:
        """The keyring backend, once it is known to be one the app may use."""
        backend = self._given_backend
        if backend is None:
            try:
                backend = keyring.get_keyring()
            except Exception as error:  # a backend named by the user that cannot be loaded
                raise SecretsUnavailable(_unloadable(subject, error)) from error
        target = _write_target(backend)
        if target is None:
            raise SecretsUnavailable(
                f"No system keyring (Secret Service) was found, so Gather Desktop cannot keep "
                f"{subject} safely. {_HOW_TO_FIX}"
            )
        if f"{type(target).__module__}.".startswith("keyrings.alt.") and not _chosen_explicitly():
            raise SecretsUnavailable(_refused(subject, target))
        return backend


class MemorySecrets:
    """Secrets held in this process only; used by `--demo` and nothing else.

    The sandbox's keys are throwaway. Writing them to the user's real keyring would leave
    entries that look real and, for an integration named like a real one, would replace the
    real password. So nothing is written anywhere, and everything is forgotten at exit.
    """

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, scope: str, name: str) -> str | None:
        """The secret, or None when none is held."""
        return self._values.get(_entry(scope, name)[1])

    def set(self, scope: str, name: str, value: str) -> None:
        """Hold the secret until the app exits."""
        self._values[_entry(scope, name)[1]] = value

    def delete(self, scope: str, name: str) -> None:
        """Forget the secret; forgetting one that is not there is not an error."""
        self._values.pop(_entry(scope, name)[1], None)

    def check(self) -> str:
        """Always usable; says that secrets live only as long as the demo."""
        return "memory only (demo: forgotten when the app exits)"


def _entry(scope: str, name: str) -> tuple[str, str]:
    """How a secret is described to a person, and its keyring user name."""
    if not scope or not name:
        raise ValueError("A secret needs both a scope and a name.")
    return f"the {name} of {scope}", f"{scope}:{name}"


def _write_target(backend: KeyringBackend) -> KeyringBackend | None:
    """The backend a secret would be written to, or None when there is none worth the name.

    A `ChainerBackend` writes to the first backend it chains; with none to chain, like the
    fail and null keyrings, it cannot keep anything.
    """
    if isinstance(backend, ChainerBackend):
        chained = list(backend.backends)
        return chained[0] if chained else None
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return None
    return backend


def _chosen_explicitly() -> bool:
    """Whether the user named a keyring backend in one of the two ways keyring reads."""
    if os.environ.get(BACKEND_VARIABLE):
        return True
    config = configparser.RawConfigParser()
    try:
        config.read(platform_.config_root() / "keyringrc.cfg", encoding="utf-8")
    except (configparser.Error, OSError, UnicodeError):
        return False
    return config.has_option("backend", "default-keyring")


def _class_path(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _unloadable(subject: str, error: Exception) -> str:
    """Explain a backend that failed to load; no secret has been handed to keyring yet."""
    chosen = os.environ.get(BACKEND_VARIABLE)
    if chosen:
        return (
            f"The keyring backend named in {BACKEND_VARIABLE} ({chosen}) could not be loaded: "
            f"{error}. Correct the variable, or unset it to use the system keyring."
        )
    return (
        f"The system keyring could not be started ({error}), so Gather Desktop cannot keep "
        f"{subject} safely. {_HOW_TO_FIX}"
    )


def _refused(subject: str, target: KeyringBackend) -> str:
    return (
        f"Gather Desktop will not keep {subject} with the keyring backend {target.name}: it "
        "stores secrets in a file without the protection of a system keyring, and it was "
        "picked automatically, not chosen by you. Install and unlock a system keyring (on "
        "Linux: GNOME Keyring or KWallet, for example `sudo apt install gnome-keyring`). If "
        f"you accept file storage, choose it explicitly with "
        f"{BACKEND_VARIABLE}={_class_path(target)}."
    )


def _explain(error: Exception, action: str, subject: str) -> SecretsError:
    """A message for a keyring failure that names what failed but never echoes the error."""
    kind = type(error).__name__
    if isinstance(error, KeyringLocked):
        return SecretsUnavailable(
            f"The system keyring is locked, so Gather Desktop could not {action} {subject}. "
            "Unlock it (log in to the desktop session, or unlock it in your keyring manager) "
            "and try again."
        )
    if isinstance(error, (NoKeyringError, InitError)) or _is_dbus_error(error):
        return SecretsUnavailable(
            f"The system keyring could not be reached ({kind}), so Gather Desktop could not "
            f"{action} {subject}. {_HOW_TO_FIX}"
        )
    return SecretsError(
        f"The system keyring failed to {action} {subject} ({kind}). Check that it is "
        "unlocked and working, then try again."
    )


def _is_dbus_error(error: Exception) -> bool:
    """Recognise D-Bus failures by package, since those packages may not be installed."""
    return any(
        cls.__module__.partition(".")[0] in _DBUS_PACKAGES for cls in type(error).__mro__
    )
