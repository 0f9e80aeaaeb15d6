"""The local rules engine's AWS IoT SQL: parsing, evaluation, errors and MQTT topic matching."""

from __future__ import annotations

import base64
import json
import time
import uuid
from typing import Any

import pytest

from polis_local.iot_sql import UNDEFINED, IotSqlError, parse_rule, topic_matches

PAYLOAD = {
    "id": "bin-7",
    "state": {"reported": {"fill": 0.82, "lid": "closed", "flags": None}},
    "readings": [10, 20, 30],
    "count": 3,
    "label": "Ab",
}


def run(sql: str, payload: dict[str, Any] | None = None, topic: str = "city/bins/bin-7", **kw: Any) -> Any:
    return parse_rule(sql).evaluate(PAYLOAD if payload is None else payload, topic=topic, **kw)


def value(expr: str, payload: dict[str, Any] | None = None, **kw: Any) -> Any:
    """What `expr` evaluates to, UNDEFINED when the output omits it."""
    return run(f"SELECT {expr} AS v", payload, **kw).get("v", UNDEFINED)


def passes(condition: str, payload: dict[str, Any] | None = None) -> bool:
    return run(f"SELECT * WHERE {condition}", payload) is not None


def b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


# --- SELECT ------------------------------------------------------------------------------


def test_star_returns_the_whole_payload() -> None:
    assert run("SELECT * FROM 'city/bins/+'") == PAYLOAD


def test_star_then_aliases_add_keys_and_override() -> None:
    out = run("SELECT *, 'x' AS label, count AS n")
    assert out == {**PAYLOAD, "label": "x", "n": 3}


def test_alias_renames() -> None:
    assert run("SELECT id AS device, count AS n") == {"device": "bin-7", "n": 3}


def test_unaliased_path_is_keyed_by_its_last_segment() -> None:
    assert run("SELECT state.reported.fill, id") == {"fill": 0.82, "id": "bin-7"}


def test_undefined_values_are_omitted_but_null_is_kept() -> None:
    out = run("SELECT nope, state.nope.deeper, id.not_an_object, state.reported.flags")
    assert out == {"flags": None}


def test_member_access_on_an_expression_result() -> None:
    encoded = b64(json.dumps({"temperature": 33}))
    assert run("SELECT decode(enc, 'base64').temperature", {"enc": encoded}) == {"temperature": 33}


def test_keyword_after_dot_is_a_key_name() -> None:
    assert value("a.from", {"a": {"from": 1}}) == 1


def test_output_does_not_share_objects_with_the_payload() -> None:
    payload = {"nested": {"x": 1}}
    out = run("SELECT *, nested AS copy", payload)
    out["nested"]["x"] = 2
    out["copy"]["x"] = 3
    assert payload == {"nested": {"x": 1}}


def test_keywords_and_function_names_are_case_insensitive() -> None:
    rule = parse_rule(
        "select *, TOPIC(2) as kind, Upper(id) As up from 'city/#' where count > 1 and NOT false"
    )
    assert rule.topic_filter == "city/#"
    out = rule.evaluate(PAYLOAD, topic="city/bins/bin-7")
    assert out == {**PAYLOAD, "kind": "bins", "up": "BIN-7"}


def test_attribute_names_are_case_sensitive() -> None:
    assert value("Count") is UNDEFINED


def test_from_is_optional() -> None:
    rule = parse_rule("SELECT id WHERE count = 3")
    assert rule.topic_filter is None
    assert rule.evaluate(PAYLOAD, topic="") == {"id": "bin-7"}


def test_from_accepts_double_quotes_too() -> None:
    assert parse_rule('SELECT * FROM "a/+/c"').topic_filter == "a/+/c"


def test_multiline_sql() -> None:
    rule = parse_rule("SELECT\n  id\nFROM 'a/b'\nWHERE count > 2\n")
    assert rule.evaluate(PAYLOAD, topic="a/b") == {"id": "bin-7"}


