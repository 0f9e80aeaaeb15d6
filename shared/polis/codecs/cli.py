"""``polis codec ...``: decode a payload with any registered codec."""

from __future__ import annotations

import argparse
import json
import sys

from polis.codecs.base import DecodeError
from polis.codecs.lookup import UnknownModelError, all_codecs, get_codec


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    codec = subparsers.add_parser("codec", help="device payload codecs")
    commands = codec.add_subparsers(dest="codec_command", required=True)

    decode = commands.add_parser("decode", help="decode one uplink payload")
    decode.add_argument("--model", required=True, help="device model id, e.g. dragino/ldds75")
    decode.add_argument("--fport", type=int, required=True)
    decode.add_argument("--hex", required=True, help="FRMPayload as hex")
    decode.add_argument("--normalize", action="store_true", help="print Polis quantities instead")
    decode.set_defaults(run=_decode)

    listing = commands.add_parser("list", help="list the supported device models")
    listing.set_defaults(run=_list)


def _decode(args: argparse.Namespace) -> int:
    try:
        codec = get_codec(args.model)
        payload = bytes.fromhex(args.hex)
        decoded = codec.decode(args.fport, payload)
    except (UnknownModelError, DecodeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.normalize:
        out = {name: q.model_dump() for name, q in codec.normalize(decoded).items()}
    else:
        out = decoded
    print(json.dumps(out, ensure_ascii=False))
    return 0


def _list(_: argparse.Namespace) -> int:
    for model, codec in all_codecs().items():
        print(f"{model}\t{codec.domain}\t{codec.name}")
    return 0
