"""The emulated portal's property definitions, as `GET /crm/v3/properties/{objectType}` sends them.

Each definition has every key of HubSpot's `Property` (PROTOCOLS.md §2.4), so the wizard's
field catalog and the connector's type mapping see what a real portal shows: HubSpot-defined
properties with their real names, labels, groups and options, plus the custom properties a
company adds to hold its own internal IDs (`app_company_id`, `app_user_id`: unique values,
`hubspotDefined: false`). Values of every type travel as strings; `type` says how to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

COMPANIES = "companies"
CONTACTS = "contacts"
OBJECT_TYPES = (COMPANIES, CONTACTS)
TYPES = ("string", "number", "date", "datetime", "enumeration", "bool", "phone_number")
#: Properties whose values HubSpot sets itself; a PATCH naming one is refused.
READ_ONLY = frozenset({"hs_object_id", "lastmodifieddate", "hs_lastmodifieddate"})

_DEFINED_AT = "2019-08-06T02:43:14.491Z"
_CUSTOM_AT = "2023-03-14T10:21:07.118Z"
_LIFECYCLE = (
    ("Subscriber", "subscriber"),
    ("Lead", "lead"),
    ("Marketing Qualified Lead", "marketingqualifiedlead"),
    ("Sales Qualified Lead", "salesqualifiedlead"),
    ("Opportunity", "opportunity"),
    ("Customer", "customer"),
    ("Evangelist", "evangelist"),
    ("Other", "other"),
)
_INDUSTRIES = (
    ("Computer Software", "COMPUTER_SOFTWARE"),
    ("Financial Services", "FINANCIAL_SERVICES"),
    ("Hospital & Health Care", "HOSPITAL_HEALTH_CARE"),
    ("Retail", "RETAIL"),
    ("Machinery", "MACHINERY"),
    ("Food & Beverages", "FOOD_BEVERAGES"),
    ("Construction", "CONSTRUCTION"),
    ("Oil & Energy", "OIL_ENERGY"),
    ("Transportation/Trucking/Railroad", "TRANSPORTATION_TRUCKING_RAILROAD"),
    ("Marketing & Advertising", "MARKETING_AND_ADVERTISING"),
    ("Education Management", "EDUCATION_MANAGEMENT"),
    ("Telecommunications", "TELECOMMUNICATIONS"),
)
_LEAD_STATUS = (
    ("New", "NEW"),
    ("Open", "OPEN"),
    ("In Progress", "IN_PROGRESS"),
    ("Open Deal", "OPEN_DEAL"),
    ("Unqualified", "UNQUALIFIED"),
    ("Attempted to Contact", "ATTEMPTED_TO_CONTACT"),
    ("Connected", "CONNECTED"),
    ("Bad Timing", "BAD_TIMING"),
)
_PRODUCTS = (
    ("Analytics", "Analytics"),
    ("Messaging", "Messaging"),
    ("Surveys", "Surveys"),
    ("API Access", "API Access"),
)
_BOOL = (("Yes", "true"), ("No", "false"))
_FIELD_TYPES = {
    "string": "text",
    "number": "number",
    "date": "date",
    "datetime": "date",
    "bool": "booleancheckbox",
    "phone_number": "phonenumber",
    "enumeration": "select",
}


def _definition(
    name: str,
    label: str,
    kind: str,
    group: str,
    *,
    field_type: str | None = None,
    options: Sequence[tuple[str, str]] = (),
    description: str = "",
    unique: bool = False,
    hidden: bool = False,
    custom: bool = False,
    calculated: bool = False,
    external_options: bool = False,
    referenced: str | None = None,
    order: int = -1,
) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "updatedAt": _CUSTOM_AT if custom else _DEFINED_AT,
        "createdAt": _CUSTOM_AT if custom else _DEFINED_AT,
        "name": name,
        "label": label,
        "type": kind,
        "fieldType": field_type or _FIELD_TYPES[kind],
        "description": description,
        "groupName": group,
        "options": [
            {
                "label": text,
                "value": value,
                "description": "",
                "displayOrder": index,
                "hidden": False,
            }
            for index, (text, value) in enumerate(options)
        ],
        "displayOrder": order,
        "calculated": calculated,
        "externalOptions": external_options,
        "hasUniqueValue": unique,
        "hidden": hidden,
        "hubspotDefined": not custom,
        "modificationMetadata": {
            "archivable": custom,
            "readOnlyDefinition": not custom,
            "readOnlyValue": name in READ_ONLY,
        },
        "formField": not hidden and not calculated and name not in READ_ONLY,
        "dataSensitivity": "non_sensitive",
        "archived": False,
    }
    if referenced:
        definition["referencedObjectType"] = referenced
    return definition


def _common(info_group: str) -> list[dict[str, Any]]:
    return [
        _definition(
            "hs_object_id",
            "Record ID",
            "number",
            info_group,
            calculated=True,
            description="The unique ID for this record. This value is automatically set by "
            "HubSpot.",
        ),
        _definition(
            "createdate",
            "Create Date",
            "datetime",
            info_group,
            description="The date the record was created.",
        ),
        _definition(
            "lastmodifieddate",
            "Last Modified Date",
            "datetime",
            info_group,
            calculated=True,
            description="Most recent timestamp of any property update for this record.",
        ),
    ]


def _companies() -> list[dict[str, Any]]:
    group = "companyinformation"
    return [
        *_common(group),
        _definition(
            "hs_lastmodifieddate",
            "Object last modified date/time",
            "datetime",
            group,
            calculated=True,
            description="Most recent timestamp of any property update for this company.",
        ),
        _definition(
            "name", "Company name", "string", group, order=0, description="The name of the company."
        ),
        _definition(
            "domain",
            "Company Domain Name",
            "string",
            group,
            order=1,
            description="The domain name of the company or organization.",
        ),
        _definition(
            "phone",
            "Phone Number",
            "string",
            group,
            field_type="phonenumber",
            description="A company's primary phone number.",
        ),
        _definition(
            "city", "City", "string", group, description="The city where the company is located."
        ),
        _definition(
            "country",
            "Country/Region",
            "string",
            group,
            description="The country/region in which the company or organization is located.",
        ),
        _definition(
            "industry",
            "Industry",
            "enumeration",
            group,
            options=_INDUSTRIES,
            description="The type of business the company performs.",
        ),
        _definition(
            "numberofemployees",
            "Number of Employees",
            "number",
            group,
            description="The total number of employees who work for the company.",
        ),
        _definition(
            "annualrevenue",
            "Annual Revenue",
            "number",
            group,
            description="The actual or estimated annual revenue of the company.",
        ),
        _definition(
            "lifecyclestage",
            "Lifecycle Stage",
            "enumeration",
            group,
            field_type="radio",
            options=_LIFECYCLE,
            description="The qualification of companies to sales readiness.",
        ),
        _definition(
            "is_public",
            "Is Public",
            "bool",
            group,
            options=_BOOL,
            description="Indicates that the company is publicly traded.",
        ),
        _definition(
            "founded_year",
            "Year Founded",
            "string",
            group,
            description="The year the company was created.",
        ),
        _definition(
            "app_company_id",
            "App Company ID",
            "string",
            group,
            unique=True,
            custom=True,
            description="The company's ID in our application database, set by our backend.",
        ),
        _definition(
            "products_used",
            "Products Used",
            "enumeration",
            group,
            field_type="checkbox",
            options=_PRODUCTS,
            custom=True,
            description="The products this company has switched on.",
        ),
        _definition(
            "customer_since",
            "Customer Since",
            "date",
            group,
            custom=True,
            description="The day the company's first subscription started.",
        ),
    ]


def _contacts() -> list[dict[str, Any]]:
    group = "contactinformation"
    return [
        *_common(group),
        _definition(
            "firstname",
            "First Name",
            "string",
            group,
            order=0,
            description="A contact's first name",
        ),
        _definition(
            "lastname", "Last Name", "string", group, order=1, description="A contact's last name"
        ),
        _definition(
            "email", "Email", "string", group, order=2, description="A contact's email address"
        ),
        _definition(
            "phone",
            "Phone Number",
            "string",
            group,
            field_type="phonenumber",
            description="A contact's primary phone number",
        ),
        _definition(
            "mobilephone",
            "Mobile Phone Number",
            "phone_number",
            group,
            description="A contact's mobile phone number",
        ),
        _definition("jobtitle", "Job Title", "string", group, description="A contact's job title"),
        _definition(
            "company",
            "Company Name",
            "string",
            group,
            description="Name of the contact's company, as the contact typed it in a form.",
        ),
        _definition("city", "City", "string", group, description="A contact's city of residence"),
        _definition(
            "country",
            "Country/Region",
            "string",
            group,
            description="The contact's country/region of residence.",
        ),
        _definition(
            "lifecyclestage",
            "Lifecycle Stage",
            "enumeration",
            group,
            field_type="radio",
            options=_LIFECYCLE,
            description="The qualification of contacts to sales readiness.",
        ),
        _definition(
            "hs_lead_status",
            "Lead Status",
            "enumeration",
            "sales_properties",
            field_type="radio",
            options=_LEAD_STATUS,
            description="The contact's sales, prospecting or outreach status",
        ),
        _definition(
            "associatedcompanyid",
            "Primary Associated Company ID",
            "number",
            group,
            hidden=True,
            external_options=True,
            referenced="COMPANY",
            description="HubSpot defined ID of a contact's primary associated company in HubSpot.",
        ),
        _definition(
            "app_user_id",
            "App User ID",
            "string",
            group,
            unique=True,
            custom=True,
            description="The user's ID in our application database, set by our backend.",
        ),
        _definition(
            "newsletter_opt_in",
            "Newsletter Opt-in",
            "bool",
            group,
            options=_BOOL,
            custom=True,
            description="Whether the contact asked for the monthly newsletter.",
        ),
        _definition(
            "trial_started",
            "Trial Started",
            "date",
            group,
            custom=True,
            description="The day the contact started a free trial.",
        ),
    ]


def _by_name(definitions: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {definition["name"]: definition for definition in definitions}


#: object type -> property name -> definition. Shared and read-only: copy before changing.
PROPERTIES: dict[str, dict[str, dict[str, Any]]] = {
    COMPANIES: _by_name(_companies()),
    CONTACTS: _by_name(_contacts()),
}

#: What a record read without `properties` shows, besides the always-present ones.
DEFAULT_PROPERTIES = {COMPANIES: ("name", "domain"), CONTACTS: ("firstname", "lastname", "email")}
#: Present on every record read, whatever was asked for.
ALWAYS_PROPERTIES = {
    COMPANIES: ("createdate", "hs_lastmodifieddate", "hs_object_id", "lastmodifieddate"),
    CONTACTS: ("createdate", "hs_object_id", "lastmodifieddate"),
}
#: Properties the search `query` text is matched against (HubSpot's default searchable ones).
QUERY_PROPERTIES = {
    COMPANIES: ("name", "domain", "phone"),
    CONTACTS: ("firstname", "lastname", "email", "phone", "company"),
}

_ALIASES = {
    "companies": COMPANIES,
    "company": COMPANIES,
    "0-2": COMPANIES,
    "contacts": CONTACTS,
    "contact": CONTACTS,
    "0-1": CONTACTS,
}


def object_type(name: str) -> str | None:
    """The canonical type for a path segment ("contact", "0-1" and "contacts" are all contacts)."""
    return _ALIASES.get(name.lower())


def property_type(object_type_name: str, name: str) -> str | None:
    definition = PROPERTIES[object_type_name].get(name)
    return None if definition is None else definition["type"]
