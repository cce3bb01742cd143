"""Fixtures: Salesforce sandboxes on 127.0.0.1 over HTTPS, and the real simple-salesforce pointed at them.

Clients trust only the sandbox's own certificate (`verify=ca_bundle`) and ignore the
environment (`trust_env=False`), because REQUESTS_CA_BUNDLE set in the environment would
otherwise replace `verify` (PROTOCOLS.md §1.1).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from simple_salesforce import Salesforce, SalesforceLogin

from gather_desktop.sandbox.salesforce_datasets import build_scale_org
from gather_desktop.sandbox.salesforce_server import SalesforceSandbox

SCALE_ACCOUNTS = 4500


def https_session(sandbox: SalesforceSandbox) -> requests.Session:
    session = requests.Session()
    session.verify = sandbox.ca_bundle
    session.trust_env = False
    return session


def login(sandbox: SalesforceSandbox, session: requests.Session | None = None) -> str:
    """A session id from the SOAP password login, as simple-salesforce makes it."""
    credentials = sandbox.credentials
    session_id, _ = SalesforceLogin(
        username=credentials["username"], password=credentials["password"],
        security_token=credentials["security_token"], scratch_url=sandbox.url,
        session=session or https_session(sandbox), sf_version="59.0",
    )
    return session_id


def client(sandbox: SalesforceSandbox, session_id: str | None = None) -> Salesforce:
    """simple-salesforce in direct-session mode against the sandbox."""
    session = https_session(sandbox)
    return Salesforce(instance_url=sandbox.url, session_id=session_id or login(sandbox, session),
                      session=session, version="59.0")


SandboxFactory = Callable[..., SalesforceSandbox]


@pytest.fixture
def demo(make_sandbox: SandboxFactory) -> SalesforceSandbox:
    return make_sandbox()


@pytest.fixture
def sf(demo: SalesforceSandbox) -> Salesforce:
    return client(demo)


@pytest.fixture(scope="module")
def scale_org():
    """4,500 accounts: more than two pages of 2,000. Built once per module; tests must not change it."""
    return build_scale_org(SCALE_ACCOUNTS, 500)
