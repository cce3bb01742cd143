"""The emulated org's schema as data: one describe-shaped JSON document per object.

The documents in `salesforce_schema/` are kept compact: per field only the keys that say
something (name, type, label, and what differs from the type's usual values). Serving needs
Salesforce's full shape (45 keys per object, 57 per field, picklist values as objects), because
the app and other clients read keys such as `filterable`, `soapType` or `byteLength`; this
module fills in the rest with the values a real org gives that type. Keys already present are
never changed, so a real org's complete describe output loads and is served as it came.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).with_name("salesforce_schema")
API_VERSION = "59.0"

_TEXT_TYPES = {"string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox",
               "encryptedstring"}
_SOAP_TYPES = {
    "id": "tns:ID", "reference": "tns:ID", "boolean": "xsd:boolean", "int": "xsd:int",
    "double": "xsd:double", "currency": "xsd:double", "percent": "xsd:double", "date": "xsd:date",
    "datetime": "xsd:dateTime", "time": "xsd:time", "base64": "xsd:base64Binary",
    "address": "urn:address", "location": "urn:location", "long": "xsd:long",
}
# What a field of each type is when its document does not say otherwise (real org values).
_TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "id": {"length": 18, "nillable": False, "createable": False, "updateable": False,
           "defaultedOnCreate": True, "idLookup": True},
    "reference": {"length": 18},
    "string": {"length": 255},
    "textarea": {"length": 255, "extraTypeInfo": "plaintextarea"},
    "email": {"length": 80},
    "phone": {"length": 40},
    "url": {"length": 255},
    "picklist": {"length": 255},
    "multipicklist": {"length": 4099, "groupable": False, "sortable": False},
    "boolean": {"nillable": False, "defaultedOnCreate": True, "defaultValue": False, "aggregatable": False},
    "int": {"digits": 9},
    "double": {"precision": 18, "groupable": False},
    "currency": {"precision": 18, "scale": 2, "groupable": False},
    "percent": {"precision": 3, "groupable": False},
    "datetime": {"groupable": False},
    "address": {"createable": False, "updateable": False, "filterable": False, "groupable": False,
                "sortable": False, "aggregatable": False},
}
# The 57 keys of a field in Salesforce's describe, with the values most fields have.
_FIELD_DEFAULTS: dict[str, Any] = {
    "aggregatable": True, "aiPredictionField": False, "autoNumber": False, "byteLength": 0,
    "calculated": False, "calculatedFormula": None, "cascadeDelete": False, "caseSensitive": False,
    "compoundFieldName": None, "controllerName": None, "createable": True, "custom": False,
    "defaultValue": None, "defaultValueFormula": None, "defaultedOnCreate": False,
    "dependentPicklist": False, "deprecatedAndHidden": False, "digits": 0,
    "displayLocationInDecimal": False, "encrypted": False, "externalId": False, "extraTypeInfo": None,
    "filterable": True, "filteredLookupInfo": None, "formulaTreatNullNumberAsZero": False,
    "groupable": True, "highScaleNumber": False, "htmlFormatted": False, "idLookup": False,
    "inlineHelpText": None, "label": "", "length": 0, "mask": None, "maskType": None, "name": "",
    "nameField": False, "namePointing": False, "nillable": True, "permissionable": False,
    "picklistValues": [], "polymorphicForeignKey": False, "precision": 0, "queryByDistance": False,
    "referenceTargetField": None, "referenceTo": [], "relationshipName": None,
    "relationshipOrder": None, "restrictedDelete": False, "restrictedPicklist": False, "scale": 0,
    "searchPrefilterable": False, "soapType": "xsd:string", "sortable": True, "type": "string",
    "unique": False, "updateable": True, "writeRequiresMasterRead": False,
}
# The 45 keys of an object's describe, with the values most objects have.
_OBJECT_DEFAULTS: dict[str, Any] = {
    "actionOverrides": [], "activateable": False, "associateEntityType": None,
    "associateParentEntity": None, "childRelationships": [], "compactLayoutable": True,
    "createable": True, "custom": False, "customSetting": False, "deepCloneable": False,
    "defaultImplementation": None, "deletable": True, "deprecatedAndHidden": False, "extendedBy": None,
    "extendsInterfaces": None, "feedEnabled": False, "fields": [], "hasSubtypes": False,
    "implementedBy": None, "implementsInterfaces": None, "isInterface": False, "isSubtype": False,
    "keyPrefix": None, "label": "", "labelPlural": "", "layoutable": True, "listviewable": None,
    "lookupLayoutable": None, "mergeable": False, "mruEnabled": True, "name": "",
    "namedLayoutInfos": [], "networkScopeFieldName": None, "queryable": True, "recordTypeInfos": [],
    "replicateable": True, "retrieveable": True, "searchLayoutable": True, "searchable": True,
    "sobjectDescribeOption": "FULL", "supportedScopes": [], "triggerable": True, "undeletable": True,
    "updateable": True, "urls": {},
}
# The keys of an object's row in the global describe (`GET /sobjects`).
_GLOBAL_KEYS = (
    "activateable", "associateEntityType", "associateParentEntity", "createable", "custom",
    "customSetting", "deepCloneable", "deletable", "deprecatedAndHidden", "feedEnabled",
    "hasSubtypes", "isInterface", "isSubtype", "keyPrefix", "label", "labelPlural", "layoutable",
    "mergeable", "mruEnabled", "name", "queryable", "replicateable", "retrieveable", "searchable",
    "triggerable", "undeletable", "updateable",
)
_MASTER_RECORD_TYPE = "012000000000000AAA"


def load_describes(directory: Path = SCHEMA_DIR) -> list[dict[str, Any]]:
    """Every `*.json` document in `directory`, completed, sorted by object name."""
    documents = []
    for path in sorted(directory.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            documents.append(complete_describe(json.load(handle)))
    return documents


def complete_describe(document: dict[str, Any]) -> dict[str, Any]:
    """A full sObject describe from a compact or complete document (which is not changed)."""
    name = document["name"]
    describe = copy.deepcopy(document)
    describe.setdefault("custom", name.endswith("__c"))
    describe.setdefault("label", _label_from_name(name))
    describe.setdefault("labelPlural", describe["label"] + "s")
    describe["fields"] = [complete_field(field) for field in describe.get("fields", [])]
    describe["childRelationships"] = [_complete_child(child) for child in describe.get("childRelationships", [])]
    describe.setdefault("recordTypeInfos", [_master_record_type(name)])
    describe.setdefault("supportedScopes", [
        {"label": f"All {describe['labelPlural'].lower()}", "name": "everything"},
        {"label": f"My {describe['labelPlural'].lower()}", "name": "mine"},
    ])
    describe.setdefault("urls", sobject_urls(name, API_VERSION))
    for key, value in _OBJECT_DEFAULTS.items():
        describe.setdefault(key, copy.copy(value))
    return {key: describe[key] for key in sorted(describe)}


def complete_field(field: dict[str, Any]) -> dict[str, Any]:
    """A field with all 57 describe keys; compact picklist values ("Hot") become objects."""
    completed = dict(field)
    field_type = completed.setdefault("type", "string")
    name = completed["name"]
    completed.setdefault("custom", name.endswith("__c"))
    completed.setdefault("label", _label_from_name(name))
    completed.setdefault("soapType", _SOAP_TYPES.get(field_type, "xsd:string"))
    for key, value in _TYPE_DEFAULTS.get(field_type, {}).items():
        completed.setdefault(key, value)
    if field_type == "textarea" and completed["length"] > 255:  # a long text area
        for key in ("filterable", "groupable", "sortable", "aggregatable"):
            completed.setdefault(key, False)
    if field_type in _TEXT_TYPES or field_type in ("id", "reference"):
        completed.setdefault("byteLength", completed["length"] * 3 if field_type in _TEXT_TYPES else 18)
    completed.setdefault("permissionable", completed["custom"] and completed.get("nillable", True))
    completed["picklistValues"] = [_picklist_value(value) for value in completed.get("picklistValues", [])]
    for key, value in _FIELD_DEFAULTS.items():
        completed.setdefault(key, copy.copy(value))
    return {key: completed[key] for key in sorted(completed)}


def global_entry(describe: dict[str, Any], version: str) -> dict[str, Any]:
    """The object's row in `GET /services/data/vXX.X/sobjects`."""
    entry = {key: describe.get(key, _OBJECT_DEFAULTS.get(key)) for key in _GLOBAL_KEYS}
    entry["urls"] = sobject_urls(describe["name"], version)
    return entry


