"""Jobs of the Add Integration wizard that talk to the source and save: connect, browser
sign-in, save.

The Connect page's test signs in and reads what the next pages need (the org's objects and
the schemas of Account, Contact and Opportunity) in one job, and keeps the signed-in
connector in the worker's context under `WIZARD_SOURCE`, so later pages and Save reuse it
instead of signing in again. Results are plain data (`SourceCatalog`), never the connector.
"""

from __future__ import annotations

import threading
from contextlib import closing
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from gather_desktop.core.defaults import STANDARD_MODELS
from gather_desktop.core.integration import (HubSpotSource, Integration, SalesforceSource,
                                             integration_to_dict, load_integration)
from gather_desktop.core.mapping import build_plans, model_definition
from gather_desktop.core.schema import ObjectSchema, ObjectSummary
from gather_desktop.errors import UserFacingError
from gather_desktop.gather.models import create_models
from gather_desktop.jobs.context import WorkerContext
from gather_desktop.sources.factory import open_source, secret_names
from gather_desktop.sources.hubspot_auth import browser_sign_in
from gather_desktop.sources.salesforce_auth import sign_in_with_browser
from gather_desktop.store.integrations import get_integration, save_integration

#: The key of the wizard's signed-in connector in `WorkerContext.sources`.
WIZARD_SOURCE = "wizard"
#: Objects whose schemas the sync pages need at once, per source (Opportunity for "Only sync
#: accounts that have a closed-won opportunity", when the org has it).
CATALOG_OBJECTS = {"salesforce": ("Account", "Contact", "Opportunity"),
                   "hubspot": ("companies", "contacts")}


@dataclass(frozen=True)
class SourceCatalog:
    """What the org offers the wizard: every object, and the schemas read so far by name."""
    objects: list[ObjectSummary]
    schemas: dict[str, ObjectSchema]


@dataclass(frozen=True)
class BrowserSignIn:
    """A browser sign-in: the refresh token to keep (a secret) and the org's catalog."""
    refresh_token: str
    catalog: SourceCatalog

    def __repr__(self) -> str:
        return "BrowserSignIn(refresh_token=..., catalog=...)"


def connect_source(source_config: SalesforceSource | HubSpotSource, secrets: Mapping[str, str],
                   context: WorkerContext, report: Callable[[Any], None],
                   cancel: threading.Event) -> SourceCatalog:
    """"Test connection": sign in (the first call does), read the catalog, keep the
    connector for the next pages."""
    source = open_source(source_config, secrets)
    try:
        objects = source.objects()
        present = {summary.name for summary in objects}
        schemas = {name: source.schema(name) for name in CATALOG_OBJECTS[source_config.kind]
                   if name in present}
    except BaseException:
        source.close()
        raise
    context.replace_source(WIZARD_SOURCE, source)
    return SourceCatalog(objects, schemas)


def browser_connect(source_config: SalesforceSource, open_browser: Callable[[str], bool],
                    timeout: float, context: WorkerContext, report: Callable[[Any], None],
                    cancel: threading.Event) -> BrowserSignIn:
    """"Sign in with browser": the system browser (`open_browser`, normally
    `webbrowser.open`), PKCE and a loopback redirect, waiting at most `timeout` seconds
    (`cancel` stops the wait); then the same catalog step as "Test connection" with the
    refresh token it gave."""
    tokens = sign_in_with_browser(source_config.login_url, source_config.client_id or "",
                                  ca_bundle=source_config.ca_bundle, open_browser=open_browser,
                                  cancel=cancel, timeout=timeout)
    assert tokens.refresh_token is not None  # sign_in_with_browser refuses an answer without
    catalog = connect_source(source_config, {"refresh_token": tokens.refresh_token}, context,
                             report, cancel)
    return BrowserSignIn(tokens.refresh_token, catalog)


def hubspot_browser_connect(source_config: HubSpotSource, client_secret: str,
                            open_browser: Callable[[str], bool], timeout: float,
                            context: WorkerContext, report: Callable[[Any], None],
                            cancel: threading.Event) -> BrowserSignIn:
    """HubSpot's "Sign in with browser": the system browser and a loopback redirect (waiting
    at most `timeout` seconds; `cancel` stops the wait), then the catalog step with the
    refresh token it gave."""
    refresh_token = browser_sign_in(source_config.base_url, source_config.client_id or "",
                                    client_secret, open_browser, cancel=cancel, timeout=timeout)
    catalog = connect_source(source_config, {"refresh_token": refresh_token,
                                             "client_secret": client_secret},
                             context, report, cancel)
    return BrowserSignIn(refresh_token, catalog)


def save_wizard_integration(integration: Integration, secrets: Mapping[str, str],
                            editing: str | None, context: WorkerContext,
                            report: Callable[[Any], None], cancel: threading.Event) -> str:
    """Check the integration against the org, create its custom models in Gather, keep its
    secrets in the keyring and save it; the name saved.

    The same steps, in the same order, as `gather-desktop integration add`, so nothing is
    saved unless the org accepts every field and Gather has every model. A name already in
    use is refused unless it is the integration being edited (then it is replaced, and its
    history kept).
    """
    workspace = context.workspace
    if get_integration(workspace.db, integration.name) and integration.name != editing:
        raise UserFacingError(f"An integration named '{integration.name}' already exists; "
                              "go back to the first page and choose another name.")
    source = context.sources.get(WIZARD_SOURCE)
    if source is None:  # no connection test ran on this worker: sign in now
        source = open_source(integration.source, secrets)
        context.replace_source(WIZARD_SOURCE, source)
    plans = build_plans(integration, source.schema, source.objects())
    custom = [plan for plan in plans if plan.model not in STANDARD_MODELS]
    if custom:
        with closing(workspace.gather_client()) as client:
            create_models(client, [model_definition(plan) for plan in custom])
    # Only what this sign-in uses: a draft may also hold the other source's secrets.
    kept = {name: value for name, value in secrets.items()
            if value and name in secret_names(integration.source)}
    # Secrets the new sign-in does not use (an emptied security token, the password after
    # a switch to the browser sign-in) must not linger in the keyring.
    used_before = set(secret_names(integration.source))
    old = get_integration(workspace.db, integration.name)
    if old is not None:
        used_before |= set(secret_names(load_integration(old.config).source))
    workspace.delete_integration_secrets(integration.name, sorted(used_before - set(kept)))
    workspace.save_integration_secrets(integration.name, kept)
    save_integration(workspace.db, integration_to_dict(integration))
    return integration.name
