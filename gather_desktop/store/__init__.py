"""What the app keeps between runs: the SQLite cache (through sqlite-utils) and keyring secrets."""
