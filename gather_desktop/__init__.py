"""Gather Desktop: keep Gather's accounts, users and custom models in sync with Salesforce and HubSpot."""

__version__ = "0.1.0"
