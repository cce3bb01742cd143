"""Record Ids with the real case-safe suffix, and describe documents completed to Salesforce's full shape."""

from __future__ import annotations

import json

import pytest

from gather_desktop.sandbox.salesforce_ids import canonical_id, case_safe_suffix, make_id
from gather_desktop.sandbox.salesforce_schema import SCHEMA_DIR, complete_describe, complete_field, load_describes


def test_the_suffix_is_computed_the_salesforce_way():
    # The example from Salesforce's knowledge base: 001D000000IqhSL -> 001D000000IqhSLIAZ.
    assert case_safe_suffix("001D000000IqhSL") == "IAZ"
    assert canonical_id("001D000000IqhSL") == "001D000000IqhSLIAZ"


def test_an_18_character_id_is_read_in_any_letter_case():
    record_id = make_id("003", 1_234_567_890)
    assert len(record_id) == 18 and record_id.startswith("0035g")
    assert canonical_id(record_id.lower()) == record_id
    assert canonical_id(record_id.upper()) == record_id
    assert canonical_id(record_id[:15]) == record_id


@pytest.mark.parametrize("value", ["", "001", "001D000000IqhS-", "001D000000IqhSLIA9", "0" * 16, "001D000000IqhSL!AZ"])
def test_what_is_not_an_id(value):
    assert canonical_id(value) is None


def test_committed_documents_are_compact_and_complete_when_served():
    for path in SCHEMA_DIR.glob("*.json"):
        compact = json.loads(path.read_text(encoding="utf-8"))
        assert all(len(field) <= 12 for field in compact["fields"]), path.name
    describes = {describe["name"]: describe for describe in load_describes()}
    assert set(describes) == {"Account", "Contact", "Opportunity", "User", "Subscription__c"}
    for describe in describes.values():
        assert len(describe) == 45
        assert all(len(field) == 57 for field in describe["fields"])


def test_a_real_orgs_full_field_is_served_as_it_came():
    real = complete_field({"name": "Rating", "type": "picklist", "label": "Account Rating",
                           "picklistValues": ["Hot"]})
    real = {**real, "inlineHelpText": "How warm the lead is", "length": 40, "byteLength": 120,
            "picklistValues": [{"active": True, "defaultValue": True, "label": "Hot", "validFor": None,
                                "value": "Hot"}]}
    assert complete_field(real) == real
    describe = complete_describe({"name": "Thing__c", "keyPrefix": "a0Y", "fields": [real], "label": "Gadget",
                                  "feedEnabled": True})
    assert describe["fields"] == [real]
    assert (describe["label"], describe["labelPlural"], describe["custom"], describe["feedEnabled"]) == (
        "Gadget", "Gadgets", True, True)


def test_type_defaults_fill_the_gaps():
    assert complete_field({"name": "Amount__c", "type": "currency"})["scale"] == 2
    textarea = complete_field({"name": "Notes__c", "type": "textarea", "length": 32768})
    assert (textarea["filterable"], textarea["sortable"], textarea["byteLength"]) == (False, False, 98304)
    flag = complete_field({"name": "Active__c", "type": "boolean"})
    assert (flag["nillable"], flag["defaultValue"], flag["soapType"]) == (False, False, "xsd:boolean")
    assert complete_field({"name": "Customer_Since__c", "type": "date"})["label"] == "Customer Since"
