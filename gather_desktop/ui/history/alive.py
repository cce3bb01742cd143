"""Job callbacks that outlive their window safely.

A job may answer after the user closed the window that asked (and Qt deleted it); calling
into a deleted widget raises. The history windows wrap their callbacks with `while_alive`.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject


def while_alive(owner: QObject, callback: Callable[..., Any]) -> Callable[..., None]:
    """`callback`, called only while `owner`'s Qt object still exists."""
    def call(*args: Any) -> None:
        if shiboken6.isValid(owner):
            callback(*args)
    return call
