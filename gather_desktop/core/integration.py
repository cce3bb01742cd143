"""The integration file (INTERFACES.md §2, version 1) as frozen dataclasses.

`load_integration` checks the file's *structure* (types, required keys, allowed values, names)
without asking any service, and reports every problem at once, each naming its key path, what
was found and what is allowed, so a user fixes a file in one pass rather than one error per
try. Whether the named fields exist is a question for the org: `validation.py`.

`integration_to_dict` writes back exactly the JSON that was loaded: keys a file left out are
remembered (`omitted`) and left out again, so `integration export` prints the user's own file.
An Integration built in code (the wizard) has nothing omitted and is written with every key.

Secrets never live in the file: keys such as `password` are refused wherever they appear,
because the file is meant to be exported, mailed and committed; secrets go through stdin to
the keyring.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, ClassVar
from urllib.parse import urlsplit

from gather_desktop.core.messages import did_you_mean, shown
from gather_desktop.core.naming import validate_model_name
from gather_desktop.core.query import OPERATORS, Condition, Filter
from gather_desktop.errors import UserFacingError

FORMAT_VERSION = 1
SALESFORCE = "salesforce"
HUBSPOT = "hubspot"
CREATE = "create"
UPDATE_EXISTING = "update_existing"
#: The Salesforce field every record has: its own 18-character Id.
SOURCE_RECORD_ID = "Id"
NO_VALUE_OPS = ("is_empty", "is_not_empty")
LIST_OPS = ("in", "not_in")

#: Key names refused anywhere in the file: these are secrets, read from stdin into the keyring.
SECRET_KEYS = frozenset({"password", "security_token", "refresh_token", "client_secret",
                         "access_token", "api_key"})

#: The secrets each kind of sign-in uses, by source kind and auth (INTERFACES.md §2); an OAuth
#: client_secret only where the connected app has one.
SECRETS_BY_AUTH: Mapping[tuple[str, str], tuple[str, ...]] = {
    (SALESFORCE, "password"): ("password", "security_token"),
    (SALESFORCE, "oauth"): ("refresh_token", "client_secret"),
    (HUBSPOT, "private_app"): ("access_token",),
    (HUBSPOT, "oauth"): ("refresh_token", "client_secret"),
}

_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SALESFORCE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_HUBSPOT_NAME = re.compile(r"[A-Za-z0-9_]+")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _omitted() -> Any:
    """Keys an optional part of the file left out, so it is written back without them; not
    compared or shown, so a loaded and a built Integration with the same meaning are equal."""
    return dataclass_field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class SalesforceSource:
    login_url: str                  # https://login.salesforce.com, test.salesforce.com, My Domain
    auth: str                       # "password" or "oauth" (browser sign-in)
    username: str | None = None     # required for "password"
    client_id: str | None = None    # connected app's consumer key (not a secret); for "oauth"
    ca_bundle: str | None = None    # PEM file for a TLS-inspecting proxy or the sandbox
    omitted: frozenset[str] = _omitted()
    kind: ClassVar[str] = SALESFORCE


@dataclass(frozen=True)
class HubSpotSource:
    base_url: str                   # https://api.hubapi.com
    auth: str                       # "private_app" or "oauth"
    client_id: str | None = None    # the HubSpot app's client id (not a secret); for "oauth"
    omitted: frozenset[str] = _omitted()
    kind: ClassVar[str] = HUBSPOT


@dataclass(frozen=True)
class ObjectSync:
    """How Salesforce Accounts (or Contacts) are synced to Gather accounts (or users)."""
    method: str                         # CREATE or UPDATE_EXISTING
    id_field: str                       # create: holds the Gather ID; update_existing: the
                                        # value match_trait holds (normally "Id")
    match_trait: str | None = None      # update_existing: the Gather trait to match on
    extra_traits: tuple[str, ...] = ()  # on top of the default traits
    only_closed_won: bool = False       # accounts only
    filter: Filter | None = None
    omitted: frozenset[str] = _omitted()


@dataclass(frozen=True)
class CustomObjectSync:
    """Any other Salesforce object synced to a Gather custom model (create or update by ID)."""
    object: str
    id_field: str
    model: str
    traits: tuple[str, ...] = ()
    filter: Filter | None = None
    omitted: frozenset[str] = _omitted()


@dataclass(frozen=True)
class HubSpotObjectSync:
    """HubSpot companies or contacts; always create-or-update by the ID property (seed 002)."""
    id_property: str                    # a property name, or companyId / vid / email
    extra_traits: tuple[str, ...] = ()
    filter: Filter | None = None
    omitted: frozenset[str] = _omitted()


@dataclass(frozen=True)
class Integration:
    name: str
    source: SalesforceSource | HubSpotSource
    accounts: ObjectSync | HubSpotObjectSync | None = None
    users: ObjectSync | HubSpotObjectSync | None = None
    objects: tuple[CustomObjectSync, ...] = ()
    version: int = FORMAT_VERSION
    omitted: frozenset[str] = _omitted()


class IntegrationError(UserFacingError):
    """An integration that cannot be used; `problems` holds one sentence per problem."""

    def __init__(self, problems: list[str], subject: str = "The integration file") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        if count == 1:
            text = f"{subject} has a problem: {self.problems[0]}"
        else:
            listed = " ".join(f"({n}) {p}" for n, p in enumerate(self.problems, 1))
            text = f"{subject} has {count} problems: {listed}"
        super().__init__(text)


def load_integration(data: Mapping[str, Any]) -> Integration:
    """The Integration a parsed file describes, or IntegrationError listing every problem."""
    reader = _Reader()
    integration = reader.integration(data)
    if reader.problems:
        raise IntegrationError(reader.problems)
    return integration


def structural_problems(data: Any) -> list[str]:
    """Every structural problem of a parsed file (empty when `load_integration` accepts it)."""
    reader = _Reader()
    reader.integration(data)
    return reader.problems


# --- writing -------------------------------------------------------------------------------

def integration_to_dict(integration: Integration) -> dict[str, Any]:
    """The file's JSON for an Integration: the same keys, order and values that were loaded."""
    accounts, users = integration.accounts, integration.users
    data = {
        "version": integration.version,
        "name": integration.name,
        "source": _source_dict(integration.source),
        "accounts": None if accounts is None else _sync_dict(accounts, for_accounts=True),
        "users": None if users is None else _sync_dict(users, for_accounts=False),
        "objects": [_custom_dict(custom) for custom in integration.objects],
    }
    return _without(data, integration.omitted)


