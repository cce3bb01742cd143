"""The command line as a user or a script runs it: real processes, real HTTP, real files."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys

import pytest

from gather_desktop.store.database import DATABASE_FILE
from gather_desktop.store.secrets import Secrets
from gather_desktop.workspace import Workspace

GOOD_KEY = "test-key-0123456789"


def gather_desktop(*args: str, stdin: str = "", env: dict | None = None,
                   timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gather_desktop", *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_connect_accepts_the_key_and_keeps_it_only_in_the_keyring(gather_sandbox, tmp_path,
                                                                   keyring_file):
    data_dir = tmp_path / "data"
    result = gather_desktop("--data-dir", str(data_dir), "gather", "connect",
                            "--url", gather_sandbox.url, stdin=GOOD_KEY + "\n")
    assert result.returncode == 0, result.stderr
    assert gather_sandbox.url in result.stdout
    assert keyring_file.exists()

    workspace = Workspace(data_dir, Secrets())  # a later run finds the key in the keyring
    try:
        client = workspace.gather_client()
        assert client.base_url == gather_sandbox.url
        client.check_key()
    finally:
        workspace.close()

    written = [p for p in data_dir.iterdir() if p.name.startswith(DATABASE_FILE)]
    assert any(gather_sandbox.url.encode() in p.read_bytes() for p in written)
    for path in written:  # the database and its WAL and shared-memory files
        content = path.read_bytes()
        assert GOOD_KEY.encode() not in content
        assert base64.b64encode(GOOD_KEY.encode()) not in content


def test_connect_refuses_a_wrong_key_with_one_line_and_exit_2(gather_sandbox, keyring_file):
    result = gather_desktop("gather", "connect", "--url", gather_sandbox.url,
                            stdin="not-the-key\n")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "did not accept the API key" in lines[0]
    assert "not-the-key" not in result.stderr
    assert not keyring_file.exists() or "not-the-key" not in keyring_file.read_text()


@pytest.mark.parametrize("url, words", [
    ("ftp://example.invalid", "should start with https://"),
    ("http://127.0.0.1:9", "Could not reach Gather"),
])
def test_connect_explains_a_bad_or_unreachable_url(url, words):
    result = gather_desktop("gather", "connect", "--url", url, stdin=GOOD_KEY + "\n")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert words in result.stderr


def test_connect_without_a_usable_keyring_says_how_to_fix_it(gather_sandbox):
    result = gather_desktop("gather", "connect", "--url", gather_sandbox.url,
                            stdin=GOOD_KEY + "\n",
                            env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "keyring" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_the_command_line_path_never_imports_qt(gather_sandbox):
    code = ("import sys\n"
            "from gather_desktop.cli import main\n"
            f"code = main(['gather', 'connect', '--url', {gather_sandbox.url!r}])\n"
            "assert code == 0, code\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
            "print(loaded)\n")
    result = subprocess.run([sys.executable, "-c", code], input=GOOD_KEY + "\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_sandbox_prints_its_line_serves_and_stops_on_sigterm():
    process = subprocess.Popen([sys.executable, "-m", "gather_desktop", "sandbox"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())
        gather = info["gather"]
        assert gather["url"].startswith("http://127.0.0.1:")
        import requests
        answer = requests.post(gather["url"] + "/models/account/records",
                               headers={"Authorization": f"Token {gather['api_key']}"},
                               data={"id": "1234", "name": "Lovelace, Inc"}, timeout=5)
        assert answer.status_code == 201
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_sandbox_rejects_a_bad_fault_in_one_line():
    result = gather_desktop("sandbox", "--fault", "gather:rat=5")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "rat" in result.stderr


def test_screenshot_of_the_demo_window(tmp_path):
    target = tmp_path / "main.png"
    result = gather_desktop("--demo", "--screenshot", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_window_opens_and_explains_when_there_is_no_keyring(tmp_path):
    target = tmp_path / "no-keyring.png"
    result = gather_desktop("--screenshot", str(target),
                            env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 1000
