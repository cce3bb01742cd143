"""Property definitions and v4 associations through the real client."""

from __future__ import annotations

import pytest
from hubspot.crm.associations.v4 import BatchInputPublicFetchAssociationsBatchRequest
from hubspot.crm.properties.exceptions import NotFoundException

from gather_desktop.sandbox.hubspot_properties import TYPES
from tests.sandbox_hubspot.conftest import call, client, raw

COMPANY_MUST = {
    "name",
    "domain",
    "city",
    "country",
    "industry",
    "numberofemployees",
    "annualrevenue",
    "lifecyclestage",
    "is_public",
    "founded_year",
    "app_company_id",
    "hs_object_id",
    "createdate",
    "lastmodifieddate",
    "hs_lastmodifieddate",
}
CONTACT_MUST = {
    "firstname",
    "lastname",
    "email",
    "city",
    "country",
    "jobtitle",
    "phone",
    "lifecyclestage",
    "hs_lead_status",
    "app_user_id",
    "associatedcompanyid",
    "hs_object_id",
    "createdate",
    "lastmodifieddate",
}


@pytest.mark.parametrize(
    ("object_type", "names"), [("companies", COMPANY_MUST), ("contacts", CONTACT_MUST)]
)
def test_property_listing_has_every_key_and_the_promised_properties(demo, object_type, names):
    listed = raw(client(demo).crm.properties.core_api.get_all(object_type, _preload_content=False))
    assert set(listed) == {"results"}
    by_name = {definition["name"]: definition for definition in listed["results"]}
    assert names <= set(by_name)
    for definition in by_name.values():
        assert definition["type"] in TYPES
        assert {
            "label",
            "fieldType",
            "description",
            "groupName",
            "options",
            "hasUniqueValue",
            "hidden",
            "hubspotDefined",
            "calculated",
            "externalOptions",
            "modificationMetadata",
        } <= set(definition)
    enumeration = by_name["lifecyclestage"]
    assert enumeration["type"] == "enumeration" and {
        "label",
        "value",
        "displayOrder",
        "hidden",
    } <= set(enumeration["options"][0])


def test_custom_id_properties_and_the_primary_company_property(demo):
    core = client(demo).crm.properties.core_api
    company_id = core.get_by_name("companies", "app_company_id")
    assert (
        company_id.label,
        company_id.group_name,
        company_id.has_unique_value,
        company_id.hubspot_defined,
    ) == ("App Company ID", "companyinformation", True, False)
    user_id = core.get_by_name("contacts", "app_user_id")
    assert (user_id.label, user_id.has_unique_value) == ("App User ID", True)
    primary = core.get_by_name("contacts", "associatedcompanyid")
    assert (primary.type, primary.hidden, primary.label, primary.referenced_object_type) == (
        "number",
        True,
        "Primary Associated Company ID",
        "COMPANY",
    )
    with pytest.raises(NotFoundException):
        core.get_by_name("contacts", "nosuch")


def test_v4_associations_of_one_contact(demo):
    page = client(demo).crm.associations.v4.basic_api.get_page("contacts", "1004", "companies")
    links = [
        (link.to_object_id, [(kind.type_id, kind.label) for kind in link.association_types])
        for link in page.results
    ]
    assert links == [("5000000004", [(1, "Primary"), (279, None)]), ("5000000013", [(279, None)])]
    back = call(demo, "GET", "/crm/v4/objects/companies/5000000001/associations/contacts").json()
    assert [link["toObjectId"] for link in back["results"]] == ["1001", "1026", "1051", "1076"]
    assert back["results"][0]["associationTypes"][0]["typeId"] == 2


def test_v4_batch_read_reports_contacts_without_a_company(demo):
    batch = client(demo).crm.associations.v4.batch_api
    answer = raw(
        batch.get_page(
            "contacts",
            "companies",
            BatchInputPublicFetchAssociationsBatchRequest(inputs=[{"id": "1001"}, {"id": "1006"}]),
            _preload_content=False,
        )
    )
    assert [
        (result["from"]["id"], result["to"][0]["toObjectId"]) for result in answer["results"]
    ] == [("1001", "5000000001")]
    assert answer["numErrors"] == 1 and answer["errors"][0]["context"]["fromObjectId"] == ["1006"]


def test_associatedcompanyid_follows_the_primary_company(demo):
    demo.portal.update("contacts", "1006", {"associatedcompanyid": "5000000003"})
    page = client(demo).crm.associations.v4.basic_api.get_page("contacts", "1006", "companies")
    assert [link.to_object_id for link in page.results] == ["5000000003"]
