"""Route-optimisation benchmark: solver quality on CVRPLIB, and what sensors save a city.

(a) CVRPLIB: every instance in bench/data/cvrplib/X at 10 s and 30 s, gap to the best-known
    solution for OR-Tools alone, PyVRP alone and the portfolio of both. The two single engines run
    side by side, one per core, exactly as they do inside the portfolio; the portfolio then runs on
    its own.
(b) A 30-day simulation of a Chalkida-size town (about 1,500 bins around 38.46 N, 23.60 E, six
    trucks, one depot, one disposal site): sensor-driven routing (forecast, selection and the
    portfolio every morning) against fixed schedules in which every bin has a weekly frequency
    with a 25 % margin, set either per district from its busy bins (what a city without sensors
    can know) or per bin from its true average rate (an idealised schedule no city has). All start
    from the same state, see the same waste and are routed by the same solver; only the choice of
    bins differs.

    python bench/routing.py            # full run, under an hour on 2 cores
    python bench/routing.py --quick    # smoke test: 3 instances at 2 s, 150 bins for 3 days

Writes bench/results/routing.json and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import platform
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import numpy as np

from polis.routing.forecast import Reading, forecast
from polis.routing.plan import RoutePlan
from polis.routing.problem import DisposalSite, Location, Problem, Stop, TimeWindow, Vehicle, WasteStream
from polis.routing.selection import DENSITY_KG_PER_L, Bin, SelectionSettings, select_stops
from polis.routing.solver import solve
from polis.routing.travel import HaversineProvider
from polis.routing.vrplib import read_instance, route_cost, to_problem

BENCH = Path(__file__).resolve().parent
CVRPLIB = BENCH / "data" / "cvrplib"
RESULTS = BENCH / "results" / "routing.json"


@dataclass(frozen=True)
class Config:
    instances: tuple[str, ...]
    seconds: tuple[float, ...]
    bins: int
    trucks: int
    days: int
    solve_s: float


FULL = Config(instances=(), seconds=(10, 30), bins=1500, trucks=6, days=30, solve_s=20)
QUICK = Config(
    instances=("X-n101-k25", "X-n106-k14", "X-n110-k13"), seconds=(2,), bins=150, trucks=2, days=3, solve_s=2
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke-test subset")
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    started = time.monotonic()
    results = {
        "mode": "quick" if args.quick else "full",
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": multiprocessing.cpu_count(), "python": platform.python_version()},
        "command": "python bench/routing.py" + (" --quick" if args.quick else ""),
        "cvrplib": run_cvrplib(config),
        "simulation": run_simulation(config),
    }
    results["wall_time_s"] = round(time.monotonic() - started)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(
        json.dumps(
            {"cvrplib": results["cvrplib"]["summary"], "simulation": results["simulation"]["summary"]},
            indent=1,
        )
    )
    return 0


# --- (a) CVRPLIB -------------------------------------------------------------------------------


def run_cvrplib(config: Config) -> dict:
    bks = {name: entry["bks"] for name, entry in json.loads((CVRPLIB / "bks.json").read_text()).items()}
    paths = sorted((CVRPLIB / "X").glob("*.vrp"), key=lambda p: read_instance(p).customers)
    if config.instances:
        paths = [p for p in paths if p.stem in config.instances]
    rows = []
    # Fork, like the portfolio, so the workers need no re-import of this script.
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        for path in paths:
            for seconds in config.seconds:
                alone = {
                    engine: pool.submit(_solve_instance, path, seconds, engine)
                    for engine in ("ortools", "pyvrp")
                }
                row = {"instance": path.stem, "customers": read_instance(path).customers, "seconds": seconds}
                row["bks"] = bks[path.stem]
                for engine, future in alone.items():
                    row[engine] = _scored(future.result(), row["bks"])
                row["portfolio"] = _scored(_solve_instance(path, seconds, "portfolio"), row["bks"])
                print(json.dumps(row), flush=True)
                rows.append(row)
    return {"rows": rows, "summary": _cvrplib_summary(rows)}


def _solve_instance(path: Path, seconds: float, engine: str) -> dict:
    instance = read_instance(path)
    plan = solve(to_problem(instance), seconds, engine)
    routes = [[int(stop_id) for stop_id in route.stop_ids] for route in plan.routes if route.stop_ids]
    return {"cost": route_cost(instance, routes), "feasible": plan.feasible, "engine": plan.engine}


def _scored(result: dict, bks: int) -> dict:
    return result | {"gap_pct": round(100 * (result["cost"] / bks - 1), 3)}


def _cvrplib_summary(rows: list[dict]) -> dict:
    summary = {}
    for seconds in sorted({row["seconds"] for row in rows}):
        at = [row for row in rows if row["seconds"] == seconds]
        upto200 = [row for row in at if row["customers"] <= 200]
        summary[f"{seconds:g}s"] = {
            "mean_gap_pct": {e: round(float(np.mean([r[e]["gap_pct"] for r in at])), 3) for e in _ENGINES},
            "max_gap_pct": {e: round(max(r[e]["gap_pct"] for r in at), 3) for e in _ENGINES},
            "portfolio_max_gap_pct_upto_200_customers": max(
                (r["portfolio"]["gap_pct"] for r in upto200), default=None
            ),
            "portfolio_never_worse": all(
                r["portfolio"]["cost"] <= min(r["ortools"]["cost"], r["pyvrp"]["cost"]) for r in at
            ),
            "all_feasible": all(r[e]["feasible"] for r in at for e in _ENGINES),
        }
    return summary


_ENGINES = ("ortools", "pyvrp", "portfolio")


# --- (b) a town's month ------------------------------------------------------------------------

START = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday
SHIFT = TimeWindow(start_s=6 * 3600, end_s=14 * 3600)
PLANNING_HOUR = 5
READING_EVERY_H = 2
HISTORY_DAYS = 7
WARM_UP_DAYS = 7
# Neighbourhoods of a town the size of Chalkida: (lat, lon, spread in degrees, share of bins).
# Synthetic: shaped like a coastal town of ~100,000, not a survey of real bin positions.
NEIGHBOURHOODS = (
    (38.4630, 23.5990, 0.0045, 0.30),  # old town and seafront
    (38.4700, 23.6100, 0.0060, 0.25),
    (38.4520, 23.6050, 0.0055, 0.20),
    (38.4790, 23.5980, 0.0050, 0.12),
    (38.4600, 23.5800, 0.0040, 0.08),  # across the Euripus bridge
    (38.4420, 23.6200, 0.0060, 0.05),
)
DEPOT = Location(lat=38.4760, lon=23.6150)
DISPOSAL = Location(lat=38.5150, lon=23.6550)  # a transfer station out of town, about 7 km away
# Hour-of-day shares of a day's waste: little at night, most while people are up.
HOURLY = np.array([0.3] * 6 + [1.2] * 16 + [0.6] * 2)
HOURLY = HOURLY / HOURLY.sum()
# Fixed-schedule weekly patterns: collections per week -> days of the week (before the offset).
PATTERNS = {1: (0,), 2: (0, 3), 3: (0, 2, 4), 4: (0, 2, 4, 6), 7: tuple(range(7))}
POLICIES = ("fixed_by_district", "fixed_by_bin", "sensor")
# Tuned on an 8-day run: optional bins only when nearly full and nearly on the way; richer
# penalties send extra trucks out for them and cost more km than they save.
SENSOR = SelectionSettings(must_collect_pct=90, worth_collecting_pct=70, full_bin_penalty_m=300)


@dataclass
class Town:
    bins: list[Bin]
    rate_pct_per_day: np.ndarray
    problem_base: dict
    # Fixed schedules: policy -> per bin, the days of the week it is collected.
    schedules: dict[str, list[frozenset[int]]]


@dataclass
class State:
    fill: np.ndarray
    readings: list[list[Reading]]
    last_collected_day: np.ndarray


def run_simulation(config: Config) -> dict:
    rng = np.random.default_rng(2025)
    town = build_town(config, rng)
    total_days = WARM_UP_DAYS + config.days
    waste = _hourly_waste(town, total_days, rng)
    state = State(
        fill=rng.uniform(0, 40, len(town.bins)),
        readings=[[] for _ in town.bins],
        last_collected_day=np.zeros(len(town.bins), dtype=int),
    )
    # Every policy starts from a town that ran a week on its district schedule, sensors reporting.
    _run(town, "fixed_by_district", state, waste, range(WARM_UP_DAYS), "fallback", 0.0, rng_seed=1)
    outcomes = {}
    for policy in POLICIES:
        copy = State(state.fill.copy(), [list(r) for r in state.readings], state.last_collected_day.copy())
        days = range(WARM_UP_DAYS, total_days)
        outcomes[policy] = _run(town, policy, copy, waste, days, "portfolio", config.solve_s, rng_seed=2)
        print(policy, json.dumps(outcomes[policy]), flush=True)
    sensor = outcomes["sensor"]
    summary = {
        "bins": len(town.bins),
        "trucks": config.trucks,
        "days": config.days,
        "solver_seconds_per_day": config.solve_s,
    }
    for key in ("truck_km", "bins_collected", "overflow_bin_days", "mean_fill_at_collection_pct"):
        summary[key] = {policy: outcomes[policy][key] for policy in POLICIES}
    for baseline in POLICIES[:-1]:
        fixed = outcomes[baseline]
        summary[f"vs_{baseline}"] = {
            "km_reduction_pct": round(100 * (1 - sensor["truck_km"] / fixed["truck_km"]), 1),
            "in_town_km_reduction_pct": round(100 * (1 - sensor["in_town_km"] / fixed["in_town_km"]), 1),
            "target_30pct_fewer_km_met": sensor["truck_km"] <= 0.7 * fixed["truck_km"],
            "target_no_more_overflow_met": sensor["overflow_bin_days"] <= fixed["overflow_bin_days"],
        }
    return {"summary": summary, "policies": outcomes, "sensor_selection": repr(SENSOR)}


def build_town(config: Config, rng: np.random.Generator) -> Town:
    shares = np.array([n[3] for n in NEIGHBOURHOODS])
    where = rng.choice(len(NEIGHBOURHOODS), size=config.bins, p=shares / shares.sum())
    places = [DEPOT, DISPOSAL]
    for k in where:
        lat, lon, spread, _ = NEIGHBOURHOODS[k]
        places.append(Location(lat=lat + rng.normal(0, spread), lon=lon + rng.normal(0, spread * 1.25)))
    recycling = rng.random(config.bins) < 0.27
    bins = [
        Bin(
            id=f"bin{i:04d}",
            location=i + 2,
            capacity_l=1100,
            stream=WasteStream.RECYCLING if recycling[i] else WasteStream.MIXED,
            service_s=60,
        )
        for i in range(config.bins)
    ]
    # Full in about a week for the median bin, in a day or two in the busiest streets.
    rate = np.where(recycling, 10.0, 14.0) * rng.lognormal(0, 0.6, config.bins)
    trucks = []
    for k in range(config.trucks):
        streams = {WasteStream.MIXED}
        if k == config.trucks - 1:
            streams = {WasteStream.MIXED, WasteStream.RECYCLING}
        elif k == config.trucks - 2:
            streams = {WasteStream.RECYCLING}
        trucks.append(
            Vehicle(
                id=f"truck{k + 1}",
                depot=0,
                volume_capacity_l=50_000,
                weight_capacity_kg=9_000,
                streams=frozenset(streams),
                shift=SHIFT,
            )
        )
    base = {
        "matrix": HaversineProvider().matrix(places),
        "vehicles": tuple(trucks),
        "disposal_sites": (
            DisposalSite(id="transfer", location=1, streams=frozenset(WasteStream), unload_s=900),
        ),
        "locations": tuple(places),
    }
    centre = np.mean([[p.lat, p.lon] for p in places[2:]], axis=0)
    district = np.array(
        [
            int((math.atan2(p.lat - centre[0], p.lon - centre[1]) + math.pi) / (2 * math.pi) * 7) % 7
            for p in places[2:]
        ]
    )
    # What a city without sensors can know: how fast its busy streets fill, district by district.
    district_rate = np.zeros(config.bins)
    for d in range(7):
        for stream in (True, False):
            members = (district == d) & (recycling == stream)
            if members.any():
                district_rate[members] = np.percentile(rate[members], 90)
    schedules = {
        "fixed_by_district": _weekly_patterns(district_rate, district),
        "fixed_by_bin": _weekly_patterns(rate, district),
    }
    return Town(bins=bins, rate_pct_per_day=rate, problem_base=base, schedules=schedules)


def _weekly_patterns(rate: np.ndarray, district: np.ndarray) -> list[frozenset[int]]:
    """The rarest weekly pattern whose longest gap still leaves a 25 % margin at the given rate.

    Each district has its own weekday offset, as crews work area by area.
    """
    patterns = []
    for r, offset in zip(rate, district, strict=True):
        for per_week, days in PATTERNS.items():
            longest_gap = 1 if per_week == 7 else max(np.diff([*days, days[0] + 7]))
            if longest_gap * r * 1.25 <= 100 or per_week == 7:
                patterns.append(frozenset((day + offset) % 7 for day in days))
                break
    return patterns


def _hourly_waste(town: Town, days: int, rng: np.random.Generator) -> np.ndarray:
    """Percentage points added to each bin in each hour: day-to-day swings, busier weekends."""
    daily = rng.gamma(shape=8, scale=1 / 8, size=(days, len(town.bins)))
    weekend = np.array([1.25 if (START + timedelta(days=d)).weekday() >= 5 else 1.0 for d in range(days)])
    per_day = town.rate_pct_per_day[None, :] * daily * weekend[:, None]
    return per_day[:, None, :] * HOURLY[None, :, None]


def _run(
    town: Town,
    policy: str,
    state: State,
    waste: np.ndarray,
    days: range,
    engine: str,
    solve_s: float,
    rng_seed: int,
) -> dict:
    rng = np.random.default_rng(rng_seed)
    km = in_town_km = collected = overflow = unserved = 0
    fill_at_collection, winners = [], {}
    for day in days:
        midnight = START + timedelta(days=day)
        overflowing = np.zeros(len(town.bins), dtype=bool)
        collect_at: dict[int, list[int]] = {}
        for hour in range(24):
            if hour == PLANNING_HOUR:
                plan = _plan_day(town, policy, state, day, midnight + timedelta(hours=hour), engine, solve_s)
                km += plan.distance_m / 1000
                in_town_km += _in_town_m(town, plan) / 1000
                unserved += len(plan.unserved_required)
                winners[plan.engine] = winners.get(plan.engine, 0) + 1
                for route in plan.routes:
                    for visit in route.visits:
                        if visit.kind == "stop":
                            collect_at.setdefault(visit.start_s // 3600, []).append(int(visit.id[3:]))
            state.fill += waste[day, hour]
            overflowing |= state.fill >= 100
            emptied = collect_at.get(hour, [])
            fill_at_collection += np.minimum(state.fill[emptied], 100).tolist()
            state.fill[emptied] = 0
            state.last_collected_day[emptied] = day
            collected += len(emptied)
            np.minimum(state.fill, 100, out=state.fill)
            if hour % READING_EVERY_H == 0:
                _read_sensors(state, midnight + timedelta(hours=hour), rng)
        overflow += int(overflowing.sum())
    return {
        "truck_km": round(km, 1),
        "truck_km_per_day": round(km / len(days), 1),
        # Stop to stop; the rest is driving out of the depot and to and from the disposal site.
        "in_town_km": round(in_town_km, 1),
        "bins_collected": collected,
        "overflow_bin_days": overflow,
        "required_bins_left_unserved": unserved,
        "mean_fill_at_collection_pct": round(float(np.mean(fill_at_collection)), 1)
        if fill_at_collection
        else None,
        "plans_by_engine": winners,
    }


def _in_town_m(town: Town, plan: RoutePlan) -> int:
    distances = town.problem_base["matrix"].distances_m
    place = {b.id: b.location for b in town.bins}
    total = 0
    for route in plan.routes:
        for before, after in pairwise(route.visits):
            if before.kind == after.kind == "stop":
                total += int(distances[place[before.id], place[after.id]])
    return total


def _read_sensors(state: State, at: datetime, rng: np.random.Generator) -> None:
    """Ultrasonic readings: 3-point noise, 10 % lost uplinks, 1 % wild outliers."""
    values = state.fill + rng.normal(0, 3, len(state.fill))
    wild = rng.random(len(values)) < 0.01
    values[wild] = rng.uniform(0, 100, wild.sum())
    oldest = at - timedelta(days=HISTORY_DAYS)
    for i in np.flatnonzero(rng.random(len(values)) >= 0.10):
        history = state.readings[i]
        history.append(Reading(at=at, fill_pct=float(np.clip(values[i], 0, 100))))
        if history[0].at < oldest:
            del history[0]


def _plan_day(
    town: Town, policy: str, state: State, day: int, now: datetime, engine: str, solve_s: float
) -> RoutePlan:
    midnight = START + timedelta(days=day)
    if policy == "sensor":
        forecasts = {b.id: forecast(state.readings[i], now) for i, b in enumerate(town.bins)}
        stops = select_stops(
            town.bins,
            forecasts,
            now,
            midnight + timedelta(seconds=SHIFT.end_s),
            midnight + timedelta(days=1, seconds=SHIFT.end_s),
            SENSOR,
        ).stops
    else:
        schedule = town.schedules[policy]
        stops = tuple(
            _scheduled_stop(town, state, i, day) for i in range(len(town.bins)) if day % 7 in schedule[i]
        )
    return solve(Problem(stops=stops, **town.problem_base), solve_s, engine)


def _scheduled_stop(town: Town, state: State, i: int, day: int) -> Stop:
    """A due bin, loaded as the planner expects from its average rate: it has no sensor."""
    bin_ = town.bins[i]
    expected = min(100.0, town.rate_pct_per_day[i] * max(1, day - state.last_collected_day[i]))
    volume = round(bin_.capacity_l * expected / 100)
    return Stop(
        id=bin_.id,
        location=bin_.location,
        volume_l=volume,
        weight_kg=round(volume * DENSITY_KG_PER_L[bin_.stream]),
        service_s=bin_.service_s,
        stream=bin_.stream,
    )


if __name__ == "__main__":
    raise SystemExit(main())
