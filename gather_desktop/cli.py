"""The `gather-desktop` command line (INTERFACES.md §1).

Qt is imported only when the window is asked for, so scripted and headless use (cron, CI,
servers without a display) never loads it. Expected failures end as one line on stderr and
exit code 2; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
import threading
from typing import Sequence

from gather_desktop import __version__
from gather_desktop.errors import UserFacingError
from gather_desktop.paths import resolve_data_dir

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gather-desktop",
        description="Keep Gather's accounts, users and custom models in sync with Salesforce "
                    "and HubSpot. With no command, opens the window.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="data folder (default: GATHER_DESKTOP_DATA_DIR, else the "
                             "platform's user data folder)")
    parser.add_argument("--demo", action="store_true",
                        help="start the sandbox and open the window connected to it, in a "
                             "fresh temporary data folder")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="render the main window to FILE.png and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    sandbox = commands.add_parser("sandbox", help="run the local emulators until interrupted")
    sandbox.add_argument("--gather-port", type=int, default=0, metavar="P")
    sandbox.add_argument("--fault", action="append", default=[], metavar="SERVICE:NAME=VALUE",
                         help="inject faults, e.g. gather:rate=200, gather:error_rate=0.2, "
                              "gather:latency_ms=20, gather:seed=7 (repeatable)")

    gather = commands.add_parser("gather", help="the connection to Gather")
    gather_commands = gather.add_subparsers(dest="gather_command", metavar="ACTION",
                                            required=True)
    connect = gather_commands.add_parser(
        "connect", help="store the Gather URL and check the API key read from stdin")
    connect.add_argument("--url", required=True, help="Gather API URL, e.g. "
                                                      "https://api.gatherdata.co")
    connect.add_argument("--ca-bundle", metavar="PEM",
                         help="CA bundle for networks that inspect TLS traffic")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "sandbox":
            return run_sandbox(args)
        if args.command == "gather":
            return gather_connect(args)
        from gather_desktop.app import run_app  # Qt only from here on
        return run_app(data_dir=args.data_dir, demo=args.demo, screenshot=args.screenshot)
    except UserFacingError as error:
        print(f"gather-desktop: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        return 130


def run_sandbox(args: argparse.Namespace) -> int:
    """Print the connection line, then serve until SIGINT or SIGTERM."""
    from gather_desktop.sandbox.runner import Sandbox
    try:
        sandbox = Sandbox(gather_port=args.gather_port, faults=args.fault)
    except ValueError as error:
        raise UserFacingError(str(error)) from None
    try:
        sandbox.start()
    except OSError as error:
        sandbox.stop()
        raise UserFacingError(f"The sandbox could not listen on its port ({error.strerror}); "
                              "choose another with --gather-port or omit it.") from None
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    print(json.dumps(sandbox.connection_info()), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    return EXIT_OK


def read_secret(prompt: str) -> str:
    """A secret from stdin (never argv, where other users' `ps` could read it)."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def gather_connect(args: argparse.Namespace) -> int:
    from gather_desktop.store.secrets import Secrets
    from gather_desktop.workspace import Workspace
    api_key = read_secret("Gather API key: ")
    secrets = Secrets()
    secrets.check()
    workspace = Workspace(resolve_data_dir(args.data_dir), secrets)
    try:
        workspace.connect_gather(args.url, api_key, args.ca_bundle)
    finally:
        workspace.close()
    print(f"Connected to Gather at {args.url.rstrip('/')}; the API key is in the system keyring.")
    return EXIT_OK
