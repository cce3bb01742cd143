"""`gather-desktop preview NAME`: what a sync would do now, without writing to Gather."""

from __future__ import annotations

import argparse
import json

from gather_desktop.commands.common import open_workspace, saved_integration
from gather_desktop.core.integration import load_integration
from gather_desktop.engine.preview import preview_in_words, run_preview
from gather_desktop.sources.factory import open_source, secret_names

def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("preview", help="what a sync would do now (sends nothing)")
    parser.add_argument("name", help="the integration's name")
    parser.add_argument("--limit", type=int, default=10, metavar="N",
                        help="sample records per model (default 10)")
    parser.add_argument("--json", action="store_true", help="print the JSON summary")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        integration = load_integration(saved_integration(workspace, args.name).config)
        secrets = workspace.integration_secrets(integration.name,
                                                secret_names(integration.source))
        gather = workspace.gather_client()
        source = open_source(integration.source, secrets)
        try:
            preview = run_preview(integration, source, gather, workspace.db,
                                  limit=max(args.limit, 0))
        finally:
            source.close()
            gather.close()
    if args.json:
        print(json.dumps(preview.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(preview_in_words(preview))
    return 0
