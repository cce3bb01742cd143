"""The emulated portal's property definitions as the connector turns them into schemas, for
tests of the pure parts (plans, validation, filters) that need no server."""

from __future__ import annotations

from gather_desktop.core.schema import ObjectSchema
from gather_desktop.sandbox.hubspot_properties import PROPERTIES
from gather_desktop.sources.hubspot_properties import object_schema, object_summaries

OBJECTS = object_summaries()
SCHEMAS = {name: object_schema(name, list(PROPERTIES[name].values()))
           for name in ("companies", "contacts")}


def schemas(name: str) -> ObjectSchema:
    return SCHEMAS[name]