def _source_dict(source: SalesforceSource | HubSpotSource) -> dict[str, Any]:
    if isinstance(source, HubSpotSource):
        data = {"kind": HUBSPOT, "base_url": source.base_url, "auth": source.auth,
                "client_id": source.client_id}
    else:
        data = {"kind": SALESFORCE, "login_url": source.login_url, "auth": source.auth,
                "username": source.username, "client_id": source.client_id,
                "ca_bundle": source.ca_bundle}
    return _without(data, source.omitted)


def _sync_dict(sync: ObjectSync | HubSpotObjectSync, for_accounts: bool) -> dict[str, Any]:
    if isinstance(sync, HubSpotObjectSync):
        data = {"id_property": sync.id_property, "extra_traits": list(sync.extra_traits),
                "filter": _filter_dict(sync.filter)}
        return _without(data, sync.omitted)
    data = {"method": sync.method, "id_field": sync.id_field, "match_trait": sync.match_trait,
            "extra_traits": list(sync.extra_traits), "only_closed_won": sync.only_closed_won,
            "filter": _filter_dict(sync.filter)}
    omitted = set(sync.omitted)
    if not for_accounts and not sync.only_closed_won:
        omitted.add("only_closed_won")  # accounts only; written for users only to be refused
    return _without(data, omitted)


def _custom_dict(custom: CustomObjectSync) -> dict[str, Any]:
    data = {"object": custom.object, "id_field": custom.id_field, "model": custom.model,
            "traits": list(custom.traits), "filter": _filter_dict(custom.filter)}
    return _without(data, custom.omitted)


def _filter_dict(filter_: Filter | None) -> dict[str, Any] | None:
    if filter_ is None:
        return None
    return {"match": filter_.match, "conditions": [_condition_dict(c) for c in filter_.conditions]}


