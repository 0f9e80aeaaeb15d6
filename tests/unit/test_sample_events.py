"""events/ stays in step with template.yaml: every function has a sample, every sample its kind's shape.

``events/README.md`` is the register: one table row per sample, naming the function (logical id)
it is for and that function's handler. No AWS here; ``tests/integration/test_sample_events.py``
gives each sample to its handler.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from polis_demo.chalkida import CHALKIDA_ASSETS, CHALKIDA_BINS, DRAGINO_LDDS75

from polis.codecs import get_codec
from polis.consultations.tasks import TaskRequest
from polis.events import SOURCE
from polis.identity.principal import Principal
from polis.ingestion.lorawan.envelopes import parse_uplink
from polis.waste.routing_run import RunRef, Solution
from polis.waste.run_problem import RunRequest
from polis_local.template import LocalStack
from tests.support import EVENTS, ROOT, event

STACK = LocalStack(ROOT / "template.yaml")
FUNCTIONS = STACK.of_type("AWS::Serverless::Function")
NO_FUNCTION = "—"
_ROW = re.compile(r"^\| `(?P<file>[^`]+\.json)` \| (?P<function>`\w+`|—) \| (?P<handler>`[\w.]+`|—) \|")

REST_PROXY_KEYS = {
    "resource",
    "path",
    "httpMethod",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
    "body",
    "isBase64Encoded",
}
EVENTBRIDGE_KEYS = {
    "version",
    "id",
    "detail-type",
    "source",
    "account",
    "time",
    "region",
    "resources",
    "detail",
}
SCHEDULE_TYPES = ("Schedule", "ScheduleV2")


@dataclass(frozen=True)
class Row:
    function: str
    handler: str


@cache
def register() -> dict[str, Row]:
    """Sample file (relative to events/) -> the function it is for (or NO_FUNCTION) and its handler."""
    rows: dict[str, Row] = {}
    for line in (EVENTS / "README.md").read_text().splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        assert match["file"] not in rows, f"{match['file']} is in the table twice"
        rows[match["file"]] = Row(match["function"].strip("`"), match["handler"].strip("`"))
    return rows


def samples_of(kind: str) -> dict[str, str]:
    """The kind's sample files -> the function each is for."""
    return {file: row.function for file, row in register().items() if file.startswith(f"{kind}/")}


def _events_of(function: str, *types: str) -> dict[str, dict[str, Any]]:
    events = FUNCTIONS[function]["Properties"].get("Events", {})
    return {name: e for name, e in events.items() if not types or e["Type"] in types}


# ---------------------------------------------------------------- the register


def test_every_function_of_the_template_has_a_sample():
    fed = {row.function for row in register().values()}
    assert set(FUNCTIONS) - fed == set(), "functions without a sample under events/ (see events/README.md)"


def test_the_register_lists_every_sample_file_and_nothing_else():
    on_disk = {str(p.relative_to(EVENTS)) for p in EVENTS.rglob("*.json")}
    assert on_disk == set(register())


def test_the_register_names_functions_of_the_template_with_their_handlers():
    for file, row in register().items():
        if row.function == NO_FUNCTION:
            assert file.startswith("eventbridge/"), f"{file}: only a domain event may feed no function"
            assert row.handler == NO_FUNCTION, file
            continue
        assert row.function in FUNCTIONS, f"{file}: {row.function} is no function of template.yaml"
        assert row.handler == FUNCTIONS[row.function]["Properties"]["Handler"], file


@pytest.mark.parametrize("file", sorted(register()))
def test_every_sample_is_a_json_object(file):
    assert isinstance(event(file), dict)


# ---------------------------------------------------------------- API Gateway


def _api_routes() -> dict[tuple[str, str], str]:
    """(path, method) -> the authorizer the template gives the route (NONE for open routes)."""
    return {
        (e["Properties"]["Path"], e["Properties"]["Method"].upper()): e["Properties"]["Auth"]["Authorizer"]
        for e in _events_of("ApiFunction", "Api").values()
    }


def _authorizers() -> dict[str, tuple[str, str]]:
    """Authorizer name -> (its function's logical id, the caller kind it lets through)."""
    declared = STACK.resources["PolisApi"]["Properties"]["Auth"]["Authorizers"]
    kinds = {"CitizenAuth": "citizen", "StaffAuth": "staff"}
    return {name: (a["FunctionArn"]["Fn::GetAtt"][0], kinds[name]) for name, a in declared.items()}


