"""Vendor uplink payloads for the simulator: one encoder per sensor model it plays.

An encoder takes physical values in Polis units (see ``polis.codecs.quantities``) and returns
``(fport, payload)`` laid out as the device sends it, so simulated traffic goes through the same
codecs as real traffic. Fields the simulator does not vary carry values a real device plausibly
sends. The layouts follow the vendors' documentation (``layout`` in tests/data/codecs) instead of
reusing our decoders' code, so the round-trip tests check the one against the other.

A value the field cannot hold, or that the vendor reserves as a marker (Dragino's "No Sensor"
distance), raises ValueError: wrapping or clipping it would send a different reading than asked.
"""

from __future__ import annotations

import math
import struct
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Literal

Frame = tuple[int, bytes]
Bounds = tuple[int, int]

U8: Bounds = (0, 0xFF)
U12: Bounds = (0, 0x0FFF)
U14: Bounds = (0, 0x3FFF)
U16: Bounds = (0, 0xFFFF)
U24: Bounds = (0, 0xFF_FFFF)
U32: Bounds = (0, 0xFFFF_FFFF)
S8: Bounds = (-0x80, 0x7F)
S16: Bounds = (-0x8000, 0x7FFF)
S32: Bounds = (-0x8000_0000, 0x7FFF_FFFF)


def _int(name: str, value: float, bounds: Bounds, scale: float = 1, offset: float = 0) -> int:
    """The raw field ``(value + offset) * scale``, rounded; ValueError if the field cannot hold it."""
    raw = round((value + offset) * scale)
    low, high = bounds
    if not low <= raw <= high:
        raise ValueError(f"{name}={value} does not fit its field: raw {raw} is outside {low}..{high}")
    return raw


# --- Dragino: big-endian frames, battery in millivolts in the low 14 bits of a word ----------

DRAGINO_FPORT = 2
_LDDS75_MARKERS = {0: "No Sensor", 20: "Invalid Reading"}
_LHT65_BATTERY_STATUS_MV = (2500, 2550, 2650)
"""Upper bounds of Dragino's ultra low, low and OK battery states; above the last is good."""
_LHT65_NO_PROBE = 0x7FFF
"""What the device puts in the external sensor's bytes when none answers."""
_SW3L_FLAG, _SW3L_PULSES_PER_LITRE = 0, 450
"""Calculate flag 0 tells the decoder the pulse rate of the meter Dragino ships with the SW3L."""
_LGT92_FIRMWARE = 4
"""Firmware 1.6.4, the release whose 18-byte frame carries HDOP and altitude."""
_LGT92_MOVE_MODE, _LGT92_LED_ON = 1 << 6, 1 << 5
_LGT92_HDOP = 100
"""An HDOP of 1.00: a good fix in open sky."""
_LDS02_FPORT, _LDS02_DOOR_COUNTING = 10, 1
_DEFAULT_TIME = datetime(2025, 1, 1, tzinfo=UTC)


def _dragino_battery(battery_v: float) -> int:
    return _int("battery_v", battery_v, U14, 1000)


def ldds75(*, distance_mm: float, battery_v: float = 3.3, temperature_c: float = 20.0) -> Frame:
    """fPort 2, 8 bytes. A probe temperature of 0.0 °C reads as "no probe", as on the device."""
    distance = _int("distance_mm", distance_mm, U16)
    if distance in _LDDS75_MARKERS:
        raise ValueError(f"distance_mm={distance_mm} is Dragino's {_LDDS75_MARKERS[distance]!r} marker")
    no_interrupt, sensor_detected = 0, 1
    temperature = _int("temperature_c", temperature_c, S16, 10)
    payload = struct.pack(
        ">HHBhB", _dragino_battery(battery_v), distance, no_interrupt, temperature, sensor_detected
    )
    return DRAGINO_FPORT, payload


