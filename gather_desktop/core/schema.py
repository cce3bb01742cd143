"""What a source says about its objects and fields, in one shape for every connector.

Connectors turn their own describe output (Salesforce's sObject describe, HubSpot's property
definitions) into these frozen records; validation, pickers and mapping read only these, so
they never depend on one vendor's JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Callable, Mapping


@dataclass(frozen=True)
class FieldInfo:
    name: str                                   # API name: "NumberOfEmployees", "Account.Name"
    label: str
    type: str                                   # Salesforce field type: string, int, date, ...
    nillable: bool = True
    unique: bool = False
    external_id: bool = False
    filterable: bool = True
    picklist_values: tuple[str, ...] = ()       # active values only
    reference_to: tuple[str, ...] = ()          # objects a reference field points to
    relationship_name: str | None = None        # "Account" for AccountId
    compound_field_name: str | None = None      # "BillingAddress" for BillingCity
    length: int | None = None


@dataclass(frozen=True)
class ObjectSchema:
    name: str
    label: str
    custom: bool
    fields: Mapping[str, FieldInfo]             # by API name, in describe order
    _by_lower: Mapping[str, FieldInfo] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_lower", {n.lower(): f for n, f in self.fields.items()})

    def field(self, name: str) -> FieldInfo | None:
        """The field by API name, case-insensitively, as Salesforce matches names."""
        return self._by_lower.get(name.lower())

    def relationship(self, relationship_name: str) -> FieldInfo | None:
        """The reference field whose relationship is named so ("Account" → AccountId)."""
        wanted = relationship_name.lower()
        for info in self.fields.values():
            if info.relationship_name and info.relationship_name.lower() == wanted:
                return info
        return None


@dataclass(frozen=True)
class ObjectSummary:
    name: str
    label: str
    custom: bool
    queryable: bool


def resolve_field(schemas: Callable[[str], ObjectSchema], object_name: str,
                  dotted_name: str) -> FieldInfo | None:
    """A field of an object, or of its parent through one relationship ("Account.Name").

    The answer for a parent field carries the dotted name, so callers can show and store it
    as the user wrote it; None when the object, relationship or field does not exist.
    """
    schema = schemas(object_name)
    if "." not in dotted_name:
        return schema.field(dotted_name)
    relationship, _, parent_field = dotted_name.partition(".")
    if "." in parent_field:
        return None
    reference = schema.relationship(relationship)
    if reference is None or len(reference.reference_to) != 1:
        return None
    found = schemas(reference.reference_to[0]).field(parent_field)
    if found is None:
        return None
    canonical = f"{reference.relationship_name}.{found.name}"
    return FieldInfo(**{**found.__dict__, "name": canonical,
                        "label": f"{reference.label.removesuffix(' ID')}: {found.label}"})