@pytest.mark.parametrize("file", sorted(f for f, fn in samples_of("api").items() if fn == "ApiFunction"))
def test_an_api_sample_is_a_rest_proxy_event_of_a_route_with_its_authorizers_context(file):
    sample = event(file)
    context = sample["requestContext"]

    assert set(sample) == REST_PROXY_KEYS
    assert (context["resourcePath"], context["httpMethod"]) == (sample["resource"], sample["httpMethod"])
    assert context["path"] == f"/{context['stage']}{sample['path']}"
    authorizer = _api_routes()[(sample["resource"], sample["httpMethod"])]
    assert sample["multiValueHeaders"] == {k: [v] for k, v in sample["headers"].items()}
    query = sample["queryStringParameters"]
    assert sample["multiValueQueryStringParameters"] == (
        {k: [v] for k, v in query.items()} if query else None
    )
    if sample["body"] is not None:
        assert sample["headers"]["Content-Type"].startswith("application/json")
        json.loads(sample["body"])
    if authorizer == "NONE":
        assert "authorizer" not in context
        return
    principal = Principal.model_validate_json(context["authorizer"]["principal"])
    assert principal.kind == _authorizers()[authorizer][1]
    assert context["authorizer"]["principalId"] == principal.subject


@pytest.mark.parametrize("file", sorted(f for f in samples_of("api") if "/authorizer-" in f))
def test_an_authorizer_sample_is_a_token_event_for_a_route_its_authorizer_guards(file):
    sample = event(file)
    function = register()[file].function

    assert set(sample) == {"type", "authorizationToken", "methodArn"}
    assert sample["type"] == "TOKEN"
    match = re.fullmatch(
        r"arn:aws:execute-api:[\w-]+:\d{12}:\w+/api/(?P<method>[A-Z]+)(?P<path>/\S*)", sample["methodArn"]
    )
    assert match is not None, sample["methodArn"]
    guard = _api_routes()[(match["path"], match["method"])]
    assert _authorizers()[guard][0] == function


# ---------------------------------------------------------------- uplinks


def _devices() -> dict[str, tuple[str, str]]:
    """The demo city's DevEUIs -> (domain, model)."""
    devices = {site.dev_eui: ("waste", DRAGINO_LDDS75) for site in CHALKIDA_BINS}
    devices.update({site.dev_eui: (site.domain, site.model) for site in CHALKIDA_ASSETS})
    return devices


@pytest.mark.parametrize(
    "file", sorted([*samples_of("lorawan"), *samples_of("ingest")]), ids=lambda f: f.removesuffix(".json")
)
def test_an_uplink_sample_is_a_decodable_uplink_of_a_device_of_its_functions_domain(file):
    function = register()[file].function
    domain = FUNCTIONS[function]["Properties"]["Environment"]["Variables"]["POLIS_DOMAIN"]

    uplink = parse_uplink(event(file))

    device_domain, model = _devices()[uplink.dev_eui]
    assert device_domain == domain
    assert get_codec(model).decode_normalized(uplink.fport, uplink.payload)


# ---------------------------------------------------------------- EventBridge


def _matches(pattern: dict[str, Any], sample: dict[str, Any]) -> bool:
    return all(sample.get(key) in allowed for key, allowed in pattern.items() if isinstance(allowed, list))


@pytest.mark.parametrize("file", sorted(samples_of("eventbridge")))
def test_a_domain_event_sample_is_a_bus_event_its_function_and_only_it_matches(file):
    sample = event(file)

    assert set(sample) == EVENTBRIDGE_KEYS
    assert (sample["source"], sample["version"], sample["resources"]) == (SOURCE, "0", [])
    assert sample["detail"]["municipality"] == "chalkida"
    matched_by = {
        function
        for function in FUNCTIONS
        for rule in _events_of(function, "EventBridgeRule", "CloudWatchEvent").values()
        if _matches(rule["Properties"]["Pattern"], sample)
    }
    fed = register()[file].function
    assert matched_by == (set() if fed == NO_FUNCTION else {fed})


# ---------------------------------------------------------------- schedules


def test_every_scheduled_function_has_a_schedule_sample_and_only_they():
    scheduled = {function for function in FUNCTIONS if _events_of(function, *SCHEDULE_TYPES)}
    assert set(samples_of("schedules").values()) == scheduled


