"""Fixtures: HubSpot sandboxes on 127.0.0.1, and the real hubspot-api-client pointed at them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import hubspot
import pytest
import requests

from gather_desktop.sandbox.hubspot_datasets import build_scale_portal
from gather_desktop.sandbox.hubspot_server import HubSpotSandbox

#: A little over the search cap, so a search of every contact passes 10,000 results.
CAP_CONTACTS = 10_050


def client(box: HubSpotSandbox, token: str | None = None, **options: Any) -> hubspot.HubSpot:
    """hubspot-api-client as the connector builds it: `host` and `base_url`."""
    return hubspot.HubSpot(
        access_token=token or box.access_token, host=box.url, base_url=box.url, **options
    )


def raw(response: Any) -> Any:
    """The JSON of a `_preload_content=False` answer."""
    return json.loads(response.data)


def call(
    box: HubSpotSandbox, method: str, path: str, token: str | None = None, **kwargs: Any
) -> requests.Response:
    """A plain HTTP call, for what the client hides (status codes, headers, exact bodies)."""
    headers = {"Authorization": f"Bearer {token or box.access_token}"}
    return requests.request(method, box.url + path, headers=headers, timeout=30, **kwargs)


SandboxFactory = Callable[..., HubSpotSandbox]


@pytest.fixture
def make_hubspot() -> SandboxFactory:
    started: list[HubSpotSandbox] = []

    def make(**options: Any) -> HubSpotSandbox:
        box = HubSpotSandbox(**options).start()
        started.append(box)
        return box

    yield make
    for box in started:
        box.stop()


@pytest.fixture
def demo(make_hubspot: SandboxFactory) -> HubSpotSandbox:
    return make_hubspot()


@pytest.fixture(scope="module")
def cap_portal():
    """10,050 contacts over 300 companies; built once per module, tests must not change it."""
    return build_scale_portal(300, CAP_CONTACTS)
