"""The data the Salesforce sandbox starts with: the hand-made `demo` org and generated `scale` orgs.

`demo` is a believable small org made to exercise what goes wrong in real ones: accounts over
several industries, some with a blank Gather ID and two sharing one by mistake; names with
accents, Japanese and an apostrophe; activity times a few seconds before midnight UTC (which a
time-zone slip would move to the next day); contacts without email or without account, and one
whose Gather user ID is a 15-character Salesforce Id pasted in by hand; opportunities of which a
clear subset is Closed Won; subscriptions (a custom object) linked to accounts. Everything is
fixed data with fixed timestamps, so tests can name what they expect.

`scale` is generated for benchmarks: N accounts and M contacts, the same for the same seed,
100,000 of each in a few seconds. Each record draws one random number and takes its choices
from its bits, and values repeat from small pools, so the records share strings and stay small.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from typing import Any

from gather_desktop.sandbox.salesforce_ids import make_id
from gather_desktop.sandbox.salesforce_org import STAGE_PROBABILITY, SalesforceOrg
from gather_desktop.sandbox.salesforce_schema import load_describes

DATASETS = ("demo", "scale")
DEMO_USERNAME = "ops@demo-org.example"
SCALE_USERNAME = "ops@scale-org.example"
DEFAULT_SCALE_RECORDS = 10_000

_CREATED = "2023-01-16T09:30:00.000+0000"
_MODIFIED = "2024-06-03T14:05:00.000+0000"

# (first, last, email, active)
_DEMO_USERS = (
    ("Olivia", "Park", DEMO_USERNAME, True),
    ("Sam", "Rivera", "sam.rivera@demo-org.example", True),
    ("Priya", "Nair", "priya.nair@demo-org.example", True),
    ("Tom", "Becker", "tom.becker@demo-org.example", False),
)

# Name, Industry, Type, Gather_Id__c, employees, revenue, (street, city, state, postal, country),
# phone, website, year started, plan tier, customer since, health, products, last activity,
# owner (index into _DEMO_USERS), parent (index into this tuple).
_DEMO_ACCOUNTS: tuple[tuple[Any, ...], ...] = (
    ("Acme Corporation", "Manufacturing", "Customer - Direct", "G-1001", 1200, 250_000_000,
     ("1 Market St", "San Francisco", "CA", "94105", "United States"), "(415) 555-0100", "https://acme.example",
     "1948", "Enterprise", "2019-03-01", 82.5, "Analytics;Messaging;API Access",
     "2024-05-31T23:59:30.000+0000", 0, None),
    ("Globex Energy", "Energy", "Customer - Direct", "G-1002", 340, 48_000_000,
     ("500 Louisiana St", "Houston", "TX", "77002", "United States"), "(713) 555-0142", "https://globex.example",
     "1989", "Growth", "2020-07-15", 74.0, "Analytics", "2024-06-02T10:15:00.000+0000", 1, None),
    ("Initech", "Technology", "Customer - Channel", "G-1003", 85, 9_500_000,
     ("4120 Freidrich Ln", "Austin", "TX", "78744", "United States"), "(512) 555-0199", "https://initech.example",
     "1996", "Starter", "2021-11-08", 55.5, "Surveys", "2024-04-30T23:58:00.000+0000", 1, None),
    ("Umbrella Health", "Healthcare", "Customer - Direct", "G-1004", 4200, 910_000_000,
     ("200 Longwood Ave", "Boston", "MA", "02115", "United States"), "(617) 555-0111", "https://umbrella.example",
     "1972", "Enterprise", "2018-05-20", 91.0, "Analytics;Messaging;Surveys", "2024-06-01T08:00:00.000+0000", 2, None),
    ("Müller Maschinenbau GmbH", "Machinery", "Customer - Direct", "G-1005", 610, 120_000_000,
     ("Königstraße 12", "Stuttgart", "Baden-Württemberg", "70173", "Germany"), "+49 711 555010",
     "https://mueller-maschinenbau.example", "1921", "Growth", "2020-02-03", 68.0, "Analytics;API Access",
     "2024-05-15T23:59:59.000+0000", 2, None),
    ("Café Olé", "Food & Beverage", "Customer - Channel", "G-1006", 35, 2_100_000,
     ("Calle de Alcalá 48", "Madrid", "Madrid", "28014", "Spain"), "+34 91 555 0123", "https://cafeole.example",
     "2011", "Starter", "2022-09-12", 47.5, "Messaging", "2024-03-31T23:30:00.000+0000", 1, None),
    ("東京トレーディング", "Retail", "Customer - Direct", "G-1007", 230, 61_000_000,
     ("丸の内1-1-1", "千代田区", "東京都", "100-0005", "Japan"), "+81 3-5555-0107", "https://tokyo-trading.example",
     "1984", "Growth", "2021-04-01", 77.0, "Analytics;Surveys", "2024-06-02T15:00:00.000+0000", 2, None),
    ("O'Brien & Sons", "Construction", "Customer - Direct", "G-1008", 150, 27_000_000,
     ("12 Harcourt St", "Dublin", "Dublin", "D02 X285", "Ireland"), "+353 1 555 0188", "https://obrien-sons.example",
     "1955", "Growth", "2019-10-10", 63.0, "Messaging;Surveys", "2024-05-20T12:00:00.000+0000", 0, None),
    ("Northwind Traders", "Retail", "Customer - Direct", "G-1009", 410, 75_000_000,
     ("2 Pike Pl", "Seattle", "WA", "98101", "United States"), "(206) 555-0165", "https://northwind.example",
     "1991", "Enterprise", "2018-08-30", 88.0, "Analytics;Messaging", "2024-06-01T23:59:00.000+0000", 1, None),
    ("Northwind Logistics", "Transportation", "Customer - Direct", "G-1009", 95, 14_000_000,  # G-1009 copied by mistake
     ("80 S Jackson St", "Seattle", "WA", "98104", "United States"), "(206) 555-0166",
     "https://northwind-logistics.example", "2003", "Starter", "2022-01-17", 51.0, "Surveys",
     "2024-05-02T09:45:00.000+0000", 1, None),
    ("Blue Sky Solar", "Energy", "Prospect", None, 45, 6_800_000,
     ("1 E Washington St", "Phoenix", "AZ", "85004", "United States"), "(602) 555-0120", "https://bluesky.example",
     "2014", None, None, None, None, None, 3, None),
    ("Stark Biotech", "Biotechnology", "Customer - Direct", "G-1011", 780, 310_000_000,
     ("10 Cambridge Ctr", "Cambridge", "MA", "02142", "United States"), "(617) 555-0177", "https://stark.example",
     "1999", "Enterprise", "2019-06-24", 85.5, "Analytics;API Access", "2024-06-03T07:20:00.000+0000", 2, None),
    ("Wayne Financial", "Banking", "Customer - Direct", "G-1012", 2300, 1_400_000_000,
     ("1007 Mountain Dr", "New York", "NY", "10005", "United States"), "(212) 555-0139", "https://wayne.example",
     "1939", "Enterprise", "2017-12-01", 93.0, "Analytics;Messaging;Surveys;API Access",
     "2024-05-31T23:45:00.000+0000", 0, None),
    ("Oceanic Airlines", "Transportation", "Prospect", "G-1013", 5100, 2_900_000_000,
     ("10 Shelley St", "Sydney", "NSW", "2000", "Australia"), "+61 2 5550 1013", "https://oceanic.example",
     "1967", None, None, None, None, None, 3, None),
    ("Hooli Media", "Media", "Customer - Channel", None, 620, 95_000_000,
     ("1 Hooli Way", "Mountain View", "CA", "94043", "United States"), "(650) 555-0150", "https://hooli.example",
     "2004", "Growth", "2021-08-09", 59.0, "Messaging", "2024-04-15T18:30:00.000+0000", 1, None),
    ("Pied Piper", "Technology", "Prospect", "G-1015", 12, 400_000,
     ("5230 Newell Rd", "Palo Alto", "CA", "94303", "United States"), "(650) 555-0112", "https://piedpiper.example",
     "2014", "Free", "2023-02-14", 38.0, None, "2024-02-29T23:59:59.000+0000", 1, None),
    ("Energía Verde S.A.", "Energy", "Customer - Direct", "G-1016", 120, 22_000_000,
     ("Paseo de la Castellana 95", "Madrid", "Madrid", "28046", "Spain"), "+34 91 555 0190",
     "https://energiaverde.example", "2008", "Growth", "2020-10-05", 71.5, "Analytics;Messaging",
     "2024-05-31T23:59:10.000+0000", 2, None),
    ("Cyberdyne Systems", "Electronics", "Other", None, 300, 53_000_000,
     ("18144 El Camino Real", "Sunnyvale", "CA", "94087", "United States"), "(408) 555-0133",
     "https://cyberdyne.example", "1984", None, None, None, None, None, 3, None),
    ("Gringotts Bank", "Banking", "Customer - Direct", "G-1019", 870, 640_000_000,
     ("1 Diagon Aly", "London", "England", "EC2N 2DB", "United Kingdom"), "+44 20 5550 1019",
     "https://gringotts.example", "1474", "Enterprise", "2018-01-22", 79.0, "Analytics;Surveys",
     "2024-06-02T21:10:00.000+0000", 0, None),
    ("Acme Corporation EMEA", "Manufacturing", "Customer - Direct", "G-1020", 260, 44_000_000,
     ("Herengracht 420", "Amsterdam", "Noord-Holland", "1017 BZ", "Netherlands"), "+31 20 555 0120",
     "https://acme.example/emea", "2002", "Growth", "2020-05-11", 72.0, "Analytics", "2024-05-30T11:00:00.000+0000",
     0, 0),
)

# First, last, account (index into _DEMO_ACCOUNTS or None), email (None: no email), title,
# department, Gather_User_Id__c ("<own 15>": the contact's own Id cut to 15 characters).
_DEMO_CONTACTS: tuple[tuple[Any, ...], ...] = (
    ("Alice", "Nguyen", 0, "alice.nguyen@acme.example", "VP Operations", "Operations", "U-2001"),
    ("Brian", "Kowalski", 0, "brian.kowalski@acme.example", "Customer Success Lead", "Support", "U-2002"),
    ("Carmen", "Ortiz", 0, None, "Procurement Manager", "Finance", "U-2003"),
    ("Dmitri", "Volkov", 0, "dmitri.volkov@acme.example", "IT Director", "IT", "U-2004"),
    ("Erin", "Walsh", 1, "erin.walsh@globex.example", "Head of Analytics", "Analytics", "U-2005"),
    ("Farid", "Haddad", 1, "farid.haddad@globex.example", "Plant Manager", "Operations", "U-2006"),
    ("Grace", "Kim", 1, "grace.kim@globex.example", "CFO", "Finance", "U-2007"),
    ("Hector", "Ramírez", 2, "hector.ramirez@initech.example", "Engineering Manager", "Engineering", "U-2008"),
    ("Ines", "Duarte", 2, None, "Office Manager", "Administration", "U-2009"),
    ("Jamal", "Baker", 2, "jamal.baker@initech.example", "Developer", "Engineering", "U-2010"),
    ("Karen", "Li", 3, "karen.li@umbrella.example", "Chief Medical Officer", "Clinical", "U-2011"),
    ("Luis", "Fernández", 3, "luis.fernandez@umbrella.example", "Director of IT", "IT", "U-2012"),
    ("Maya", "Singh", 3, "maya.singh@umbrella.example", "Analyst", "Analytics", "U-2013"),
    ("Noah", "Schwartz", 3, "noah.schwartz@umbrella.example", "Buyer", "Procurement", "U-2014"),
    ("Jürgen", "Weiß", 4, "juergen.weiss@mueller-maschinenbau.example", "Geschäftsführer", "Management", "U-2015"),
    ("Anke", "Schröder", 4, "anke.schroeder@mueller-maschinenbau.example", "Leiterin IT", "IT", "U-2016"),
    ("Lukas", "Bauer", 4, None, "Einkauf", "Procurement", "U-2017"),
    ("José", "Álvarez", 5, "jose.alvarez@cafeole.example", "Propietario", "Management", "U-2018"),
    ("Lucía", "Navarro", 5, "lucia.navarro@cafeole.example", "Gerente", "Operations", "U-2019"),
    ("太郎", "田中", 6, "taro.tanaka@tokyo-trading.example", "部長", "営業", "U-2020"),
    ("花子", "鈴木", 6, "hanako.suzuki@tokyo-trading.example", "マネージャー", "IT", "U-2021"),
    ("Kenji", "Watanabe", 6, "kenji.watanabe@tokyo-trading.example", "Analyst", "Analytics", "U-2022"),
    ("Siobhán", "O'Connor", 7, "siobhan.oconnor@obrien-sons.example", "Managing Director", "Management", "U-2023"),
    ("Patrick", "O'Brien", 7, "patrick.obrien@obrien-sons.example", "Site Manager", "Operations", "U-2024"),
    ("Ciara", "Byrne", 7, None, "Accounts", "Finance", "U-2025"),
    ("Rachel", "Adams", 8, "rachel.adams@northwind.example", "COO", "Operations", "U-2026"),
    ("Steven", "Buchanan", 8, "steven.buchanan@northwind.example", "Sales Manager", "Sales", "U-2027"),
    ("Nancy", "Davolio", 8, "nancy.davolio@northwind.example", "Sales Representative", "Sales", "U-2028"),
    ("Andrew", "Fuller", 9, "andrew.fuller@northwind-logistics.example", "Fleet Manager", "Operations", "U-2029"),
    ("Janet", "Leverling", 9, "janet.leverling@northwind-logistics.example", "Dispatcher", "Operations", "U-2030"),
    ("Omar", "Shah", 10, "omar.shah@bluesky.example", "Founder", "Management", "U-2031"),
    ("Paula", "Reyes", 10, "paula.reyes@bluesky.example", "Installer Lead", "Field", "U-2032"),
    ("Quentin", "Blake", 11, "quentin.blake@stark.example", "Lab Director", "Research", "U-2033"),
    ("Rosa", "Martins", 11, "rosa.martins@stark.example", "Data Scientist", "Research", "U-2034"),
    ("Samuel", "Osei", 11, "samuel.osei@stark.example", "IT Manager", "IT", "<own 15>"),
    ("Tara", "Mehta", 12, "tara.mehta@wayne.example", "Head of Digital", "Digital", "U-2036"),
    ("Uma", "Patel", 12, "uma.patel@wayne.example", "Risk Analyst", "Risk", "U-2037"),
    ("Victor", "Chen", 12, "victor.chen@wayne.example", "CTO", "Technology", "U-2038"),
    ("Wendy", "Hughes", 12, None, "Executive Assistant", "Administration", "U-2039"),
    ("Xavier", "Dubois", 13, "xavier.dubois@oceanic.example", "Director of Operations", "Operations", "U-2040"),
    ("Yara", "Haddad", 13, "yara.haddad@oceanic.example", "Procurement Lead", "Procurement", "U-2041"),
    ("Zoë", "Ødegaard", 14, "zoe.odegaard@hooli.example", "Product Manager", "Product", "U-2042"),
    ("Gavin", "Belson", 14, "gavin.belson@hooli.example", "CEO", "Management", "U-2043"),
    ("Richard", "Hendricks", 15, "richard.hendricks@piedpiper.example", "CEO", "Management", "U-2044"),
    ("Monica", "Hall", 15, "monica.hall@piedpiper.example", "CFO", "Finance", "U-2045"),
    ("Ana", "García", 16, "ana.garcia@energiaverde.example", "Directora Técnica", "Engineering", "U-2046"),
    ("Pablo", "Ruiz", 16, "pablo.ruiz@energiaverde.example", "Analista", "Analytics", "U-2047"),
    ("Miles", "Dyson", 17, "miles.dyson@cyberdyne.example", "Director of Special Projects", "Research", "U-2048"),
    ("Sarah", "Connor", 17, None, "Consultant", "Security", "U-2049"),
    ("Griphook", "Goblin", 18, "griphook@gringotts.example", "Head of Vaults", "Operations", "U-2050"),
    ("Bill", "Weasley", 18, "bill.weasley@gringotts.example", "Curse Breaker", "Risk", "U-2051"),
    ("Fleur", "Delacour", 18, "fleur.delacour@gringotts.example", "Liaison", "Client Services", "U-2052"),
    ("Sanne", "de Vries", 19, "sanne.devries@acme.example", "Regional Manager", "Operations", "U-2053"),
    ("Pieter", "Jansen", 19, "pieter.jansen@acme.example", "Support Engineer", "Support", "U-2054"),
    ("Elif", "Yılmaz", 19, "elif.yilmaz@acme.example", "Analyst", "Analytics", "U-2055"),
    ("Leah", "Goldberg", None, "leah.goldberg@freelance.example", "Consultant", None, "U-2056"),
    ("Marco", "Rossi", None, "marco.rossi@partner.example", "Partner Manager", "Partnerships", "U-2057"),
    ("Nina", "Petrova", None, None, "Event Lead", "Marketing", "U-2058"),
    ("Oscar", "Lindqvist", 1, "oscar.lindqvist@globex.example", "Safety Officer", "Operations", None),
    ("Priyanka", "Rao", 3, "priyanka.rao@umbrella.example", "Nurse Informaticist", "Clinical", "U-2060"),
)

# Account (index), name, stage, amount, close date.
_DEMO_OPPORTUNITIES: tuple[tuple[Any, ...], ...] = (
    (0, "Acme - Enterprise renewal 2024", "Closed Won", 180_000.00, "2024-03-29"),
    (0, "Acme - API Access add-on", "Negotiation/Review", 24_000.00, "2024-07-31"),
    (1, "Globex - Analytics expansion", "Closed Won", 56_500.00, "2024-01-19"),
    (1, "Globex - Messaging pilot", "Closed Lost", 12_000.00, "2023-11-30"),
    (2, "Initech - Surveys starter", "Proposal/Price Quote", 6_000.00, "2024-08-15"),
    (2, "Initech - Analytics upgrade", "Closed Lost", 18_000.00, "2024-02-28"),
    (3, "Umbrella - Enterprise suite", "Closed Won", 420_000.00, "2023-12-15"),
    (3, "Umbrella - Clinical surveys", "Value Proposition", 35_000.00, "2024-09-30"),
    (4, "Müller - Jahresvertrag 2024", "Closed Won", 96_000.00, "2024-01-31"),
    (5, "Café Olé - Messaging", "Qualification", 3_600.00, "2024-07-01"),
    (6, "東京トレーディング - 分析パッケージ", "Id. Decision Makers", 72_000.00, "2024-10-01"),
    (7, "O'Brien & Sons - Growth plan", "Closed Won", 38_400.00, "2024-04-30"),
    (8, "Northwind - Enterprise renewal", "Closed Won", 150_000.00, "2024-05-31"),
    (8, "Northwind - Surveys add-on", "Prospecting", 9_000.00, "2024-11-15"),
    (9, "Northwind Logistics - Starter", "Closed Lost", 4_800.00, "2024-03-15"),
    (10, "Blue Sky Solar - First deal", "Prospecting", 7_500.00, "2024-09-01"),
    (11, "Stark - Research analytics", "Negotiation/Review", 210_000.00, "2024-08-30"),
    (12, "Wayne - Global rollout", "Closed Won", 1_250_000.00, "2023-10-31"),
    (12, "Wayne - Risk dashboards", "Closed Won", 85_000.00, "2024-02-29"),
    (13, "Oceanic - Crew messaging", "Perception Analysis", 330_000.00, "2024-12-15"),
    (14, "Hooli - Messaging renewal", "Closed Lost", 48_000.00, "2024-04-01"),
    (15, "Pied Piper - Free to Starter", "Needs Analysis", 1_200.00, "2024-07-20"),
    (16, "Energía Verde - Contrato anual", "Closed Won", 44_000.00, "2024-05-10"),
    (17, "Cyberdyne - Evaluation", "Qualification", 60_000.00, "2024-10-31"),
    (18, "Gringotts - Vault analytics", "Closed Won", 275_000.00, "2024-03-01"),
    (19, "Acme EMEA - Regional rollout", "Proposal/Price Quote", 52_000.00, "2024-09-15"),
)

# Account (index), plan, MRR, start, renewal, status, seats.
_DEMO_SUBSCRIPTIONS: tuple[tuple[Any, ...], ...] = (
    (0, "Enterprise", 15_000.00, "2019-03-01", "2025-03-01", "Active", 450),
    (1, "Growth", 4_700.00, "2020-07-15", "2024-07-15", "Active", 120),
    (2, "Starter", 500.00, "2021-11-08", "2024-11-08", "Past Due", 25),
    (3, "Enterprise", 35_000.00, "2018-05-20", "2025-05-20", "Active", 1800),
    (4, "Growth", 8_000.00, "2020-02-03", "2025-02-03", "Active", 200),
    (5, "Starter", 300.00, "2022-09-12", "2024-09-12", "Trial", 5),
    (7, "Growth", 3_200.00, "2019-10-10", "2024-10-10", "Active", 60),
    (8, "Enterprise", 12_500.00, "2018-08-30", "2025-08-30", "Active", 300),
    (9, "Starter", 400.00, "2022-01-17", "2024-01-17", "Cancelled", 15),
    (12, "Enterprise", 104_000.00, "2017-12-01", "2025-12-01", "Active", 5000),
    (16, "Growth", 3_700.00, "2020-10-05", "2024-10-05", "Active", 45),
    (18, "Enterprise", 22_900.00, "2018-01-22", "2025-01-22", "Active", 600),
)


def build_org(dataset: str, *, accounts: int = DEFAULT_SCALE_RECORDS,
              contacts: int = DEFAULT_SCALE_RECORDS) -> SalesforceOrg:
    """The org of a data set by name ("demo" or "scale"; the counts apply to "scale" only)."""
    if dataset == "demo":
        return build_demo_org()
    if dataset == "scale":
        return build_scale_org(accounts, contacts)
    raise ValueError(f"There is no data set {dataset!r}; use one of {', '.join(DATASETS)}.")


def _new_org(name: str, number: int) -> SalesforceOrg:
    return SalesforceOrg(load_describes(), organization_id=make_id("00D", number), name=name)


def _stamps(created: str, modified: str) -> dict[str, str]:
    return {"CreatedDate": created, "LastModifiedDate": modified, "SystemModstamp": modified}


def _add_users(org: SalesforceOrg, users: Sequence[tuple[str, str, str, bool]]) -> list[str]:
    """Store the users; the first is the API user. Returns their Ids in order."""
    records = []
    for first, last, email, active in users:
        records.append({"Id": org.new_id("User"), "Username": email, "FirstName": first, "LastName": last,
                        "Name": f"{first} {last}", "Email": email, "IsActive": active,
                        **_stamps("2022-09-01T08:00:00.000+0000", "2024-01-10T08:00:00.000+0000")})
    org.load("User", records)
    org.api_user_id = records[0]["Id"]
    return [record["Id"] for record in records]


def _address(prefix: str, parts: Sequence[str]) -> dict[str, str]:
    return dict(zip((f"{prefix}Street", f"{prefix}City", f"{prefix}State", f"{prefix}PostalCode", f"{prefix}Country"),
                    parts))


def _present(values: dict[str, Any]) -> dict[str, Any]:
    """Stored form: a null field is an absent key."""
    return {key: value for key, value in values.items() if value is not None}


def build_demo_org() -> SalesforceOrg:
    """The fixed `demo` org (see the module docstring for what it contains and why)."""
    org = _new_org("Demo Org", 1_000_001)
    users = _add_users(org, _DEMO_USERS)
    account_ids = [org.new_id("Account") for _ in _DEMO_ACCOUNTS]
    accounts = []
    for index, row in enumerate(_DEMO_ACCOUNTS):
        (name, industry, kind, gather_id, employees, revenue, address, phone, website, year, tier, since,
         health, products, last_activity, owner, parent) = row
        accounts.append(_present({
            "Id": account_ids[index], "IsDeleted": False, "Name": name, "Type": kind,
            "ParentId": None if parent is None else account_ids[parent],
            **_address("Billing", address), **_address("Shipping", address),
            "Phone": phone, "Website": website, "Industry": industry, "AnnualRevenue": float(revenue),
            "NumberOfEmployees": employees, "Description": f"{name}: {industry.lower()} customer.",
            "Rating": ("Hot", "Warm", "Cold")[index % 3], "OwnerId": users[owner],
            **_stamps(f"2023-01-{10 + index:02d}T09:30:00.000+0000", _MODIFIED),
            "YearStarted": year, "Gather_Id__c": gather_id, "Plan_Tier__c": tier,
            "SLAExpirationDate__c": None if since is None else f"{2025 + index % 2}-{1 + index % 12:02d}-28",
            "Customer_Since__c": since, "Health_Score__c": health, "Products__c": products,
            "Last_Activity__c": last_activity,
        }))
    org.load("Account", accounts)
    _add_demo_contacts(org, account_ids, users)
    org.load("Opportunity", [
        _present({"Id": org.new_id("Opportunity"), "IsDeleted": False, "AccountId": account_ids[account],
                  "Name": name, "StageName": stage, "Amount": amount,
                  "Probability": float(STAGE_PROBABILITY[stage]),
                  "CloseDate": close, "IsClosed": stage.startswith("Closed"), "IsWon": stage == "Closed Won",
                  "OwnerId": users[account % 3], **_stamps(_CREATED, _MODIFIED)})
        for account, name, stage, amount, close in _DEMO_OPPORTUNITIES
    ])
    org.load("Subscription__c", [
        {"Id": org.new_id("Subscription__c"), "IsDeleted": False, "OwnerId": users[0],
         "Name": f"SUB-{number:04d}", **_stamps(_CREATED, _MODIFIED), "Account__c": account_ids[account],
         "Plan__c": plan, "MRR__c": mrr, "Start_Date__c": start, "Renewal_Date__c": renewal,
         "Status__c": status, "Seats__c": float(seats)}
        for number, (account, plan, mrr, start, renewal, status, seats) in enumerate(_DEMO_SUBSCRIPTIONS, 1)
    ])
    return org


def _add_demo_contacts(org: SalesforceOrg, account_ids: Sequence[str], users: Sequence[str]) -> None:
    contacts = []
    for index, (first, last, account, email, title, department, gather_user_id) in enumerate(_DEMO_CONTACTS):
        contact_id = org.new_id("Contact")
        address = _DEMO_ACCOUNTS[account][6] if account is not None and index % 2 == 0 else ()
        contacts.append(_present({
            "Id": contact_id, "IsDeleted": False, "AccountId": None if account is None else account_ids[account],
            "LastName": last, "FirstName": first, "Name": f"{first} {last}", **_address("Mailing", address),
            "Phone": f"+1 555 01{index:02d}", "MobilePhone": f"+1 555 02{index:02d}" if index % 3 == 0 else None,
            "Email": email, "Title": title, "Department": department,
            "LeadSource": ("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")[index % 5],
            "Birthdate": f"19{60 + index % 35}-{1 + index % 12:02d}-{1 + index % 28:02d}",
            "OwnerId": users[index % 3], **_stamps(f"2023-02-{1 + index % 28:02d}T10:00:00.000+0000", _MODIFIED),
            "Gather_User_Id__c": contact_id[:15] if gather_user_id == "<own 15>" else gather_user_id,
        }))
    org.load("Contact", contacts)


# Pools the scale generator draws from; small, so generated records share their strings.
_INDUSTRIES = ("Agriculture", "Banking", "Biotechnology", "Construction", "Consulting", "Education",
               "Electronics", "Energy", "Finance", "Healthcare", "Insurance", "Manufacturing", "Media",
               "Retail", "Technology", "Telecommunications", "Transportation", "Utilities")
_TYPES = ("Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Other")
_TIERS = ("Free", "Starter", "Growth", "Enterprise")
_WORDS = ("Alpine", "Beacon", "Cedar", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Iris", "Juniper",
          "Keystone", "Lumen", "Maple", "Nimbus", "Orchid", "Pioneer", "Quartz", "Redwood", "Summit", "Tidal")
_SUFFIXES = ("Labs", "Systems", "Group", "Industries", "Partners", "Holdings", "Works", "Solutions")
_CITIES = (("Chicago", "IL", "60601", "United States"), ("Denver", "CO", "80202", "United States"),
           ("Toronto", "ON", "M5H 2N2", "Canada"), ("Berlin", "Berlin", "10115", "Germany"),
           ("Lyon", "Auvergne-Rhône-Alpes", "69002", "France"), ("Osaka", "大阪府", "530-0001", "Japan"),
           ("São Paulo", "SP", "01310-100", "Brazil"), ("Melbourne", "VIC", "3000", "Australia"))
_FIRST_NAMES = ("Ada", "Ben", "Chloé", "Dev", "Eva", "Finn", "Gia", "Hugo", "Ivy", "Jon", "Kai", "Lena",
                "Milo", "Nora", "Omar", "Pia", "Raj", "Sofía", "Theo", "Uma")
_LAST_NAMES = ("Andersen", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hoang", "Ito",
               "Jones", "Kowalski", "López", "Müller", "Novak", "O'Neill", "Patel", "Quinn", "Rossi", "Smith",
               "Tanaka")
_EMAIL_NAMES = tuple(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
                     for name in _FIRST_NAMES)
_TITLES = ("CEO", "CTO", "VP Sales", "Account Manager", "Engineer", "Analyst", "Office Manager", "Buyer")
_STAGES = ("Prospecting", "Qualification", "Negotiation/Review", "Closed Won", "Closed Lost")
_SCALE_USERS = (("Olivia", "Park", SCALE_USERNAME, True), ("Sam", "Rivera", "sam.rivera@scale-org.example", True),
                ("Priya", "Nair", "priya.nair@scale-org.example", True),
                ("Tom", "Becker", "tom.becker@scale-org.example", True))


def build_scale_org(accounts: int, contacts: int, seed: int = 1) -> SalesforceOrg:
    """A generated org with `accounts` accounts and `contacts` contacts (spread over the accounts,
    2% without one), plus one opportunity for every fourth account; the same for the same seed."""
    if accounts < 0 or contacts < 0:
        raise ValueError("The numbers of accounts and contacts must be 0 or more.")
    rng = random.Random(seed)
    org = _new_org("Scale Org", 2_000_000 + seed)
    users = _add_users(org, _SCALE_USERS)
    days = [f"20{18 + day % 6}-{1 + day % 12:02d}-{1 + day % 28:02d}" for day in range(360)]
    stamps = [f"{day}T{hour:02d}:{(hour * 7) % 60:02d}:00.000+0000" for day in days[:60] for hour in range(24)]
    account_ids = [org.new_id("Account") for _ in range(accounts)]
    account_records = []
    for index, account_id in enumerate(account_ids):
        bits = rng.getrandbits(64)
        city, state, postal, country = _CITIES[bits % 8]
        stamp = stamps[(bits >> 3) % len(stamps)]
        account_records.append({
            "Id": account_id, "IsDeleted": False,
            "Name": f"{_WORDS[(bits >> 14) % 20]} {_SUFFIXES[(bits >> 19) % 8]} {index + 1}",
            "Type": _TYPES[(bits >> 22) % 5], "BillingStreet": f"{1 + (bits >> 25) % 999} Main St",
            "BillingCity": city, "BillingState": state, "BillingPostalCode": postal, "BillingCountry": country,
            "Phone": f"+1 555 {(bits >> 35) % 10000:04d}", "Industry": _INDUSTRIES[(bits >> 30) % 18],
            "AnnualRevenue": float((bits >> 36) % 500 * 100_000), "NumberOfEmployees": 1 + (bits >> 45) % 5000,
            "OwnerId": users[(bits >> 58) % 4], "CreatedDate": stamp, "LastModifiedDate": stamp,
            "SystemModstamp": stamp, "YearStarted": str(1950 + (bits >> 50) % 70),
            "Gather_Id__c": f"G-{index + 1:07d}", "Plan_Tier__c": _TIERS[(bits >> 56) % 4],
            "Customer_Since__c": days[(bits >> 40) % 360], "Health_Score__c": float((bits >> 47) % 1000) / 10,
            "Last_Activity__c": stamps[(bits >> 9) % len(stamps)],
        })
    org.load("Account", account_records)
    contact_records = []
    for index in range(contacts):
        bits = rng.getrandbits(64)
        first, last = _FIRST_NAMES[bits % 20], _LAST_NAMES[(bits >> 5) % 20]
        stamp = stamps[(bits >> 10) % len(stamps)]
        record = {
            "Id": org.new_id("Contact"), "IsDeleted": False, "LastName": last, "FirstName": first,
            "Name": f"{first} {last}", "Email": f"{_EMAIL_NAMES[bits % 20]}.{index + 1}@example.com",
            "Phone": f"+1 555 {(bits >> 21) % 10000:04d}", "Title": _TITLES[(bits >> 35) % 8],
            "OwnerId": users[(bits >> 38) % 4], "CreatedDate": stamp, "LastModifiedDate": stamp,
            "SystemModstamp": stamp, "Gather_User_Id__c": f"U-{index + 1:07d}",
        }
        if account_ids and (bits >> 40) % 50:
            record["AccountId"] = account_ids[(bits >> 20) % accounts]
        contact_records.append(record)
    org.load("Contact", contact_records)
    opportunities = []
    for index in range(0, accounts, 4):
        bits = rng.getrandbits(32)
        stage = _STAGES[bits % 5]
        opportunities.append({
            "Id": org.new_id("Opportunity"), "IsDeleted": False, "AccountId": account_ids[index],
            "Name": f"Deal {index // 4 + 1}", "StageName": stage, "Amount": float((bits >> 3) % 1000 * 500),
            "CloseDate": days[(bits >> 13) % 360], "IsClosed": stage.startswith("Closed"),
            "IsWon": stage == "Closed Won", "OwnerId": users[(bits >> 22) % 4],
            **_stamps(stamps[(bits >> 8) % len(stamps)], stamps[(bits >> 8) % len(stamps)]),
        })
    org.load("Opportunity", opportunities)
    return org
