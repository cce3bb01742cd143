"""From an integration's source settings and its secrets to a connected `Source`.

The one place that knows which connector serves which kind of source and which secrets each
way of signing in needs, so the command line and the window open sources the same way.
"""

from __future__ import annotations

from typing import Mapping

from gather_desktop.core import integration as config
from gather_desktop.errors import UserFacingError
from gather_desktop.sources.base import Source
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import PasswordCredentials, RefreshTokenCredentials

#: Secrets a sign-in cannot do without; the others of SECRETS_BY_AUTH are optional
#: (a security token is empty from a trusted network, a connected app may have no secret).
REQUIRED_SECRETS = {("salesforce", "password"): ("password",),
                    ("salesforce", "oauth"): ("refresh_token",)}


def secret_names(source: config.SalesforceSource | config.HubSpotSource) -> tuple[str, ...]:
    """Every secret this source's sign-in may use."""
    return config.SECRETS_BY_AUTH[(source.kind, source.auth)]


def missing_secrets(source: config.SalesforceSource | config.HubSpotSource,
                    secrets: Mapping[str, str]) -> list[str]:
    return [name for name in REQUIRED_SECRETS.get((source.kind, source.auth), ())
            if not secrets.get(name)]


def open_source(source: config.SalesforceSource | config.HubSpotSource,
                secrets: Mapping[str, str]) -> Source:
    """A connector for the source; it signs in on first use (or when `sign_in()` is called)."""
    if not isinstance(source, config.SalesforceSource):
        raise UserFacingError("HubSpot integrations are not supported by this version of "
                              "Gather Desktop yet; only Salesforce can be added for now.")
    missing = missing_secrets(source, secrets)
    if missing:
        raise UserFacingError(f"The Salesforce sign-in needs {', '.join(missing)}, which is not "
                              "stored for this integration. Add the integration again with "
                              "its secrets.")
    if source.auth == "password":
        credentials = PasswordCredentials(source.username or "", secrets["password"],
                                          secrets.get("security_token", ""))
    else:
        credentials = RefreshTokenCredentials(source.client_id or "", secrets["refresh_token"],
                                              secrets.get("client_secret"))
    return SalesforceSource(source.login_url, credentials, ca_bundle=source.ca_bundle)
