"""Every sample event under events/ given to the real handler, as Lambda gives it, on moto.

``events/README.md`` names the function each sample feeds (``tests/unit/test_sample_events.py``
keeps that table, the template and the files in step). Here each handler runs in the local
platform's in-process runtime with its template environment, after the test seeds what the event
refers to; the API function's proxy events go to the Chalice app object as Lambda's handler.
"""

from __future__ import annotations

import copy
import json
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from polis_demo.chalkida import CHALKIDA_ASSETS
from polis_demo.service_desk import seed_service_desk
from polis_demo.simulator import seed_city

from polis.consultations.model import Consultation, Content, ResponseSubmission
from polis.consultations.participation import respond
from polis.consultations.store import consultations as consultation_store
from polis.consultations.workflow import workflow_input
from polis.identity.principal import Principal
from polis.ingestion.lorawan.envelopes import parse_uplink
from polis.municipality import Municipality
from polis.requests import desk
from polis.requests.models import CitizenReport, Reporter
from polis.store import devices as device_store
from polis.store import readings as reading_store
from polis.store.municipalities import put_municipality
from polis.waste.store import bins as bin_store
from polis_local.api_server import load_chalice_app
from polis_local.aws import dispatch_lambda_invocations
from polis_local.lambdas import LambdaContext
from polis_local.users import seed_users
from tests.integration.consultation_support import SQUARE, draft
from tests.integration.waste_day import FULL_BINS, seed_collection_day
from tests.support import event as sample

LORAWAN_WASTE = "lorawan/aws-iot-core/waste-ldds75.json"


# ---------------------------------------------------------------- helpers


def _principal(api_sample: str) -> dict[str, Any]:
    """The caller a sample API event's authorizer context names."""
    return json.loads(sample(api_sample)["requestContext"]["authorizer"]["principal"])


@pytest.fixture
def api_function(stack, monkeypatch) -> Callable[[dict[str, Any]], tuple[int, Any]]:
    """ApiFunction's handler (``app.app``, the Chalice app) with its template environment: (status, body)."""
    spec = stack.functions["ApiFunction"]
    assert spec.handler == "app.app"
    for name, value in {**spec.environment, "AWS_LAMBDA_FUNCTION_NAME": spec.name}.items():
        monkeypatch.setenv(name, value)
    # A fresh import, as a new Lambda process: Chalice consumes blueprints' route options once.
    app = load_chalice_app(spec.code_dir)

    def invoke(event: dict[str, Any]) -> tuple[int, Any]:
        context = LambdaContext(
            function_name=spec.name,
            invoked_function_arn=spec.arn,
            memory_limit_in_mb=512,
            aws_request_id=str(uuid.uuid4()),
            deadline=time.monotonic() + spec.timeout,
        )
        response = app(copy.deepcopy(event), context)
        body = response.get("body")
        return response["statusCode"], json.loads(body) if body else None

    return invoke


def _watch(stack, detail_type: str) -> Callable[[], list[dict[str, Any]]]:
    """What the platform's bus delivers of one detail-type, as a target receives it (an SQS queue here)."""
    sqs, events = boto3.client("sqs"), boto3.client("events")
    name = f"watch-{detail_type.replace('.', '-')}"
    queue_url = sqs.create_queue(QueueName=name)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = stack.physical_name("EventBus")
    pattern = {"source": ["polis"], "detail-type": [detail_type]}
    events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(pattern))
    events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "watch", "Arn": queue_arn}])

    def delivered() -> list[dict[str, Any]]:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        return [json.loads(m["Body"]) for m in messages.get("Messages", [])]

    return delivered


def _assert_shaped_like(delivered: dict[str, Any], sample_file: str) -> None:
    """A published event has the sample's envelope, source, detail-type and detail fields."""
    expected = sample(sample_file)
    assert set(delivered) | {"account"} == set(expected)  # moto leaves out the account
    assert (delivered["source"], delivered["detail-type"]) == (expected["source"], expected["detail-type"])
    assert list(delivered["detail"]) == list(expected["detail"])


