"""``polis run``: start the local platform; ``polis token``: an ID token of one of its users."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
import threading
from pathlib import Path

from botocore.exceptions import EndpointConnectionError

from polis_local.aws import point_clients_at
from polis_local.platform import PROJECT_ROOT, LocalPlatform, PlatformConfig
from polis_local.template import LocalStack
from polis_local.users import SEED_USERS, LocalUserPools, seed_user


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser("run", help="start the whole platform locally (moto, MQTT, API, simulator)")
    run.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    run.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder holding template.yaml")
    run.add_argument("--moto-port", type=int, default=5000)
    run.add_argument("--mqtt-port", type=int, default=1883)
    run.add_argument("--api-port", type=int, default=8000)
    run.add_argument("--interval", type=float, default=5.0, help="seconds between a sensor's uplinks")
    run.add_argument("--no-simulator", action="store_true", help="no simulated fleet")
    run.set_defaults(run=_run)

    token = subparsers.add_parser(
        "token", help="print an ID token of a seeded user of the running local platform (polis run)"
    )
    token.add_argument("--user", required=True, choices=[user.username for user in SEED_USERS])
    token.add_argument("--moto-port", type=int, default=5000, help="the --moto-port polis run was given")
    token.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project folder holding template.yaml")
    token.set_defaults(run=_token)


def _run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for noisy in ("amqtt", "transitions", "werkzeug", "botocore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    config = PlatformConfig(
        root=args.root,
        moto_port=args.moto_port,
        mqtt_port=args.mqtt_port,
        api_port=args.api_port,
        simulate=not args.no_simulator,
        simulator_interval_s=args.interval,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with LocalPlatform(config) as platform:
        print(platform.describe(), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stop.wait(args.duration)
        print("Stopping the local platform...", flush=True)
    print("Stopped.", flush=True)
    return 0


def _token(args: argparse.Namespace) -> int:
    # Only ever moto: the local platform's endpoint and credentials, whatever the shell has set.
    endpoint = f"http://127.0.0.1:{args.moto_port}"
    point_clients_at(endpoint)
    user = seed_user(args.user)
    try:
        token = LocalUserPools(LocalStack(args.root / "template.yaml", endpoint_url=endpoint)).id_token(
            user.kind, user.username
        )
    except EndpointConnectionError:
        print(f"no local platform at {endpoint}: start it with `polis run`", file=sys.stderr)
        return 1
    except LookupError as error:
        print(f"{error}: is `polis run --no-simulator` running? It seeds no users", file=sys.stderr)
        return 1
    print(token)
    return 0
