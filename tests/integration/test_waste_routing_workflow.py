"""The waste-routing state machine from template.yaml, on moto's ASL interpreter with the real handlers."""

from __future__ import annotations

import json
import time
from datetime import date

import boto3
import pytest

from polis.events import DomainEvent, publish
from polis.notifications.store import list_notifications
from polis.waste.store import bins as bin_store
from polis.waste.store import route_plans as route_plan_store
from polis_local.aws import dispatch_lambda_invocations
from polis_local.triggers import TriggerRunner
from polis_local.users import LocalUserPools, seed_users
from tests.integration.waste_day import FULL_BINS, MIXED_FULL, seed_collection_day


@pytest.fixture
def workflow(stack, runtime):
    """Step Functions Lambda tasks run the real handlers; the solver gets a second."""
    dispatch_lambda_invocations(runtime)
    seed_users(stack)
    stack.functions["WasteRoutingSolveFunction"].environment["POLIS_ROUTING_TIME_LIMIT_S"] = "1"
    return stack.arn("WasteRoutingStateMachine")


def _run(machine: str, name: str, trigger: str = "staff") -> dict:
    sfn = boto3.client("stepfunctions")
    request = {"municipality": "chalkida", "trigger": trigger, "requested_by": "chalkida-admin"}
    execution = sfn.start_execution(stateMachineArn=machine, name=name, input=json.dumps(request))
    return _finished(execution["executionArn"])


def _finished(execution_arn: str, timeout: float = 60) -> dict:
    sfn = boto3.client("stepfunctions")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        time.sleep(0.2)
    raise AssertionError(f"{execution_arn} still running after {timeout} s")


def _eventually(predicate, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def _driver_inbox(stack, username: str) -> list:
    pool_id, _ = LocalUserPools(stack).ids("staff")
    user = boto3.client("cognito-idp").admin_get_user(UserPoolId=pool_id, Username=username)
    subject = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    return list_notifications("chalkida", subject)


def test_a_run_plans_the_full_bins_stores_the_plan_and_tells_the_drivers(stack, workflow):
    seed_collection_day()

    done = _run(workflow, "chalkida-run-1")

    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert sorted(output["notified"]["notified"]) == ["truck-07", "truck-12"]
    day = date.fromisoformat(output["run"]["service_day"])
    plan = route_plan_store.get_plan("chalkida", day)
    assert plan is not None
    assert (plan.run_id, plan.trigger, plan.solve_error) == ("chalkida-run-1", "staff", None)
    assert plan.engine.startswith("portfolio")
    assert plan.unserved == ()
    routes = {r.truck_id: r for r in route_plan_store.list_routes("chalkida", day, plan.run_id)}
    assert set(routes["truck-07"].stop_ids) == MIXED_FULL
    assert routes["truck-12"].stop_ids == ["chk-0005"]
    # Every load ends at the landfill before the truck goes home.
    assert all(route.visits[-1].kind == "disposal" for route in routes.values())
    [told] = _driver_inbox(stack, "chalkida-driver-1")
    assert told.notification.topic == "waste.route"
    assert told.notification.subject.endswith(": 4 bins")
    assert told.notification.reference == f"{day.isoformat()}/truck-07"
    assert [d.status for d in told.deliveries] == ["captured"]
    # The state carried keys, never the matrix: the largest state is the run's small record.
    history = boto3.client("stepfunctions").get_execution_history(executionArn=done["executionArn"])
    assert max(len(e.get("stateExitedEventDetails", {}).get("output", "")) for e in history["events"]) < 4096


def test_when_solving_fails_the_fallback_plans_the_day(stack, workflow):
    stack.functions["WasteRoutingSolveFunction"].environment["POLIS_ROUTING_ENGINE"] = "no-such-engine"
    seed_collection_day()

    done = _run(workflow, "chalkida-run-2")

    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["solve_error"]["Error"] == "ValueError"
    plan = route_plan_store.get_plan("chalkida", date.fromisoformat(output["run"]["service_day"]))
    assert plan.engine == "fallback"
    assert plan.solve_error.startswith("ValueError: unknown engine 'no-such-engine'")
    assert set(plan.trucks) == {"truck-07", "truck-12"}
    assert plan.unserved == ()
    history = boto3.client("stepfunctions").get_execution_history(executionArn=done["executionArn"])
    failed = [e for e in history["events"] if e["type"] in ("LambdaFunctionFailed", "TaskFailed")]
    assert len(failed) == 2  # the first attempt and its one retry


def test_with_nothing_due_the_run_ends_without_a_plan(stack, workflow):
    seed_collection_day(full={})

    done = _run(workflow, "chalkida-run-3")

    assert done["status"] == "SUCCEEDED", done
    output = json.loads(done["output"])
    assert output["run"]["stops"] == 0
    assert "solution" not in output
    assert route_plan_store.list_plans("chalkida") == []


def _bin_full(bin_id: str) -> DomainEvent:
    return DomainEvent(detail_type="bin.full", municipality="chalkida", detail={"bin_id": bin_id})


def test_bin_full_events_start_one_run_once_enough_bins_are_full(stack, runtime, workflow):
    seed_collection_day()
    runner = TriggerRunner(stack, runtime)
    runner.attach_pattern_queues()
    sfn = boto3.client("stepfunctions")

    def fill(*bin_ids: str) -> None:
        for bin_id in bin_ids:
            bin_ = bin_store.get_bin("chalkida", bin_id)
            bin_store.put_bin(bin_.model_copy(update={"fill_pct": 95.0}))
        publish([_bin_full(bin_id) for bin_id in bin_ids])
        runner.drain()

    fill(*list(FULL_BINS)[:4])
    _eventually(lambda: runtime.invocations == 4)
    assert sfn.list_executions(stateMachineArn=workflow)["executions"] == []

    fill(list(FULL_BINS)[4], "chk-0003")  # the fifth, and a sixth within the quiet period
    runtime.shutdown()  # waits for the starter's asynchronous invocations

    [execution] = sfn.list_executions(stateMachineArn=workflow)["executions"]
    assert "-bins-full-" in execution["name"]
    assert _finished(execution["executionArn"])["status"] == "SUCCEEDED"


def test_the_daily_schedule_starts_a_run_for_every_municipality_with_trucks(stack, runtime, workflow):
    seed_collection_day(full={})

    result = runtime.invoke("WasteRoutingStarterFunction", {"detail-type": "Scheduled Event", "detail": {}})

    [run_id] = result["started"]
    assert run_id.startswith("chalkida-")
    [execution] = boto3.client("stepfunctions").list_executions(stateMachineArn=workflow)["executions"]
    assert execution["name"] == run_id
    assert _finished(execution["executionArn"])["status"] == "SUCCEEDED"
