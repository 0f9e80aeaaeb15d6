"""template.yaml stays deployable and in step with the code it deploys."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from polis.devices.model import DOMAINS
from polis_local.api_document import TEMPLATE_EVENTS_COMMAND, template_events_in, template_events_text
from polis_local.api_server import load_chalice_app
from polis_local.iot_sql import parse_rule
from polis_local.lint_template import lint_expanded
from polis_local.template import LocalStack, TemplateError, expand_for_each
from tests.support import ROOT

STACK = LocalStack(ROOT / "template.yaml")


def test_the_template_with_its_includes_lints_clean():
    assert lint_expanded(ROOT / "template.yaml") == []


def test_every_chalice_route_is_an_api_event_of_the_api_function_and_back():
    app = load_chalice_app(ROOT / "functions" / "api")
    routes = {(path, method) for path, entries in app.routes.items() for method in entries}
    events = STACK.resources["ApiFunction"]["Properties"]["Events"].values()
    declared = {(e["Properties"]["Path"], e["Properties"]["Method"]) for e in events if e["Type"] == "Api"}
    assert routes == declared


def test_the_api_events_are_what_the_chalice_routes_generate():
    in_template = template_events_in((ROOT / "template.yaml").read_text())
    assert in_template == template_events_text(ROOT), (
        f"template.yaml's API events are not the routes': run `{TEMPLATE_EVENTS_COMMAND}`"
    )


def test_every_iot_rule_file_is_deployed_and_understood_by_the_local_rules_engine():
    text = (ROOT / "template.yaml").read_text()
    included = set(re.findall(r"Location: (iot_rules/\S+\.json)", text))
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "iot_rules").glob("*.json")}
    assert included == on_disk
    for rule in STACK.of_type("AWS::IoT::TopicRule").values():
        payload = rule["Properties"]["TopicRulePayload"]
        parse_rule(payload["Sql"])
        assert "ErrorAction" in payload, "every IoT rule needs an error action"


def test_every_lambda_permission_names_its_source():
    for logical_id, permission in STACK.of_type("AWS::Lambda::Permission").items():
        assert "SourceArn" in permission["Properties"], logical_id


def test_every_destination_invokes_a_rule_of_the_template():
    rule_names = {r["Properties"]["RuleName"] for r in STACK.of_type("AWS::IoT::TopicRule").values()}
    for destination in STACK.of_type("AWS::IoTWireless::Destination").values():
        assert destination["Properties"]["Expression"] in rule_names


def test_the_ingest_loop_gives_every_domain_its_function_queue_rule_permission_and_destination():
    keys = {domain: domain.capitalize() for domain in DOMAINS}
    assert set(STACK.of_type("AWS::IoT::TopicRule")) == {f"{key}UplinkRule" for key in keys.values()}
    assert set(STACK.of_type("AWS::IoTWireless::Destination")) == {
        f"{key}Destination" for key in keys.values()
    }
    for domain, key in keys.items():
        function = STACK.functions[f"{key}IngestFunction"]
        assert function.environment["POLIS_DOMAIN"] == domain
        assert function.dead_letter_arn == STACK.arn(f"{key}IngestDeadLetterQueue")
        rule = STACK.resolve(STACK.resources[f"{key}UplinkRule"]["Properties"])
        assert rule["RuleName"] == f"polis_{domain}_uplink"
        assert parse_rule(rule["TopicRulePayload"]["Sql"]).topic_filter == f"polis/uplinks/{domain}"
        assert rule["TopicRulePayload"]["Actions"] == [{"Lambda": {"FunctionArn": function.arn}}]
        permission = STACK.resolve(STACK.resources[f"{key}IngestInvokePermission"]["Properties"])
        assert permission["FunctionName"] == function.arn
        assert permission["SourceArn"] == STACK.arn(f"{key}UplinkRule")
        destination = STACK.resources[f"{key}Destination"]["Properties"]
        assert (destination["Name"], destination["Expression"]) == (
            f"polis-{domain}",
            f"polis_{domain}_uplink",
        )


def test_fn_foreach_expands_as_the_language_extensions_transform_does():
    template = {
        "Mappings": {"Teams": {"Road": {"Name": "roads"}, "Parks": {"Name": "parks"}}},
        "Resources": {
            "Fn::ForEach::Teams": [
                "Team",
                ["Road", "Parks"],
                {
                    "Fn::ForEach::Stages": [
                        "Stage",
                        ["dev", "prod-1"],
                        {
                            "${Team}&{Stage}Queue": {
                                "Type": "AWS::SQS::Queue",
                                "Properties": {
                                    "QueueName": {
                                        "Fn::Sub": [
                                            "${Name}-${Stage}",
                                            {"Name": {"Fn::FindInMap": ["Teams", {"Ref": "Team"}, "Name"]}},
                                        ]
                                    },
                                    "Tags": [{"Key": "stage", "Value": {"Ref": "Stage"}}],
                                    "Policy": {"Fn::Sub": "${Team}Bucket.Arn in ${AWS::Region}"},
                                    "DeadLetter": {"Fn::GetAtt": [{"Fn::Sub": "${Team}Dlq"}, "Arn"]},
                                },
                            }
                        },
                    ]
                },
            ]
        },
    }

    resources = expand_for_each(template)["Resources"]

    assert set(resources) == {"RoaddevQueue", "Roadprod1Queue", "ParksdevQueue", "Parksprod1Queue"}
    parks = resources["Parksprod1Queue"]["Properties"]
    assert parks["QueueName"] == "parks-prod-1"
    assert parks["Tags"] == [{"Key": "stage", "Value": "prod-1"}]
    assert parks["Policy"] == {"Fn::Sub": "ParksBucket.Arn in ${AWS::Region}"}
    assert parks["DeadLetter"] == {"Fn::GetAtt": ["ParksDlq", "Arn"]}


def test_fn_foreach_refuses_two_resources_of_one_logical_id():
    template = {
        "Resources": {"Fn::ForEach::Twice": ["X", ["a", "a"], {"${X}Queue": {"Type": "AWS::SQS::Queue"}}]}
    }
    with pytest.raises(TemplateError, match="aQueue"):
        expand_for_each(template)


def _requirement_name(spec: str) -> str:
    return re.split(r"[\[=<>~ ]", spec, maxsplit=1)[0].lower()


def _layer_requirements(layer: str) -> list[str]:
    return [
        line.strip()
        for line in (ROOT / "layers" / layer / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_the_layers_pin_what_the_package_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        _requirement_name(s): s for s in project["dependencies"] + project["optional-dependencies"]["api"]
    }
    dependencies, routing = _layer_requirements("dependencies"), _layer_requirements("routing")
    for spec in dependencies + routing:
        assert pinned[_requirement_name(spec)] == spec
    # boto3 comes with the Lambda runtime; the solvers ship with the routing functions only.
    assert {_requirement_name(s) for s in routing} == {"ortools", "pyvrp"}
    left_out = set(pinned) - {_requirement_name(s) for s in dependencies + routing}
    assert left_out == {"boto3"}


_SOLVE_EVERY_ENGINE = """
import sys
import numpy as np
from polis.routing.problem import DisposalSite, Problem, Stop, TravelMatrix, Vehicle, WasteStream
from polis.routing.solver import solve

