"""`gather-desktop sync NAME [--full] [--json]`: run the sync now.

Exit codes (INTERFACES.md §1): 0 all good; 1 the sync ran but some records were invalid,
rejected or failed, or it stopped early (cancelled, or the API allowance); 2 it could not
run, with one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from datetime import timedelta

from gather_desktop.commands.common import open_workspace, saved_integration
from gather_desktop.core.integration import load_integration
from gather_desktop.engine.progress import Progress
from gather_desktop.engine.summary import in_words
from gather_desktop.engine.sync import SyncOptions, run_sync
from gather_desktop.errors import UserFacingError
from gather_desktop.sources.factory import open_source, secret_names


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("sync", help="sync an integration now")
    parser.add_argument("name", help="the integration's name")
    parser.add_argument("--full", action="store_true",
                        help="read everything and send everything, ignoring the change cache")
    parser.add_argument("--json", action="store_true", help="print the JSON summary")
    parser.add_argument("--concurrency", type=int, default=8, metavar="N",
                        help="requests in flight to Gather at most (default 8)")
    parser.add_argument("--lookback-minutes", type=float, default=10, metavar="M",
                        help="incremental reads go back this far before the last run's start")
    parser.add_argument("--api-share", type=float, default=0.5, metavar="F",
                        help="stop before the org's API calls today pass this share of its "
                             "daily allowance (default 0.5)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.concurrency < 1 or not 0 < args.api_share <= 1:
        raise UserFacingError("--concurrency must be at least 1 and --api-share between 0 and 1.")
    options = SyncOptions(full=args.full, concurrency=args.concurrency,
                          lookback=timedelta(minutes=args.lookback_minutes),
                          api_share=args.api_share)
    cancel = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: cancel.set())
    signal.signal(signal.SIGINT, lambda *_: cancel.set())
    with open_workspace(args) as workspace:
        integration = load_integration(saved_integration(workspace, args.name).config)
        secrets = workspace.integration_secrets(integration.name,
                                                secret_names(integration.source))
        source = open_source(integration.source, secrets)
        try:
            summary = run_sync(integration, source, workspace.gather_client, workspace.db,
                               options, cancel=cancel,
                               progress=None if args.quiet or args.json else show_progress)
        finally:
            source.close()
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.json else
          f"Sync of '{summary['integration']}': {summary['status']} in "
          f"{summary['duration_s']:.2f} s\n{in_words(summary)}")
    if summary["status"] == "failed":
        raise UserFacingError(summary.get("message", "The sync failed."))
    if summary.get("message"):
        print(summary["message"], file=sys.stderr)
    problems = sum(counts[k] for counts in summary["models"].values()
                   for k in ("invalid", "rejected", "failed"))
    return 0 if summary["status"] == "succeeded" and not problems else 1


def show_progress(progress: Progress) -> None:
    total = f"/{progress.total:,}" if progress.total is not None else ""
    eta = f", {progress.eta_s:.0f} s left" if progress.eta_s is not None else ""
    print(f"  {progress.model}: {progress.read:,}{total} read, {progress.sent:,} sent, "
          f"{progress.rate:,.0f}/s{eta}", file=sys.stderr, flush=True)
