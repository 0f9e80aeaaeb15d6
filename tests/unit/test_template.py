"""template.yaml stays deployable and in step with the code it deploys."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from polis_local.api_server import load_chalice_app
from polis_local.iot_sql import parse_rule
from polis_local.lint_template import lint_expanded
from polis_local.template import LocalStack
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


def _requirement_name(spec: str) -> str:
    return re.split(r"[\[=<>~ ]", spec, maxsplit=1)[0].lower()


def test_the_dependencies_layer_pins_what_the_package_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        _requirement_name(s): s for s in project["dependencies"] + project["optional-dependencies"]["api"]
    }
    layer = [
        line.strip()
        for line in (ROOT / "layers/dependencies/requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for spec in layer:
        assert pinned[_requirement_name(spec)] == spec
    # boto3 comes with the Lambda runtime; the solvers ship with the routing functions only.
    left_out = set(pinned) - {_requirement_name(s) for s in layer}
    assert left_out <= {"boto3", "ortools", "pyvrp"}


def test_functions_get_their_code_from_folders_that_exist():
    for spec in STACK.functions.values():
        module = spec.handler.rsplit(".", 1)[0].replace(".", "/") + ".py"
        assert (spec.code_dir / module).is_file(), spec.logical_id
    assert isinstance(STACK.root, Path)
