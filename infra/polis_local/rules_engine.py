"""IoT Core's rules engine, played locally: the template's topic rules, their SQL and actions.

Rules fed by MQTT integrations (The Things Stack, ChirpStack) match on their FROM topic. Rules
that an AWS IoT Core for LoRaWAN destination invokes by name have no FROM topic; locally the
network-server simulator publishes to ``DESTINATION_TOPIC`` and the destination names the rule.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from typing import Any

import boto3

from polis_local.iot_sql import ParsedRule, parse_rule, topic_matches
from polis_local.lambdas import LocalLambdaRuntime
from polis_local.template import LocalStack

log = logging.getLogger("polis.local.rules")

DESTINATION_TOPIC = "polis/local/lorawan/destinations/{destination}"
_DESTINATION_PREFIX = DESTINATION_TOPIC.split("{", 1)[0]


class RuleActionError(RuntimeError):
    pass


@dataclass
class LocalRule:
    name: str
    parsed: ParsedRule
    actions: list[dict[str, Any]]
    error_action: dict[str, Any] | None
    disabled: bool


def load_rules(stack: LocalStack) -> dict[str, LocalRule]:
    rules = {}
    for _, resource in stack.of_type("AWS::IoT::TopicRule").items():
        props = stack.resolve(resource["Properties"])
        payload = props["TopicRulePayload"]
        rules[props["RuleName"]] = LocalRule(
            name=props["RuleName"],
            parsed=parse_rule(payload["Sql"]),
            actions=payload.get("Actions", []),
            error_action=payload.get("ErrorAction"),
            disabled=bool(payload.get("RuleDisabled", False)),
        )
    return rules


def load_destinations(stack: LocalStack) -> dict[str, str]:
    """IoT Core for LoRaWAN destination name -> the rule it invokes."""
    return {
        resource["Properties"]["Name"]: resource["Properties"]["Expression"]
        for resource in stack.of_type("AWS::IoTWireless::Destination").values()
        if resource["Properties"]["ExpressionType"] == "RuleName"
    }


class RulesEngine:
    def __init__(self, stack: LocalStack, runtime: LocalLambdaRuntime) -> None:
        self.stack = stack
        self.runtime = runtime
        self.rules = load_rules(stack)
        self.destinations = load_destinations(stack)
        self.matched = 0
        self.errors = 0
        for destination, rule in self.destinations.items():
            if rule not in self.rules:
                raise ValueError(f"destination {destination} names rule {rule}, which the template lacks")

    def on_message(self, topic: str, payload: bytes) -> None:
        for rule in self._rules_for(topic):
            self._run(rule, topic, payload)

    def _rules_for(self, topic: str) -> list[LocalRule]:
        if topic.startswith(_DESTINATION_PREFIX):
            rule_name = self.destinations.get(topic[len(_DESTINATION_PREFIX) :])
            if rule_name is None:
                log.warning("no IoT Core for LoRaWAN destination for %s", topic)
                return []
            return [self.rules[rule_name]]
        return [
            r
            for r in self.rules.values()
            if r.parsed.topic_filter is not None and topic_matches(r.parsed.topic_filter, topic)
        ]

    def _run(self, rule: LocalRule, topic: str, payload: bytes) -> None:
        if rule.disabled:
            return
        try:
            message = json.loads(payload)
            if not isinstance(message, dict):
                raise RuleActionError("the rules engine takes JSON objects")
            result = rule.parsed.evaluate(message, topic=topic)
        except (ValueError, RuleActionError) as error:
            self._error_action(rule, topic, payload, f"SQL evaluation failed: {error}")
            return
        if result is None:
            return
        self.matched += 1
        for action in rule.actions:
            try:
                self._act(action, result, topic)
            except Exception as error:
                self._error_action(rule, topic, payload, f"{next(iter(action))} action failed: {error}")

    def _act(self, action: dict[str, Any], result: dict[str, Any], topic: str) -> None:
        ((kind, params),) = action.items()
        if kind == "Lambda":
            # IoT invokes Lambda actions asynchronously; failures then follow Lambda's retry/DLQ path.
            self.runtime.invoke_async(params["FunctionArn"], result)
        elif kind == "Sqs":
            body = json.dumps(result)
            if params.get("UseBase64"):
                body = base64.b64encode(body.encode()).decode()
            self._sqs().send_message(QueueUrl=params["QueueUrl"], MessageBody=body)
        else:
            raise RuleActionError(f"action {kind} is not played by the local platform")

    def _error_action(self, rule: LocalRule, topic: str, payload: bytes, failure: str) -> None:
        self.errors += 1
        log.error("rule %s: %s", rule.name, failure)
        if rule.error_action is None:
            return
        # The error message IoT Core sends to a rule's error action.
        error_message = {
            "ruleName": rule.name,
            "topic": topic,
            "cloudwatchTraceId": "",
            "clientId": "",
            "base64OriginalPayload": base64.b64encode(payload).decode(),
            "failures": [{"failedAction": next(iter(rule.error_action)), "errorMessage": failure}],
        }
        self._act(rule.error_action, error_message, topic)

    def _sqs(self) -> Any:
        return boto3.client("sqs", endpoint_url=self.stack.endpoint_url)
