"""Fixtures: the HubSpot emulator on 127.0.0.1 and the connector pointed at it.

The connector under test runs unchanged: the real hubspot-api-client over real HTTP, real
tokens. The portal behind the emulator is there for tests to read and change directly, so
expectations come from its records, not from lists written into the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests

from gather_desktop.core.query import SourceQuery
from gather_desktop.sandbox.faults import HubSpotFaults
from gather_desktop.sandbox.hubspot_server import HubSpotSandbox
from gather_desktop.sources.hubspot import HubSpotSource
from gather_desktop.sources.hubspot_auth import OAuthRefreshToken, PrivateAppToken

NO_LIMITS = HubSpotFaults(rate=None, search_rate=None)


def token_source(box: HubSpotSandbox, token: str | None = None) -> HubSpotSource:
    return HubSpotSource(box.url, PrivateAppToken(token or box.access_token))


def oauth_source(box: HubSpotSandbox, **overrides: str) -> HubSpotSource:
    values = {**box.oauth, **overrides}
    return HubSpotSource(box.url, OAuthRefreshToken(values["client_id"], values["client_secret"],
                                                    values["refresh_token"]))


def read_all(source: HubSpotSource, query: SourceQuery) -> list[dict]:
    return [row for page in source.pages(query) for row in page]


def stats(box: HubSpotSandbox) -> dict[str, int]:
    return requests.get(box.url + "/_sandbox/stats", timeout=5).json()["requests"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubSpotSandbox]:
    """One demo portal for a module's read-only tests; tests that change it make their own."""
    box = HubSpotSandbox(tmp_path_factory.mktemp("hubspot-demo")).start()
    yield box
    box.stop()


@pytest.fixture
def make_portal(tmp_path) -> Iterator[Callable[..., HubSpotSandbox]]:
    """Start portals (`dataset`, `companies`, `contacts`, `faults`), stopped after the test."""
    started: list[HubSpotSandbox] = []

    def make(**options) -> HubSpotSandbox:
        box = HubSpotSandbox(tmp_path / f"hubspot-{len(started)}", **options).start()
        started.append(box)
        return box

    yield make
    for box in started:
        box.stop()
