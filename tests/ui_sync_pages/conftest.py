"""The sandbox (Gather + the Salesforce demo org), a real worker signed in to it, and a wizard
state whose catalog was read from it the way the Connect page reads it.

The catalog is built here from the real connector until the Connect page's `SourceCatalog`
exists; the pages rely only on its `.objects` and `.schemas`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pytest

from gather_desktop.core.integration import SalesforceSource
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.gather.client import GatherClient
from gather_desktop.jobs.gather_jobs import connect_gather
from gather_desktop.jobs.schema_jobs import WIZARD_SOURCE
from gather_desktop.sandbox.runner import Sandbox
from gather_desktop.sources.factory import open_source
from gather_desktop.ui.wizard.state import WizardState


@dataclass
class Catalog:
    objects: list[ObjectSummary]
    schemas: dict[str, ObjectSchema] = field(default_factory=dict)


@pytest.fixture(scope="module")
def sandbox(module_sandbox):
    """One sandbox for the module: these tests only read from it."""
    return module_sandbox


def source_config(sandbox: Sandbox) -> SalesforceSource:
    info = sandbox.connection_info()["salesforce"]
    return SalesforceSource(login_url=info["login_url"], auth="password",
                            username=info["username"], ca_bundle=info["ca_bundle"])


def source_secrets(sandbox: Sandbox) -> dict[str, str]:
    info = sandbox.connection_info()["salesforce"]
    return {"password": info["password"], "security_token": info["security_token"]}


@pytest.fixture(scope="module")
def catalog(sandbox) -> Catalog:
    source = open_source(source_config(sandbox), source_secrets(sandbox))
    try:
        source.sign_in()
        return Catalog(source.objects(), {name: source.schema(name)
                                          for name in ("Account", "Contact", "Opportunity")})
    finally:
        source.close()


@pytest.fixture
def gather(sandbox) -> GatherClient:
    info = sandbox.connection_info()["gather"]
    client = GatherClient(info["url"], info["api_key"])
    yield client
    client.close()


def _sign_in(config, secrets, context, report, cancel):
    source = open_source(config, secrets)
    source.sign_in()
    context.replace_source(WIZARD_SOURCE, source)


@pytest.fixture
def runner(qtbot, job_runner, sandbox):
    """The worker signed in to Salesforce (as after the Connect page) and connected to Gather."""
    done, errors = [], []
    gather_info = sandbox.connection_info()["gather"]
    job_runner.submit(functools.partial(_sign_in, source_config(sandbox),
                                        source_secrets(sandbox)),
                      on_done=done.append, on_error=errors.append)
    job_runner.submit(functools.partial(connect_gather, gather_info["url"],
                                        gather_info["api_key"], None),
                      on_done=done.append, on_error=errors.append)
    qtbot.waitUntil(lambda: len(done) + len(errors) == 2, timeout=20000)
    assert errors == []
    return job_runner


@pytest.fixture
def state(sandbox, catalog) -> WizardState:
    config = source_config(sandbox)
    wizard_state = WizardState(name="demo-sync", login_url=config.login_url,
                               username=config.username, ca_bundle=config.ca_bundle,
                               secrets=source_secrets(sandbox))
    wizard_state.catalog = catalog
    return wizard_state


@pytest.fixture
def schema_of(catalog):
    return lambda name: catalog.schemas[name]