def _executions(stack, state_machine: str) -> list[dict[str, Any]]:
    sfn = boto3.client("stepfunctions")
    return sfn.list_executions(stateMachineArn=stack.arn(state_machine))["executions"]


def _finished(execution_arn: str, timeout: float = 60) -> dict[str, Any]:
    sfn = boto3.client("stepfunctions")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.2)
    raise AssertionError(f"{execution_arn} still running after {timeout} s")


@pytest.fixture
def routing_runs(stack, runtime) -> str:
    """Routing executions run the real task handlers (the solver gets a second) and tell seeded drivers."""
    dispatch_lambda_invocations(runtime)
    seed_users(stack)
    stack.functions["WasteRoutingSolveFunction"].environment["POLIS_ROUTING_TIME_LIMIT_S"] = "1"
    return stack.arn("WasteRoutingStateMachine")


# ---------------------------------------------------------------- API Gateway proxy events


def test_the_open_data_bins_request_answers_the_bins_as_geojson(api_function, chalkida_bin):
    status, body = api_function(sample("api/open-data-waste-bins-get.json"))

    assert status == 200
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [chalkida_bin.longitude, chalkida_bin.latitude],
    }


@pytest.mark.parametrize(
    ("api_sample", "added"),
    [("api/staff-me-get.json", {"departments": ["cleaning"]}), ("api/citizen-me-get.json", {})],
)
def test_me_answers_the_caller_the_authorizer_let_through(api_function, api_sample, added):
    status, body = api_function(sample(api_sample))

    assert status == 200
    assert body == _principal(api_sample) | added


def test_a_citizen_report_is_filed_for_the_caller(api_function):
    seed_service_desk()
    event = sample("api/citizen-service-request-post.json")

    status, body = api_function(event)

    assert status == 201, body
    filed = body["request"]
    assert filed["reference"].startswith("CHK-")
    assert (filed["status"], filed["category"], filed["department"]) == (
        "submitted",
        "overflowing-bin",
        "cleaning",
    )
    assert filed["description"] == json.loads(event["body"])["description"]
    assert filed["reporter"]["email"] == "eleni@example.org"
    assert body["possible_duplicates"] == []
    caller = _principal("api/citizen-service-request-post.json")
    assert desk.find("chalkida", filed["reference"]).reporter.subject == caller["subject"]


# ---------------------------------------------------------------- TOKEN authorizers


