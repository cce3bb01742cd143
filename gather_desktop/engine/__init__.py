"""Preview and sync runs: pull → map → check → plan → push → record. Qt-free and UI-agnostic."""
