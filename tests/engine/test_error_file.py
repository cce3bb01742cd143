"""The CSV error file: one row per problem record, readable in a spreadsheet, safe to open."""

import csv

from gather_desktop.engine.error_file import write_error_file


def test_rows_columns_and_cells_a_spreadsheet_would_run(tmp_path):
    rows = [
        {"model": "account", "source_id": "001A", "gather_id": "G-1", "outcome": "rejected",
         "reason": "Gather refused it.", "traits": {"id": "G-1", "name": "=HYPERLINK(\"x\")",
                                                    "phone": "+1 555 0102"}},
        {"model": "user", "source_id": "003B", "gather_id": None, "outcome": "invalid",
         "reason": "No email.", "traits": {"id": None, "email": None, "first_name": "Zoë",
                                           "tags": ["a", "b"], "note": "-cmd|' /C calc'!A0",
                                           "title": ""}},
    ]
    target = tmp_path / "problems.csv"
    assert write_error_file(str(target), rows) == 2
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    with target.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle))
    assert list(read[0]) == ["model", "source_id", "gather_id", "outcome", "reason", "name",
                             "phone", "email", "first_name", "tags", "note", "title"]
    assert read[0]["name"] == "'=HYPERLINK(\"x\")"
    assert read[0]["phone"] == "+1 555 0102"
    assert read[1]["note"].startswith("'-cmd")
    assert read[1]["first_name"] == "Zoë"
    assert read[1]["tags"] == '["a", "b"]'
    assert read[1]["gather_id"] == "" and read[1]["email"] == "" and read[1]["title"] == ""
