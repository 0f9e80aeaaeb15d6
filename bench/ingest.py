"""Ingest benchmark: per-uplink handler CPU time, and handler initialization against bare boto3.

Per uplink: the waste ingest handler runs in this thread against moto (served by other threads of
this process), so ``time.thread_time`` counts the handler's own CPU (envelope parsing, decoding,
validation, idempotency and DynamoDB request building) and not moto's. Initialization: a fresh
interpreter imports the handler module (what a Lambda cold start pays before the first event)
against one that imports boto3 and builds a DynamoDB client. Results: bench/results/ingest.json.

    python bench/ingest.py [--uplinks 500] [--cold-starts 7]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report its parent's peak.
_COLD_START = """
import sys, time
t = time.perf_counter()
{body}
elapsed = time.perf_counter() - t
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(elapsed, peak_kib)
"""
POLIS_HANDLER = f"sys.path.insert(0, {str(ROOT / 'functions/ingest')!r}); import app"
BARE_BOTO3 = "import boto3; boto3.client('dynamodb', region_name='eu-central-1')"


def _cold_start(body: str, runs: int) -> dict[str, float]:
    env = {
        **os.environ,
        "POLIS_TABLE_NAME": "t",
        "POLIS_IDEMPOTENCY_TABLE_NAME": "i",
        "POLIS_DOMAIN": "waste",
    }
    seconds, rss = [], []
    for _ in range(runs):
        out = subprocess.run(  # noqa: S603 - this interpreter on our own code
            [sys.executable, "-c", _COLD_START.format(body=body)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout.split()
        seconds.append(float(out[0]))
        rss.append(int(out[1]) / 1024)
    return {
        "median_ms": statistics.median(seconds) * 1000,
        "min_ms": min(seconds) * 1000,
        "max_ms": max(seconds) * 1000,
        "peak_rss_mib": statistics.median(rss),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _per_uplink(uplinks: int) -> dict[str, float]:
    from polis_demo.chalkida import CHALKIDA_BINS
    from polis_demo.encoders import ldds75
    from polis_demo.simulator import aws_iot_core_uplink, seed_city

    from polis.codecs import get_codec
    from polis_local.aws import LocalAws, point_clients_at
    from polis_local.lambdas import LocalLambdaRuntime
    from polis_local.provision import Provisioner
    from polis_local.template import LocalStack
    from tests.support import free_port

    os.environ["POWERTOOLS_TRACE_DISABLED"] = "true"
    os.environ["POWERTOOLS_LOG_LEVEL"] = "WARNING"
    aws = LocalAws(free_port())
    aws.start()
    try:
        point_clients_at(aws.endpoint_url)
        stack = LocalStack(ROOT / "template.yaml", endpoint_url=aws.endpoint_url)
        os.environ.update(stack.shared_environment())
        Provisioner(stack).provision()
        seed_city()
        runtime = LocalLambdaRuntime(stack)
        start = datetime.now(UTC)
        events = []
        for n in range(uplinks):
            site = CHALKIDA_BINS[n % len(CHALKIDA_BINS)]
            message = aws_iot_core_uplink(
                site.dev_eui, n, 2, ldds75(distance_mm=200 + n % 900)[1], "b827ebfffe6c3a01", -90
            )
            stamp = (start + timedelta(seconds=n)).isoformat().replace("+00:00", "Z")
            message["WirelessMetadata"]["LoRaWAN"]["Timestamp"] = stamp
            events.append(message)
        runtime.invoke("WasteIngestFunction", events[0])  # warm: imports and clients, as after a cold start
        cpu, wall = [], []
        for message in events[1:]:
            t_cpu, t_wall = time.thread_time(), time.perf_counter()
            outcome = runtime.invoke("WasteIngestFunction", message)
            cpu.append(time.thread_time() - t_cpu)
            wall.append(time.perf_counter() - t_wall)
            assert outcome["status"] == "stored", outcome
        codec = get_codec("dragino/ldds75")
        payload = ldds75(distance_mm=640)[1]
        t = time.thread_time()
        for _ in range(10_000):
            codec.decode_normalized(2, payload)
        decode_us = (time.thread_time() - t) / 10_000 * 1e6
        runtime.shutdown()
    finally:
        aws.stop()
    return {
        "uplinks": len(cpu),
        "handler_cpu_ms_median": statistics.median(cpu) * 1000,
        "handler_cpu_ms_p95": _percentile(cpu, 0.95) * 1000,
        "handler_wall_ms_median": statistics.median(wall) * 1000,
        "handler_wall_ms_p95": _percentile(wall, 0.95) * 1000,
        "decode_and_normalize_us": decode_us,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uplinks", type=int, default=500)
    parser.add_argument("--cold-starts", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    result = {
        "benchmark": "ingest",
        "when": datetime.now(UTC).isoformat(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "per_uplink": _per_uplink(args.uplinks),
        "initialization": {
            "polis_handler": _cold_start(POLIS_HANDLER, args.cold_starts),
            "bare_boto3_handler": _cold_start(BARE_BOTO3, args.cold_starts),
        },
    }
    init = result["initialization"]
    init["ratio_polis_to_bare"] = init["polis_handler"]["median_ms"] / init["bare_boto3_handler"]["median_ms"]
    out = ROOT / "bench" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
