"""The app's own checks (INTERFACES.md §3 `invalid`), with reasons a person can act on."""

from __future__ import annotations

import pytest

from gather_desktop.core.checks import (DuplicateIds, account_not_synced, account_without_key,
                                        id_problems, id_warnings, is_blank,
                                        missing_required_traits)

ACCOUNT_FIELDS = {"name": "Name"}
USER_FIELDS = {"first_name": "FirstName", "last_name": "LastName", "email": "Email"}


def test_an_account_needs_a_name() -> None:
    assert missing_required_traits("account", {"name": "Acme"}, ACCOUNT_FIELDS) == []
    for blank in (None, "", "   "):
        reasons = missing_required_traits("account", {"name": blank}, ACCOUNT_FIELDS)
        assert reasons == [
            "The Salesforce field Name is empty, so the trait name would be missing, and "
            "Gather needs name for every account. Fill in Name in Salesforce, or filter out "
            "records without it."]


def test_a_user_needs_first_name_last_name_and_email() -> None:
    complete = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
    assert missing_required_traits("user", complete, USER_FIELDS) == []
    reasons = missing_required_traits("user", {"first_name": "", "last_name": "Lovelace"},
                                      USER_FIELDS)
    assert len(reasons) == 2
    assert "Salesforce field FirstName is empty" in reasons[0]
    assert "Salesforce field Email is empty" in reasons[1]
    assert "Gather needs email for every user" in reasons[1]


def test_custom_models_need_nothing_but_an_id() -> None:
    assert missing_required_traits("opportunities", {}, {}) == []


def test_empty_ids() -> None:
    for blank in (None, "", "  "):
        assert id_problems(blank, "Gather_Id__c") == [
            "Its Gather ID is empty: Gather_Id__c has no value on this record. Fill in "
            "Gather_Id__c in Salesforce, or filter out records without it."]
    assert id_problems("G-1", "Gather_Id__c") == []


def test_ids_longer_than_gather_accepts() -> None:
    assert id_problems("x" * 255, "Gather_Id__c") == []
    [reason] = id_problems("x" * 256, "Gather_Id__c")
    assert "256 characters long" in reason and "at most 255" in reason


@pytest.mark.parametrize("short_id", ["0015g0000000001", "0015g00000ABCDe", "a0X5g00000xYz12",
                                      "003Dn00000abcdE"])
def test_15_character_salesforce_ids_are_flagged(short_id: str) -> None:
    [warning] = id_warnings(short_id)
    assert "15-character Salesforce Id" in warning and "case-sensitive" in warning
    assert "18-character" in warning


@pytest.mark.parametrize("other_id", [
    "0015g00000ABCDeAAA",      # the 18-character Id is what we recommend
    "123456789012345",         # a 15-digit customer number
    "CUSTOMER0000001",         # no digit in the would-be key prefix
    "G-1", "ada@example.com", "", None,
    "0015g00000ABCD-",         # not letters and digits only
])
def test_other_ids_are_not_flagged(other_id: str | None) -> None:
    assert id_warnings(other_id) == []


def test_duplicates_name_the_first_record() -> None:
    seen = DuplicateIds()
    assert seen.check("G-1", "001A") is None
    assert seen.check("G-2", "001B") is None
    assert seen.check("G-1", "001C") == (
        "Its Gather ID 'G-1' is also the ID of record 001A, read earlier in this run; only that "
        "first record is sent. Give each record its own ID in Salesforce.")
    assert "001A" in seen.check("G-1", "001D")


def test_the_same_record_twice_is_not_a_duplicate_of_itself() -> None:
    seen = DuplicateIds()
    assert seen.check("G-1", "001A") is None
    assert seen.check("G-1", "001A") is None


def test_ids_differing_in_case_are_different_ids() -> None:
    seen = DuplicateIds()
    assert seen.check("abc", "001A") is None
    assert seen.check("ABC", "001B") is None


def test_account_link_reasons() -> None:
    assert account_without_key("001A", "Gather_Id__c", creates=True) == (
        "Its account (001A) has no Gather ID in Gather_Id__c, so it cannot be linked to a "
        "Gather account. Fill in Gather_Id__c on that account in Salesforce.")
    assert "has no value in Legacy_Key__c" in account_without_key("001A", "Legacy_Key__c",
                                                                  creates=False)
    assert "001A" in account_not_synced("001A") and "not synced" in account_not_synced("001A")


def test_is_blank() -> None:
    assert is_blank(None) and is_blank("") and is_blank(" \t")
    assert not is_blank("x") and not is_blank(0) and not is_blank(False) and not is_blank([])
