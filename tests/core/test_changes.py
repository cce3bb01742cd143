"""The change-cache fingerprint: exactly what would be sent, nothing else."""

from __future__ import annotations

from gather_desktop.core.changes import record_hash


def test_the_order_of_traits_does_not_matter() -> None:
    one = {"name": "Acme", "billing_address": {"city": "Oslo", "street": "1 Main"}, "n": 1}
    other = {"n": 1, "billing_address": {"street": "1 Main", "city": "Oslo"}, "name": "Acme"}
    assert record_hash("account", "G-1", one) == record_hash("account", "G-1", other)


def test_it_is_stable_across_runs() -> None:
    # a fixed value: a change here means every cached record would be sent again. It is the
    # SHA-256 of {"id":"G-1","model":"account","traits":{"name":"Acme"}}
    assert record_hash("account", "G-1", {"name": "Acme"}) == (
        "f4081cf4c3615188738f58396a32e8dc52a95be036dcafe6fe88ccb1c9689115")


def test_anything_sent_changes_it() -> None:
    base = record_hash("account", "G-1", {"name": "Acme", "tags": ["A", "B"]})
    assert record_hash("user", "G-1", {"name": "Acme", "tags": ["A", "B"]}) != base
    assert record_hash("account", "G-2", {"name": "Acme", "tags": ["A", "B"]}) != base
    assert record_hash("account", "G-1", {"name": "Acme ", "tags": ["A", "B"]}) != base
    assert record_hash("account", "G-1", {"name": "Acme", "tags": ["B", "A"]}) != base
    assert record_hash("account", "G-1", {"name": "Acme", "tags": ["A", "B"], "x": None}) != base


def test_a_cleared_value_differs_from_an_absent_one() -> None:
    assert record_hash("account", "G-1", {"name": None}) != record_hash("account", "G-1", {})


def test_any_text_can_be_hashed() -> None:
    assert len(record_hash("account", "Zoë-東京", {"name": "🚀 \ud800"})) == 64
