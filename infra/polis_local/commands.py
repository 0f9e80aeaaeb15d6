"""The ``polis`` command line: each command group lives beside the code it drives.

Only the module of the command being run is imported, so ``polis codec decode`` does not pay for
moto, the MQTT broker or the solvers. The deployed package (``polis``) knows nothing of this
command line or of the local platform; this module is installed with the local platform only.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (the module whose ``add_commands(subparsers)`` defines it, its one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "codec": ("polis.codecs.cli", "device payload codecs"),
    "route": ("polis.routing.cli", "waste-collection route optimisation"),
    "run": ("polis_local.cli", "start the whole platform locally (moto, MQTT, API, simulator)"),
    "token": ("polis_local.cli", "print an ID token of a user of the running local platform"),
    "api": ("polis_local.api_document", "the HTTP API's description"),
}


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="polis", description="Polis smart-city platform")
    subparsers = parser.add_subparsers(dest="command", required=True)
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    module = COMMANDS[chosen][0] if chosen in COMMANDS else None
    for name, (owner, help_text) in COMMANDS.items():
        if owner != module:
            subparsers.add_parser(name, help=help_text)
    if module is not None:
        importlib.import_module(module).add_commands(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
