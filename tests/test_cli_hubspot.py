"""A HubSpot integration from the command line: add from a file (token or OAuth secrets on
stdin), preview and sync the demo portal, with counts equal to what Gather holds after."""

from __future__ import annotations

import json

from tests.test_cli import gather_desktop
from tests.test_cli_sync import gather_count


def add_hubspot(sandbox, tmp_path, auth: str = "private_app", name: str = "hubspot-demo"):
    info = sandbox.connection_info()
    connected = gather_desktop("gather", "connect", "--url", info["gather"]["url"],
                               stdin=info["gather"]["api_key"] + "\n")
    assert connected.returncode == 0, connected.stderr
    hubspot = info["hubspot"]
    source = {"kind": "hubspot", "base_url": hubspot["url"], "auth": auth}
    if auth == "oauth":
        source["client_id"] = hubspot["client_id"]
        secrets = {"refresh_token": hubspot["refresh_token"],
                   "client_secret": hubspot["client_secret"]}
    else:
        secrets = {"access_token": hubspot["access_token"]}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({
        "version": 1, "name": name, "source": source,
        "accounts": {"id_property": "app_company_id", "extra_traits": ["industry"]},
        "users": {"id_property": "app_user_id", "extra_traits": ["jobtitle"]},
        "objects": []}), encoding="utf-8")
    added = gather_desktop("integration", "add", str(path), stdin=json.dumps(secrets))
    assert added.returncode == 0, added.stderr
    return hubspot


def test_preview_then_sync_the_demo_portal(sandbox, tmp_path):
    hubspot = add_hubspot(sandbox, tmp_path)
    exported = gather_desktop("integration", "export", "hubspot-demo")
    assert hubspot["access_token"] not in exported.stdout

    preview = gather_desktop("preview", "hubspot-demo", "--json", "--limit", "100")
    assert preview.returncode == 0, preview.stderr
    models = json.loads(preview.stdout)["models"]
    assert models["account"]["matched"] == 25 and models["user"]["matched"] == 80
    users = models["user"]["sample"]
    linked = [row for row in users if row["action"] == "create"]
    assert linked and all(set(row["traits"]) >= {"first_name", "last_name", "email", "city",
                                                 "country", "jobtitle"} for row in linked)
    assert any(row["traits"].get("account_id") for row in linked)
    invalid = [row for row in users if row["action"] == "invalid"]
    assert invalid and all("HubSpot" in row["reason"] or "account" in row["reason"]
                           for row in invalid)

    synced = gather_desktop("sync", "hubspot-demo", "--json")
    assert synced.returncode == 1, synced.stderr  # the demo portal has invalid records
    summary = json.loads(synced.stdout)
    assert summary["status"] == "succeeded" and summary["requests"]["hubspot"] > 0
    for model in ("account", "user"):
        counts = summary["models"][model]
        assert counts["created"] == gather_count(sandbox, model)
        assert counts["created"] == models[model]["will_create"]
        assert counts["matched"] == sum(counts[k] for k in (
            "created", "updated", "unchanged", "not_in_gather", "invalid", "rejected",
            "failed"))

    # Nothing changed in HubSpot since: the incremental run reads nothing and sends nothing.
    again = json.loads(gather_desktop("sync", "hubspot-demo", "--json").stdout)
    assert again["status"] == "succeeded" and again["incremental"] == {"account": True,
                                                                        "user": True}
    assert all(m["created"] + m["updated"] == 0 for m in again["models"].values())


def test_oauth_secrets_sync_too(sandbox, tmp_path):
    add_hubspot(sandbox, tmp_path, auth="oauth", name="hubspot-oauth")
    synced = gather_desktop("sync", "hubspot-oauth", "--json")
    summary = json.loads(synced.stdout)
    assert summary["status"] == "succeeded", synced.stderr
    assert summary["models"]["account"]["created"] == gather_count(sandbox, "account")


def test_a_wrong_token_is_said_in_words(sandbox, tmp_path):
    info = sandbox.connection_info()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({
        "version": 1, "name": "bad", "accounts": {"id_property": "companyId"},
        "source": {"kind": "hubspot", "base_url": info["hubspot"]["url"],
                   "auth": "private_app"}}), encoding="utf-8")
    added = gather_desktop("integration", "add", str(path),
                           stdin=json.dumps({"access_token": "pat-na1-wrong"}))
    assert added.returncode == 2 and "Private Apps" in added.stderr
    assert "Traceback" not in added.stderr and "pat-na1-wrong" not in added.stderr
