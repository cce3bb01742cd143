"""Fixtures: the Salesforce emulator on 127.0.0.1 over HTTPS, and the connector pointed at it.

The connector under test runs unchanged: the real simple-salesforce, real TLS verified
against the emulator's own certificate (`ca_bundle`), real sign-ins. The org behind the
emulator is there for tests to read directly, so expectations come from its records, not
from lists written into the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from gather_desktop.sandbox.salesforce_datasets import build_demo_org, build_scale_org
from gather_desktop.sandbox.salesforce_org import SalesforceOrg
from gather_desktop.sandbox.salesforce_server import SalesforceSandbox
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import PasswordCredentials, RefreshTokenCredentials

SCALE_ACCOUNTS = 4500
SandboxFactory = Callable[..., SalesforceSandbox]


def password_source(sandbox: SalesforceSandbox, **overrides: str) -> SalesforceSource:
    """The connector signing in with the sandbox's user name, password and security token."""
    values = {**sandbox.credentials, **overrides}
    return SalesforceSource(
        sandbox.url,
        PasswordCredentials(values["username"], values["password"], values["security_token"]),
        ca_bundle=sandbox.ca_bundle)


def oauth_source(sandbox: SalesforceSandbox, **overrides: str) -> SalesforceSource:
    """The connector signing in with the sandbox's saved refresh token."""
    values = {**sandbox.credentials, **overrides}
    return SalesforceSource(
        sandbox.url,
        RefreshTokenCredentials(values["client_id"], values["refresh_token"],
                                values.get("client_secret")),
        ca_bundle=sandbox.ca_bundle)


def secrets_of(sandbox: SalesforceSandbox) -> list[str]:
    values = sandbox.credentials
    return [values[name] for name in ("password", "security_token", "client_secret",
                                      "refresh_token")]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SalesforceSandbox]:
    """One demo org for the module's read-only tests; tests that change the org make their own."""
    box = SalesforceSandbox(tmp_path_factory.mktemp("salesforce-demo"), build_demo_org())
    box.start()
    yield box
    box.stop()


@pytest.fixture(scope="module")
def scale_org() -> SalesforceOrg:
    """More accounts than two pages of 2,000. Built once per module; tests must not change it."""
    return build_scale_org(SCALE_ACCOUNTS, 0)
