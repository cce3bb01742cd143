"""Where a user's data folder is: `--data-dir`, else GATHER_DESKTOP_DATA_DIR, else the platform's."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "GATHER_DESKTOP_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_data_path("gather-desktop", appauthor=False)
