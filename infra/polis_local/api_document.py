"""``polis api openapi``: the API's OpenAPI document, generated from its code.

``polis api openapi > docs/openapi.json`` refreshes the copy kept in the repository (a test
compares the two). The API serves the same document at ``GET /v1/openapi.json``.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from polis_local.api_server import load_chalice_app
from polis_local.platform import PROJECT_ROOT


def openapi_text(root: Path = PROJECT_ROOT) -> str:
    app = load_chalice_app(root / "functions" / "api")
    # Imported after the app: load_chalice_app puts the function's folder (chalicelib) on the path.
    generator = importlib.import_module("chalicelib.openapi")
    return generator.openapi_json(app)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    api = subparsers.add_parser("api", help="the HTTP API's description")
    commands = api.add_subparsers(dest="api_command", required=True)
    openapi = commands.add_parser(
        "openapi", help="print the OpenAPI document (polis api openapi > docs/openapi.json)"
    )
    openapi.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder holding functions/")
    openapi.set_defaults(run=_openapi)


def _openapi(args: argparse.Namespace) -> int:
    print(openapi_text(args.root), end="")
    return 0