@pytest.mark.parametrize("file", sorted(samples_of("schedules")))
def test_a_schedule_sample_is_what_its_schedule_delivers(file):
    sample = event(file)
    function = register()[file].function
    [(name, schedule)] = _events_of(function, *SCHEDULE_TYPES).items()
    given = schedule["Properties"].get("Input")

    if given is not None:
        assert sample == json.loads(given)
    elif schedule["Type"] == "Schedule":
        # An EventBridge rule: its name is the stack's, the event's logical id and a suffix.
        assert set(sample) == EVENTBRIDGE_KEYS
        assert (sample["source"], sample["detail-type"], sample["detail"]) == (
            "aws.events",
            "Scheduled Event",
            {},
        )
        [rule] = sample["resources"]
        assert re.fullmatch(rf"arn:aws:events:[\w-]+:\d{{12}}:rule/polis-local-{function[:20]}\S*", rule), (
            rule
        )
    else:
        # EventBridge Scheduler's default event: the schedule SAM names after the event's logical id.
        assert set(sample) == EVENTBRIDGE_KEYS
        assert (sample["source"], sample["detail-type"], sample["detail"]) == (
            "aws.scheduler",
            "Scheduled Event",
            "{}",
        )
        [arn] = sample["resources"]
        assert arn.endswith(f":schedule/default/{function}{name}")


# ---------------------------------------------------------------- Step Functions


def _task_states() -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """(state machine, state, function, the input template) of every Task state; None: its input as is."""
    found = []
    for machine, resource in STACK.of_type("AWS::Serverless::StateMachine").items():
        props = resource["Properties"]
        functions = {
            name: value["Fn::GetAtt"][0] for name, value in props.get("DefinitionSubstitutions", {}).items()
        }
        definition = json.loads((ROOT / props["DefinitionUri"]).read_text())
        for state_name, state in definition["States"].items():
            if state["Type"] != "Task":
                continue
            if state["Resource"].startswith("arn:aws:states:::lambda:invoke"):
                target, template = state["Parameters"]["FunctionName"], state["Parameters"]["Payload"]
            else:
                target, template = state["Resource"], state.get("Parameters")
            found.append(
                (machine, state_name, functions[target.removeprefix("${").removesuffix("}")], template)
            )
    return found


def _fits(sample: dict[str, Any], template: dict[str, Any]) -> bool:
    """A payload made from ``template``: its keys (``.$`` paths resolved), its constants as they are."""
    keys = {key.removesuffix(".$") for key in template}
    constants = {key: value for key, value in template.items() if not key.endswith(".$")}
    return set(sample) == keys and all(sample[key] == value for key, value in constants.items())


@pytest.mark.parametrize(
    ("machine", "state", "function", "template"),
    [pytest.param(*task, id=f"{task[0]}.{task[1]}") for task in _task_states()],
)
def test_every_task_state_has_a_sample_of_its_input(machine, state, function, template):
    samples = [event(file) for file, fed in samples_of("stepfunctions").items() if fed == function]

    assert samples, f"{machine}.{state}: no sample for {function}"
    if template is not None:
        assert any(_fits(sample, template) for sample in samples), (
            f"{machine}.{state}: no sample fits {template}"
        )


def test_the_waste_routing_samples_are_what_the_task_handlers_parse():
    select = event("stepfunctions/waste-routing-select-bins.json")
    RunRequest.model_validate({**select["request"], "run_id": select["run_id"]})
    for file in ("measure-travel", "solve-routes", "notify-drivers"):
        RunRef.model_validate(event(f"stepfunctions/waste-routing-{file}.json"))
    fall_back = event("stepfunctions/waste-routing-fall-back.json")
    RunRef.model_validate(fall_back["run"])
    assert set(fall_back["solve_error"]) == {"Error", "Cause"}
    assert json.loads(fall_back["solve_error"]["Cause"])["errorMessage"]
    store = event("stepfunctions/waste-routing-store-plan.json")
    RunRef.model_validate(store["run"])
    Solution.model_validate(store["solution"])


def test_the_consultation_samples_are_task_requests_and_only_approval_has_a_token():
    tasks = defaultdict(list)
    for file, function in samples_of("stepfunctions").items():
        if function == "ConsultationTasksFunction":
            request = TaskRequest.model_validate(event(file))
            tasks[request.task].append(request)
            assert (request.task_token is not None) == (request.task == "await-approval"), file
    [approval] = tasks["await-approval"]
    assert 1 <= len(approval.task_token or "") <= 1024  # SendTaskSuccess takes a token of at most 1024
