"""Every codec against its vendor's vectors (tests/data/codecs), plus the quantity contract."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from polis.codecs import DecodeError, Quantity, all_codecs, get_codec
from polis.codecs.quantities import QUANTITIES
from polis_local.commands import main

DATA = Path(__file__).resolve().parent.parent / "data" / "codecs"
FILES = {
    (doc := json.loads(path.read_text(encoding="utf-8")))["model"]: doc
    for path in sorted(DATA.glob("*/*.json"))
}
VECTORS = [
    pytest.param(model, example, id=f"{model}-{index}")
    for model, doc in FILES.items()
    for index, example in enumerate(doc["examples"])
]
DECODED = [param for param in VECTORS if not param.values[1].get("error")]
ERRORS = [param for param in VECTORS if param.values[1].get("error")]


def assert_same(actual: Any, expected: Any, where: str = "output") -> None:
    """Equal as JSON values: same keys and nesting, same strings, numbers equal as numbers."""
    if isinstance(expected, bool) or expected is None:
        assert actual is expected, f"{where}: {actual!r} != {expected!r}"
    elif isinstance(expected, int | float):
        assert isinstance(actual, int | float), f"{where}: {actual!r} is not a number"
        assert not isinstance(actual, bool), f"{where}: {actual!r} is not a number"
        assert math.isclose(actual, expected, rel_tol=1e-9, abs_tol=0), f"{where}: {actual!r} != {expected!r}"
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: {actual!r} is not an object"
        assert set(actual) == set(expected), f"{where}: keys {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            assert_same(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: {actual!r} is not a list"
        assert len(actual) == len(expected), f"{where}: {actual!r}"
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_same(got, want, f"{where}[{index}]")
    else:
        assert type(actual) is type(expected), f"{where}: {actual!r} != {expected!r}"
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def decode(model: str, example: dict[str, Any]) -> dict[str, Any]:
    return get_codec(model).decode(example["fPort"], bytes.fromhex(example["hex"]))


@pytest.mark.parametrize(("model", "example"), DECODED)
def test_decode_reproduces_vendor_output(model: str, example: dict[str, Any]) -> None:
    assert_same(decode(model, example), example["output"])


@pytest.mark.parametrize(("model", "example"), DECODED)
def test_decode_serializes_like_vendor(model: str, example: dict[str, Any]) -> None:
    # Stricter than number equality: whole numbers print as 220 (not 220.0) and keys keep the
    # vendor's order, so stored and printed objects read as the vendor documents them.
    assert json.dumps(decode(model, example)) == json.dumps(example["output"])


@pytest.mark.parametrize(("model", "example"), ERRORS)
def test_decode_refuses_with_reason(model: str, example: dict[str, Any]) -> None:
    with pytest.raises(DecodeError) as error:
        decode(model, example)
    assert str(error.value).strip()


def test_every_vector_file_has_a_codec_and_every_codec_has_vectors() -> None:
    codecs = all_codecs()
    assert set(FILES) == set(codecs)
    for model, doc in FILES.items():
        codec = codecs[model]
        assert (codec.model, codec.name, codec.domain) == (doc["model"], doc["name"], doc["domain"])


@pytest.mark.parametrize(("model", "example"), DECODED)
def test_normalize_emits_only_vocabulary_quantities(model: str, example: dict[str, Any]) -> None:
    normalized = get_codec(model).normalize(decode(model, example))
    for name, quantity in normalized.items():
        assert name in QUANTITIES, f"{name} is not in the vocabulary"
        assert isinstance(quantity, Quantity)
        assert quantity.unit == QUANTITIES[name], f"{name}: {quantity.unit} != {QUANTITIES[name]}"


@pytest.mark.parametrize("model", sorted(FILES))
def test_malformed_frames_raise_only_decode_error(model: str) -> None:
    # Every cut of every vector, and every vector with a byte flipped: a codec may refuse a
    # frame, but never with IndexError or struct.error leaking out of it.
    codec = get_codec(model)
    for example in FILES[model]["examples"]:
        payload = bytes.fromhex(example["hex"])
        variants = [payload[:n] for n in range(len(payload))]
        variants += [payload[:i] + bytes([payload[i] ^ 0xFF]) + payload[i + 1 :] for i in range(len(payload))]
        for variant in variants:
            try:
                codec.normalize(codec.decode(example["fPort"], variant))
            except DecodeError as error:
                reason = str(error)
            else:
                reason = "decoded"
            assert reason.strip(), f"{variant.hex()}: refused without a reason"


@pytest.mark.parametrize("model", sorted(FILES))
def test_cli_prints_vendor_json(model: str, capsys: pytest.CaptureFixture[str]) -> None:
    example = next(e for e in FILES[model]["examples"] if e.get("output"))
    argv = ["codec", "decode", "--model", model, "--fport", str(example["fPort"]), "--hex", example["hex"]]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert_same(json.loads(printed), example["output"])
    assert printed.strip() == json.dumps(example["output"], ensure_ascii=False)


def test_cli_normalize_prints_quantities(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["codec", "decode", "--model", "dragino/ldds75", "--fport", "2", "--hex", "0D3B0AEF00000001"]
    assert main([*argv, "--normalize"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "battery_voltage": {"value": 3.387, "unit": "V"},
        "distance": {"value": 2799, "unit": "mm"},
    }


def normalized(model: str, fport: int, hex_payload: str) -> dict[str, Any]:
    return {
        name: q.value
        for name, q in get_codec(model).decode_normalized(fport, bytes.fromhex(hex_payload)).items()
    }


@pytest.mark.parametrize(
    ("model", "fport", "hex_payload", "expected"),
    [
        # Waste bins: distance in mm, no distance without a valid echo, no probe temperature at "0.00".
        (
            "dragino/ldds75",
            2,
            "0CE4044C00FF3801",
            {"battery_voltage": 3.3, "distance": 1100, "probe_temperature": -20},
        ),
        ("dragino/ldds75", 2, "0D3B000000000000", {"battery_voltage": 3.387}),
        ("dragino/ldds75", 2, "0D3B001400000001", {"battery_voltage": 3.387}),
        (
            "milesight-iot/em310-udl",
            85,
            "01755C03824408040001",
            {"battery_level": 92, "distance": 2116, "tilt": True},
        ),
        # River and flood gauges: no echo is no distance; the EM500-SWL's centimetres become metres.
        ("decentlab/dl-mbx", 1, "0201300003000000000C80", {"battery_voltage": 3.2}),
        ("milesight-iot/em500-swl", 85, "01755C03770200", {"battery_level": 92, "water_level": 0.02}),
        # An LHT65 probe flagged as disconnected reads 327.67 °C, which is no temperature.
        (
            "dragino/lht65",
            2,
            "CBEA09290258817FFF7FFF",
            {"battery_voltage": 3.05, "temperature": 23.45, "humidity": 60},
        ),
        # Parking, people counting, panic buttons, GPS.
        ("bosch/tps110", 1, "01", {"occupied": True}),
        ("bosch/tps110", 2, "00FF", {"occupied": False, "temperature": -1}),
        (
            "milesight-iot/vs133",
            85,
            "03D26400000004D25A00000005CC0400020006D2C800000007D2B400000008CC06000800",
            {"people_in_total": 300, "people_out_total": 270, "people_in": 10, "people_out": 10},
        ),
        (
            "milesight-iot/ws101",
            85,
            "01755AFF2E03",
            {"battery_level": 90, "alarm": True, "button_press": "double"},
        ),
        ("milesight-iot/ws101", 85, "017564", {"battery_level": 100}),
        (
            "dragino/lds02",
            10,
            "8C21010004D200004101",
            {
                "battery_voltage": 3.105,
                "door_open": True,
                "door_open_count": 1234,
                "alarm": True,
            },
        ),
        (
            "dragino/lgt92",
            2,
            "FE98A5C8FD386EA44E42C60000FFCE96FEC0",
            {
                "latitude": -23.55052,
                "longitude": -46.633308,
                "altitude": -3.2,
                "battery_voltage": 3.65,
                "alarm": True,
            },
        ),
        # 0x0FFFFFFF placeholders the vendor keeps are not a position.
        ("dragino/lgt92", 2, "0FFFFFFF0FFFFFFF0B5465", {"battery_voltage": 2.9, "alarm": False}),
    ],
)
def test_normalize_semantics(model: str, fport: int, hex_payload: str, expected: dict[str, Any]) -> None:
    assert_same(normalized(model, fport, hex_payload), expected)