# --- literals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("'text'", "text"),
        ('"text"', "text"),
        ("'it''s'", "it's"),
        ("''", ""),
        ("42", 42),
        ("-42", -42),
        ("2.5", 2.5),
        ("-0.25", -0.25),
        ("true", True),
        ("FALSE", False),
        ("null", None),
    ],
)
def test_literals(expr: str, expected: Any) -> None:
    result = value(expr)
    assert result == expected
    assert type(result) is type(expected)


# --- functions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("topic()", "city/bins/bin-7"),
        ("topic(1)", "city"),
        ("topic(3)", "bin-7"),
        ("topic(4)", UNDEFINED),
        ("topic(0)", UNDEFINED),
        ("topic('2')", "bins"),
    ],
)
def test_topic(expr: str, expected: Any) -> None:
    assert value(expr) == expected


def test_timestamp_uses_the_injected_clock() -> None:
    assert value("timestamp()", now_ms=1_700_000_000_123) == 1_700_000_000_123


def test_timestamp_defaults_to_now_and_is_one_instant_per_message() -> None:
    before = time.time_ns() // 1_000_000
    out = run("SELECT timestamp() AS a, timestamp() AS b")
    after = time.time_ns() // 1_000_000
    assert before <= out["a"] <= after
    assert out["a"] == out["b"]


def test_clientid() -> None:
    assert value("clientid()", client_id="sensor-1") == "sensor-1"
    assert value("clientid()") == ""


def test_newuuid_is_a_fresh_uuid_each_call() -> None:
    out = run("SELECT newuuid() AS a, newuuid() AS b")
    assert uuid.UUID(out["a"]).version == 4
    assert out["a"] != out["b"]


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("get(state.reported, 'lid')", "closed"),
        ("get(state.reported, 'missing')", UNDEFINED),
        ("get(readings, 0)", 10),
        ("get(readings, 2)", 30),
        ("get(readings, '1')", 20),
        ("get(readings, 1.9)", 20),
        ("get(readings, 3)", UNDEFINED),
        ("get(readings, -1)", UNDEFINED),
        ("get(label, 1)", "b"),
        ("get(count, 0)", UNDEFINED),
        ("get(state, 1)", UNDEFINED),
    ],
)
def test_get(expr: str, expected: Any) -> None:
    assert value(expr) == expected


def test_get_reaches_keys_dot_notation_cannot() -> None:
    payload = {"mydata": {"item2": {"0": {"my-key": "myValue"}}}}
    assert passes("get(get(get(mydata, 'item2'), '0'), 'my-key') = 'myValue'", payload)


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (b64("hello"), "hello"),
        (b64("héllo"), "héllo"),
        (b64('{"t": 21.5}'), {"t": 21.5}),
        (b64("[1, 2]"), [1, 2]),
        (b64("42"), "42"),  # only objects and arrays become addressable
        (b64(b"\x01\xff\x80"), "\x01\xff\x80"),  # not UTF-8: one code point per byte
        ("not base64!", None),
        ("QUJD", "ABC"),
    ],
)
def test_decode_base64(encoded: str, expected: Any) -> None:
    assert value("decode(p, 'base64')", {"p": encoded}) == expected


def test_decoded_binary_round_trips_through_latin1() -> None:
    raw = bytes(range(256))
    assert value("decode(p, 'base64')", {"p": b64(raw)}).encode("latin-1") == raw


def test_decode_of_a_non_string_is_undefined() -> None:
    assert value("decode(count, 'BASE64')") is UNDEFINED


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("encode(id, 'base64')", b64("bin-7")),
        ("encode(count, 'base64')", b64("3")),
        ("encode(true, 'base64')", b64("true")),
        ("encode(readings, 'base64')", b64("[10,20,30]")),
        ("encode(nope, 'base64')", UNDEFINED),
        ("encode(state.reported.flags, 'base64')", UNDEFINED),
    ],
)
def test_encode_base64(expr: str, expected: Any) -> None:
    assert value(expr) == expected


def test_encode_star_encodes_the_payload_as_compact_json() -> None:
    encoded = value("encode(*, 'base64')", {"a": 1, "b": "x"})
    assert base64.b64decode(encoded) == b'{"a":1,"b":"x"}'


