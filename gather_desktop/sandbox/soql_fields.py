"""Field paths resolved against the org's describes, and the functions that read them off records.

`Account.Owner.Email` on Contact is resolved once per query: each relationship name to the
lookup field that carries it (`AccountId`, then `OwnerId`) and the object it points to, the last
name to its describe entry. From that come plain functions `record -> value` (and the
projection `record -> Salesforce-shaped dict`), so evaluating a query never looks at names again.
Everything is matched case-insensitively and answered in the describe's own casing, as
Salesforce does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gather_desktop.sandbox.soql_errors import no_such_column, unknown_relationship, unsupported_object
from gather_desktop.sandbox.soql_parser import FieldRef

Record = Mapping[str, Any]
Getter = Callable[[Record], Any]

# Component-name suffix -> key in the composed address (custom components end in "__s").
_ADDRESS_SUFFIXES = {
    "GeocodeAccuracy": "geocodeAccuracy", "PostalCode": "postalCode", "CountryCode": "countryCode",
    "StateCode": "stateCode", "Longitude": "longitude", "Latitude": "latitude", "Country": "country",
    "Street": "street", "State": "state", "City": "city",
}
# Keys every composed address has, even when the object lacks that component.
_ADDRESS_BASE_KEYS = ("city", "country", "geocodeAccuracy", "latitude", "longitude", "postalCode", "state", "street")


class OrgView(Protocol):
    """What the SOQL engine needs from an org: describes, stored records, and one record by Id."""

    def describe(self, object_name: str) -> Mapping[str, Any] | None:
        """The sObject describe document (name matched case-insensitively), or None if unknown."""

    def records(self, object_name: str) -> Sequence[Record]:
        """Stored records in storage order, deleted ones (IsDeleted true) included."""

    def get(self, object_name: str, record_id: str) -> Record | None:
        """One stored record, or None."""


@dataclass(frozen=True)
class ObjectInfo:
    """One object's describe, indexed for case-insensitive lookups."""
    name: str
    fields: Mapping[str, Mapping[str, Any]]          # lower-case field name -> describe field
    relationships: Mapping[str, Mapping[str, Any]]   # lower-case relationship name -> lookup field
    address_components: Mapping[str, Mapping[str, str]]  # compound name -> {json key: component field}


@dataclass(frozen=True)
class Hop:
    """One step up a lookup: read `key` on the record, find the parent among `targets`."""
    key: str
    relationship: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class ResolvedField:
    path: str                       # canonical dotted path: "Account.Owner.Email"
    hops: tuple[Hop, ...]
    field: Mapping[str, Any]        # the describe entry of the last name
    object_name: str                # the object that owns it

    @property
    def name(self) -> str:
        return self.field["name"]

    @property
    def type(self) -> str:
        return self.field.get("type", "string")


class Schemas:
    """The describes one query needs, fetched once, plus resolution of paths into getters."""

    def __init__(self, org: OrgView, soql: str) -> None:
        self.org = org
        self.soql = soql
        self._objects: dict[str, ObjectInfo | None] = {}

    def find(self, object_name: str) -> ObjectInfo | None:
        lower = object_name.lower()
        if lower not in self._objects:
            describe = self.org.describe(object_name)
            queryable = describe is not None and describe.get("queryable", True)
            self._objects[lower] = _index(describe) if queryable else None
        return self._objects[lower]

    def object(self, object_name: str, pos: int) -> ObjectInfo:
        info = self.find(object_name)
        if info is None:
            raise unsupported_object(self.soql, pos, object_name)
        return info

    def resolve(self, info: ObjectInfo, ref: FieldRef) -> ResolvedField:
        """The field a (possibly dotted) path names, or INVALID_FIELD as Salesforce words it."""
        *relationships, last = ref.path.split(".")
        hops: list[Hop] = []
        names: list[str] = []
        for relationship in relationships:
            lookup = info.relationships.get(relationship.lower())
            parents = [found for found in map(self.find, lookup.get("referenceTo") or ()) if found] if lookup else []
            if not parents:
                raise unknown_relationship(self.soql, ref.pos, relationship)
            hops.append(Hop(lookup["name"], lookup["relationshipName"], tuple(p.name for p in parents)))
            names.append(lookup["relationshipName"])
            info = parents[0]
        field = info.fields.get(last.lower())
        if field is None:
            raise no_such_column(self.soql, ref.pos, last, info.name)
        return ResolvedField(".".join([*names, field["name"]]), tuple(hops), field, info.name)

    def getter(self, resolved: ResolvedField) -> Getter:
        """`record -> value` for the path: through the lookups, then the field (or composed address)."""
        leaf = self.leaf_getter(resolved.object_name, resolved.field)
        if not resolved.hops:
            return leaf
        parent_of = self.parent_getter
        hops = [parent_of(hop) for hop in resolved.hops]

        def get(record: Record) -> Any:
            for hop in hops:
                record = hop(record)
                if record is None:
                    return None
            return leaf(record)
        return get

    def parent_getter(self, hop: Hop) -> Callable[[Record], Record | None]:
        """`record -> its parent record` through one lookup (None when the lookup is empty)."""
        get = self.org.get
        key = hop.key
        if len(hop.targets) == 1:
            target = hop.targets[0]

            def parent(record: Record) -> Record | None:
                parent_id = record.get(key)
                return None if parent_id is None else get(target, parent_id)
            return parent
        targets = hop.targets

        def polymorphic_parent(record: Record) -> Record | None:
            parent_id = record.get(key)
            if parent_id is None:
                return None
            return next((found for target in targets if (found := get(target, parent_id)) is not None), None)
        return polymorphic_parent

    def leaf_getter(self, object_name: str, field: Mapping[str, Any]) -> Getter:
        """`record -> value` of one field of the record itself; address fields are composed."""
        name = field["name"]
        if field.get("type") != "address":
            return lambda record: record.get(name)
        components = self.find(object_name).address_components.get(name, {})
        present = tuple(components.items())
        missing = {key: None for key in _ADDRESS_BASE_KEYS if key not in components}

        def compose(record: Record) -> dict[str, Any] | None:
            values = {key: record.get(component) for key, component in present}
            if all(value is None for value in values.values()):
                return None
            values.update(missing)
            return dict(sorted(values.items()))
        return compose


def _index(describe: Mapping[str, Any]) -> ObjectInfo:
    fields: dict[str, Mapping[str, Any]] = {}
    relationships: dict[str, Mapping[str, Any]] = {}
    addresses: dict[str, dict[str, str]] = {}
    for field in describe.get("fields", ()):
        fields[field["name"].lower()] = field
        if field.get("type") == "reference" and field.get("relationshipName"):
            relationships[field["relationshipName"].lower()] = field
        compound = field.get("compoundFieldName")
        if compound:
            key = _address_key(field["name"])
            if key:
                addresses.setdefault(compound, {})[key] = field["name"]
    address_components = {
        name: components for name, components in addresses.items()
        if fields.get(name.lower(), {}).get("type") == "address"
    }
    return ObjectInfo(describe["name"], fields, relationships, address_components)


def _address_key(component: str) -> str | None:
    base = component[:-3] if component.endswith("__s") else component
    return next((key for suffix, key in _ADDRESS_SUFFIXES.items() if base.endswith(suffix)), None)
