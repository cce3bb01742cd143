"""Local emulators of Gather, Salesforce and HubSpot that the app, its tests and benchmarks talk to over loopback."""
