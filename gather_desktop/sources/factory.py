"""From an integration's source settings and its secrets to a connected `Source`.

The one place that knows which connector serves which kind of source and which secrets each
way of signing in needs, so the command line and the window open sources the same way.
"""

from __future__ import annotations

from typing import Mapping

from gather_desktop.core import integration as config
from gather_desktop.errors import UserFacingError
from gather_desktop.sources.base import Source
from gather_desktop.sources.hubspot import HubSpotSource
from gather_desktop.sources.hubspot_auth import OAuthRefreshToken, PrivateAppToken
from gather_desktop.sources.salesforce import SalesforceSource
from gather_desktop.sources.salesforce_auth import PasswordCredentials, RefreshTokenCredentials

#: Secrets a sign-in cannot do without; the others of SECRETS_BY_AUTH are optional
#: (a security token is empty from a trusted network, a connected app may have no secret).
REQUIRED_SECRETS = {("salesforce", "password"): ("password",),
                    ("salesforce", "oauth"): ("refresh_token",),
                    ("hubspot", "private_app"): ("access_token",),
                    ("hubspot", "oauth"): ("refresh_token", "client_secret")}


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
    missing = missing_secrets(source, secrets)
    if missing:
        service = "HubSpot" if isinstance(source, config.HubSpotSource) else "Salesforce"
        raise UserFacingError(f"The {service} sign-in needs {', '.join(missing)}, which is not "
                              "stored for this integration. Add the integration again with "
                              "its secrets.")
    if isinstance(source, config.HubSpotSource):
        if source.auth == "private_app":
            return HubSpotSource(source.base_url, PrivateAppToken(secrets["access_token"]))
        return HubSpotSource(source.base_url, OAuthRefreshToken(
            source.client_id or "", secrets["client_secret"], secrets["refresh_token"]))
    if source.auth == "password":
        credentials = PasswordCredentials(source.username or "", secrets["password"],
                                          secrets.get("security_token", ""))
    else:
        credentials = RefreshTokenCredentials(source.client_id or "", secrets["refresh_token"],
                                              secrets.get("client_secret"))
    return SalesforceSource(source.login_url, credentials, ca_bundle=source.ca_bundle)