def test_encode_then_decode_round_trips() -> None:
    assert value("decode(encode(label, 'base64'), 'base64')") == "Ab"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("concat(id, '-', count)", "bin-7-3"),
        ("concat('a', true)", "atrue"),
        ("concat(readings, 40)", [10, 20, 30, 40]),
        ("concat(readings, 'x', readings)", [10, 20, 30, "x", 10, 20, 30]),
        ("concat(count)", 3),
        ("concat()", UNDEFINED),
        ("concat(1, 2)", UNDEFINED),
        ("concat(id, nope)", UNDEFINED),
        ("concat(id, state.reported.flags)", UNDEFINED),
    ],
)
def test_concat(expr: str, expected: Any) -> None:
    assert value(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("upper(label)", "AB"),
        ("lower(label)", "ab"),
        ("upper(true)", "TRUE"),
        ("lower(nope)", UNDEFINED),
        ("upper(state.reported.flags)", UNDEFINED),
    ],
)
def test_upper_lower(expr: str, expected: Any) -> None:
    assert value(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("abs(-5)", 5),
        ("abs(5)", 5),
        ("abs(-2.5)", 2.5),
        ("abs('-7')", 7),
        ("abs('x')", UNDEFINED),
        ("abs(true)", UNDEFINED),
        ("abs(nope)", UNDEFINED),
    ],
)
def test_abs(expr: str, expected: Any) -> None:
    assert value(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("isUndefined(nope)", True),
        ("isUndefined(state.reported.flags)", False),
        ("isNull(state.reported.flags)", True),
        ("isNull(nope)", False),
        ("isNull(count)", False),
    ],
)
def test_is_undefined_and_is_null(expr: str, expected: bool) -> None:
    assert value(expr) is expected


# --- WHERE -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("count = 3", True),
        ("count = 3.0", True),
        ("count = 4", False),
        ("count <> 4", True),
        ("count != 3", False),
        ("count < 4", True),
        ("count < 3", False),
        ("count <= 3", True),
        ("count > 2", True),
        ("count > 3", False),
        ("count >= 3", True),
        ("state.reported.fill > 0.8", True),
        ("state.reported.lid = 'closed'", True),
        ("state.reported.lid = 'open'", False),
        ("'10' > 9", True),  # numeric strings compare as numbers
        ("label > 'A'", False),  # other strings do not compare at all
        ("count = '3'", False),  # equality never crosses JSON types
        ("true = 1", False),
        ("state.reported.flags = null", True),
        ("readings = readings", True),
        ("state = state", True),
    ],
)
def test_comparisons(condition: str, expected: bool) -> None:
    assert passes(condition) is expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("count = 3 AND id = 'bin-7'", True),
        ("count = 3 AND id = 'x'", False),
        ("count = 4 OR id = 'bin-7'", True),
        ("count = 4 OR id = 'x'", False),
        ("NOT count = 4", True),
        ("NOT NOT count = 4", False),
        ("count = 4 AND id = 'x' OR label = 'Ab'", True),  # AND binds tighter than OR
        ("count = 4 AND (id = 'x' OR label = 'Ab')", False),
        ("NOT (count = 4 OR id = 'x')", True),
        ("'TRUE' AND true", True),  # AWS accepts "true"/"false" strings as booleans
        ("true", True),
        ("count", False),  # a number is not a condition
    ],
)
def test_boolean_logic(condition: str, expected: bool) -> None:
    assert passes(condition) is expected


@pytest.mark.parametrize(
    "condition",
    ["nope > 0", "nope = nope", "nope <> 1", "NOT nope = 1", "NOT nope", "nope OR true", "nope.a < 1"],
)
def test_conditions_on_missing_attributes_never_pass(condition: str) -> None:
    assert not passes(condition)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("count + 2", 5),
        ("count - 5", -2),
        ("count * 2.5", 7.5),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("7 / 2", 3),  # Int / Int stays Int, as in AWS
        ("-7 / 2", -3),  # truncated toward zero
        ("7.0 / 2", 3.5),
        ("7 % 3", 1),
        ("-7 % 3", -1),
        ("1 / 0", UNDEFINED),
        ("1 % 0", UNDEFINED),
        ("'4' * 2", 8),
        ("label + 1", UNDEFINED),
        ("-count", -3),
        ("-(count + 1)", -4),
        ("nope + 1", UNDEFINED),
    ],
)
def test_arithmetic(expr: str, expected: Any) -> None:
    assert value(expr) == expected


