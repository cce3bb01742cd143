"""`gather-desktop sandbox` with the Salesforce emulator: the JSON line, its flags and its faults."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
import requests
from simple_salesforce import Salesforce, SalesforceLogin

from gather_desktop.sandbox.faults import SalesforceFaults, parse_faults
from gather_desktop.sandbox.runner import Sandbox


def run_sandbox(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gather_desktop", "sandbox", *args],
                          capture_output=True, text=True, timeout=60)


def test_sandbox_prints_both_blocks_and_the_salesforce_credentials_work():
    process = subprocess.Popen([sys.executable, "-m", "gather_desktop", "sandbox", "--dataset", "demo"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())
        assert set(info) >= {"gather", "salesforce"}
        salesforce = info["salesforce"]
        assert list(salesforce) == ["url", "login_url", "username", "password", "security_token", "ca_bundle",
                                    "client_id", "client_secret", "refresh_token"]
        assert salesforce["url"].startswith("https://127.0.0.1:") and salesforce["login_url"] == salesforce["url"]
        assert salesforce["username"] == "ops@demo-org.example"
        session = requests.Session()
        session.verify, session.trust_env = salesforce["ca_bundle"], False
        session_id, _ = SalesforceLogin(username=salesforce["username"], password=salesforce["password"],
                                        security_token=salesforce["security_token"],
                                        scratch_url=salesforce["login_url"], session=session)
        sf = Salesforce(instance_url=salesforce["url"], session_id=session_id, session=session, version="59.0")
        assert sf.query("SELECT COUNT() FROM Account")["totalSize"] == 20
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize(("args", "words"), [
    (["--fault", "salesforce:expire_after=5"], ["expire_after", "expire_session_after"]),
    (["--fault", "salesforce:api_max=lots"], ["api_max", "whole number"]),
    (["--accounts", "50"], ["--dataset scale"]),
])
def test_sandbox_rejects_bad_salesforce_options_in_one_line(args, words):
    result = run_sandbox(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert all(word in result.stderr for word in words)


def test_scale_sandbox_in_process_has_the_requested_counts():
    sandbox = Sandbox(dataset="scale", accounts=30, contacts=70).start()
    try:
        assert len(sandbox.salesforce.org.records("Contact")) == 70
        assert sandbox.connection_info()["salesforce"]["username"] == "ops@scale-org.example"
    finally:
        sandbox.stop()


def test_salesforce_fault_specs_parse():
    parsed = parse_faults(["salesforce:expire_session_after=50", "salesforce:api_max=100",
                           "salesforce:api_disabled=1", "salesforce:app_approval=required"])
    assert SalesforceFaults.from_specs(parsed["salesforce"]) == SalesforceFaults(
        expire_session_after=50, api_max=100, api_disabled=True, app_approval_required=True)
    with pytest.raises(ValueError, match="app_approval must be required"):
        SalesforceFaults.from_specs({"app_approval": "maybe"})
