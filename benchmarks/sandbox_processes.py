"""The emulators in processes of their own, for benchmarks.

A benchmark must not share its GIL with the server it measures, so each emulator runs as a
child process that prints where it listens on its first line. Shared by every benchmark
under this folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# A Gather sandbox that serves until its stdin is closed (or the benchmark dies).
_GATHER_SCRIPT = """
import sys
from gather_desktop.sandbox.gather_server import GatherSandbox

sandbox = GatherSandbox(sys.argv[1], sys.argv[2])
sandbox.start()
print(sandbox.url, flush=True)
sys.stdin.read()
sandbox.stop()
"""


def gather_command(db_path: Path, api_key: str) -> list[str]:
    """Start with stdin=PIPE and stdout=PIPE; close stdin to stop it."""
    return [sys.executable, "-c", _GATHER_SCRIPT, str(db_path), api_key]


def scale_sandbox_command(accounts: int, contacts: int) -> list[str]:
    """`gather-desktop sandbox` with a scale org; start with stdout=PIPE."""
    return [sys.executable, "-m", "gather_desktop", "sandbox", "--dataset", "scale",
            "--accounts", str(accounts), "--contacts", str(contacts)]


def first_line(process: subprocess.Popen[str], what: str) -> str:
    """The line a started emulator prints once it listens, or an exit naming what failed."""
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    if not line:
        process.wait()
        raise SystemExit(f"{what} exited with {process.returncode} before saying where it "
                         "listens")
    return line


def salesforce_info(process: subprocess.Popen[str]) -> dict[str, str]:
    """The Salesforce part of a sandbox's JSON line."""
    return json.loads(first_line(process, "the sandbox"))["salesforce"]
