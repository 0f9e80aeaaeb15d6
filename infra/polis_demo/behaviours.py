"""How each simulated device's world changes, tick by tick, on a simulated clock.

A behaviour takes the device's own mutable state, the shared world (time of day, weather) and a
random source, and returns the keyword arguments of its model's encoder (``encoders.ENCODERS``),
or None when the device has nothing to send this tick.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from polis_demo.chalkida import TRUCK_ROUTE, AssetSite


@dataclass
class World:
    """What every device shares: the simulated time and the weather."""

    now: datetime
    raining_mm_per_tick: float = 0.0
    rain_ticks_left: int = 0

    @property
    def hour(self) -> float:
        return self.now.hour + self.now.minute / 60

    def advance(self, step: timedelta, rng: random.Random) -> None:
        self.now += step
        if self.rain_ticks_left > 0:
            self.rain_ticks_left -= 1
        elif rng.random() < 0.03:  # a storm front arrives about twice a simulated day
            self.rain_ticks_left = rng.randint(6, 24)
        self.raining_mm_per_tick = rng.uniform(1.5, 6.0) if self.rain_ticks_left else 0.0


@dataclass
class DeviceState:
    site: AssetSite
    values: dict[str, Any] = field(default_factory=dict)


Behaviour = Callable[[DeviceState, World, random.Random], dict[str, Any] | None]


def _busy(hour: float) -> float:
    """0..1: how busy the city centre is at this hour (morning and evening peaks)."""
    return max(0.05, math.exp(-((hour - 10.5) ** 2) / 8) + 0.8 * math.exp(-((hour - 19) ** 2) / 6))


def parking(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    occupied = state.values.get("occupied", False)
    wanted = rng.random() < min(0.95, _busy(world.hour))
    if occupied != wanted and rng.random() < 0.5:  # cars do not leave the moment demand drops
        occupied = wanted
    state.values["occupied"] = occupied
    return {"occupied": occupied}


def air(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    washout = 0.5 if world.raining_mm_per_tick else 1.0
    pm2_5 = max(1.0, (8 + 22 * _busy(world.hour)) * washout + rng.gauss(0, 2))
    return {
        "pm1": round(pm2_5 * 0.7, 1),
        "pm2_5": round(pm2_5, 1),
        "pm10": round(pm2_5 * 1.6, 1),
        "temperature_c": 14 + 6 * math.sin((world.hour - 9) / 24 * 2 * math.pi),
        "humidity_pct": 65.0,
    }


def indoor(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    open_hours = 8 <= world.hour < 15
    co2 = 450 + (600 * _busy(world.hour) if open_hours else 0) + rng.gauss(0, 20)
    return {
        "temperature_c": 21.5 + rng.gauss(0, 0.3),
        "humidity_pct": 45.0,
        "co2_ppm": round(max(400, co2)),
        "motion": open_hours,
    }


def climate(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    return {
        "temperature_c": round(19 + 3 * math.sin((world.hour - 11) / 24 * 2 * math.pi), 2),
        "humidity_pct": round(55 + rng.gauss(0, 2), 1),
    }


def water_meter(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    use = (40 if 8 <= world.hour < 15 else 2) * rng.uniform(0.5, 1.5)
    state.values["volume_l"] = state.values.get("volume_l", 123_400.0) + use
    return {"volume_l": round(state.values["volume_l"], 1)}


def _lights_on(hour: float) -> bool:
    return hour >= 17.5 or hour < 7.0


def street_light(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    on = _lights_on(world.hour)
    power = 290 * rng.uniform(0.97, 1.03) if on else 0.0
    if on and rng.random() < 0.01:
        power = 0.0  # a lamp failure: switched on, drawing nothing
    state.values["energy_kwh"] = state.values.get("energy_kwh", 1520.0) + power / 6000
    return {
        "power_w": round(power, 1),
        "energy_kwh": round(state.values["energy_kwh"], 2),
        "switches": [on, on] + [False] * 6,
    }


def crossing(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    on = _lights_on(world.hour) or rng.random() < 0.1  # boosted by day when pedestrians wait
    power = 115 * rng.uniform(0.97, 1.03) if on else 0.0
    state.values["energy_kwh"] = state.values.get("energy_kwh", 310.0) + power / 6000
    return {
        "power_w": round(power, 1),
        "energy_kwh": round(state.values["energy_kwh"], 2),
        "switches": [on] + [False] * 7,
    }


def _river_level(state: DeviceState, world: World, base_m: float) -> float:
    # The river rises with rain and drains back towards its base flow.
    level = state.values.get("level_m", base_m)
    level = base_m + (level - base_m) * 0.93 + world.raining_mm_per_tick * 0.06
    state.values["level_m"] = level
    return level


def river_ultrasonic(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    level = _river_level(state, world, base_m=0.8)
    height = dict(state.site.settings)["sensor_height_m"]
    return {"distance_mm": round((height - level) * 1000 + rng.gauss(0, 5))}


def river_level(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    return {"water_level_m": round(max(0.0, _river_level(state, world, base_m=0.6) + rng.gauss(0, 0.01)), 2)}


def weather(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    return {
        "temperature_c": round(15 + 5 * math.sin((world.hour - 9) / 24 * 2 * math.pi), 1),
        "humidity_pct": 90.0 if world.raining_mm_per_tick else 60.0,
        "pressure_hpa": 1009.0,
        "wind_speed_ms": round(abs(rng.gauss(4, 2)), 1),
        "wind_direction_deg": round(rng.uniform(0, 359)),
        "rain_mm": round(world.raining_mm_per_tick, 2),
    }


def people(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    capacity = dict(state.site.settings)["capacity"]
    inside = state.values.get("inside", 0)
    open_hours = 8 <= world.hour < 15
    arriving = rng.randint(0, round(capacity * 0.4 * _busy(world.hour))) if open_hours else 0
    leaving = min(inside + arriving, rng.randint(0, max(1, inside // 2)) if open_hours else inside)
    state.values["inside"] = inside + arriving - leaving
    state.values["in_total"] = state.values.get("in_total", 0) + arriving
    state.values["out_total"] = state.values.get("out_total", 0) + leaving
    return {
        "people_in": arriving,
        "people_out": leaving,
        "people_in_total": state.values["in_total"],
        "people_out_total": state.values["out_total"],
    }


def truck(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any]:
    on_shift = 6 <= world.hour < 14
    leg = state.values.get("leg", 0.0)
    if on_shift:
        leg = (leg + rng.uniform(0.2, 0.5)) % (len(TRUCK_ROUTE) - 1)
    state.values["leg"] = leg
    index = int(leg)
    (lat_a, lon_a), (lat_b, lon_b) = TRUCK_ROUTE[index], TRUCK_ROUTE[index + 1]
    share = leg - index
    return {
        "latitude": round(lat_a + (lat_b - lat_a) * share, 5),
        "longitude": round(lon_a + (lon_b - lon_a) * share, 5),
    }


def panic_button(state: DeviceState, world: World, rng: random.Random) -> dict[str, Any] | None:
    if not state.values.setdefault("joined", False):
        state.values["joined"] = True
        return {"press": None}  # the battery report a button sends when it joins
    if rng.random() < 0.004:
        return {"press": "short"}
    # Otherwise a battery report now and then, which is also the device's heartbeat.
    return {"press": None} if rng.random() < 0.2 else None


BEHAVIOURS: dict[str, Behaviour] = {
    "parking": parking,
    "air": air,
    "indoor": indoor,
    "climate": climate,
    "water_meter": water_meter,
    "street_light": street_light,
    "crossing": crossing,
    "river_ultrasonic": river_ultrasonic,
    "river_level": river_level,
    "weather": weather,
    "people": people,
    "truck": truck,
    "panic_button": panic_button,
}
