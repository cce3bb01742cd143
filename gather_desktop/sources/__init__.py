"""Connectors that read records from the systems a user syncs into Gather (Salesforce now,
HubSpot later), all behind the one `Source` protocol of `base.py`."""
