"""Which bins today's run should collect, from their fill forecasts.

A bin that would overflow before the next run could reach it must be collected today. A bin that
is filling up but could wait is offered to the solver as optional, with a skip penalty that grows
with the square of its fill: a nearly full bin on the way is worth a real detour (it spares a
dedicated trip soon), a half-full one only a small one (emptying it early wastes a visit). Bins
below ``worth_collecting_pct`` are not offered at all, which also keeps the problem small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from polis.routing.forecast import FillForecast
from polis.routing.problem import Stop, TimeWindow, WasteStream

# Typical loose densities of bin waste (kg per litre), for truck weight limits.
DENSITY_KG_PER_L = {
    WasteStream.MIXED: 0.15,
    WasteStream.RECYCLING: 0.05,
    WasteStream.ORGANIC: 0.5,
    WasteStream.PAPER: 0.08,
    WasteStream.GLASS: 0.3,
}


@dataclass(frozen=True)
class Bin:
    id: str
    location: int  # place index in the city's travel matrix
    capacity_l: int
    stream: WasteStream = WasteStream.MIXED
    service_s: int = 60
    time_window: TimeWindow | None = None


@dataclass(frozen=True)
class SelectionSettings:
    # Forecast fill, at the latest time the next run could reach the bin, that cannot wait.
    must_collect_pct: float = 90.0
    worth_collecting_pct: float = 40.0
    # Skip penalty of a full optional bin, in metres of driving (see problem.py on units).
    full_bin_penalty_m: int = 3000
    density_kg_per_l: Mapping[WasteStream, float] = field(default_factory=lambda: dict(DENSITY_KG_PER_L))


@dataclass(frozen=True)
class Selection:
    stops: tuple[Stop, ...]
    must: tuple[str, ...]
    optional: tuple[str, ...]


def select_stops(
    bins: Sequence[Bin],
    forecasts: Mapping[str, FillForecast],
    now: datetime,
    run_end: datetime,
    next_run_end: datetime,
    settings: SelectionSettings | None = None,
) -> Selection:
    """Stops for the run that ends at ``run_end``; the next run ends at ``next_run_end``.

    Forecasts are as of ``now``. A run may reach any bin until its end, so a bin is judged by its
    level then: at this run's end for its load, at the next run's end for whether it can wait.
    """
    settings = settings or SelectionSettings()
    hours_to_run_end = (run_end - now).total_seconds() / 3600
    hours_to_next_end = (next_run_end - now).total_seconds() / 3600
    stops: list[Stop] = []
    must: list[str] = []
    optional: list[str] = []
    for bin_ in bins:
        prediction = forecasts.get(bin_.id)
        # No forecast (a silent sensor): assume the worst rather than let it overflow unseen.
        fill_today = prediction.fill_at(hours_to_run_end) if prediction else 100.0
        fill_next = prediction.fill_at(hours_to_next_end) if prediction else 100.0
        required = fill_next >= settings.must_collect_pct
        if not required and fill_today < settings.worth_collecting_pct:
            continue
        volume = round(bin_.capacity_l * fill_today / 100)
        stops.append(
            Stop(
                id=bin_.id,
                location=bin_.location,
                volume_l=volume,
                weight_kg=round(volume * settings.density_kg_per_l[bin_.stream]),
                service_s=bin_.service_s,
                time_window=bin_.time_window,
                stream=bin_.stream,
                required=required,
                penalty=0 if required else round(settings.full_bin_penalty_m * (fill_today / 100) ** 2),
            )
        )
        (must if required else optional).append(bin_.id)
    return Selection(stops=tuple(stops), must=tuple(must), optional=tuple(optional))
