"""Schemas shaped like a real Salesforce org's describe (Account, Contact, Opportunity, User,
a custom Subscription__c with a lookup to Account), for checking core against.

The shapes follow PROTOCOLS.md §1.3: compound addresses next to their components, lookups
with their relationship names, picklists with their active values, long text not filterable.
"""

from __future__ import annotations

from types import MappingProxyType

from gather_desktop.core.schema import FieldInfo, ObjectSchema, ObjectSummary


def _schema(name: str, label: str, *fields: FieldInfo, custom: bool = False) -> ObjectSchema:
    return ObjectSchema(name=name, label=label, custom=custom,
                        fields=MappingProxyType({f.name: f for f in fields}))


def _address(prefix: str) -> tuple[FieldInfo, ...]:
    compound = f"{prefix}Address"
    return (
        FieldInfo(f"{prefix}Street", f"{prefix} Street", "textarea", compound_field_name=compound),
        FieldInfo(f"{prefix}City", f"{prefix} City", "string", compound_field_name=compound),
        FieldInfo(f"{prefix}State", f"{prefix} State/Province", "string",
                  compound_field_name=compound),
        FieldInfo(f"{prefix}PostalCode", f"{prefix} Zip/Postal Code", "string",
                  compound_field_name=compound),
        FieldInfo(f"{prefix}Country", f"{prefix} Country", "string", compound_field_name=compound),
        FieldInfo(compound, f"{prefix} Address", "address", filterable=False),
    )


ID = FieldInfo("Id", "Account ID", "id", nillable=False)

ACCOUNT = _schema(
    "Account", "Account",
    ID,
    FieldInfo("Name", "Account Name", "string", nillable=False, length=255),
    FieldInfo("Phone", "Account Phone", "phone"),
    FieldInfo("Description", "Account Description", "textarea", filterable=False),
    FieldInfo("Industry", "Industry", "picklist",
              picklist_values=("Agriculture", "Banking", "Energy", "Technology")),
    *_address("Billing"),
    FieldInfo("Website", "Website", "url"),
    FieldInfo("YearStarted", "Year Started", "string", length=4),
    FieldInfo("NumberOfEmployees", "Employees", "int"),
    FieldInfo("AnnualRevenue", "Annual Revenue", "currency"),
    FieldInfo("ParentId", "Parent Account ID", "reference", reference_to=("Account",),
              relationship_name="Parent"),
    FieldInfo("OwnerId", "Owner ID", "reference", reference_to=("User",),
              relationship_name="Owner"),
    FieldInfo("CreatedDate", "Created Date", "datetime"),
    FieldInfo("Gather_Id__c", "Gather ID", "string", unique=True, external_id=True),
    FieldInfo("Plan_Tier__c", "Plan Tier", "picklist",
              picklist_values=("Free", "Pro", "Enterprise")),
    FieldInfo("Industry__c", "Industry (legacy)", "string"),
    FieldInfo("Salesforce_Id__c", "Salesforce ID (copy)", "string"),
    FieldInfo("Legacy_Key__c", "Legacy key", "string"),
    FieldInfo("Regions__c", "Regions", "multipicklist", picklist_values=("EMEA", "AMER", "APAC")),
    FieldInfo("Is_Customer__c", "Is customer", "boolean", nillable=False),
    FieldInfo("Renewal_Date__c", "Renewal date", "date"),
    FieldInfo("Last_Login__c", "Last login", "datetime"),
    FieldInfo("Health_Score__c", "Health score", "percent"),
    FieldInfo("Logo__c", "Logo", "base64", filterable=False),
    FieldInfo("Location__c", "Location", "location", filterable=False),
)

CONTACT = _schema(
    "Contact", "Contact",
    FieldInfo("Id", "Contact ID", "id", nillable=False),
    FieldInfo("FirstName", "First Name", "string"),
    FieldInfo("LastName", "Last Name", "string", nillable=False),
    FieldInfo("Email", "Email", "email"),
    FieldInfo("Phone", "Business Phone", "phone"),
    FieldInfo("Title", "Title", "string"),
    FieldInfo("AccountId", "Account ID", "reference", reference_to=("Account",),
              relationship_name="Account"),
    FieldInfo("OwnerId", "Owner ID", "reference", reference_to=("User",),
              relationship_name="Owner"),
    *_address("Mailing"),
    FieldInfo("Birthdate", "Birthdate", "date"),
    FieldInfo("HasOptedOutOfEmail", "Email Opt Out", "boolean", nillable=False),
    FieldInfo("External_Id__c", "External ID", "string", external_id=True),
    FieldInfo("Account_Id__c", "Account ID (text)", "string"),
)

OPPORTUNITY = _schema(
    "Opportunity", "Opportunity",
    FieldInfo("Id", "Opportunity ID", "id", nillable=False),
    FieldInfo("Name", "Name", "string", nillable=False),
    FieldInfo("Amount", "Amount", "currency"),
    FieldInfo("StageName", "Stage", "picklist",
              picklist_values=("Prospecting", "Negotiation", "Closed Won", "Closed Lost")),
    FieldInfo("CloseDate", "Close Date", "date", nillable=False),
    FieldInfo("IsWon", "Won", "boolean", nillable=False),
    FieldInfo("AccountId", "Account ID", "reference", reference_to=("Account",),
              relationship_name="Account"),
)

SUBSCRIPTION = _schema(
    "Subscription__c", "Subscription",
    FieldInfo("Id", "Record ID", "id", nillable=False),
    FieldInfo("Name", "Subscription Name", "string"),
    FieldInfo("Account__c", "Account", "reference", reference_to=("Account",),
              relationship_name="Account__r"),
    FieldInfo("Partner_Account__c", "Partner account", "reference", reference_to=("Account",),
              relationship_name="Partner_Account__r"),
    FieldInfo("Plan__c", "Plan", "picklist", picklist_values=("Basic", "Plus")),
    FieldInfo("Seats__c", "Seats", "double"),
    FieldInfo("Start_Date__c", "Start date", "date"),
    FieldInfo("Ends_At__c", "Ends at", "datetime"),
    FieldInfo("Features__c", "Features", "multipicklist", picklist_values=("SSO", "API", "Audit")),
    custom=True,
)

USER = _schema(
    "User", "User",
    FieldInfo("Id", "User ID", "id", nillable=False),
    FieldInfo("Name", "Full Name", "string"),
    FieldInfo("Email", "Email", "email", nillable=False),
)

SCHEMAS = {schema.name: schema for schema in (ACCOUNT, CONTACT, OPPORTUNITY, SUBSCRIPTION, USER)}

OBJECTS = [ObjectSummary(s.name, s.label, s.custom, True) for s in SCHEMAS.values()] + [
    ObjectSummary("AccountHistory", "Account History", False, False)]


def schemas(name: str) -> ObjectSchema:
    """Like a connector's `schema`: case-insensitive; an unknown object is a test bug."""
    for schema in SCHEMAS.values():
        if schema.name.lower() == name.lower():
            return schema
    raise AssertionError(f"validation asked for {name}, which the org does not list")


def without(schema: ObjectSchema, *names: str) -> ObjectSchema:
    """The schema after someone deleted these fields in Salesforce."""
    kept = {n: f for n, f in schema.fields.items() if n not in names}
    return ObjectSchema(schema.name, schema.label, schema.custom, MappingProxyType(kept))
