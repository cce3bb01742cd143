"""The wizard's pages, in order. An IntEnum so QWizard ids and tests share one name."""

import enum


class PageId(enum.IntEnum):
    SOURCE = 1
    CONNECT = 2
    ACCOUNTS = 3
    CONTACTS = 4
    OBJECTS = 5
    PREVIEW = 6
    REVIEW = 7
    # HubSpot's own pages; SOURCE leads to them, its Contacts page leads to PREVIEW.
    HUBSPOT_CONNECT = 8
    HUBSPOT_COMPANIES = 9
    HUBSPOT_CONTACTS = 10
