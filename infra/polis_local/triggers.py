"""The triggers moto does not play, read from template.yaml and played in-process.

moto matches EventBridge patterns and delivers to SQS, but not to Lambda or Step Functions
targets; it has no schedules and no SQS event-source polling. So, for every function event and
``AWS::Events::Rule`` in the template:

- an EventBridge pattern gets a local SQS queue as an extra target (moto still does the
  matching); what arrives is dispatched to the function or started as a state-machine execution;
- an SQS event source is polled in batches, with partial-batch failures left on the queue so the
  queue's redrive policy parks them in its dead-letter queue as in AWS;
- schedules (``rate(...)``; ``cron(...)`` is not played) fire on a clock that can run faster than
  real time, so a 15-minute check can be watched in seconds.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import boto3

from polis_local.lambdas import LocalLambdaRuntime
from polis_local.template import LocalStack

log = logging.getLogger("polis.local.triggers")

_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def rate_seconds(expression: str) -> float | None:
    """Seconds between firings of a ``rate(...)`` expression; None for anything else."""
    match = _RATE.match(expression.strip())
    if match is None:
        return None
    return int(match.group(1)) * _UNIT_SECONDS[match.group(2).rstrip("s")]


@dataclass
class Target:
    """Where a trigger delivers: a template function, or a state machine."""

    kind: str  # "function" or "state-machine"
    name: str  # function logical id, or state machine ARN
    input: Any = None  # a fixed input, as a rule target's Input


@dataclass
class Schedule:
    expression: str
    period_s: float
    target: Target
    next_due: float = 0.0


@dataclass
class PatternRoute:
    rule_id: str
    bus: str
    pattern: dict[str, Any]
    target: Target
    queue_url: str = ""


@dataclass
class QueueSource:
    function: str
    queue_url: str
    batch_size: int
    report_failures: bool


@dataclass
class Triggers:
    schedules: list[Schedule] = field(default_factory=list)
    patterns: list[PatternRoute] = field(default_factory=list)
    queues: list[QueueSource] = field(default_factory=list)


def read_triggers(stack: LocalStack) -> Triggers:
    found = Triggers()
    for logical_id, spec in stack.functions.items():
        target = Target("function", logical_id)
        for event in spec.events.values():
            props = stack.resolve(event.get("Properties", {}))
            kind = event["Type"]
            if kind in ("Schedule", "ScheduleV2"):
                expression = props.get("Schedule") or props["ScheduleExpression"]
                _add_schedule(found, expression, Target("function", logical_id, props.get("Input")))
            elif kind in ("EventBridgeRule", "CloudWatchEvent"):
                bus = props.get("EventBusName", "default")
                found.patterns.append(
                    PatternRoute(f"{logical_id}-{len(found.patterns)}", bus, props["Pattern"], target)
                )
            elif kind == "SQS":
                queue_url = _queue_url(stack, props["Queue"])
                response_types = props.get("FunctionResponseTypes", [])
                found.queues.append(
                    QueueSource(
                        logical_id,
                        queue_url,
                        int(props.get("BatchSize", 10)),
                        "ReportBatchItemFailures" in response_types,
                    )
                )
    for logical_id, resource in stack.of_type("AWS::Events::Rule").items():
        props = stack.resolve(resource["Properties"])
        for rule_target in props.get("Targets", []):
            target = _target_for_arn(stack, rule_target["Arn"], rule_target.get("Input"))
            if "ScheduleExpression" in props:
                _add_schedule(found, props["ScheduleExpression"], target)
            if "EventPattern" in props:
                found.patterns.append(
                    PatternRoute(
                        logical_id, props.get("EventBusName", "default"), props["EventPattern"], target
                    )
                )
    return found


def _add_schedule(found: Triggers, expression: str, target: Target) -> None:
    period = rate_seconds(expression)
    if period is None:
        log.warning("schedule %s is not played locally (only rate(...) is)", expression)
        return
    found.schedules.append(Schedule(expression, period, target))


def _queue_url(stack: LocalStack, arn: str) -> str:
    return f"{stack.endpoint_url}/{arn.split(':')[4]}/{arn.rsplit(':', 1)[1]}"


def _target_for_arn(stack: LocalStack, arn: str, fixed_input: str | None) -> Target:
    payload = json.loads(fixed_input) if fixed_input else None
    if ":states:" in arn:
        return Target("state-machine", arn, payload)
    return Target("function", stack.function_by_arn_or_name(arn).logical_id, payload)


class TriggerRunner:
    """Plays the template's triggers until stopped; ``speedup`` makes schedules fire sooner."""

    def __init__(self, stack: LocalStack, runtime: LocalLambdaRuntime, speedup: float = 1.0) -> None:
        self.stack = stack
        self.runtime = runtime
        self.speedup = speedup
        self.triggers = read_triggers(stack)
        self.fired = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="triggers", daemon=True)

    def _client(self, service: str) -> Any:
        return boto3.client(service, endpoint_url=self.stack.endpoint_url)

    def start(self) -> None:
        self.attach_pattern_queues()
        now = time.monotonic()
        for schedule in self.triggers.schedules:
            schedule.next_due = now + schedule.period_s / self.speedup
        self._thread.start()

    def attach_pattern_queues(self) -> None:
        """Give every EventBridge pattern a local queue target, so moto does the matching."""
        sqs, events = self._client("sqs"), self._client("events")
        for route in self.triggers.patterns:
            name = f"polis-local-trigger-{route.rule_id}"
            route.queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=route.queue_url, AttributeNames=["QueueArn"])[
                "Attributes"
            ]["QueueArn"]
            events.put_rule(Name=name, EventBusName=route.bus, EventPattern=json.dumps(route.pattern))
            events.put_targets(Rule=name, EventBusName=route.bus, Targets=[{"Id": "local", "Arn": arn}])

    def _loop(self) -> None:
        while not self._stop.wait(0.2):
            try:
                self.run_due(time.monotonic())
                self.drain()
            except Exception:
                log.exception("trigger loop failed")

    def run_due(self, now: float) -> None:
        for schedule in self.triggers.schedules:
            if now >= schedule.next_due:
                schedule.next_due = now + schedule.period_s / self.speedup
                self.deliver(schedule.target, schedule.target.input or _scheduled_event(schedule))

    def drain(self) -> None:
        """Deliver what is waiting on pattern queues and event-source queues (one batch each)."""
        sqs = self._client("sqs")
        for route in self.triggers.patterns:
            for message in sqs.receive_message(QueueUrl=route.queue_url, MaxNumberOfMessages=10).get(
                "Messages", []
            ):
                self.deliver(route.target, route.target.input or json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=route.queue_url, ReceiptHandle=message["ReceiptHandle"])
        for source in self.triggers.queues:
            self._poll(sqs, source)

    def _poll(self, sqs: Any, source: QueueSource) -> None:
        messages = sqs.receive_message(
            QueueUrl=source.queue_url, MaxNumberOfMessages=min(source.batch_size, 10), AttributeNames=["All"]
        ).get("Messages", [])
        if not messages:
            return
        arn = f"arn:aws:sqs:us-east-1:123456789012:{source.queue_url.rsplit('/', 1)[1]}"
        event = {
            "Records": [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": m.get("Attributes", {}),
                    "messageAttributes": {},
                    "md5OfBody": m["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": arn,
                    "awsRegion": "us-east-1",
                }
                for m in messages
            ]
        }
        try:
            result = self.runtime.invoke(source.function, event)
        except Exception as error:
            # The whole batch returns to the queue; its redrive policy decides when it is parked.
            log.warning("%s failed on a batch of %d: %s", source.function, len(messages), error)
            return
        failed = set()
        if source.report_failures and isinstance(result, dict):
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        for message in messages:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=source.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def deliver(self, target: Target, event: Any) -> None:
        self.fired += 1
        if target.kind == "function":
            self.runtime.invoke_async(target.name, event)
        else:
            self._client("stepfunctions").start_execution(
                stateMachineArn=target.name, input=json.dumps(event)
            )

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)


def _scheduled_event(schedule: Schedule) -> dict[str, Any]:
    """The event EventBridge Scheduler/rules send a scheduled target."""
    return {
        "version": "0",
        "id": f"local-{time.time_ns()}",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "region": "us-east-1",
        "resources": [],
        "detail": {},
    }
