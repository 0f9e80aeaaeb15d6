"""The local platform's stand-ins for IoT Core's rules engine and Step Functions' Lambda tasks."""

from __future__ import annotations

import base64
import json
import time

import boto3

from polis.devices.model import DOMAINS
from polis.waste.store import bins as bin_store
from polis_local.aws import dispatch_lambda_invocations
from polis_local.rules_engine import DESTINATION_TOPIC, RulesEngine
from tests.support import event

UPLINK = event("lorawan/aws-iot-core/waste-ldds75.json")


def _eventually(predicate, timeout: float = 15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_a_destination_topic_runs_its_rule_and_the_rule_invokes_the_function(runtime, stack, chalkida_bin):
    engine = RulesEngine(stack, runtime)

    engine.on_message(DESTINATION_TOPIC.format(destination="polis-waste"), json.dumps(UPLINK).encode())

    assert _eventually(lambda: bin_store.get_bin("chalkida", chalkida_bin.bin_id).fill_pct == 25.0)
    assert (engine.matched, engine.errors) == (1, 0)


def test_a_message_the_rule_cannot_read_goes_to_the_rules_error_action(runtime, stack):
    engine = RulesEngine(stack, runtime)

    engine.on_message(DESTINATION_TOPIC.format(destination="polis-waste"), b"{not json")

    sqs = boto3.client("sqs")
    [message] = sqs.receive_message(QueueUrl=stack.queue_url("IotRuleErrorQueue"))["Messages"]
    error = json.loads(message["Body"])
    assert error["ruleName"] == "polis_waste_uplink"
    assert base64.b64decode(error["base64OriginalPayload"]) == b"{not json"
    assert "SQL evaluation failed" in error["failures"][0]["errorMessage"]


def test_topic_rules_are_created_on_moto_as_the_api_spells_them(stack):
    rule = boto3.client("iot").get_topic_rule(ruleName="polis_waste_uplink")["rule"]
    assert rule["sql"] == "SELECT * FROM 'polis/uplinks/waste'"
    assert rule["actions"][0]["lambda"]["functionArn"].endswith(":function:polis-local-WasteIngestFunction")


def test_a_state_machine_lambda_task_runs_the_real_handler(runtime, stack, chalkida_bin):
    dispatch_lambda_invocations(runtime)
    function_arn = stack.functions["WasteIngestFunction"].arn
    definition = {
        "StartAt": "Ingest",
        "States": {
            "Ingest": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": function_arn, "Payload.$": "$"},
                "ResultSelector": {"outcome.$": "$.Payload"},
                "End": True,
            }
        },
    }
    sfn = boto3.client("stepfunctions")
    machine = sfn.create_state_machine(
        name="ingest-once", definition=json.dumps(definition), roleArn="arn:aws:iam::123456789012:role/x"
    )["stateMachineArn"]

    execution = sfn.start_execution(stateMachineArn=machine, input=json.dumps(UPLINK))["executionArn"]

    done = _eventually(
        lambda: (d := sfn.describe_execution(executionArn=execution))["status"] != "RUNNING" and d
    )
    assert done["status"] == "SUCCEEDED", done
    assert json.loads(done["output"])["outcome"]["status"] == "stored"
    assert bin_store.get_bin("chalkida", chalkida_bin.bin_id).fill_pct == 25.0


def test_a_network_server_integration_topic_runs_the_domains_rule(runtime, stack, chalkida_bin):
    engine = RulesEngine(stack, runtime)
    things_stack_uplink = event("lorawan/the-things-stack/waste-ldds75.json")

    engine.on_message("polis/uplinks/waste", json.dumps(things_stack_uplink).encode())
    engine.on_message("polis/uplinks/parking-typo", json.dumps(things_stack_uplink).encode())

    assert _eventually(lambda: bin_store.get_bin("chalkida", chalkida_bin.bin_id).fill_pct == 25.0)
    assert engine.matched == 1


def test_every_domain_has_a_destination_and_a_rule(stack):
    engine = RulesEngine(stack, runtime=None)
    assert set(engine.destinations) == {f"polis-{d}" for d in DOMAINS}
    for domain in DOMAINS:
        rule = engine.rules[engine.destinations[f"polis-{domain}"]]
        assert rule.parsed.topic_filter == f"polis/uplinks/{domain}"
        [action] = rule.actions
        assert action["Lambda"]["FunctionArn"] == stack.functions[f"{domain.capitalize()}IngestFunction"].arn