def lht65(*, temperature_c: float, humidity_pct: float, battery_v: float = 3.0) -> Frame:
    """fPort 2, 11 bytes, external sensor type 0 (none fitted)."""
    millivolts = _dragino_battery(battery_v)
    status = bisect_left(_LHT65_BATTERY_STATUS_MV, millivolts)
    temperature = _int("temperature_c", temperature_c, S16, 100)
    humidity = _int("humidity_pct", humidity_pct, U12, 10)
    no_external_sensor = 0
    payload = struct.pack(
        ">HhHBHH",
        status << 14 | millivolts,
        temperature,
        humidity,
        no_external_sensor,
        _LHT65_NO_PROBE,
        _LHT65_NO_PROBE,
    )
    return DRAGINO_FPORT, payload


def sw3l(
    *,
    volume_l: float,
    per_interval: bool = False,
    alarm: bool = False,
    measured_at: datetime = _DEFAULT_TIME,
) -> Frame:
    """fPort 2 real-time reading: the meter's running total, or with ``per_interval`` the volume
    since the last uplink (the device's last-pulse mode). Litres are reported to 0.1 L."""
    flag_and_alarm = _SW3L_FLAG << 2 | alarm << 1
    pulses = _int("volume_l", volume_l, U32, _SW3L_PULSES_PER_LITRE)
    mode, unused = (1 if per_interval else 0), 0
    seconds = _int("measured_at", measured_at.timestamp(), S32)
    return DRAGINO_FPORT, struct.pack(">BIBBi", flag_and_alarm, pulses, mode, unused, seconds)


def lgt92(
    *,
    latitude: float,
    longitude: float,
    alarm: bool = False,
    battery_v: float = 3.9,
    altitude_m: float = 0.0,
) -> Frame:
    """fPort 2, the 18-byte firmware 1.6 frame. The vendor reads 0, 0 as "no fix"."""
    status = alarm << 14 | _dragino_battery(battery_v)
    flags = _LGT92_MOVE_MODE | _LGT92_LED_ON | _LGT92_FIRMWARE
    level_roll = level_pitch = 0
    payload = struct.pack(
        ">iiHBhhBh",
        _int("latitude", latitude, (-90_000_000, 90_000_000), 1_000_000),
        _int("longitude", longitude, (-180_000_000, 180_000_000), 1_000_000),
        status,
        flags,
        level_roll,
        level_pitch,
        _LGT92_HDOP,
        _int("altitude_m", altitude_m, S16, 100),
    )
    return DRAGINO_FPORT, payload


def lds02(
    *,
    door_open: bool,
    open_count: int = 0,
    last_open_minutes: int = 0,
    alarm: bool = False,
    battery_v: float = 3.0,
) -> Frame:
    """fPort 10, 10 bytes, door-counting mode; ``alarm``: open longer than the alarm time."""
    payload = (
        struct.pack(">HB", door_open << 15 | _dragino_battery(battery_v), _LDS02_DOOR_COUNTING)
        + _int("open_count", open_count, U24).to_bytes(3, "big")
        + _int("last_open_minutes", last_open_minutes, U24).to_bytes(3, "big")
        + bytes([alarm])
    )
    return _LDS02_FPORT, payload


# --- Bosch ------------------------------------------------------------------------------------

_TPS110_STATUS_FPORT, _TPS110_HEARTBEAT_FPORT = 1, 2


def tps110(*, occupied: bool, temperature_c: float | None = None) -> Frame:
    """The occupancy-change frame (fPort 1), or with a temperature the periodic heartbeat
    (fPort 2), which is the frame that carries one, in whole degrees."""
    if temperature_c is None:
        return _TPS110_STATUS_FPORT, bytes([occupied])
    temperature = _int("temperature_c", temperature_c, S8)
    return _TPS110_HEARTBEAT_FPORT, struct.pack(">Bb", occupied, temperature)


# --- Decentlab: protocol v2, big-endian 16-bit words ------------------------------------------

