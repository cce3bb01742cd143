"""`integration add | list | export | remove` and `preview` as a script runs them, against
the sandbox's Gather and Salesforce emulators over real HTTP(S)."""

from __future__ import annotations

import json

import pytest
import requests

from gather_desktop.store.database import DATABASE_FILE
from tests.test_cli import gather_desktop


@pytest.fixture
def connected(sandbox, tmp_path):
    info = sandbox.connection_info()
    result = gather_desktop("gather", "connect", "--url", info["gather"]["url"],
                            stdin=info["gather"]["api_key"] + "\n")
    assert result.returncode == 0, result.stderr
    return info


def write_integration(tmp_path, info, **changes):
    salesforce = info["salesforce"]
    data = {
        "version": 1, "name": "salesforce-demo",
        "source": {"kind": "salesforce", "login_url": salesforce["login_url"], "auth": "password",
                   "username": salesforce["username"], "ca_bundle": salesforce["ca_bundle"]},
        "accounts": {"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
                     "extra_traits": ["AnnualRevenue", "Plan_Tier__c"], "only_closed_won": False,
                     "filter": {"match": "all", "conditions": [
                         {"field": "NumberOfEmployees", "op": "gt", "value": 50}]}},
        "users": {"method": "create", "id_field": "Email", "extra_traits": [], "filter": None},
        "objects": [{"object": "Subscription__c", "id_field": "Id", "model": "subscriptions",
                     "traits": ["Name", "Plan__c", "MRR__c"], "filter": None}],
    }
    data.update(changes)
    path = tmp_path / "integration.json"
    path.write_text(json.dumps(data))
    return path, data


def secrets_json(info, **changes):
    values = {"password": info["salesforce"]["password"],
              "security_token": info["salesforce"]["security_token"], **changes}
    return json.dumps(values)


def test_add_then_list_export_preview_and_remove(connected, sandbox, tmp_path, keyring_file):
    path, data = write_integration(tmp_path, connected)
    added = gather_desktop("integration", "add", str(path), stdin=secrets_json(connected))
    assert added.returncode == 0, added.stderr
    assert "subscriptions" in added.stdout
    models = requests.get(sandbox.gather.url + "/models", timeout=5, headers={
        "Authorization": f"Token {sandbox.gather_api_key}"}).json()["models"]
    assert "subscriptions" in {m["id"] for m in models}

    listed = json.loads(gather_desktop("integration", "list", "--json").stdout)
    assert [item["name"] for item in listed] == ["salesforce-demo"]
    exported = gather_desktop("integration", "export", "salesforce-demo")
    assert json.loads(exported.stdout) == data
    password = connected["salesforce"]["password"]
    assert password not in exported.stdout

    preview = gather_desktop("preview", "salesforce-demo", "--json", "--limit", "3")
    assert preview.returncode == 0, preview.stderr
    summary = json.loads(preview.stdout)
    accounts = summary["models"]["account"]
    expected = [a for a in sandbox.salesforce.org.records("Account")
                if (a.get("NumberOfEmployees") or 0) > 50]
    assert accounts["matched"] == len(expected)
    assert accounts["will_create"] + accounts["invalid"] == len(expected)
    assert len(accounts["sample"]) == 3
    assert set(summary["models"]) == {"account", "user", "subscriptions"}
    assert summary["requests"]["salesforce"] > 0 and summary["requests"]["gather"] > 0

    data_dir = tmp_path / "data"
    for file in data_dir.iterdir():
        if file.name.startswith(DATABASE_FILE):
            assert password.encode() not in file.read_bytes()

    removed = gather_desktop("integration", "remove", "salesforce-demo")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(gather_desktop("integration", "list", "--json").stdout) == []
    assert password not in keyring_file.read_text()


def test_preview_in_words_names_the_invalid_records(connected, tmp_path):
    path, _ = write_integration(tmp_path, connected)
    assert gather_desktop("integration", "add", str(path),
                          stdin=secrets_json(connected)).returncode == 0
    result = gather_desktop("preview", "salesforce-demo", "--limit", "50")
    assert result.returncode == 0, result.stderr
    assert "nothing was sent to Gather" in result.stdout
    assert "account (from Account):" in result.stdout
    assert "is also the ID of record" in result.stdout  # the demo org's shared Gather ID


@pytest.mark.parametrize("change, words", [
    ({"secrets": {"security_token": "wrong"}}, "Wrong password or security token"),
    ({"file": {"users": {"method": "create", "id_field": "Emial", "extra_traits": [],
                         "filter": None}}}, "users.id_field"),
    ({"file": {"accounts": {"method": "create", "id_field": "Gather_Id__c", "match_trait": None,
                            "extra_traits": [], "only_closed_won": False,
                            "filter": {"match": "all", "conditions": [
                                {"field": "NumberOfEmployees", "op": "greater", "value": 5}]}}}},
     "accounts.filter.conditions[0].op"),
])
def test_add_refuses_bad_input_in_one_line(connected, tmp_path, change, words):
    path, _ = write_integration(tmp_path, connected, **change.get("file", {}))
    result = gather_desktop("integration", "add", str(path),
                            stdin=secrets_json(connected, **change.get("secrets", {})))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(gather_desktop("integration", "list", "--json").stdout) == []


def test_add_needs_the_secrets_on_stdin(connected, tmp_path):
    path, _ = write_integration(tmp_path, connected)
    result = gather_desktop("integration", "add", str(path), stdin="")
    assert result.returncode == 2
    assert "needs password" in result.stderr


def test_preview_of_an_unknown_integration_lists_the_known_ones(connected):
    result = gather_desktop("preview", "nope")
    assert result.returncode == 2
    assert "There is no integration named 'nope'" in result.stderr
