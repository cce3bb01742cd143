"""The domain in plain Python: integrations, trait names, filters, mapping, checks. No I/O, no Qt."""