def test_arithmetic_in_where() -> None:
    assert passes("count * 10 >= 30 AND state.reported.fill * 100 > 80")


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "message", "position"),
    [
        ("", "expected SELECT, found end of input", 0),
        ("FROM 'a'", "expected SELECT", 0),
        ("SELECT", "expected an expression, found end of input", 6),
        ("SELECT topic() FROM 'a'", "topic() in SELECT needs an alias", 7),
        ("SELECT a, 1 + 2", "needs an alias", 10),
        ("SELECT a AS", "expected an alias name after AS", 11),
        ("SELECT nosuch(a) AS x", "unsupported function nosuch()", 7),
        ("SELECT get(a) AS x", "get() takes 2 argument(s), got 1", 7),
        ("SELECT topic(1, 2) AS x", "topic() takes 0 to 1 argument(s), got 2", 7),
        ("SELECT decode(a, 'hex') AS x", "decode() supports only the literal scheme 'base64'", 7),
        ("SELECT encode(a, b) AS x", "encode() supports only the literal scheme 'base64'", 7),
        ("SELECT a FROM 'a/b", "unterminated string literal", 14),
        ("SELECT a FROM a/b", "expected a quoted topic filter after FROM", 14),
        ("SELECT a FROM 'a/#/b'", "invalid topic filter 'a/#/b'", 14),
        ("SELECT a FROM 'a/b+'", "'+' must be a whole level", 14),
        ("SELECT a FROM ''", "it is empty", 14),
        ("SELECT a WHERE b ^ 2", "unexpected character '^'", 17),
        ("SELECT a WHERE b = 1 c", "expected end of input, found 'c'", 21),
        ("SELECT a b", "expected FROM, WHERE or end of input, found 'b'", 9),
        ("SELECT a WHERE (b = 1", "expected ')', found end of input", 21),
        ("SELECT a.0 AS x", "expected an attribute name after '.'", 9),
        ("SELECT 12abc AS x", "malformed number", 7),
        ("SELECT a WHERE b IS UNDEFINED", "use isUndefined(x) or isNull(x)", 17),
        ("SELECT a WHERE b IN (1, 2)", "IN operator is valid AWS IoT SQL but not emulated", 17),
        ("SELECT CASE a WHEN 1 THEN 2 END AS x", "CASE expressions", 7),
        ("SELECT a WHERE a < b < c", "expected end of input, found '<'", 21),
        ("SELECT a FROM 'x' FROM 'y'", "expected WHERE or end of input, found 'FROM'", 18),
    ],
)
def test_syntax_errors_say_what_and_where(sql: str, message: str, position: int) -> None:
    with pytest.raises(IotSqlError) as caught:
        parse_rule(sql)
    assert message in str(caught.value)
    assert caught.value.position == position


def test_error_message_points_at_the_offending_token() -> None:
    with pytest.raises(IotSqlError) as caught:
        parse_rule("SELECT *\nFROM 'a'\nWHERE x = = 1")
    assert str(caught.value).splitlines() == [
        "expected an expression, found '=' (line 3, column 11)",
        "  WHERE x = = 1",
        "            ^",
    ]


def test_iot_sql_error_is_a_value_error() -> None:
    assert issubclass(IotSqlError, ValueError)


def test_evaluate_rejects_a_non_object_payload() -> None:
    with pytest.raises(TypeError, match="JSON object"):
        parse_rule("SELECT *").evaluate([1, 2], topic="a")  # type: ignore[arg-type]


