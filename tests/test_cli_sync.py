"""`sync` and `runs` as a script runs them, against the sandbox over real HTTP(S), including a
sync killed with SIGKILL in the middle and run again."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import requests

from gather_desktop.sandbox.faults import GatherFaults
from gather_desktop.sandbox.runner import Sandbox
from tests.test_cli import gather_desktop
from tests.test_cli_integration import secrets_json, write_integration


def gather_writes(sandbox) -> int:
    stats = requests.get(sandbox.gather.url + "/_sandbox/stats", timeout=5).json()
    return stats["requests"].get("POST /models/{model}/records", 0)


def gather_count(sandbox, model: str) -> int:
    headers = {"Authorization": f"Token {sandbox.gather_api_key}"}
    count, after = 0, None
    while True:
        page = requests.get(f"{sandbox.gather.url}/models/{model}/records", headers=headers,
                            params={"limit": 1000, **({"after": after} if after else {})},
                            timeout=10).json()
        count += len(page["records"])
        after = page["next"]
        if not after:
            return count


def connect_and_add(sandbox, tmp_path, **changes) -> None:
    info = sandbox.connection_info()
    assert gather_desktop("gather", "connect", "--url", info["gather"]["url"],
                          stdin=info["gather"]["api_key"] + "\n").returncode == 0
    path, _ = write_integration(tmp_path, info, **changes)
    added = gather_desktop("integration", "add", str(path), stdin=secrets_json(info))
    assert added.returncode == 0, added.stderr


def test_sync_json_agrees_with_what_gather_holds_and_runs_lists_it(sandbox, tmp_path):
    connect_and_add(sandbox, tmp_path)
    result = gather_desktop("sync", "salesforce-demo", "--json")
    assert result.returncode == 1, result.stderr  # the demo org has invalid records
    summary = json.loads(result.stdout)
    assert summary["status"] == "succeeded"
    for model in ("account", "user", "subscriptions"):
        counts = summary["models"][model]
        assert counts["created"] == gather_count(sandbox, model)
        assert counts["matched"] == sum(counts[k] for k in (
            "created", "updated", "unchanged", "not_in_gather", "invalid", "rejected", "failed"))
    assert summary["errors"] and all(e["reason"] for e in summary["errors"])

    again = gather_desktop("sync", "salesforce-demo", "--json")
    assert json.loads(again.stdout)["status"] == "succeeded"

    runs = json.loads(gather_desktop("runs", "salesforce-demo", "--json").stdout)
    assert [r["status"] for r in runs] == ["succeeded", "succeeded"]
    assert runs[1]["summary"]["models"] == summary["models"]
    words = gather_desktop("runs", "salesforce-demo").stdout
    assert f"#{summary['run_id']}" in words and "created" in words

    target = tmp_path / "problems.csv"
    exported = gather_desktop("runs", "salesforce-demo", "--csv", str(target),
                              "--run", str(summary["run_id"]))
    assert exported.returncode == 0, exported.stderr
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = sum(m["invalid"] + m["rejected"] + m["failed"] for m in summary["models"].values())
    assert len(rows) == problems
    assert all(row["source_id"] and row["reason"] for row in rows)
    assert "name" in rows[0] or "email" in rows[0]  # the traits that would have been sent


def test_sync_in_words_and_the_exit_codes(sandbox, tmp_path):
    connect_and_add(sandbox, tmp_path, users=None, objects=[], accounts={
        "method": "create", "id_field": "Gather_Id__c", "match_trait": None,
        "extra_traits": [], "only_closed_won": True, "filter": None})
    result = gather_desktop("sync", "salesforce-demo")
    assert result.returncode == 0, result.stdout + result.stderr  # no problem records
    assert "succeeded" in result.stdout and "accounts: " in result.stdout
    unknown = gather_desktop("sync", "salesforce-demo", "--full",
                             env={"GATHER_DESKTOP_DATA_DIR": str(tmp_path / "other")})
    assert unknown.returncode == 2
    assert "There is no integration named" in unknown.stderr
    sandbox.gather.faults = GatherFaults(error_rate=1.0)
    down = gather_desktop("sync", "salesforce-demo", "--full", "--json", timeout=300)
    assert down.returncode == 1  # ran, but every send failed: retried on the next run
    assert json.loads(down.stdout)["models"]["account"]["failed"] > 0


def test_a_sync_killed_mid_run_then_run_again_delivers_everything_once(tmp_path):
    accounts = 8000
    box = Sandbox(dataset="scale", accounts=accounts, contacts=0).start()
    try:
        connect_and_add(box, tmp_path, users=None, objects=[])
        box.gather.faults = GatherFaults(latency_ms=3)
        process = subprocess.Popen([sys.executable, "-m", "gather_desktop", "sync",
                                    "salesforce-demo", "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=os.environ.copy())
        deadline = time.monotonic() + 60
        while gather_writes(box) < 2500 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        sent_before_kill = gather_writes(box)
        assert 2500 <= sent_before_kill < accounts

        box.gather.faults = GatherFaults()
        rerun = gather_desktop("sync", "salesforce-demo", "--json", timeout=120)
        summary = json.loads(rerun.stdout)
        assert summary["status"] == "succeeded", rerun.stderr
        expected = sum(1 for a in box.salesforce.org.records("Account") if a.get("Gather_Id__c")
                       and (a.get("NumberOfEmployees") or 0) > 50)
        assert gather_count(box, "account") == expected
        resent = gather_writes(box) - expected
        assert 0 <= resent <= 2000, f"{resent} records sent twice: more than the page in flight"
        runs = json.loads(gather_desktop("runs", "salesforce-demo", "--json").stdout)
        assert runs[1]["status"] == "failed"
        assert "interrupted" in runs[1]["summary"]["message"]
    finally:
        box.stop()
