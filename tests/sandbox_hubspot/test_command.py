"""`gather-desktop sandbox` with the HubSpot emulator: its part of the JSON line, flags, faults."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys

import hubspot
import pytest

from gather_desktop.sandbox.runner import Sandbox


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sandbox_prints_the_hubspot_block_and_its_credentials_work():
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gather_desktop",
            "sandbox",
            "--hubspot-port",
            str(port),
            "--fault",
            "hubspot:rate=50/10s",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(process.stdout.readline())
        assert set(info) == {"gather", "salesforce", "hubspot"}
        block = info["hubspot"]
        assert list(block) == ["url", "access_token", "client_id", "client_secret", "refresh_token"]
        assert block["url"] == f"http://127.0.0.1:{port}"
        hs = hubspot.HubSpot(
            access_token=block["access_token"], host=block["url"], base_url=block["url"]
        )
        assert len(hs.crm.companies.get_all()) == 25
        answer = hs.crm.contacts.basic_api.get_page(limit=1, _preload_content=False)
        assert answer.headers["X-HubSpot-RateLimit-Max"] == "50"
        tokens = hs.oauth.tokens_api.create(
            grant_type="refresh_token",
            refresh_token=block["refresh_token"],
            client_id=block["client_id"],
            client_secret=block["client_secret"],
        )
        assert tokens.expires_in == 1800
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--fault", "hubspot:rate=fast"], ["hubspot:rate=fast", "N/10s"]),
        (["--fault", "hubspot:ttl=5"], ["ttl", "token_ttl"]),
        (["--fault", "hubspt:rate=5"], ["hubspt", "hubspot"]),
    ],
)
def test_sandbox_rejects_bad_hubspot_options_in_one_line(args, words):
    result = subprocess.run(
        [sys.executable, "-m", "gather_desktop", "sandbox", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert all(word in result.stderr for word in words)


def test_scale_sizes_the_hubspot_portal_too():
    sandbox = Sandbox(
        dataset="scale", accounts=30, contacts=70, faults=["hubspot:token_ttl=60"]
    ).start()
    try:
        assert (
            sandbox.hubspot.portal.count("companies"),
            sandbox.hubspot.portal.count("contacts"),
        ) == (30, 70)
        assert sandbox.hubspot.faults.token_ttl == 60
        assert sandbox.connection_info()["hubspot"]["access_token"] == sandbox.hubspot.access_token
    finally:
        sandbox.stop()
