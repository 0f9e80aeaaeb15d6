"""The waste-routing workflow's tasks: select, measure travel, solve (or fall back), store, notify.

Each task is one Step Functions state (``infra/statemachines/waste_routing.asl.json``) and one
Lambda handler. The state carries only a ``RunRef`` and a ``Solution``: small records pointing
at the run's files in S3 (``polis.waste.store.run_files``), because a travel matrix for a few hundred
bins is far beyond the 256 KB a state may hold.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
from pydantic import BaseModel, ConfigDict

from polis.identity.directory import staff_contact
from polis.municipality import MunicipalityId
from polis.notifications import Notification, Recipient, notify
from polis.observability import logger
from polis.routing import fallback
from polis.routing.forecast import forecast
from polis.routing.plan import RoutePlan
from polis.routing.problem import Problem, TravelMatrix
from polis.routing.solver import solve
from polis.routing.travel import HaversineProvider
from polis.store.readings import latest_readings
from polis.waste.fill_history import fill_series
from polis.waste.route_plans import PlannedRoute
from polis.waste.routing_settings import WasteRoutingSettings
from polis.waste.run_problem import RunProblem, RunRequest, build_run_problem, plan_records
from polis.waste.store import bins as bin_store
from polis.waste.store import collection as collection_store
from polis.waste.store import route_plans as route_plan_store
from polis.waste.store.run_files import get_file, put_file


class RunRef(BaseModel):
    """What the workflow's state knows of a run."""

    model_config = ConfigDict(frozen=True)

    municipality: MunicipalityId
    run_id: str
    service_day: date
    problem_key: str
    matrix_key: str | None = None
    stops: int
    required_stops: int
    trucks: int


class Solution(BaseModel):
    model_config = ConfigDict(frozen=True)

    plan_key: str
    engine: str
    feasible: bool
    served: int
    unserved_required: int
    distance_m: int
    solve_error: str | None = None


class PlanStored(BaseModel):
    service_day: date
    routes: int
    stops: int


class DriversNotified(BaseModel):
    notified: list[str] = []
    """Trucks whose driver was told."""
    unreachable: list[str] = []
    """Trucks with a route but no driver the directory can reach."""
    superseded: bool = False
    """A later run replaced this plan before its drivers were told; that run tells them."""


def select_bins(request: RunRequest, now: datetime) -> RunRef:
    settings = WasteRoutingSettings()
    municipality = request.municipality
    bins = bin_store.list_bins(municipality)
    forecasts = {
        bin_.bin_id: forecast(
            fill_series(bin_, latest_readings(municipality, bin_.dev_eui, limit=settings.history_readings)),
            now,
        )
        for bin_ in bins
        if bin_.dev_eui is not None
    }
    problem = build_run_problem(
        request,
        now,
        settings.zone,
        bins,
        collection_store.list_trucks(municipality),
        collection_store.list_disposal_sites(municipality),
        forecasts,
    )
    key = _key(municipality, problem.service_day, request.run_id, "problem.json")
    put_file(key, problem.model_dump_json().encode(), "application/json")
    logger.info(
        "bins selected",
        run_id=request.run_id,
        stops=len(problem.stops),
        unroutable=len(problem.unroutable),
        service_day=problem.service_day.isoformat(),
    )
    return RunRef(
        municipality=municipality,
        run_id=request.run_id,
        service_day=problem.service_day,
        problem_key=key,
        stops=len(problem.stops),
        required_stops=sum(stop.required for stop in problem.stops),
        trucks=len(problem.vehicles),
    )


def measure_travel(run: RunRef) -> RunRef:
    problem = _problem(run)
    matrix = HaversineProvider().matrix(problem.locations)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, distances_m=matrix.distances_m, durations_s=matrix.durations_s)
    key = _key(run.municipality, run.service_day, run.run_id, "matrix.npz")
    put_file(key, buffer.getvalue(), "application/octet-stream")
    return run.model_copy(update={"matrix_key": key})


def solve_routes(run: RunRef) -> Solution:
    settings = WasteRoutingSettings()
    plan = solve(_routing_problem(run), settings.time_limit_s, settings.engine)
    return _keep(run, plan, solve_error=None)


