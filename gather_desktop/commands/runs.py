"""`gather-desktop runs NAME [--json] [--problems [RUN] --csv FILE]`: the run history, and a
run's problem records as a CSV error file like Salesforce Data Loader's."""

from __future__ import annotations

import argparse
import json

from gather_desktop.commands.common import open_workspace, saved_integration
from gather_desktop.engine.error_file import write_error_file
from gather_desktop.engine.summary import OUTCOMES
from gather_desktop.errors import UserFacingError
from gather_desktop.store.runs import list_runs, problem_outcomes, run_belongs_to


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("runs", help="an integration's run history")
    parser.add_argument("name", help="the integration's name")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="runs to show")
    parser.add_argument("--csv", metavar="FILE",
                        help="write a run's invalid, rejected and failed records to FILE "
                             "(- for stdout)")
    parser.add_argument("--run", type=int, metavar="ID", help="with --csv: which run "
                                                               "(default: the latest)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        saved_integration(workspace, args.name)
        runs = list_runs(workspace.db, args.name, limit=max(args.limit, 1))
        if args.csv:
            run_id = args.run if args.run is not None else (runs[0]["id"] if runs else None)
            if run_id is None or not run_belongs_to(workspace.db, args.name, run_id):
                which = f"no run {run_id}" if run_id is not None else "no runs"
                raise UserFacingError(f"'{args.name}' has {which} to export. See the runs with "
                                      f"`gather-desktop runs {args.name}`.")
            rows = problem_outcomes(workspace.db, run_id)
            written = write_error_file(args.csv, rows)
            if args.csv != "-":
                print(f"Wrote {written:,} problem records of run {run_id} to {args.csv}.")
            return 0
    if args.json:
        print(json.dumps(runs, indent=2, ensure_ascii=False))
    elif not runs:
        print(f"'{args.name}' has not run yet. Run it with `gather-desktop sync {args.name}`.")
    else:
        for item in runs:
            print(describe_run(item))
    return 0


def describe_run(item: dict) -> str:
    summary = item["summary"] or {}
    totals = {o: sum(m.get(o, 0) for m in summary.get("models", {}).values()) for o in OUTCOMES}
    counts = ", ".join(f"{totals[o]:,} {o.replace('_', ' ')}" for o in OUTCOMES if totals[o])
    took = f" in {summary['duration_s']:.1f} s" if "duration_s" in summary else ""
    line = f"#{item['id']}  {item['started_at']}  {item['status']}{took}  {counts or 'nothing read'}"
    if summary.get("message"):
        line += f"\n      {summary['message']}"
    return line
