"""The data the HubSpot sandbox starts with: the hand-made `demo` portal and generated `scale` ones.

`demo` is a small portal shaped like the ones people bring: 25 companies over several
industries, five without an App Company ID and two sharing one by mistake; 80 contacts, several
per company, six without any company, five without email, six without an App User ID; names
with accents, Japanese and an apostrophe; modification times a few seconds before midnight UTC
(a time-zone slip moves them to the next day). Fixed data with fixed timestamps in 2024-2025,
so tests can name what they expect.

`scale` is generated for benchmarks and the 10,000-result search cap: N companies and M
contacts, the same for the same seed. Nothing is built up front: each record is made from its
id when read (one 64-bit hash, its choices taken from the bits), so 100,000 records cost nothing
until they are read.
"""

from __future__ import annotations

from typing import Any

from gather_desktop.sandbox.hubspot_data import HubSpotPortal, ObjectTable, Properties
from gather_desktop.sandbox.hubspot_properties import COMPANIES, CONTACTS
from gather_desktop.sandbox.hubspot_values import epoch_ms, iso_from_ms

DATASETS = ("demo", "scale")
DEFAULT_SCALE_RECORDS = 10_000
FIRST_COMPANY_ID = 5_000_000_001
FIRST_CONTACT_ID = 1_001
DEMO_HUB_ID = 24_681_357
_MASK = (1 << 64) - 1

