"""`gather-desktop gather connect`: store the Gather URL and the API key read from stdin."""

from __future__ import annotations

import argparse

from gather_desktop.commands.common import open_workspace, read_secret


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("gather", help="the connection to Gather")
    actions = parser.add_subparsers(dest="gather_command", metavar="ACTION", required=True)
    connect = actions.add_parser(
        "connect", help="store the Gather URL and check the API key read from stdin")
    connect.add_argument("--url", required=True,
                         help="Gather API URL, e.g. https://api.gatherdata.co")
    connect.add_argument("--ca-bundle", metavar="PEM",
                         help="CA bundle for networks that inspect TLS traffic")
    connect.set_defaults(func=connect_gather)


def connect_gather(args: argparse.Namespace) -> int:
    api_key = read_secret("Gather API key: ")
    with open_workspace(args) as workspace:
        workspace.connect_gather(args.url, api_key, args.ca_bundle)
    print(f"Connected to Gather at {args.url.rstrip('/')}; the API key is in the system keyring.")
    return 0
