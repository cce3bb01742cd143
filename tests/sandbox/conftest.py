"""Fixtures: a running Gather sandbox on 127.0.0.1 port 0 over a tmp_path SQLite file, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from gather_desktop.sandbox.gather_server import GatherSandbox

API_KEY = "sandbox-test-key"


class Api:
    """A keep-alive `requests` session bound to the sandbox URL and key; never uses proxy settings."""

    def __init__(self, url: str, key: str | None = API_KEY) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.trust_env = False  # a proxy from the environment must not capture loopback calls
        if key is not None:
            self.session.headers["Authorization"] = f"Token {key}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.url + path, timeout=10, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.url + path, timeout=10, **kwargs)

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def sandbox(tmp_path) -> Iterator[GatherSandbox]:
    box = GatherSandbox(tmp_path / "gather.db", API_KEY)
    box.start()
    yield box
    box.stop()


@pytest.fixture
def api(sandbox: GatherSandbox) -> Iterator[Api]:
    client = Api(sandbox.url)
    yield client
    client.close()
