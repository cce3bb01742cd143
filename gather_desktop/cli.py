"""The `gather-desktop` command line (INTERFACES.md §1).

Qt is imported only when the window is asked for, so scripted and headless use (cron, CI,
servers without a display) never loads it. Expected failures end as one line on stderr and
exit code 2; a traceback means a bug. Each command lives in its own module under `commands/`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from gather_desktop import __version__
from gather_desktop.commands import gather, integration, preview, runs, sandbox, sync
from gather_desktop.errors import UserFacingError

EXIT_CANNOT_RUN = 2
COMMAND_MODULES = (sandbox, gather, integration, preview, sync, runs)


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
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command:
            return args.func(args)
        from gather_desktop.app import run_app  # Qt only from here on
        return run_app(data_dir=args.data_dir, demo=args.demo, screenshot=args.screenshot)
    except UserFacingError as error:
        print(f"gather-desktop: {error}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        return 130