def _condition_dict(condition: Condition) -> dict[str, Any]:
    """A condition as written; is_empty/is_not_empty carry no value, so none is written (one
    given anyway is written, for the structural check to refuse)."""
    data: dict[str, Any] = {"field": condition.field, "op": condition.op}
    if condition.op not in NO_VALUE_OPS or condition.value is not None:
        value = condition.value
        data["value"] = list(value) if isinstance(value, tuple) else value
    return data


def _without(data: dict[str, Any], omitted: Collection[str]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in omitted}


# --- reading -------------------------------------------------------------------------------

def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _one_of(choices: Collection[str]) -> str:
    return "use one of " + ", ".join(choices)


class _Reader:
    """Walks a parsed file, building the dataclasses and collecting every problem found."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, text: str) -> None:
        self.problems.append(f"{path}: {text}")

    # top level ---------------------------------------------------------------------------

    def integration(self, data: Any) -> Integration:
        if not isinstance(data, Mapping):
            self.problems.append("The file must hold one JSON object ({...}) with the keys "
                                 f"version, name and source; it holds {shown(data)}.")
            return Integration(name="", source=SalesforceSource("", ""))
        self._secrets(data, "")
        self._keys(data, "", {
            "version": str(FORMAT_VERSION),
            "name": "a name for the integration, such as salesforce-prod",
            "source": "the service to read from, with its kind",
            "accounts": "how accounts are synced, or null",
            "users": "how users are synced, or null",
            "objects": "a list of other objects to sync, or []",
        }, required=("version", "name", "source"))
        self._version(data)
        name = data.get("name")
        if "name" in data and not (isinstance(name, str) and _NAME.fullmatch(name)):
            self.add("name", f"{shown(name)} is not a valid integration name; use 1 to 64 "
                             "letters, digits, '-' or '_' (for example salesforce-prod)")
        source = self.source(data.get("source"), "source") if "source" in data else None
        kind = source.kind if source else SALESFORCE
        accounts = self.sync(data.get("accounts"), "accounts", kind)
        users = self.sync(data.get("users"), "users", kind)
        objects = self.objects(data.get("objects", []), kind)
        if data.get("accounts") is None and data.get("users") is None \
                and not data.get("objects"):
            self.problems.append("accounts, users, objects: nothing is synced; set accounts, "
                                 "users or at least one entry of objects")
        return Integration(
            name=name if isinstance(name, str) else "", source=source or SalesforceSource("", ""),
            accounts=accounts, users=users, objects=objects, version=FORMAT_VERSION,
            omitted=frozenset(k for k in ("accounts", "users", "objects") if k not in data))

    def _version(self, data: Mapping[str, Any]) -> None:
        version = data.get("version")
        if "version" not in data or (version == FORMAT_VERSION
                                     and not isinstance(version, (bool, float))):
            return
        self.add("version", f"{shown(version)} is not a version this app reads; write "
                            f"{FORMAT_VERSION} (the app reads integration files of version "
                            f"{FORMAT_VERSION})")

    def _secrets(self, data: Any, path: str) -> None:
        """Report every secret-named key, wherever it is, without ever showing its value."""
        if isinstance(data, Mapping):
            for key, value in data.items():
                here = _join(path, str(key))
                if str(key).lower() in SECRET_KEYS:
                    self.add(here, f"secrets do not belong in the integration file; remove "
                                   f"'{key}'. Secrets are read from stdin (as one JSON object) "
                                   "when you add the integration, and kept in the system "
                                   "keyring")
                else:
                    self._secrets(value, here)
        elif isinstance(data, list):
            for index, item in enumerate(data):
                self._secrets(item, _join(path, index))

    def _keys(self, data: Any, path: str, allowed: Mapping[str, str],
              required: Collection[str], refused: Mapping[str, str] | None = None) -> bool:
        """Check a section is an object with known keys and its required ones; False if not.

        `allowed` says, per key, what to put there (used when the key is missing); `refused`
        says why a key that another section takes is wrong here.
        """
        if not isinstance(data, Mapping):
            self.add(path, f"{shown(data)} is not an object; write {{...}} with the keys "
                           + ", ".join(allowed))
            return False
        for key in data:
            if str(key).lower() in SECRET_KEYS or key in allowed:
                continue
            here = _join(path, str(key))
            if refused and key in refused:
                self.add(here, refused[key])
            else:
                self.add(here, f"is not a known key{did_you_mean(str(key), allowed)}; the "
                               f"keys here are {', '.join(allowed)}")
        for key in required:
            if key not in data:
                self.add(_join(path, key), f"missing; write {allowed[key]}")
        return True

    # sources -----------------------------------------------------------------------------

    def source(self, data: Any, path: str) -> SalesforceSource | HubSpotSource | None:
        kind = data.get("kind") if isinstance(data, Mapping) else None
        if kind == HUBSPOT:
            return self._hubspot_source(data, path)
        if not isinstance(data, Mapping):
            self.add(path, f"{shown(data)} is not an object; write {{\"kind\": \"{SALESFORCE}\", "
                           "...} with the source's keys")
            return None
        if kind != SALESFORCE:
            found = f"{shown(kind)} is not a source this app reads" if "kind" in data \
                else "missing"
            self.add(_join(path, "kind"), f"{found}; use {SALESFORCE} or {HUBSPOT}")
            return None
        return self._salesforce_source(data, path)

    def _salesforce_source(self, data: Mapping[str, Any], path: str) -> SalesforceSource:
        self._keys(data, path, {
            "kind": SALESFORCE,
            "login_url": "the Salesforce login address, such as https://login.salesforce.com",
            "auth": "password or oauth",
            "username": "the Salesforce user name, such as ops@example.com",
            "client_id": "your connected app's consumer key, or null",
            "ca_bundle": "the path of a PEM certificate file, or null",
        }, required=("kind", "login_url", "auth"))
        login_url = self._url(data, path, "login_url",
                              "https://login.salesforce.com, https://test.salesforce.com for a "
                              "sandbox org, or your My Domain address")
        auth = self._choice(data, path, "auth", {
            "password": "user name, password and security token",
            "oauth": "sign in with Salesforce in the system browser"}, "a sign-in method")
        username = self._optional_text(data, path, "username", "the Salesforce user name")
        client_id = self._optional_text(data, path, "client_id",
                                        "your connected app's consumer key")
        ca_bundle = self._optional_text(data, path, "ca_bundle",
                                        "the path of a PEM certificate file")
        if auth == "password" and data.get("username") is None:
            found = shown(None) if "username" in data else "missing"
            self.add(_join(path, "username"), f"{found}; password sign-in needs the Salesforce "
                                              "user name, such as ops@example.com")
        if auth == "oauth" and data.get("client_id") is None:
            found = shown(None) if "client_id" in data else "missing"
            self.add(_join(path, "client_id"), f"{found}; browser sign-in needs your connected "
                                               "app's consumer key (it is not a secret)")
        return SalesforceSource(
            login_url=login_url, auth=auth, username=username, client_id=client_id,
            ca_bundle=ca_bundle,
            omitted=frozenset(k for k in ("username", "client_id", "ca_bundle") if k not in data))

    def _hubspot_source(self, data: Mapping[str, Any], path: str) -> HubSpotSource:
        self._keys(data, path, {
            "kind": HUBSPOT,
            "base_url": "the HubSpot API address, https://api.hubapi.com",
            "auth": "private_app or oauth",
            "client_id": "your HubSpot app's client id, or null",
        }, required=("kind", "base_url", "auth"))
        base_url = self._url(data, path, "base_url", "https://api.hubapi.com")
        auth = self._choice(data, path, "auth", {
            "private_app": "a private app's access token",
            "oauth": "sign in with HubSpot in the system browser"}, "a sign-in method")
        client_id = self._optional_text(data, path, "client_id", "your HubSpot app's client id")
        if auth == "oauth" and data.get("client_id") is None:
            found = shown(None) if "client_id" in data else "missing"
            self.add(_join(path, "client_id"), f"{found}; browser sign-in needs your HubSpot "
                                               "app's client id (it is not a secret)")
        # Written back only when the file had it (or the source was built with one), so a
        # private-app file exports exactly as it was written.
        omitted = frozenset() if "client_id" in data else frozenset({"client_id"})
        return HubSpotSource(base_url=base_url, auth=auth, client_id=client_id, omitted=omitted)

    def _url(self, data: Mapping[str, Any], path: str, key: str, example: str) -> str:
        """An https address (plain http only on this machine, for the sandbox)."""
        if key not in data:
            return ""
        value = data[key]
        parts = urlsplit(value) if isinstance(value, str) else None
        secure = parts is not None and parts.scheme == "https" and bool(parts.hostname)
        local = parts is not None and parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
        if not (secure or local):
            self.add(_join(path, key), f"{shown(value)} is not an https:// address; use "
                                       f"{example}")
            return ""
        return value

    # syncs -------------------------------------------------------------------------------

    def sync(self, data: Any, path: str, kind: str) -> ObjectSync | HubSpotObjectSync | None:
        if data is None:
            return None
        if kind == HUBSPOT:
            return self._hubspot_sync(data, path)
        accounts = path == "accounts"
        model, sf_object = ("Account", "Account") if accounts else ("User", "Contact")
        allowed = {
            "method": f"{CREATE} or {UPDATE_EXISTING}",
            "id_field": f"the Salesforce {sf_object} field that holds the Gather {model} ID "
                        "(or, for update_existing, the value match_trait holds: Id)",
            "match_trait": f"the Gather {model.lower()} trait that holds the Salesforce "
                           f"{sf_object} ID, or null",
            "extra_traits": "a list of Salesforce field names, or []",
            "filter": "a filter, or null",
        }
        refused = {"id_property": "id_property is for HubSpot; a Salesforce source uses "
                                  "id_field"}
        if accounts:
            allowed["only_closed_won"] = "true or false"
        else:
            refused["only_closed_won"] = ("only accounts can be limited to those with a "
                                          "closed-won opportunity; remove only_closed_won from "
                                          "users")
        if not self._keys(data, path, allowed, required=("method",), refused=refused):
            return None
        method = self._choice(data, path, "method", {
            CREATE: f"Create new Gather {model}s for every Salesforce {sf_object}",
            UPDATE_EXISTING: f"Only update existing Gather {model}s"}, "a sync method")
        if data.get("id_field") is None and method == UPDATE_EXISTING:
            # INTERFACES.md §2 describes update_existing by match_trait alone: the trait holds
            # the Salesforce record Id, so the Id is what is matched unless a file says else.
            id_field = SOURCE_RECORD_ID
        elif "id_field" not in data:
            self.add(_join(path, "id_field"), f"missing; write {allowed['id_field']}")
            id_field = ""
        else:
            id_field = self._field_name(data.get("id_field"), _join(path, "id_field"),
                                        SALESFORCE, parent=False)
        match_trait = data.get("match_trait")
        match_path = _join(path, "match_trait")
        if method == CREATE and match_trait is not None:
            self.add(match_path, f"{shown(match_trait)} is set, but match_trait is only used "
                                 f"with {UPDATE_EXISTING}; set it to null")
        elif method == UPDATE_EXISTING and not (isinstance(match_trait, str) and match_trait):
            found = shown(match_trait) if "match_trait" in data else "missing"
            self.add(match_path, f"{found}; {UPDATE_EXISTING} needs the Gather {model.lower()} "
                                 f"trait that holds the Salesforce {sf_object} ID, such as "
                                 "salesforce_id")
        only_closed_won = data.get("only_closed_won", False)
        if not isinstance(only_closed_won, bool):
            self.add(_join(path, "only_closed_won"), f"{shown(only_closed_won)} is not true or "
                                                     "false; use true or false")
        return ObjectSync(
            method=method, id_field=id_field,
            match_trait=match_trait if isinstance(match_trait, str) else None,
            extra_traits=self._field_list(data.get("extra_traits", []),
                                          _join(path, "extra_traits"), SALESFORCE),
            only_closed_won=only_closed_won is True,
            filter=self.filter(data.get("filter"), _join(path, "filter"), SALESFORCE),
            omitted=frozenset(k for k in ("id_field", "match_trait", "extra_traits",
                                          "only_closed_won", "filter") if k not in data))

    def _hubspot_sync(self, data: Any, path: str) -> HubSpotObjectSync | None:
        what = "company property, or companyId" if path == "accounts" else \
               "contact property, or vid or email"
        if not self._keys(data, path, {
                "id_property": f"the HubSpot {what}, that holds the Gather ID",
                "extra_traits": "a list of HubSpot property names, or []",
                "filter": "a filter, or null",
        }, required=("id_property",), refused={
                "method": "HubSpot syncs always create or update; remove method",
                "id_field": "id_field is for Salesforce; a HubSpot source uses id_property"}):
            return None
        id_property = self._field_name(data.get("id_property"), _join(path, "id_property"),
                                       HUBSPOT, parent=False) if "id_property" in data else ""
        return HubSpotObjectSync(
            id_property=id_property,
            extra_traits=self._field_list(data.get("extra_traits", []),
                                          _join(path, "extra_traits"), HUBSPOT),
            filter=self.filter(data.get("filter"), _join(path, "filter"), HUBSPOT),
            omitted=frozenset(k for k in ("extra_traits", "filter") if k not in data))

    def objects(self, data: Any, kind: str) -> tuple[CustomObjectSync, ...]:
        if not isinstance(data, list):
            self.add("objects", f"{shown(data)} is not a list; write [] or a list of objects "
                                "to sync")
            return ()
        if data and kind == HUBSPOT:
            self.add("objects", "other objects are synced from Salesforce only; write []")
            return ()
        found = []
        first_path_of_model: dict[str, str] = {}
        for index, entry in enumerate(data):
            path = _join("objects", index)
            custom = self._custom(entry, path)
            if custom is None:
                continue
            first = first_path_of_model.setdefault(custom.model, path)
            if first != path and custom.model:
                self.add(_join(path, "model"), f"'{custom.model}' is already the model of "
                                               f"{first}; give each object its own model")
            found.append(custom)
        return tuple(found)

    def _custom(self, data: Any, path: str) -> CustomObjectSync | None:
        if not self._keys(data, path, {
                "object": "the Salesforce object's API name, such as Opportunity",
                "id_field": "the field whose value is the record's Gather ID, such as Id",
                "model": "the Gather model to sync to, such as opportunities",
                "traits": "a list of Salesforce field names, or []",
                "filter": "a filter, or null",
        }, required=("object", "id_field", "model")):
            return None
        object_name = data.get("object")
        if "object" in data and not (isinstance(object_name, str)
                                     and _SALESFORCE_NAME.fullmatch(object_name)):
            self.add(_join(path, "object"), f"{shown(object_name)} is not a Salesforce object "
                                            "API name; use the API name, such as Opportunity "
                                            "or Subscription__c, not the label")
        model = data.get("model")
        model_problem = validate_model_name(model) if "model" in data else None
        if model_problem:
            self.add(_join(path, "model"), model_problem)
        return CustomObjectSync(
            object=object_name if isinstance(object_name, str) else "",
            id_field=self._field_name(data.get("id_field"), _join(path, "id_field"), SALESFORCE,
                                      parent=False) if "id_field" in data else "",
            model=model if isinstance(model, str) and not model_problem else "",
            traits=self._field_list(data.get("traits", []), _join(path, "traits"), SALESFORCE),
            filter=self.filter(data.get("filter"), _join(path, "filter"), SALESFORCE),
            omitted=frozenset(k for k in ("traits", "filter") if k not in data))

    # filters -----------------------------------------------------------------------------

    def filter(self, data: Any, path: str, kind: str) -> Filter | None:
        if data is None:
            return None
        if not self._keys(data, path, {
                "match": "all or any",
                "conditions": "a list of conditions, each {\"field\", \"op\", \"value\"}",
        }, required=("match", "conditions")):
            return None
        match = self._choice(data, path, "match", {
            "all": "every condition must match", "any": "at least one condition must match"},
            "a way to combine conditions")
        conditions = data.get("conditions")
        found = []
        if not isinstance(conditions, list) or not conditions:
            if "conditions" in data:
                self.add(_join(path, "conditions"),
                         f"{shown(conditions)} is not a list of conditions; write at least one "
                         "condition, or set the filter to null to sync every record")
        else:
            for index, entry in enumerate(conditions):
                condition = self._condition(entry, _join(_join(path, "conditions"), index), kind)
                if condition is not None:
                    found.append(condition)
        return Filter(match=match, conditions=tuple(found))

    def _condition(self, data: Any, path: str, kind: str) -> Condition | None:
        if not self._keys(data, path, {
                "field": "the field to compare, such as Industry",
                "op": "a comparison: " + ", ".join(OPERATORS),
                "value": "the value to compare with",
        }, required=("field", "op")):
            return None
        field = self._field_name(data.get("field"), _join(path, "field"), kind,
                                 parent=kind == SALESFORCE) if "field" in data else ""
        op = data.get("op")
        if "op" in data and op not in OPERATORS:
            self.add(_join(path, "op"), f"{shown(op)} is not a comparison; "
                                        + _one_of(OPERATORS))
            return Condition(field, "", None)
        value_path = _join(path, "value")
        value = data.get("value")
        if op in NO_VALUE_OPS:
            if value is not None:
                self.add(value_path, f"{shown(value)} is given, but {op} takes no value; "
                                     "remove value")
            return Condition(field, op, None)
        if "value" not in data:
            if op is not None:
                self.add(value_path, f"missing; {op} needs a value to compare with")
            return Condition(field, op or "", None)
        if op in LIST_OPS:
            return Condition(field, op, self._value_list(value, value_path, op))
        if not self._scalar(value, value_path, op):
            return Condition(field, op or "", None)
        return Condition(field, op or "", value)

    def _value_list(self, value: Any, path: str, op: str) -> tuple[Any, ...]:
        if not isinstance(value, list) or not value:
            self.add(path, f"{shown(value)} is not a list of values; {op} needs a non-empty "
                           "list, such as [\"Energy\", \"Banking\"]")
            return ()
        for index, item in enumerate(value):
            self._scalar(item, _join(path, index), op)
        return tuple(value)

    def _scalar(self, value: Any, path: str, op: str) -> bool:
        if value is None:
            self.add(path, f"null is not a value to compare with; to find blank fields use "
                           f"is_empty or is_not_empty instead of {op}")
            return False
        if not isinstance(value, (str, int, float, bool)):
            self.add(path, f"{shown(value)} is not a single value; use text, a number, "
                           "true or false")
            return False
        return True

    # small values ------------------------------------------------------------------------

    def _choice(self, data: Mapping[str, Any], path: str, key: str,
                choices: Mapping[str, str], noun: str) -> str:
        """One of `choices` (value → what it means); "" when missing or not one of them."""
        value = data.get(key)
        if key not in data:
            return ""
        if value not in choices:
            meanings = [f"{name} ({meaning})" for name, meaning in choices.items()]
            listed = ", ".join(meanings[:-1]) + " or " + meanings[-1]
            self.add(_join(path, key), f"{shown(value)} is not {noun}; use {listed}")
            return ""
        return value

    def _optional_text(self, data: Mapping[str, Any], path: str, key: str,
                       what: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(_join(path, key), f"{shown(value)} is not usable; write {what}, or null")
            return None
        return value

    def _field_name(self, value: Any, path: str, kind: str, parent: bool) -> str:
        """A field's API name as the source spells them; a label or stray text is refused."""
        if kind == HUBSPOT:
            if isinstance(value, str) and _HUBSPOT_NAME.fullmatch(value):
                return value
            self.add(path, f"{shown(value)} is not a HubSpot property name; use the property's "
                           "internal name, such as annualrevenue, not its label")
            return ""
        parts = value.split(".") if isinstance(value, str) else []
        if parts and len(parts) <= (2 if parent else 1) and all(
                _SALESFORCE_NAME.fullmatch(part) for part in parts):
            return value
        if isinstance(value, str) and len(parts) == 2 and not parent:
            self.add(path, f"{shown(value)} is a field of a related record; the ID must be a "
                           "field of the object itself, such as Id or Gather_Id__c")
        else:
            example = ("AnnualRevenue, Plan_Tier__c, or Account.Name for a field of the "
                       "parent account") if parent else "Id or Gather_Id__c"
            self.add(path, f"{shown(value)} is not a Salesforce field API name; use the API "
                           f"name, such as {example}, not the label")
        return ""

    def _field_list(self, value: Any, path: str, kind: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.add(path, f"{shown(value)} is not a list; write a list of field names, or []")
            return ()
        return tuple(self._field_name(item, _join(path, index), kind, parent=kind == SALESFORCE)
                     for index, item in enumerate(value))
