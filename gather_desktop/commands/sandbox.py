"""`gather-desktop sandbox`: run the local emulators until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import json
import signal
import threading

from gather_desktop.errors import UserFacingError


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("sandbox", help="run the local emulators until interrupted")
    parser.add_argument("--dataset", choices=("demo", "scale"), default="demo",
                        help="the Salesforce org and HubSpot portal: demo (small, hand-made) "
                             "or scale (generated)")
    parser.add_argument("--accounts", type=_count, metavar="N",
                        help="accounts in the scale org, and companies in the scale portal (10000)")
    parser.add_argument("--contacts", type=_count, metavar="N",
                        help="contacts in the scale org and in the scale portal (10000)")
    parser.add_argument("--gather-port", type=int, default=0, metavar="P")
    parser.add_argument("--salesforce-port", type=int, default=0, metavar="P")
    parser.add_argument("--hubspot-port", type=int, default=0, metavar="P")
    parser.add_argument("--fault", action="append", default=[], metavar="SERVICE:NAME=VALUE",
                        help="inject faults, e.g. gather:rate=200, gather:error_rate=0.2, "
                             "gather:latency_ms=20, gather:seed=7, salesforce:expire_session_after=50, "
                             "salesforce:api_max=1000, salesforce:api_disabled=1, "
                             "salesforce:app_approval=required, hubspot:rate=100/10s, "
                             "hubspot:rate=off, hubspot:search_rate=5, hubspot:token_ttl=60, "
                             "hubspot:error_rate=0.1, hubspot:daily=1000, hubspot:seed=7 (repeatable)")
    parser.set_defaults(func=run)


def _count(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of records, such as 100000")
    return int(text)


def run(args: argparse.Namespace) -> int:
    """Print the connection line first, then serve until told to stop."""
    from gather_desktop.sandbox.runner import Sandbox
    try:
        sandbox = Sandbox(gather_port=args.gather_port, salesforce_port=args.salesforce_port,
                          hubspot_port=args.hubspot_port, dataset=args.dataset,
                          accounts=args.accounts, contacts=args.contacts, faults=args.fault)
    except ValueError as error:
        raise UserFacingError(str(error)) from None
    try:
        sandbox.start()
    except OSError as error:
        sandbox.stop()
        raise UserFacingError(f"The sandbox could not listen on its port ({error.strerror}); "
                              "choose another port or omit the port option.") from None
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    print(json.dumps(sandbox.connection_info()), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    return 0