def fall_back(run: RunRef, solve_error: str) -> Solution:
    """A plan in milliseconds when solving failed: the trucks still leave in the morning."""
    logger.warning(
        "routing falls back to the nearest-neighbour construction", run_id=run.run_id, error=solve_error
    )
    return _keep(run, fallback.solve(_routing_problem(run)), solve_error=solve_error)


def store_plan(run: RunRef, solution: Solution) -> PlanStored:
    plan = RoutePlan.model_validate_json(get_file(solution.plan_key))
    record, routes = plan_records(_problem(run), plan, solution.solve_error)
    route_plan_store.put_plan(record, routes)
    return PlanStored(
        service_day=record.service_day, routes=len(routes), stops=sum(len(r.stop_ids) for r in routes)
    )


def notify_drivers(run: RunRef) -> DriversNotified:
    current = route_plan_store.get_plan(run.municipality, run.service_day)
    if current is None or current.run_id != run.run_id:
        return DriversNotified(superseded=True)
    zone = WasteRoutingSettings().zone
    told = DriversNotified()
    for route in route_plan_store.list_routes(run.municipality, run.service_day, run.run_id):
        if not route.stop_ids:
            continue
        contact = staff_contact(route.driver) if route.driver else None
        if contact is None or not (contact.email or contact.phone):
            told.unreachable.append(route.truck_id)
            continue
        notify(
            Notification(
                municipality=run.municipality,
                recipient=Recipient(user_id=contact.subject, email=contact.email, phone=contact.phone),
                topic="waste.route",
                subject=_subject(route),
                body=_body(route, zone),
                reference=f"{route.service_day.isoformat()}/{route.truck_id}",
            )
        )
        told.notified.append(route.truck_id)
    if told.unreachable:
        logger.warning("drivers not told of their route", run_id=run.run_id, trucks=told.unreachable)
    return told


def _subject(route: PlannedRoute) -> str:
    return f"Collection route for {route.service_day:%a %d %b}: {len(route.stop_ids)} bins"


def _body(route: PlannedRoute, zone: ZoneInfo) -> str:
    trips = sum(visit.kind == "disposal" for visit in route.visits)
    first = route.visits[0]
    return (
        f"{route.truck_name or route.truck_id}: {len(route.stop_ids)} bins, {trips} trip(s) to unload, "
        f"{route.distance_m / 1000:.1f} km. First stop: {first.name or first.id}. "
        f"Leave the depot at {route.start.astimezone(zone):%H:%M}, "
        f"back by {route.end.astimezone(zone):%H:%M}. "
        "The stops, in order, are in the Polis driver app; confirm each pickup there."
    )


def _key(municipality: str, day: date, run_id: str, name: str) -> str:
    return f"runs/{municipality}/{day.isoformat()}/{run_id}/{name}"


def _problem(run: RunRef) -> RunProblem:
    return RunProblem.model_validate_json(get_file(run.problem_key))


def _routing_problem(run: RunRef) -> Problem:
    if run.matrix_key is None:
        raise ValueError(f"run {run.run_id} has no travel matrix yet")
    with np.load(io.BytesIO(get_file(run.matrix_key)), allow_pickle=False) as arrays:
        matrix = TravelMatrix(distances_m=arrays["distances_m"], durations_s=arrays["durations_s"])
    return _problem(run).routing_problem(matrix)


def _keep(run: RunRef, plan: RoutePlan, solve_error: str | None) -> Solution:
    key = _key(run.municipality, run.service_day, run.run_id, "plan.json")
    put_file(key, plan.model_dump_json().encode(), "application/json")
    logger.info("route plan", run_id=run.run_id, engine=plan.engine, cost=plan.cost, feasible=plan.feasible)
    return Solution(
        plan_key=key,
        engine=plan.engine,
        feasible=plan.feasible,
        served=len(plan.served),
        unserved_required=len(plan.unserved_required),
        distance_m=plan.distance_m,
        solve_error=solve_error,
    )
