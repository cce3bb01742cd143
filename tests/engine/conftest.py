"""A Gather sandbox and a Salesforce emulator with the demo org, and the app's parts over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from gather_desktop.gather import GatherClient
from gather_desktop.sandbox.gather_server import GatherSandbox
from gather_desktop.sandbox.salesforce_datasets import build_demo_org
from gather_desktop.sandbox.salesforce_server import SalesforceSandbox
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import PasswordCredentials
from gather_desktop.store.database import open_database

GATHER_KEY = "engine-test-key"


@pytest.fixture
def salesforce(tmp_path: Path):
    box = SalesforceSandbox(tmp_path / "salesforce", build_demo_org())
    box.start()
    yield box
    box.stop()


@pytest.fixture
def gather_box(tmp_path: Path):
    box = GatherSandbox(tmp_path / "gather.db", GATHER_KEY)
    box.start()
    yield box
    box.stop()


@pytest.fixture
def gather(gather_box):
    client = GatherClient(gather_box.url, GATHER_KEY)
    yield client
    client.close()


@pytest.fixture
def source(salesforce):
    credentials = salesforce.credentials
    connector = SalesforceSource(
        salesforce.url, PasswordCredentials(credentials["username"], credentials["password"],
                                            credentials["security_token"]),
        ca_bundle=salesforce.ca_bundle)
    yield connector
    connector.close()


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "data" / "gather-desktop.db")
    yield database
    database.conn.close()
