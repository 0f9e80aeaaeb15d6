"""Dragino LHT65 temperature and humidity sensor, with an optional external probe (Ext)."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Codec, DecodeError, Quantity
from polis.codecs.dragino import battery_volts, check_fport, field
from polis.codecs.lookup import register
from polis.codecs.numbers import scaled
from polis.codecs.quantities import quantities

_FRAME = 11
_POLL_REPLY = 0x40
_NOT_CONNECTED = 0x80
_DS18B20_TIMESTAMP = 9
"""This Ext moves the probe temperature into the battery's place at the head of the frame."""
_DS18B20_ID = 15
"""This Ext sends the probe's ROM id where the on-board readings normally are."""
_NO_PROBE = 0x7FFF / 100
"""What the probe word reads when no probe answers, flagged or not."""


def _external(ext: int, frame: bytes) -> dict[str, Any]:
    """The keys the external-sensor type adds, read from bytes 7-10."""
    word = field(frame, 7, 9)
    match ext:
        case 0:
            return {"Ext_sensor": "No external sensor"}
        case 1:
            return {
                "Ext_sensor": "Temperature Sensor",
                "TempC_DS": scaled(field(frame, 7, 9, signed=True), 100),
            }
        case 4:
            return {
                "Work_mode": "Interrupt Sensor send",
                "Exti_pin_level": "High" if frame[7] else "Low",
                "Exti_status": "True" if frame[8] else "False",
            }
        case 5:
            return {"Work_mode": "Illumination Sensor", "ILL_lx": word}
        case 6:
            return {"Work_mode": "ADC Sensor", "ADC_V": scaled(word, 1000)}
        case 7:
            return {"Work_mode": "Interrupt Sensor count", "Exit_count": word}
        case 8:
            return {"Work_mode": "Interrupt Sensor count", "Exit_count": field(frame, 7, 11, signed=True)}
        case 9:
            return {"Work_mode": "DS18B20 & timestamp", "Systimestamp": field(frame, 7, 11, signed=True)}
        case 15:
            rom = frame[2:6] + frame[7:11]
            return {"Work_mode": "DS18B20ID", "ID": "".join(f"{byte:02x} " for byte in rom)}
    return {}


@register
class Lht65(Codec):
    model = "dragino/lht65"
    name = "Dragino LHT65 LoRaWAN Temperature & Humidity Sensor"
    domain = "environment"

    def decode(self, fport: int, payload: bytes) -> dict[str, Any]:
        check_fport(fport, {2})
        # The vendor decoder returns nothing for these, so neither may we guess.
        if len(payload) != _FRAME:
            raise DecodeError(f"frame must be {_FRAME} bytes, got {len(payload)}")
        status = payload[6]
        if status & _POLL_REPLY:
            raise DecodeError("poll-reply frame (datalog answer), not a live reading")
        ext = status & 0x0F
        out: dict[str, Any] = {}
        if ext == _DS18B20_TIMESTAMP:
            out["TempC_DS"] = scaled(field(payload, 0, 2, signed=True), 100)
            out["Bat_status"] = payload[4] >> 6
        else:
            out["BatV"] = battery_volts(field(payload, 0, 2))
            out["Bat_status"] = payload[0] >> 6
        if ext != _DS18B20_ID:
            out["TempC_SHT"] = scaled(field(payload, 2, 4, signed=True), 100)
            out["Hum_SHT"] = scaled(field(payload, 4, 6) & 0x0FFF, 10)
        if status & _NOT_CONNECTED:
            out["No_connect"] = "Sensor no connection"
        return out | _external(ext, payload)

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        probe = decoded.get("TempC_DS")
        if "No_connect" in decoded or probe == _NO_PROBE:
            probe = None
        return quantities(
            {
                "battery_voltage": decoded.get("BatV"),
                "temperature": decoded.get("TempC_SHT"),
                "humidity": decoded.get("Hum_SHT"),
                "probe_temperature": probe,
                "illuminance": decoded.get("ILL_lx"),
            }
        )