@pytest.mark.parametrize(
    ("function", "authorizer_sample", "user", "other_kind", "api_sample"),
    [
        pytest.param(
            "StaffAuthorizerFunction",
            "api/authorizer-staff.json",
            "chalkida-cleaning",
            "eleni@example.org",
            "api/staff-me-get.json",
            id="staff",
        ),
        pytest.param(
            "CitizenAuthorizerFunction",
            "api/authorizer-citizen.json",
            "eleni@example.org",
            "chalkida-cleaning",
            "api/citizen-service-request-post.json",
            id="citizen",
        ),
    ],
)
def test_an_authorizer_allows_its_pools_token_and_denies_the_rest(
    stack, runtime, id_token, function, authorizer_sample, user, other_kind, api_sample
):
    seed_users(stack)
    # The runtime imports functions/api/app.py as a new Lambda process would: with chalicelib afresh,
    # as an earlier import gave its blueprints' routes to another app (see load_chalice_app).
    for name in [m for m in sys.modules if m == "chalicelib" or m.startswith("chalicelib.")]:
        del sys.modules[name]
    event = sample(authorizer_sample)

    allowed = runtime.invoke(function, event | {"authorizationToken": f"Bearer {id_token(user)}"})
    as_stored = runtime.invoke(function, event)  # the sample's token is redacted: it proves nothing
    other = runtime.invoke(function, event | {"authorizationToken": f"Bearer {id_token(other_kind)}"})

    [allow] = allowed["policyDocument"]["Statement"]
    assert (allow["Effect"], allow["Action"]) == ("Allow", "execute-api:Invoke")
    # The context is what the API function's sample carries for this caller, but for the subject moto
    # gave them (a citizen's username is their subject too: the pool signs in by e-mail).
    principal = json.loads(allowed["context"]["principal"])
    assert allowed["principalId"] == principal["subject"]
    in_sample = _principal(api_sample)
    assert json.dumps(in_sample).replace(in_sample["subject"], principal["subject"]) == json.dumps(principal)
    for denied in (as_stored, other):
        assert denied["policyDocument"]["Statement"] == [
            {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": [event["methodArn"]]}
        ]


# ---------------------------------------------------------------- uplinks of the other domains


UPLINKS = [
    ("ParkingIngestFunction", "ingest/parking-tps110.json", "pk-venizelou-01", ["spot.occupied"]),
    ("EnvironmentIngestFunction", "ingest/environment-dl-pm.json", "air-venizelou", []),
    ("LightingIngestFunction", "ingest/lighting-ws558.json", "light-promenade-01", []),
    ("HydrometIngestFunction", "ingest/hydromet-dl-mbx.json", "river-lilantas-vasiliko", []),
    ("OccupancyIngestFunction", "ingest/occupancy-vs133.json", "bldg-town-hall", []),
    ("FleetIngestFunction", "ingest/fleet-lgt92.json", "truck-07", []),
    ("TelecareIngestFunction", "ingest/telecare-ws101.json", "care-0001", ["panic.pressed"]),
]


@pytest.mark.parametrize(
    ("function", "uplink_sample", "asset_id", "events"), [pytest.param(*u, id=u[0]) for u in UPLINKS]
)
def test_a_domains_uplink_is_stored_as_a_reading(stack, runtime, function, uplink_sample, asset_id, events):
    [site] = [a for a in CHALKIDA_ASSETS if a.asset_id == asset_id]
    seed_city((), assets=(site,))
    uplink = parse_uplink(sample(uplink_sample))

    outcome = runtime.invoke(function, sample(uplink_sample))

    assert outcome == {
        "status": "stored",
        "dev_eui": site.dev_eui,
        "fcnt": uplink.fcnt,
        "municipality": "chalkida",
        "reason": None,
        "events": events,
    }
    [reading] = reading_store.latest_readings("chalkida", site.dev_eui)
    assert (reading.domain, reading.fcnt, reading.observed_at) == (
        site.domain,
        uplink.fcnt,
        uplink.received_at,
    )


# ---------------------------------------------------------------- EventBridge events


def test_the_bin_full_event_is_what_ingest_publishes(stack, runtime, chalkida_bin):
    bin_full = _watch(stack, "bin.full")
    uplink = sample(LORAWAN_WASTE)
    uplink["PayloadData"] = "DTsAyAAA+gE="  # 200 mm to the waste: 83.3 % of 1200 mm

    runtime.invoke("WasteIngestFunction", uplink)

    [published] = bin_full()
    _assert_shaped_like(published, "eventbridge/bin-full.json")
    assert published["detail"] == sample("eventbridge/bin-full.json")["detail"]


def test_a_bin_full_event_starts_a_routing_run_once_enough_bins_are_full(stack, runtime, routing_runs):
    seed_collection_day()
    for bin_id in FULL_BINS:
        bin_store.put_bin(bin_store.get_bin("chalkida", bin_id).model_copy(update={"fill_pct": 95.0}))

    result = runtime.invoke("WasteRoutingStarterFunction", sample("eventbridge/bin-full.json"))

    [run_id] = result["started"]
    assert "-bins-full-" in run_id
    [execution] = _executions(stack, "WasteRoutingStateMachine")
    assert execution["name"] == run_id
    done = _finished(execution["executionArn"])
    assert done["status"] == "SUCCEEDED", done
    assert json.loads(done["input"]) == {
        "municipality": "chalkida",
        "trigger": "bins-full",
        "requested_by": None,
    }


# ---------------------------------------------------------------- schedules


def test_the_quarter_hour_health_check_flags_a_device_gone_silent(stack, runtime, chalkida_bin):
    silent = _watch(stack, "device.silent")
    runtime.invoke("WasteIngestFunction", sample(LORAWAN_WASTE))  # heard on 20 November, then nothing

    changes = runtime.invoke(
        "DeviceHealthFunction", sample("schedules/device-health-every-quarter-hour.json")
    )

    assert changes == {"chalkida": 1}
    assert device_store.find_by_dev_eui(chalkida_bin.dev_eui).silent
    [published] = silent()
    _assert_shaped_like(published, "eventbridge/device-silent.json")
    assert published["detail"] == sample("eventbridge/device-silent.json")["detail"]


def test_the_escalation_schedule_escalates_a_request_past_its_due_time(stack, runtime):
    seed_service_desk()
    overdue = _watch(stack, "service-request.overdue")
    report = CitizenReport.model_validate_json(sample("api/citizen-service-request-post.json")["body"])
    two_days_ago = datetime.now(UTC) - timedelta(days=2)  # the category allows 24 hours
    filed, _ = desk.submit(
        "chalkida", report.draft(), Reporter(email="eleni@example.org"), "app", two_days_ago
    )

    escalated = runtime.invoke(
        "ServiceRequestEscalationFunction",
        sample("schedules/service-request-escalation-every-quarter-hour.json"),
    )

    assert escalated == {"chalkida": 1}
    assert desk.find("chalkida", filed.reference).escalated_at is not None
    [published] = overdue()
    _assert_shaped_like(published, "eventbridge/service-request-overdue.json")
    assert published["detail"]["reference"] == filed.reference


def test_the_quarterly_schedule_starts_an_indicator_round(stack, runtime):
    put_municipality(Municipality(municipality_id="chalkida", name="Chalkida"), datetime.now(UTC))

    result = runtime.invoke("IndicatorRoundFunction", sample("schedules/indicator-rounds-every-quarter.json"))

    [started] = result["started"]
    municipality, _, round_id = started.partition("/")
    assert (municipality, round_id[: len("indicators-")]) == ("chalkida", "indicators-")
    stored = consultation_store.get("chalkida", round_id)
    assert stored.content.kind == "indicators"
    [execution] = _executions(stack, "ConsultationStateMachine")
    assert execution["name"] == f"{round_id}-1-chalkida"
    sfn = boto3.client("stepfunctions")
    assert json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"]) == (
        workflow_input(stored)
    )
    sfn.stop_execution(executionArn=execution["executionArn"])  # it would wait weeks for the close


