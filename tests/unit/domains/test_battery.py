import pytest

from polis.domains.battery import judge
from tests.unit.domains.builders import reading


@pytest.mark.parametrize(
    ("model", "quantities", "low"),
    [
        ("milesight-iot/ws101", {"battery_level": 15}, True),
        ("milesight-iot/ws101", {"battery_level": 25}, None),  # between low and recovered
        ("milesight-iot/ws101", {"battery_level": 30}, False),
        ("decentlab/dl-mbx", {"battery_voltage": 2.99}, True),
        ("decentlab/dl-mbx", {"battery_voltage": 3.1}, None),
        ("decentlab/dl-mbx", {"battery_voltage": 3.312}, False),
        ("dragino/lht65", {"battery_voltage": 2.9}, False),  # a 3 V cell
        ("dragino/lht65", {"battery_voltage": 2.5}, True),
        ("dragino/lds02", {"battery_voltage": 2.55}, None),
        ("dragino/lds02", {"battery_voltage": 2.3}, True),
    ],
)
def test_a_battery_is_low_below_its_threshold_and_fine_well_above_it(model, quantities, low):
    assert judge(model, reading(0, **quantities)).low is low


def test_a_reading_without_a_battery_value_says_nothing():
    assert judge("bosch/tps110", reading(0, occupied=True)) is None