# name, domain, city, country, industry, employees, revenue, lifecycle stage, public, founded,
# App Company ID (None: blank), products, customer since, phone
_DEMO_COMPANIES: tuple[tuple[Any, ...], ...] = (
    ("Acme Corporation", "acme.example", "San Francisco", "United States", "MACHINERY", 1_200,
     250_000_000, "customer", True, "1948", "acme-001", "Analytics;Messaging;API Access",
     "2019-03-01", "+1 415 555 0100"),
    ("Globex Energy", "globex.example", "Houston", "United States", "OIL_ENERGY", 340, 48_000_000,
     "customer", False, "1989", "acme-002", "Analytics", "2020-07-15", "+1 713 555 0142"),
    ("Initech", "initech.example", "Austin", "United States", "COMPUTER_SOFTWARE", 85, 9_500_000,
     "customer", False, "1996", "acme-003", "Surveys", "2021-11-08", "+1 512 555 0199"),
    ("Umbrella Health", "umbrella.example", "Boston", "United States", "HOSPITAL_HEALTH_CARE",
     4_200, 910_000_000, "customer", True, "1972", "acme-004", "Analytics;Messaging;Surveys",
     "2018-05-20", "+1 617 555 0111"),
    ("Müller Maschinenbau GmbH", "mueller-maschinenbau.example", "Stuttgart", "Germany",
     "MACHINERY", 610, 120_000_000, "customer", False, "1921", "acme-005", "Analytics;API Access",
     "2020-02-03", "+49 711 555010"),
    ("Café Olé", "cafeole.example", "Madrid", "Spain", "FOOD_BEVERAGES", 35, 2_100_000, "customer",
     False, "2011", "acme-006", "Messaging", "2022-09-12", "+34 91 555 0123"),
    ("東京トレーディング", "tokyo-trading.example", "千代田区", "Japan", "RETAIL", 230, 61_000_000, "customer",
     True, "1984", "acme-007", "Analytics;Surveys", "2021-04-01", "+81 3-5555-0107"),
    ("O'Brien & Sons", "obrien-sons.example", "Dublin", "Ireland", "CONSTRUCTION", 150, 27_000_000,
     "customer", False, "1955", "acme-008", "Messaging;Surveys", "2019-10-10", "+353 1 555 0188"),
    ("Northwind Traders", "northwind.example", "Seattle", "United States", "RETAIL", 410,
     75_000_000, "customer", False, "1991", "acme-009", "Analytics;Messaging", "2018-08-30",
     "+1 206 555 0165"),
    # Northwind Logistics got Northwind Traders' acme-009 by mistake: the duplicate.
    ("Northwind Logistics", "northwind-logistics.example", "Seattle", "United States",
     "TRANSPORTATION_TRUCKING_RAILROAD", 95, 14_000_000, "customer", False, "2003", "acme-009",
     "Surveys", "2022-01-17", "+1 206 555 0166"),
    ("Blue Sky Solar", "bluesky.example", "Phoenix", "United States", "OIL_ENERGY", 45, 6_800_000,
     "lead", False, "2014", None, None, None, "+1 602 555 0120"),
    ("Stark Biotech", "stark.example", "Cambridge", "United States", "HOSPITAL_HEALTH_CARE", 780,
     310_000_000, "customer", True, "2001", "acme-011", "Analytics;API Access", "2019-06-14",
     "+1 617 555 0177"),
    ("Wayne Financial", "wayne-financial.example", "New York", "United States",
     "FINANCIAL_SERVICES", 2_600, 1_400_000_000, "customer", True, "1939", "acme-012",
     "Analytics;Messaging;Surveys;API Access", "2017-12-01", "+1 212 555 0190"),
    ("Soylent Foods", "soylent.example", "Chicago", "United States", "FOOD_BEVERAGES", 520,
     88_000_000, "opportunity", False, "1973", None, None, None, "+1 312 555 0131"),
    ("Hooli", "hooli.example", "Palo Alto", "United States", "COMPUTER_SOFTWARE", 9_800,
     3_200_000_000, "customer", True, "1998", "acme-015", "Analytics;API Access", "2016-04-22",
     "+1 650 555 0101"),
    ("Pied Piper", "piedpiper.example", "Palo Alto", "United States", "COMPUTER_SOFTWARE", 22,
     1_200_000, "salesqualifiedlead", False, "2014", "acme-016", None, None, "+1 650 555 0102"),
    ("Vandelay Industries", "vandelay.example", "New York", "United States", "MACHINERY", 60,
     7_400_000, "customer", False, "1990", "acme-017", "Surveys", "2023-02-28", "+1 212 555 0167"),
    ("Nordlys Telekom AS", "nordlys.example", "Oslo", "Norway", "TELECOMMUNICATIONS", 1_350,
     410_000_000, "customer", False, "1994", "acme-018", "Messaging", "2020-11-30",
     "+47 22 55 50 18"),
    ("Lumière Éducation", "lumiere-education.example", "Lyon", "France", "EDUCATION_MANAGEMENT",
     120, 11_000_000, "customer", False, "2008", "acme-019", "Surveys;Messaging", "2021-09-01",
     "+33 4 55 55 01 19"),
    ("Kangaroo Freight Pty Ltd", "kangaroo-freight.example", "Sydney", "Australia",
     "TRANSPORTATION_TRUCKING_RAILROAD", 275, 39_000_000, "customer", False, "1987", "acme-020",
     "Analytics", "2022-06-06", "+61 2 5550 1020"),
    ("Brightside Marketing", "brightside.example", "London", "United Kingdom",
     "MARKETING_AND_ADVERTISING", 48, 4_300_000, "marketingqualifiedlead", False, "2016", None,
     None, None, "+44 20 5550 1021"),
    ("Sakura Robotics", "sakura-robotics.example", "大阪市", "Japan", "MACHINERY", 390, 52_000_000,
     "customer", False, "2005", "acme-022", "API Access", "2023-07-19", "+81 6-5555-0122"),
    ("Maple Leaf Analytics", "mapleleaf.example", "Toronto", "Canada", "COMPUTER_SOFTWARE", 67,
     5_600_000, "customer", False, "2012", "acme-023", "Analytics", "2024-01-08",
     "+1 416 555 0123"),
    ("Duff Brewing", "duff.example", "Springfield", "United States", "FOOD_BEVERAGES", 800,
     120_000_000, "other", False, "1962", None, None, None, "+1 217 555 0124"),
    ("Tyrell Systems", "tyrell.example", "Los Angeles", "United States", "COMPUTER_SOFTWARE", 1_900,
     640_000_000, "evangelist", True, "1982", None, "Analytics;Messaging", "2018-02-14",
     "+1 213 555 0125"),
)