DECENTLAB_FPORT = 1
_DECENTLAB_V2 = 2
_DEVICE_ID = 1000
"""Decentlab's own serial number; the platform knows devices by DevEUI, so any will do."""
_DL_PM_GROUPS = 0b1111
"""Battery, particulate matter, temperature and humidity, pressure: everything the DL-PM has."""
_DL_PM_TYPICAL_PARTICLE_NM = 500
_DL_PM_NUMBER_CONCENTRATIONS = (263, 300, 301, 301, 301)
"""PM0.5 to PM10 particles per cm³ in tenths, from Decentlab's example; no quantity reads them."""
_DL_MBX_GROUPS = 0b11
_DL_MBX_VALID_SAMPLES = 10
"""Any count but zero: with no valid sample the decoder's distance means nothing."""
_DL_ATM41_GROUPS = 0b11
_ATM41_LEVEL, _ATM41_NORTH = 0, 0
"""Mounted level with its north mark facing north."""


def _decentlab(device_id: int, flags: int, words: Sequence[int]) -> Frame:
    # The groups' words follow in flag-bit order; callers pass them already in that order.
    header = struct.pack(">BHH", _DECENTLAB_V2, _int("device_id", device_id, U16), flags)
    return DECENTLAB_FPORT, header + struct.pack(f">{len(words)}H", *words)


def _decentlab_battery(battery_v: float) -> int:
    return _int("battery_v", battery_v, U16, 1000)


def _sht(temperature_c: float, humidity_pct: float) -> tuple[int, int]:
    # Sensirion's conversions T = 175.72 * w / 65536 - 46.85 and RH = 125 * w / 65536 - 6, inverted.
    return (
        _int("temperature_c", temperature_c, U16, 65536 / 175.72, offset=46.85),
        _int("humidity_pct", humidity_pct, U16, 65536 / 125, offset=6),
    )


def _offset_binary(name: str, value: float, scale: float = 1) -> int:
    # The ATMOS 41 words are offset binary: 0x8000 is zero.
    return _int(name, value, S16, scale) + 0x8000


def _vapor_pressure_kpa(temperature_c: float, humidity_pct: float) -> float:
    # The ATMOS 41 measures vapour pressure and derives humidity from it, so the two must agree:
    # Tetens' saturation pressure times the relative humidity.
    saturation = 0.61078 * math.exp(17.27 * temperature_c / (temperature_c + 237.3))
    return saturation * humidity_pct / 100


def dl_pm(
    *,
    pm1: float,
    pm2_5: float,
    pm10: float,
    pm4: float | None = None,
    temperature_c: float = 20.0,
    humidity_pct: float = 50.0,
    pressure_hpa: float = 1013.2,
    battery_v: float = 3.0,
    device_id: int = _DEVICE_ID,
) -> Frame:
    """All four groups (33 bytes); mass concentrations in µg/m³ to 0.1, pressure to 0.02 hPa.
    Without ``pm4`` the frame carries the midpoint of PM2.5 and PM10, where the sensor's PM4 lies."""
    pm4 = (pm2_5 + pm10) / 2 if pm4 is None else pm4
    masses = {"pm1": pm1, "pm2_5": pm2_5, "pm4": pm4, "pm10": pm10}
    words = [
        _decentlab_battery(battery_v),
        *(_int(name, value, U16, 10) for name, value in masses.items()),
        _DL_PM_TYPICAL_PARTICLE_NM,
        *_DL_PM_NUMBER_CONCENTRATIONS,
        *_sht(temperature_c, humidity_pct),
        _int("pressure_hpa", pressure_hpa, U16, 100 / 2),
    ]
    return _decentlab(device_id, _DL_PM_GROUPS, words)


def dl_mbx(*, distance_mm: float, battery_v: float = 3.0, device_id: int = _DEVICE_ID) -> Frame:
    """Distance (with a valid echo) and battery, 11 bytes."""
    words = (_int("distance_mm", distance_mm, U16), _DL_MBX_VALID_SAMPLES, _decentlab_battery(battery_v))
    return _decentlab(device_id, _DL_MBX_GROUPS, words)


