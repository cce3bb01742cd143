"""`gather-desktop integration add | list | export | remove`."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from gather_desktop.commands.common import open_workspace, read_secret, saved_integration
from gather_desktop.core.integration import (Integration, IntegrationError, integration_to_dict,
                                             load_integration)
from gather_desktop.core.mapping import build_plans, model_definition
from gather_desktop.core.defaults import STANDARD_MODELS
from gather_desktop.errors import UserFacingError
from gather_desktop.gather.models import create_models
from gather_desktop.sources.factory import missing_secrets, open_source, secret_names
from gather_desktop.store.integrations import get_integration, list_integrations, save_integration


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("integration", help="add, list, export or remove integrations")
    actions = parser.add_subparsers(dest="integration_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="check an integration file against the source and Gather, then save it; "
                    "secrets are read from stdin as one JSON object")
    add.add_argument("file", type=Path, metavar="FILE.json")
    add.add_argument("--replace", action="store_true",
                     help="replace an integration of the same name (its history is kept)")
    add.set_defaults(func=add_integration)
    listing = actions.add_parser("list", help="the saved integrations")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=list_command)
    export = actions.add_parser("export", help="print an integration's file (never a secret)")
    export.add_argument("name")
    export.set_defaults(func=export_command)
    remove = actions.add_parser("remove", help="remove an integration, its secrets and history")
    remove.add_argument("name")
    remove.set_defaults(func=remove_command)


def read_integration_file(path: Path) -> Integration:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserFacingError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserFacingError(f"{path} could not be read ({error}).") from None
    except json.JSONDecodeError as error:
        raise UserFacingError(f"{path} is not valid JSON: {error.msg} at line {error.lineno}, "
                              f"column {error.colno}.") from None
    try:
        return load_integration(data)
    except IntegrationError as error:
        raise IntegrationError(error.problems, subject=str(path)) from None


def read_secrets(integration: Integration) -> dict[str, str]:
    """The source's secrets: one JSON object on stdin, or asked for one by one on a terminal."""
    allowed = secret_names(integration.source)
    if sys.stdin.isatty():
        asked = {name: read_secret(f"{name.replace('_', ' ').capitalize()}: ")
                 for name in allowed}
        return {name: value for name, value in asked.items() if value}
    text = sys.stdin.read().strip()
    if not text:
        values: dict[str, Any] = {}
    else:
        try:
            values = json.loads(text)
        except json.JSONDecodeError:
            raise UserFacingError("The secrets on stdin are not valid JSON; give one object "
                                  f"with {', '.join(allowed)}.") from None
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise UserFacingError("The secrets on stdin must be one JSON object of strings, e.g. "
                              f"{{{', '.join(f'{n!r}: ...' for n in allowed)}}}.".replace("'", '"'))
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise UserFacingError(f"Unknown secret {', '.join(unknown)} on stdin; this sign-in "
                              f"uses {', '.join(allowed)}.")
    missing = missing_secrets(integration.source, values)
    if missing:
        raise UserFacingError(f"This sign-in needs {', '.join(missing)}: pass the secrets on "
                              "stdin as one JSON object, e.g. `gather-desktop integration add "
                              "FILE.json < secrets.json`.")
    return {name: value for name, value in values.items() if value}


def add_integration(args: argparse.Namespace) -> int:
    integration = read_integration_file(args.file)
    secrets = read_secrets(integration)
    with open_workspace(args) as workspace:
        if get_integration(workspace.db, integration.name) and not args.replace:
            raise UserFacingError(f"An integration named '{integration.name}' already exists; "
                                  "add with --replace to change it, or choose another name.")
        source = open_source(integration.source, secrets)
        try:
            plans = build_plans(integration, source.schema, source.objects())
        finally:
            source.close()
        custom = [plan for plan in plans if plan.model not in STANDARD_MODELS]
        if custom:
            with closing(workspace.gather_client()) as client:
                create_models(client, [model_definition(plan) for plan in custom])
        workspace.save_integration_secrets(integration.name, secrets)
        save_integration(workspace.db, integration_to_dict(integration))
    created = f"; Gather models: {', '.join(p.model for p in custom)}" if custom else ""
    print(f"Saved integration '{integration.name}' ({len(plans)} models{created}).")
    return 0


def list_command(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        saved = list_integrations(workspace.db)
    if args.json:
        print(json.dumps([{"name": s.name, "source": s.source_kind, "created_at": s.created_at,
                           "updated_at": s.updated_at} for s in saved], indent=2))
    elif not saved:
        print("No integrations yet. Add one with `gather-desktop integration add FILE.json`.")
    else:
        for item in saved:
            print(f"{item.name}\t{item.source_kind}\tsaved {item.updated_at}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        saved = saved_integration(workspace, args.name)
    print(json.dumps(saved.config, indent=2, ensure_ascii=False))
    return 0


def remove_command(args: argparse.Namespace) -> int:
    with open_workspace(args) as workspace:
        saved = saved_integration(workspace, args.name)
        integration = load_integration(saved.config)
        workspace.remove_integration(args.name, secret_names(integration.source))
    print(f"Removed integration '{args.name}', its secrets and its history.")
    return 0
