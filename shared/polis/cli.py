"""The ``polis`` command line.

Each command group lives beside the logic it drives and adds itself through ``add_commands``;
this module only assembles them, so the CLI start-up imports nothing heavy.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# module path -> it exposes add_commands(subparsers)
_COMMAND_MODULES = (
    "polis.codecs.cli",
    "polis.routing.cli",
    "polis_local.cli",
    "polis_local.api_document",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="polis", description="Polis smart-city platform")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            # The local platform is not installed where only the Lambda layers are.
            if name.startswith("polis_local") and error.name == "polis_local":
                continue
            raise
        module.add_commands(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
