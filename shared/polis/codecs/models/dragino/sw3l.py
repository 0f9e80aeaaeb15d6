"""Dragino SW3L outdoor water flow sensor (pulse counting flow meter)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from polis.codecs.base import Codec, DecodeError, Quantity, require_length
from polis.codecs.dragino import check_fport, field
from polis.codecs.lookup import register
from polis.codecs.numbers import js_number, scaled
from polis.codecs.quantities import quantities

_RECORD = 11
_PULSES_PER_LITRE = {2: 60, 1: 360}
_DEFAULT_PULSES_PER_LITRE = 450
_LAST_PULSE_MODE = 1
"""In this mode the count is the pulses of the last interval, otherwise the running total."""
_BANDS = {
    1: "EU868", 2: "US915", 3: "IN865", 4: "AU915", 5: "KZ865", 6: "RU864", 7: "AS923",
    8: "AS923_1", 9: "AS923_2", 10: "AS923_3", 11: "CN470", 12: "EU433", 13: "KR920", 14: "MA869",
}  # fmt: skip
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _litres(pulses: int, flag: int) -> str:
    """Litres with one decimal, rounded as JavaScript's toFixed does: exact halves go up."""
    exact = Decimal(pulses / _PULSES_PER_LITRE.get(flag, _DEFAULT_PULSES_PER_LITRE))
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _date(seconds: int) -> str:
    # The vendor formats in the host's zone; TTN's hosts and these vectors run in UTC.
    return (_EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


def _flag_alarm(byte: int) -> tuple[int, str]:
    return byte >> 2, "TRUE" if byte & 0x02 else "FALSE"


def _live(payload: bytes) -> dict[str, Any]:
    require_length(payload, 11)
    flag, alarm = _flag_alarm(payload[0])
    pulses, mode = field(payload, 1, 5), payload[5]
    return {
        "MOD": mode,
        "Calculate_flag": flag,
        "Alarm": alarm,
        "Water_flow_value": js_number(float(_litres(pulses, flag))),
        "Last_pulse" if mode == _LAST_PULSE_MODE else "Total_pulse": pulses,
        "Data_time": _date(field(payload, 7, 11, signed=True)),
    }


def _datalog(payload: bytes) -> dict[str, Any]:
    if len(payload) % _RECORD:
        raise DecodeError(f"data log is {len(payload)} bytes, not a whole number of {_RECORD}-byte records")
    entries = []
    for start in range(0, len(payload), _RECORD):
        record = payload[start : start + _RECORD]
        flag, alarm = _flag_alarm(record[0])
        pulses = field(record, 3, 7)
        date = _date(field(record, 7, 11, signed=True))
        entries.append(f"[{alarm},{flag},{record[1]},{pulses},{_litres(pulses, flag)},{date}],")
    # The vendor only creates the key inside its record loop: an empty log decodes to {}.
    return {"DATALOG": "".join(entries)} if entries else {}


def _config(payload: bytes) -> dict[str, Any]:
    require_length(payload, 7)
    return {"TDC": field(payload, 0, 3), "Stop_Timer": payload[4], "Alarm_Timer": field(payload, 5, 7)}


def _status(payload: bytes) -> dict[str, Any]:
    require_length(payload, 7)
    out: dict[str, Any] = {}
    if payload[0] == 0x11:
        out["SENSOR_MODEL"] = "SW3L"
    out["SUB_BAND"] = "NULL" if payload[4] == 0xFF else payload[4]
    if payload[3] in _BANDS:
        out["FREQUENCY_BAND"] = _BANDS[payload[3]]
    out["FIRMWARE_VERSION"] = f"{payload[1] & 0x0F}.{payload[2] >> 4}.{payload[2] & 0x0F}"
    out["BAT"] = scaled(field(payload, 5, 7), 1000)
    return out


_PORTS = {2: _live, 3: _datalog, 4: _config, 5: _status}


@register
class Sw3l(Codec):
    model = "dragino/sw3l"
    name = "Dragino SW3L LoRaWAN Outdoor Flow Sensor"
    domain = "water"

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        check_fport(fport, _PORTS)
        return _PORTS[fport](payload)

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        # Data logs replay past readings with their own times and configuration frames measure
        # nothing, so only live readings and device status map to quantities.
        alarm = decoded.get("Alarm")
        return quantities(
            {
                "water_volume": decoded.get("Water_flow_value") if "Total_pulse" in decoded else None,
                "water_volume_interval": decoded.get("Water_flow_value") if "Last_pulse" in decoded else None,
                "alarm": None if alarm is None else alarm == "TRUE",
                "battery_voltage": decoded.get("BAT"),
            }
        )