def sobject_urls(name: str, version: str) -> dict[str, str]:
    base = f"/services/data/v{version}/sobjects/{name}"
    return {
        "compactLayouts": f"{base}/describe/compactLayouts",
        "rowTemplate": f"{base}/{{ID}}",
        "defaultValues": f"{base}/defaultValues?recordTypeId&fields",
        "describe": f"{base}/describe",
        "layouts": f"{base}/describe/layouts",
        "sobject": base,
    }


def _picklist_value(value: str | dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return {"active": True, "defaultValue": False, "label": value, "validFor": None, "value": value}


def _complete_child(child: dict[str, Any]) -> dict[str, Any]:
    defaults = {"cascadeDelete": False, "deprecatedAndHidden": False, "junctionIdListNames": [],
                "junctionReferenceTo": [], "relationshipName": None, "restrictedDelete": False}
    return {**defaults, **child}


def _master_record_type(name: str) -> dict[str, Any]:
    return {
        "active": True, "available": True, "defaultRecordTypeMapping": True, "developerName": "Master",
        "master": True, "name": "Master", "recordTypeId": _MASTER_RECORD_TYPE,
        "urls": {"layout": f"/services/data/v{API_VERSION}/sobjects/{name}/describe/layouts/{_MASTER_RECORD_TYPE}"},
    }


def _label_from_name(name: str) -> str:
    """"Customer_Since__c" -> "Customer Since"; "NumberOfEmployees" -> "Number Of Employees"."""
    words = name.removesuffix("__c").replace("_", " ")
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", words).strip()