points = np.array([(0, 0), (300, 900), (-500, 700), (800, -200), (2000, 2000)], dtype=float)
metres = np.rint(np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1)))
problem = Problem(
    matrix=TravelMatrix(distances_m=metres, durations_s=np.rint(metres / 10)),
    vehicles=(Vehicle(id="t", depot=0, volume_capacity_l=2, weight_capacity_kg=100),),
    stops=tuple(Stop(id=f"s{i}", location=i, volume_l=1) for i in range(1, 4)),
    disposal_sites=(DisposalSite(id="d", location=4, streams=frozenset(WasteStream)),),
)
for engine in ("ortools", "pyvrp", "portfolio", "fallback"):
    assert solve(problem, 0.5, engine).feasible, engine
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_routing_layer_leaves_out_only_what_no_engine_imports():
    makefile = (ROOT / "layers/routing/Makefile").read_text()
    unused = re.search(r"^UNUSED := (.*?)(?<!\\)$", makefile, re.MULTILINE | re.DOTALL)
    assert unused is not None
    removed = {name.removesuffix(".py") for name in unused.group(1).replace("\\", " ").split()}
    assert {"pandas", "matplotlib"} <= removed
    solved = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", _SOLVE_EVERY_ENGINE], capture_output=True, text=True, check=True, timeout=120
    )
    imported = set(solved.stdout.split())
    assert "ortools" in imported
    assert "pyvrp" in imported
    assert not imported & removed


def test_functions_get_their_code_from_folders_that_exist():
    for spec in STACK.functions.values():
        module = spec.handler.rsplit(".", 1)[0].replace(".", "/") + ".py"
        assert (spec.code_dir / module).is_file(), spec.logical_id
    assert isinstance(STACK.root, Path)
