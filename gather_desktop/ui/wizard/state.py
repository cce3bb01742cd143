"""The wizard's draft: every choice the user makes, as plain Python, with no Qt.

Pages read and write this draft; `to_integration()` turns it into the same `Integration` the
command line loads from a file (so the window and `integration add` build identical
integrations), and `from_integration()` fills the wizard for Edit. Secrets typed into the
Connect page live only here, in memory, until Save puts them in the keyring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gather_desktop.core.integration import (CREATE, HUBSPOT, CustomObjectSync, HubSpotObjectSync,
                                             HubSpotSource, Integration, ObjectSync,
                                             SalesforceSource)
from gather_desktop.core.query import Condition, Filter

if TYPE_CHECKING:
    from gather_desktop.jobs.source_jobs import SourceCatalog

PRODUCTION = "https://login.salesforce.com"
SANDBOX = "https://test.salesforce.com"
HUBSPOT_API = "https://api.hubapi.com"


@dataclass
class ConditionDraft:
    field: str = ""
    op: str = "eq"
    value: object = None


@dataclass
class FilterDraft:
    enabled: bool = False
    match: str = "all"                  # "all" or "any"
    conditions: list[ConditionDraft] = field(default_factory=list)

    def build(self) -> Filter | None:
        if not self.enabled or not self.conditions:
            return None
        return Filter(self.match, tuple(Condition(c.field, c.op, c.value)
                                        for c in self.conditions))

    @classmethod
    def from_filter(cls, filter_: Filter | None) -> FilterDraft:
        if filter_ is None:
            return cls()
        return cls(True, filter_.match, [ConditionDraft(c.field, c.op, c.value)
                                         for c in filter_.conditions])


@dataclass
class SyncDraft:
    """Accounts or Contacts: whether and how they are synced."""
    enabled: bool = True
    method: str = CREATE                # CREATE or UPDATE_EXISTING
    id_field: str = ""                  # create: the field holding the Gather ID
    match_trait: str = ""               # update_existing: the Gather trait holding the Id
    extra_traits: list[str] = field(default_factory=list)
    only_closed_won: bool = False       # accounts only
    filter: FilterDraft = field(default_factory=FilterDraft)

    def build(self) -> ObjectSync | None:
        if not self.enabled:
            return None
        creates = self.method == CREATE
        return ObjectSync(method=self.method, id_field=self.id_field if creates else "Id",
                          match_trait=None if creates else self.match_trait,
                          extra_traits=tuple(self.extra_traits),
                          only_closed_won=self.only_closed_won, filter=self.filter.build())

    @classmethod
    def from_sync(cls, sync: ObjectSync | None) -> SyncDraft:
        if sync is None:
            return cls(enabled=False)
        return cls(True, sync.method, sync.id_field if sync.method == CREATE else "",
                   sync.match_trait or "", list(sync.extra_traits), sync.only_closed_won,
                   FilterDraft.from_filter(sync.filter))


@dataclass
class HubSpotDraft:
    """HubSpot companies or contacts: whether they are synced and by which ID (seed 002's
    three choices: an internal-ID property, HubSpot's own companyId / vid, or email)."""
    enabled: bool = True
    id_property: str = ""
    extra_traits: list[str] = field(default_factory=list)
    filter: FilterDraft = field(default_factory=FilterDraft)

    def build(self) -> HubSpotObjectSync | None:
        if not self.enabled:
            return None
        return HubSpotObjectSync(id_property=self.id_property,
                                 extra_traits=tuple(self.extra_traits),
                                 filter=self.filter.build())

    @classmethod
    def from_sync(cls, sync: HubSpotObjectSync | None) -> HubSpotDraft:
        if sync is None:
            return cls(enabled=False)
        return cls(True, sync.id_property, list(sync.extra_traits),
                   FilterDraft.from_filter(sync.filter))


@dataclass
class ObjectDraft:
    """A Salesforce custom object synced to a Gather model."""
    object: str = ""
    id_field: str = "Id"
    model: str = ""
    traits: list[str] = field(default_factory=list)
    filter: FilterDraft = field(default_factory=FilterDraft)

    def build(self) -> CustomObjectSync:
        return CustomObjectSync(self.object, self.id_field, self.model, tuple(self.traits),
                                self.filter.build())


@dataclass
class WizardState:
    name: str = ""
    source_kind: str = "salesforce"
    login_url: str = PRODUCTION         # production, sandbox, My Domain or the local sandbox
    auth: str = "password"              # "password" or "oauth" (browser sign-in)
    username: str = ""
    client_id: str = ""                 # the connected app's consumer key, for browser sign-in
    ca_bundle: str = ""
    base_url: str = HUBSPOT_API         # HubSpot's API address (the local sandbox's in demos)
    hubspot_auth: str = "private_app"   # "private_app" (access token) or "oauth"
    secrets: dict[str, str] = field(default_factory=dict, repr=False)
    accounts: SyncDraft = field(default_factory=SyncDraft)
    users: SyncDraft = field(default_factory=SyncDraft)
    objects: list[ObjectDraft] = field(default_factory=list)
    companies: HubSpotDraft = field(default_factory=HubSpotDraft)
    contacts: HubSpotDraft = field(default_factory=HubSpotDraft)
    editing: str | None = None          # the saved name when the wizard edits an integration
    #: The org's objects and schemas read by the Connect page's test; never saved.
    catalog: SourceCatalog | None = field(default=None, repr=False, compare=False)

    @property
    def hubspot(self) -> bool:
        return self.source_kind == HUBSPOT

    def source(self) -> SalesforceSource | HubSpotSource:
        if self.hubspot:
            return HubSpotSource(base_url=self.base_url.strip().rstrip("/"),
                                 auth=self.hubspot_auth,
                                 client_id=self.client_id.strip() or None)
        return SalesforceSource(login_url=self.login_url.strip().rstrip("/"), auth=self.auth,
                                username=self.username.strip() or None,
                                client_id=self.client_id.strip() or None,
                                ca_bundle=self.ca_bundle.strip() or None)

    def to_integration(self) -> Integration:
        if self.hubspot:
            return Integration(name=self.name.strip(), source=self.source(),
                               accounts=self.companies.build(), users=self.contacts.build())
        return Integration(name=self.name.strip(), source=self.source(),
                           accounts=self.accounts.build(), users=self.users.build(),
                           objects=tuple(o.build() for o in self.objects))

    @classmethod
    def from_integration(cls, integration: Integration) -> WizardState:
        source = integration.source
        if isinstance(source, HubSpotSource):
            return cls(name=integration.name, source_kind=HUBSPOT, base_url=source.base_url,
                       hubspot_auth=source.auth, client_id=source.client_id or "",
                       companies=HubSpotDraft.from_sync(integration.accounts),
                       contacts=HubSpotDraft.from_sync(integration.users),
                       editing=integration.name)
        return cls(name=integration.name, login_url=source.login_url, auth=source.auth,
                   username=source.username or "", client_id=source.client_id or "",
                   ca_bundle=source.ca_bundle or "",
                   accounts=SyncDraft.from_sync(integration.accounts),
                   users=SyncDraft.from_sync(integration.users),
                   objects=[ObjectDraft(o.object, o.id_field, o.model, list(o.traits),
                                        FilterDraft.from_filter(o.filter))
                            for o in integration.objects],
                   editing=integration.name)