_FIRST = (
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Mateo",
    "Sofía",
    "Lucas",
    "Chloé",
    "Ethan",
    "Zoë",
    "Mia",
    "José",
    "Hannah",
    "Björn",
    "Aisha",
    "Kenji",
    "Priya",
    "Seán",
    "Fatima",
)
_LAST = (
    "Park",
    "Rivera",
    "Nair",
    "Becker",
    "Müller",
    "García",
    "O'Neil",
    "Chen",
    "Dubois",
    "Kowalski",
    "Smith",
    "Haddad",
    "Silva",
    "Jensen",
    "Okafor",
    "Tanaka",
    "Rossi",
    "Novak",
    "Hughes",
    "Andersson",
)
_TITLES = (
    "CEO",
    "CTO",
    "Head of Operations",
    "Data Analyst",
    "Marketing Manager",
    "Account Executive",
    "Customer Success Lead",
    "Software Engineer",
)
_LEAD_STATUSES = ("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "CONNECTED", "ATTEMPTED_TO_CONTACT")
_DEMO_NO_COMPANY = frozenset({5, 17, 33, 48, 61, 77})
_DEMO_NO_EMAIL = frozenset({9, 26, 40, 58, 71})
_DEMO_NO_USER_ID = frozenset({12, 29, 44, 53, 66, 79})
_DEMO_SECONDARY = {3: 12, 20: 8}  # contact index -> a second, unlabeled company index
_DEMO_CONTACTS = 80
_ASCII = str.maketrans({"ü": "ue", "é": "e", "í": "i", "ö": "o", "ë": "e", "á": "a", "'": ""})


def build_portal(
    dataset: str, *, companies: int | None = None, contacts: int | None = None, seed: int = 1
) -> HubSpotPortal:
    """The named data set; `companies` and `contacts` size `scale` only."""
    if dataset == "demo":
        if companies is not None or contacts is not None:
            raise ValueError(
                "--accounts and --contacts size the scale data set; add --dataset scale."
            )
        return build_demo_portal()
    if dataset == "scale":
        return build_scale_portal(
            DEFAULT_SCALE_RECORDS if companies is None else companies,
            DEFAULT_SCALE_RECORDS if contacts is None else contacts,
            seed,
        )
    raise ValueError(f"Unknown HubSpot data set {dataset!r}; use one of {', '.join(DATASETS)}.")


def build_demo_portal() -> HubSpotPortal:
    company_ids = range(FIRST_COMPANY_ID, FIRST_COMPANY_ID + len(_DEMO_COMPANIES))
    company_rows = {
        company_id: _demo_company(index, company_id) for index, company_id in enumerate(company_ids)
    }
    contact_ids = range(FIRST_CONTACT_ID, FIRST_CONTACT_ID + _DEMO_CONTACTS)
    contact_rows = {
        contact_id: _demo_contact(index, contact_id, company_rows)
        for index, contact_id in enumerate(contact_ids)
    }
    secondary = {
        FIRST_CONTACT_ID + contact: [FIRST_COMPANY_ID + company]
        for contact, company in _DEMO_SECONDARY.items()
    }
    tables = {
        COMPANIES: ObjectTable(COMPANIES, company_ids, company_rows.__getitem__),
        CONTACTS: ObjectTable(CONTACTS, contact_ids, contact_rows.__getitem__),
    }
    return HubSpotPortal(DEMO_HUB_ID, "demo-portal.example.com", tables, secondary)


def _stamp(text: str) -> str:
    return iso_from_ms(epoch_ms(text) or 0)


def _demo_company(index: int, company_id: int) -> Properties:
    (
        name,
        domain,
        city,
        country,
        industry,
        employees,
        revenue,
        stage,
        public,
        founded,
        app_id,
        products,
        since,
        phone,
    ) = _DEMO_COMPANIES[index]
    created = _stamp(f"2024-0{1 + index % 9}-{3 + index:02d}T09:{index:02d}:00.000Z")
    # Every fifth company was last touched seconds before midnight UTC.
    modified = (
        _stamp(f"2025-05-{1 + index:02d}T23:59:30.123Z")
        if index % 5 == 0
        else _stamp(f"2025-0{1 + index % 6}-{1 + index:02d}T{8 + index % 10:02d}:15:42.500Z")
    )
    return {
        "hs_object_id": str(company_id),
        "createdate": created,
        "lastmodifieddate": modified,
        "hs_lastmodifieddate": modified,
        "name": name,
        "domain": domain,
        "phone": phone,
        "city": city,
        "country": country,
        "industry": industry,
        "numberofemployees": str(employees),
        "annualrevenue": str(revenue),
        "lifecyclestage": stage,
        "is_public": "true" if public else "false",
        "founded_year": founded,
        "app_company_id": app_id,
        "products_used": products,
        "customer_since": since,
    }


def _demo_contact(index: int, contact_id: int, companies: dict[int, Properties]) -> Properties:
    first, last = _FIRST[index % 20], _LAST[(index * 7 + index // 20) % 20]
    company = None if index in _DEMO_NO_COMPANY else companies[FIRST_COMPANY_ID + index % 25]
    domain = company["domain"] if company else "mail.example"
    email = (
        None if index in _DEMO_NO_EMAIL else f"{first}.{last}@{domain}".lower().translate(_ASCII)
    )
    if index == 6:  # typed in capitals by hand; HubSpot keeps it as typed
        first, last, email = "Hanako", "佐藤", "HANAKO.SATO@TOKYO-TRADING.EXAMPLE"
    created = _stamp(f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:30:00.000Z")
    modified = (
        _stamp(f"2025-06-{1 + index % 28:02d}T23:59:{50 + index % 10}.{index:03d}Z")
        if index % 4 == 0
        else _stamp(f"2025-{1 + index % 6:02d}-{1 + index % 28:02d}T12:{index % 60:02d}:00.000Z")
    )
    return {
        "hs_object_id": str(contact_id),
        "createdate": created,
        "lastmodifieddate": modified,
        "firstname": first,
        "lastname": last,
        "email": email,
        "phone": f"+1 555 01{index:02d}",
        "mobilephone": f"+1 555 02{index:02d}" if index % 3 == 0 else None,
        "jobtitle": _TITLES[index % len(_TITLES)],
        "company": company["name"] if company else None,
        "city": company["city"] if company else "Lisbon",
        "country": company["country"] if company else "Portugal",
        "lifecyclestage": "customer"
        if company and company["lifecyclestage"] == "customer"
        else "lead",
        "hs_lead_status": _LEAD_STATUSES[index % len(_LEAD_STATUSES)] if index % 5 else None,
        "associatedcompanyid": company["hs_object_id"] if company else None,
        "app_user_id": None if index in _DEMO_NO_USER_ID else f"user-{1000 + index}",
        "newsletter_opt_in": "true" if index % 3 else "false",
        "trial_started": f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}" if index % 2 else None,
    }


# Scale

_WORDS = (
    "Apex",
    "Blue",
    "Cedar",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Maple",
    "Nimbus",
    "Orchid",
    "Pioneer",
    "Quartz",
    "Ridge",
    "Summit",
    "Tidal",
)
_SUFFIXES = ("Labs", "Systems", "Group", "Partners", "Works", "Holdings", "Digital", "Logistics")
_PLACES = (
    ("New York", "United States"),
    ("London", "United Kingdom"),
    ("Berlin", "Germany"),
    ("Paris", "France"),
    ("Toronto", "Canada"),
    ("Sydney", "Australia"),
    ("Tokyo", "Japan"),
    ("São Paulo", "Brazil"),
)
_INDUSTRY_VALUES = (
    "COMPUTER_SOFTWARE",
    "FINANCIAL_SERVICES",
    "HOSPITAL_HEALTH_CARE",
    "RETAIL",
    "MACHINERY",
    "FOOD_BEVERAGES",
    "CONSTRUCTION",
    "OIL_ENERGY",
)
_STAGES = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "customer",
    "customer",
)
_EMAIL_FIRST = (
    "olivia",
    "liam",
    "emma",
    "noah",
    "ava",
    "mateo",
    "sofia",
    "lucas",
    "chloe",
    "ethan",
    "zoe",
    "mia",
    "jose",
    "hannah",
    "bjorn",
    "aisha",
    "kenji",
    "priya",
    "sean",
    "fatima",
)
_START_MS = epoch_ms("2024-01-01T00:00:00Z") or 0
_SPAN_MS = (epoch_ms("2025-12-31T00:00:00Z") or 0) - _START_MS


def _mix(value: int) -> int:
    """splitmix64: 64 well-spread bits from a counter, the same on every machine."""
    value = (value + 0x9E3779B97F4A7C15) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def build_scale_portal(companies: int, contacts: int, seed: int = 1) -> HubSpotPortal:
    """`companies` companies and `contacts` contacts (4% without a company, 2% without email, 5%
    without an App User ID); the same for the same seed."""
    if companies < 0 or contacts < 0:
        raise ValueError("The numbers of companies and contacts must be 0 or more.")
    company_ids = range(FIRST_COMPANY_ID, FIRST_COMPANY_ID + companies)
    contact_ids = range(FIRST_CONTACT_ID, FIRST_CONTACT_ID + contacts)
    company_step = _SPAN_MS // max(companies, 1)
    contact_step = _SPAN_MS // max(contacts, 1)

    def company(company_id: int) -> Properties:
        index = company_id - FIRST_COMPANY_ID
        bits = _mix(seed << 40 | index)
        word, suffix = _WORDS[bits % 20], _SUFFIXES[(bits >> 5) % 8]
        city, country = _PLACES[(bits >> 8) % 8]
        employees = 1 + (bits >> 11) % 5000
        created = _START_MS + index * company_step
        modified = iso_from_ms(min(created + (bits >> 24) % 2_592_000 * 1000, _START_MS + _SPAN_MS))
        return {
            "hs_object_id": str(company_id),
            "createdate": iso_from_ms(created),
            "lastmodifieddate": modified,
            "hs_lastmodifieddate": modified,
            "name": f"{word} {suffix} {index + 1}",
            "domain": f"{word.lower()}-{suffix.lower()}-{index + 1}.example",
            "phone": None,
            "city": city,
            "country": country,
            "industry": _INDUSTRY_VALUES[(bits >> 44) % 8],
            "numberofemployees": str(employees),
            "annualrevenue": str(employees * 85_000),
            "lifecyclestage": _STAGES[(bits >> 47) % 8],
            "is_public": "true" if bits >> 50 & 1 else "false",
            "founded_year": str(1950 + (bits >> 51) % 74),
            "app_company_id": None if (bits >> 58) % 20 == 0 else f"C-{index + 1:07d}",
            "products_used": None,
            "customer_since": None,
        }

    def contact(contact_id: int) -> Properties:
        index = contact_id - FIRST_CONTACT_ID
        bits = _mix(seed << 40 | 1 << 39 | index)
        first, last = _FIRST[bits % 20], _LAST[(bits >> 5) % 20]
        city, country = _PLACES[(bits >> 10) % 8]
        has_company = companies and (bits >> 13) % 25 != 0
        created = _START_MS + index * contact_step
        # Whole minutes, so that several contacts share a modification time, as bulk imports do.
        modified = min(created + (bits >> 18) % 43_200 * 60_000, _START_MS + _SPAN_MS)
        return {
            "hs_object_id": str(contact_id),
            "createdate": iso_from_ms(created),
            "lastmodifieddate": iso_from_ms(modified + -modified % 60_000),
            "firstname": first,
            "lastname": last,
            "email": None
            if (bits >> 35) % 50 == 0
            else f"{_EMAIL_FIRST[bits % 20]}.{index + 1}@example.com",
            "phone": f"+1 555 {(bits >> 37) % 10000:04d}",
            "mobilephone": None,
            "jobtitle": _TITLES[(bits >> 51) % 8],
            "company": None,
            "city": city,
            "country": country,
            "lifecyclestage": _STAGES[(bits >> 54) % 8],
            "hs_lead_status": _LEAD_STATUSES[(bits >> 57) % 6],
            "associatedcompanyid": str(FIRST_COMPANY_ID + (bits >> 16) % companies)
            if has_company
            else None,
            "app_user_id": None if (bits >> 60) % 20 == 0 else f"U-{index + 1:07d}",
            "newsletter_opt_in": "true" if bits >> 63 else "false",
            "trial_started": None,
        }

    tables = {
        COMPANIES: ObjectTable(COMPANIES, company_ids, company),
        CONTACTS: ObjectTable(CONTACTS, contact_ids, contact),
    }
    return HubSpotPortal(DEMO_HUB_ID + seed, "scale-portal.example.com", tables)