def dl_atm41(
    *,
    temperature_c: float,
    humidity_pct: float,
    pressure_hpa: float,
    wind_speed_ms: float,
    wind_direction_deg: float,
    wind_gust_ms: float | None = None,
    rain_mm: float = 0.0,
    solar_radiation_wm2: float = 0.0,
    lightning_strikes: int = 0,
    lightning_distance_km: float = 0.0,
    battery_v: float = 3.0,
    device_id: int = _DEVICE_ID,
) -> Frame:
    """Weather group and battery, 41 bytes. ``rain_mm`` is the interval's rain (at most 32.767 mm);
    without ``wind_gust_ms`` the wind is steady, gusting no faster than its mean."""
    gust = wind_speed_ms if wind_gust_ms is None else wind_gust_ms
    heading = math.radians(wind_direction_deg)
    weather = (
        _offset_binary("solar_radiation_wm2", solar_radiation_wm2),
        _offset_binary("rain_mm", rain_mm, 1000),
        _offset_binary("lightning_strikes", lightning_strikes),
        _offset_binary("lightning_distance_km", lightning_distance_km),
        _offset_binary("wind_speed_ms", wind_speed_ms, 100),
        _offset_binary("wind_direction_deg", wind_direction_deg, 10),
        _offset_binary("wind_gust_ms", gust, 100),
        _offset_binary("temperature_c", temperature_c, 10),
        _offset_binary("vapor_pressure", _vapor_pressure_kpa(temperature_c, humidity_pct), 100),
        _offset_binary("pressure_hpa", pressure_hpa, 10),
        _offset_binary("humidity_pct", humidity_pct, 10),
        # The sensor's own temperature tracks the air's in a ventilated housing.
        _offset_binary("temperature_c", temperature_c, 10),
        _offset_binary("x_orientation", _ATM41_LEVEL),
        _offset_binary("y_orientation", _ATM41_LEVEL),
        _offset_binary("compass_heading", _ATM41_NORTH),
        # Decentlab's example has both components positive for wind from the north-east: they
        # point along the reported direction.
        _offset_binary("north_wind_speed", wind_speed_ms * math.cos(heading), 100),
        _offset_binary("east_wind_speed", wind_speed_ms * math.sin(heading), 100),
    )
    return _decentlab(device_id, _DL_ATM41_GROUPS, (*weather, _decentlab_battery(battery_v)))


# --- Milesight: little-endian channel records ---------------------------------------------

MILESIGHT_FPORT = 85
_AM307_CLEAN_AIR_TVOC = 100
"""1.00 IAQ on firmware that reports an index, 100 ppb on firmware that reports ppb: clean air."""
_WS558_SWITCH_FIRST_BYTE = 0
"""Skipped by the vendor's decoder; the vendor's example frames send 0."""
_WS101_PRESSES = {"short": 1, "long": 2, "double": 3}

Press = Literal["short", "long", "double"]


def _record(channel: int, kind: int, fmt: str, *values: int) -> bytes:
    return struct.pack(f"<BB{fmt}", channel, kind, *values)


def _battery_pct(battery_pct: int) -> bytes:
    return _record(0x01, 0x75, "B", _int("battery_pct", battery_pct, U8))


def em310_udl(*, distance_mm: float, battery_pct: int = 100, tilt: bool = False) -> Frame:
    """The periodic report; ``tilt``: the sensor hangs askew, so it measures to the bin's wall."""
    payload = (
        _battery_pct(battery_pct)
        + _record(0x03, 0x82, "H", _int("distance_mm", distance_mm, U16))
        + _record(0x04, 0x00, "B", tilt)
    )
    return MILESIGHT_FPORT, payload


def em500_swl(*, water_level_m: float, battery_pct: int = 100) -> Frame:
    """The device reports whole centimetres of water above the probe."""
    level = _int("water_level_m", water_level_m, U16, 100)
    return MILESIGHT_FPORT, _battery_pct(battery_pct) + _record(0x03, 0x77, "H", level)


