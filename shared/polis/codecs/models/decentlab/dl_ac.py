"""Decentlab DL-AC air quality station: NO2, NO, Ox and CO electrochemical cells."""

from __future__ import annotations

from typing import Any

from polis.codecs.base import Quantity
from polis.codecs.decentlab import BATTERY, SHT_TEMPERATURE_HUMIDITY, DecentlabCodec, Sensor, Value, values
from polis.codecs.lookup import register
from polis.codecs.quantities import quantities


def _millivolts(word: int) -> float:
    return 3 * (word / 32768 - 1) * 1000


def _gas(prefix: str, label: str, we_0: float, s: float, aux_0: float) -> Sensor:
    """One cell: working and auxiliary electrode voltages and the concentrations from them.

    The parameters are each cell's factory calibration; these are the ones of the decoder TTN
    and Decentlab publish, so a station with other cells needs its own parameters here.
    """
    return Sensor(
        2,
        (
            Value(f"{prefix}_we", f"{label} (we)", lambda x: _millivolts(x[0]), "mV"),
            Value(f"{prefix}_we_aux", f"{label} (we-aux)", lambda x: _millivolts(x[1]), "mV"),
            Value(
                f"{prefix}_concentration_we",
                f"{label} concentration (we)",
                lambda x: (_millivolts(x[0]) - we_0) / s,
                "ppb",
            ),
            Value(
                f"{prefix}_concentration_we_aux",
                f"{label} concentration (we-aux)",
                lambda x: (_millivolts(x[1]) - we_0 + aux_0) / s,
                "ppb",
            ),
        ),
    )


@register
class DlAc(DecentlabCodec):
    model = "decentlab/dl-ac"
    name = "Decentlab DL-AC Air Quality Station NO2, NO, CO, Ox for LoRaWAN"
    domain = "environment"
    sensors = (
        SHT_TEMPERATURE_HUMIDITY,
        _gas("ch4_no2", "CH4: NO2", 256, 0.256, 227),
        _gas("ch5_no", "CH5: NO", 320, 0.512, 288),
        _gas("ch6_ox", "CH6: Ox", 235, 0.345, 200),
        _gas("ch7_co", "CH7: CO", 544, 0.424, 301),
        BATTERY,
    )

    def normalize(self, decoded: dict[str, Any]) -> dict[str, Quantity]:
        v = values(decoded)
        # The auxiliary-electrode corrected concentration is the one Decentlab recommends.
        # Small negative values are sensor noise around zero and are kept: clipping them would
        # bias the averages open data publishes.
        return quantities(
            {
                "temperature": v.get("air_temperature"),
                "humidity": v.get("air_humidity"),
                "no2": v.get("ch4_no2_concentration_we_aux"),
                "no": v.get("ch5_no_concentration_we_aux"),
                "ox": v.get("ch6_ox_concentration_we_aux"),
                "co": v.get("ch7_co_concentration_we_aux"),
                "battery_voltage": v.get("battery_voltage"),
            }
        )