# --- topic matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("topic_filter", "topic", "expected"),
    [
        ("a/b/c", "a/b/c", True),
        ("a/b/c", "a/b", False),
        ("a/b", "a/b/c", False),
        ("a/b/c", "a/B/c", False),
        ("a/+/c", "a/x/c", True),
        ("a/+/c", "a//c", True),
        ("a/+/c", "a/x/y/c", False),
        ("a/+", "a", False),
        ("+/+", "/x", True),
        ("+", "a", True),
        ("+", "a/b", False),
        ("a/#", "a/b/c", True),
        ("a/#", "a", True),
        ("a/#", "ab", False),
        ("#", "a/b/c", True),
        ("a/+/#", "a/x", True),
        ("#", "$aws/things/t/shadow/update", False),
        ("+/things/#", "$aws/things/t", False),
        ("$aws/things/+/shadow/#", "$aws/things/t/shadow/update", True),
        ("$SYS/#", "$SYS/broker/uptime", True),
        ("a/b", "a/+", False),
        ("#", "", False),
    ],
)
def test_topic_matches(topic_filter: str, topic: str, expected: bool) -> None:
    assert topic_matches(topic_filter, topic) is expected


@pytest.mark.parametrize("topic_filter", ["", "a/#/b", "a#", "a/b#", "a+", "a/+b/c", "##"])
def test_invalid_topic_filters_are_rejected(topic_filter: str) -> None:
    with pytest.raises(IotSqlError, match="invalid topic filter"):
        topic_matches(topic_filter, "a/b")


# --- LoRaWAN ---------------------------------------------------------------------------

LORAWAN_RULE = (
    "SELECT *, topic(3) AS destination, timestamp() AS received_ms "
    "FROM 'polis/lorawan/+/uplink' "
    "WHERE WirelessMetadata.LoRaWAN.FPort > 0"
)


def uplink(fport: int) -> dict[str, Any]:
    return {
        "WirelessDeviceId": "5b4dd2a8-0f0e-4bd6-9b6e-2c5a1e0f7d11",
        "PayloadData": b64(b"\x01\x52\x0c"),
        "WirelessMetadata": {
            "LoRaWAN": {
                "DevEui": "a84041000181c5f3",
                "FPort": fport,
                "FCnt": 1187,
                "DataRate": "5",
                "Gateways": [{"GatewayEui": "dca632fffe5b2b0c", "Rssi": -97, "Snr": 7.5}],
            }
        },
    }


def test_lorawan_uplink_is_enriched_with_destination_and_receipt_time() -> None:
    rule = parse_rule(LORAWAN_RULE)
    assert rule.topic_filter == "polis/lorawan/+/uplink"
    topic = "polis/lorawan/waste-bins/uplink"
    assert topic_matches(rule.topic_filter, topic)
    message = uplink(fport=2)
    out = rule.evaluate(message, topic=topic, now_ms=1_716_000_000_000)
    assert out == {**message, "destination": "waste-bins", "received_ms": 1_716_000_000_000}


@pytest.mark.parametrize(
    "message",
    [uplink(fport=0), {"WirelessDeviceId": "x", "PayloadData": "AQ=="}],
    ids=["mac-only-fport-0", "no-metadata"],
)
def test_lorawan_rule_drops_mac_commands_and_malformed_uplinks(message: dict[str, Any]) -> None:
    assert parse_rule(LORAWAN_RULE).evaluate(message, topic="polis/lorawan/bins/uplink") is None


def test_lorawan_destination_rule_without_from_decodes_the_payload() -> None:
    # AWS IoT Core for LoRaWAN invokes destination rules by name, so there is no topic.
    rule = parse_rule(
        "SELECT WirelessDeviceId AS device_id, WirelessMetadata.LoRaWAN.FPort AS fport, "
        "encode(decode(PayloadData, 'base64'), 'base64') AS again, "
        "get(WirelessMetadata.LoRaWAN.Gateways, 0).Rssi AS rssi"
    )
    assert rule.topic_filter is None
    message = uplink(fport=5)
    out = rule.evaluate(message, topic="")
    assert out == {
        "device_id": message["WirelessDeviceId"],
        "fport": 5,
        "again": message["PayloadData"],
        "rssi": -97,
    }