def am307(
    *,
    temperature_c: float,
    humidity_pct: float,
    co2_ppm: float,
    pressure_hpa: float = 1013.2,
    motion: bool = False,
    light_level: int = 3,
    battery_pct: int = 100,
) -> Frame:
    """The periodic report; temperature to 0.1 °C, humidity to 0.5 %, light as a 0-5 level."""
    payload = (
        _battery_pct(battery_pct)
        + _record(0x03, 0x67, "h", _int("temperature_c", temperature_c, S16, 10))
        + _record(0x04, 0x68, "B", _int("humidity_pct", humidity_pct, U8, 2))
        + _record(0x05, 0x00, "B", motion)
        + _record(0x06, 0xCB, "B", _int("light_level", light_level, U8))
        + _record(0x07, 0x7D, "H", _int("co2_ppm", co2_ppm, U16))
        + _record(0x08, 0x7D, "H", _AM307_CLEAN_AIR_TVOC)
        + _record(0x09, 0x73, "H", _int("pressure_hpa", pressure_hpa, U16, 10))
    )
    return MILESIGHT_FPORT, payload


def ws558(
    *,
    power_w: float,
    energy_kwh: float,
    switches: Sequence[bool],
    voltage_v: float = 230.0,
    power_factor_pct: int = 95,
) -> Frame:
    """The periodic report; ``switches`` are circuits 1 to 8 (missing ones off). The current is
    the one the power draws at that voltage and power factor."""
    if len(switches) > 8:
        raise ValueError(f"switches has {len(switches)} circuits, the WS558 has 8")
    apparent_va = voltage_v * power_factor_pct / 100
    # A dead supply line carries no current whatever the last power reading said.
    current_ma = power_w / apparent_va * 1000 if apparent_va else 0
    states = sum(on << n for n, on in enumerate(switches))
    payload = (
        _record(0x03, 0x74, "H", _int("voltage_v", voltage_v, U16, 10))
        + _record(0x04, 0x80, "i", _int("power_w", power_w, S32))
        + _record(0x05, 0x81, "B", _int("power_factor_pct", power_factor_pct, U8))
        + _record(0x06, 0x83, "i", _int("energy_kwh", energy_kwh, S32, 1000))
        + _record(0x07, 0xC9, "H", _int("current_ma", current_ma, U16))
        + _record(0x08, 0x31, "BB", _WS558_SWITCH_FIRST_BYTE, states)
    )
    return MILESIGHT_FPORT, payload


def vs133(*, people_in: int, people_out: int, people_in_total: int, people_out_total: int) -> Frame:
    """One counting line: the cumulative totals, then the counts of the period just ended."""
    payload = (
        _record(0x03, 0xD2, "I", _int("people_in_total", people_in_total, U32))
        + _record(0x04, 0xD2, "I", _int("people_out_total", people_out_total, U32))
        + _record(0x05, 0xCC, "HH", _int("people_in", people_in, U16), _int("people_out", people_out, U16))
    )
    return MILESIGHT_FPORT, payload


def ws101(*, press: Press | None = "short", battery_pct: int = 100) -> Frame:
    """A button press frame, or with ``press=None`` the periodic battery report."""
    if press is None:
        return MILESIGHT_FPORT, _battery_pct(battery_pct)
    return MILESIGHT_FPORT, _record(0xFF, 0x2E, "B", _WS101_PRESSES[press])


ENCODERS: dict[str, Callable[..., Frame]] = {
    "bosch/tps110": tps110,
    "decentlab/dl-atm41": dl_atm41,
    "decentlab/dl-mbx": dl_mbx,
    "decentlab/dl-pm": dl_pm,
    "dragino/ldds75": ldds75,
    "dragino/lds02": lds02,
    "dragino/lgt92": lgt92,
    "dragino/lht65": lht65,
    "dragino/sw3l": sw3l,
    "milesight-iot/am307": am307,
    "milesight-iot/em310-udl": em310_udl,
    "milesight-iot/em500-swl": em500_swl,
    "milesight-iot/vs133": vs133,
    "milesight-iot/ws101": ws101,
    "milesight-iot/ws558": ws558,
}
"""Each model's encoder, by model id; its keyword arguments are the values it varies."""