def test_the_morning_schedule_starts_the_daily_routing_run(stack, runtime, routing_runs):
    seed_collection_day()

    result = runtime.invoke(
        "WasteRoutingStarterFunction", sample("schedules/waste-routing-every-morning.json")
    )

    [run_id] = result["started"]
    assert run_id.startswith("chalkida-")
    assert "-schedule-" in run_id
    [execution] = _executions(stack, "WasteRoutingStateMachine")
    done = _finished(execution["executionArn"])
    assert done["status"] == "SUCCEEDED", done
    assert json.loads(done["input"]) == {
        "municipality": "chalkida",
        "trigger": "schedule",
        "requested_by": None,
    }


# ---------------------------------------------------------------- Step Functions task inputs


def _on_service_day(day: str) -> Callable[[str], dict[str, Any]]:
    """A routing sample moved to the run's actual service day: the samples' run is on 20 November."""

    def moved(sample_file: str) -> dict[str, Any]:
        return json.loads(json.dumps(sample(sample_file)).replace("2026-11-20", day))

    return moved


def test_the_waste_routing_tasks_take_their_samples_in_turn(stack, runtime, routing_runs):
    seed_collection_day()

    run = runtime.invoke("WasteRoutingSelectFunction", sample("stepfunctions/waste-routing-select-bins.json"))
    on_day = _on_service_day(run["service_day"])
    # SelectBins' result is the MeasureTravel sample, MeasureTravel's the SolveRoutes sample.
    assert run == on_day("stepfunctions/waste-routing-measure-travel.json")
    measured = runtime.invoke(
        "WasteRoutingMatrixFunction", on_day("stepfunctions/waste-routing-measure-travel.json")
    )
    assert measured == on_day("stepfunctions/waste-routing-solve-routes.json")
    # The path a failed solve takes, then the solve: both leave the run's plan file, the last one stays.
    fallen_back = runtime.invoke(
        "WasteRoutingFallbackFunction", on_day("stepfunctions/waste-routing-fall-back.json")
    )
    solved = runtime.invoke(
        "WasteRoutingSolveFunction", on_day("stepfunctions/waste-routing-solve-routes.json")
    )
    store = on_day("stepfunctions/waste-routing-store-plan.json")
    stored = runtime.invoke("WasteRoutingStoreFunction", store)
    told = runtime.invoke(
        "WasteRoutingNotifyFunction", on_day("stepfunctions/waste-routing-notify-drivers.json")
    )

    assert (fallen_back["engine"], fallen_back["served"]) == ("fallback", 5)
    timed_out = json.loads(on_day("stepfunctions/waste-routing-fall-back.json")["solve_error"]["Cause"])
    assert fallen_back["solve_error"] == f"Sandbox.Timedout: {timed_out['errorMessage']}"
    assert set(solved) == set(store["solution"])
    assert solved["engine"].partition(":")[0] == store["solution"]["engine"].partition(":")[0] == "portfolio"
    assert (solved["plan_key"], solved["feasible"], solved["served"]) == (
        store["solution"]["plan_key"],
        True,
        5,
    )
    assert stored == {"service_day": run["service_day"], "routes": 2, "stops": 5}
    assert told == {"notified": ["truck-07", "truck-12"], "unreachable": [], "superseded": False}


