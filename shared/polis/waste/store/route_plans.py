"""Route plan access: the day's current plan, its trucks' routes, and pickups confirmed on them."""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import UpdateError

from polis.store.items import RoutePlanItem, TruckRouteItem
from polis.store.keys import partition
from polis.store.table import bind
from polis.waste.route_plans import Pickup, PlannedRoute, RoutePlanRecord


def _plans_pk(municipality: str) -> str:
    return partition(municipality, "ROUTE_PLAN")


def _routes_pk(municipality: str, day: date) -> str:
    return partition(municipality, "ROUTE_PLAN", day.isoformat())


def _route(item: TruckRouteItem) -> PlannedRoute:
    route = PlannedRoute.model_validate_json(item.route)
    pickups = {bin_id: Pickup.model_validate(value) for bin_id, value in item.pickups.as_dict().items()}
    return route.model_copy(update={"pickups": pickups})


def put_plan(plan: RoutePlanRecord, routes: list[PlannedRoute]) -> None:
    """The routes first, then the plan that points at them: a reader never finds a plan without routes."""
    bind()
    with TruckRouteItem.batch_write() as batch:
        for route in routes:
            batch.save(
                TruckRouteItem(
                    pk=_routes_pk(route.municipality, route.service_day),
                    sk=f"{route.run_id}#{route.truck_id}",
                    municipality=route.municipality,
                    run_id=route.run_id,
                    truck_id=route.truck_id,
                    route=route.model_dump_json(exclude={"pickups"}),
                    pickups={},
                )
            )
    RoutePlanItem(
        pk=_plans_pk(plan.municipality),
        sk=plan.service_day.isoformat(),
        municipality=plan.municipality,
        run_id=plan.run_id,
        created_at=plan.created_at,
        plan=plan.model_dump_json(),
    ).save()


def get_plan(municipality: str, day: date) -> RoutePlanRecord | None:
    bind()
    try:
        item = RoutePlanItem.get(_plans_pk(municipality), day.isoformat())
    except RoutePlanItem.DoesNotExist:
        return None
    return RoutePlanRecord.model_validate_json(item.plan)


def list_plans(municipality: str, limit: int = 14) -> list[RoutePlanRecord]:
    """Newest service day first."""
    bind()
    items = RoutePlanItem.query(_plans_pk(municipality), scan_index_forward=False, limit=limit)
    return [RoutePlanRecord.model_validate_json(item.plan) for item in items]


def get_route(municipality: str, day: date, run_id: str, truck_id: str) -> PlannedRoute | None:
    bind()
    try:
        return _route(TruckRouteItem.get(_routes_pk(municipality, day), f"{run_id}#{truck_id}"))
    except TruckRouteItem.DoesNotExist:
        return None


def list_routes(municipality: str, day: date, run_id: str) -> list[PlannedRoute]:
    bind()
    items = TruckRouteItem.query(_routes_pk(municipality, day), TruckRouteItem.sk.startswith(f"{run_id}#"))
    return [_route(item) for item in items]


def record_pickup(route: PlannedRoute, bin_id: str, pickup: Pickup) -> bool:
    """Keep the stop's first confirmation; False when it was confirmed before."""
    bind()
    item = TruckRouteItem(
        _routes_pk(route.municipality, route.service_day), f"{route.run_id}#{route.truck_id}"
    )
    try:
        item.update(
            actions=[TruckRouteItem.pickups[bin_id].set(pickup.model_dump(mode="json"))],
            condition=TruckRouteItem.pk.exists() & TruckRouteItem.pickups[bin_id].does_not_exist(),
        )
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