def _consultation(payload: dict[str, Any], status: str) -> Consultation:
    now = datetime.now(UTC)
    content = Content.model_validate(draft(opens_in=60, open_for=3600, questions=[SQUARE]))
    consultation = Consultation(
        consultation_id=payload["consultation_id"],
        municipality=payload["municipality"],
        content=content,
        status=status,
        created_by=_principal("api/staff-me-get.json")["subject"],
        created_at=now,
        updated_at=now,
        submissions=1,
    )
    assert consultation_store.create(consultation)
    return consultation


def _task(runtime, sample_file: str) -> tuple[dict[str, Any], str]:
    payload = sample(f"stepfunctions/{sample_file}")
    result = runtime.invoke("ConsultationTasksFunction", payload)
    stored = consultation_store.get(payload["municipality"], payload["consultation_id"])
    return result, stored.status


def test_the_consultation_tasks_take_their_samples_through_an_approved_lifecycle(stack, runtime):
    awaiting = sample("stepfunctions/consultation-await-approval.json")
    _consultation(awaiting, "pending-approval")

    assert _task(runtime, "consultation-await-approval.json") == (
        {"awaiting": "approval"},
        "pending-approval",
    )
    assert consultation_store.task_token("chalkida", awaiting["consultation_id"]) == awaiting["task_token"]
    assert _task(runtime, "consultation-schedule.json") == ({"status": "scheduled"}, "scheduled")
    assert _task(runtime, "consultation-open.json") == ({"invited": 0}, "open")
    citizen = Principal.model_validate(_principal("api/citizen-me-get.json"))
    answers = ResponseSubmission(answers={"square": "park"})
    respond(citizen, awaiting["consultation_id"], answers, datetime.now(UTC), change=False)
    assert _task(runtime, "consultation-close.json") == ({"status": "closed"}, "closed")
    tally, status = _task(runtime, "consultation-tally.json")
    assert (tally["participants"], status) == (1, "closed")
    assert _task(runtime, "consultation-publish-results.json") == (
        {"status": "results-published"},
        "results-published",
    )
    assert _task(runtime, "consultation-notify-participants.json") == ({"told": 1}, "results-published")
    assert _task(runtime, "consultation-archive.json") == ({"responses_erased": 1}, "archived")


def test_the_record_rejection_task_takes_its_sample(stack, runtime):
    _consultation(sample("stepfunctions/consultation-record-rejection.json"), "pending-approval")

    assert _task(runtime, "consultation-record-rejection.json") == ({"status": "rejected"}, "rejected")
