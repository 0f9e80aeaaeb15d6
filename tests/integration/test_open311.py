"""Open311 GeoReport v2: the spec's field names, required fields and JSON Schemas, its filters and errors.

The schemas are the Open311 organisation's own (tests/data/open311/, see its README).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

from polis_local.template import LOCAL_API_KEY
from tests.integration.service_desk_support import WATERFRONT, call, desk_platform, inbox, report
from tests.support import ROOT

SCHEMAS = ROOT / "tests" / "data" / "open311"
BASE = "/v1/open311/chalkida"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _no_network(uri: str):
    raise NoSuchResource(ref=uri)


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


_REGISTRY = Registry(retrieve=_no_network).with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT4))
    for path in Path(SCHEMAS).glob("*.json")
)


def _validate(document, schema_name: str) -> None:
    Draft4Validator(_schema(schema_name), registry=_REGISTRY, format_checker=FormatChecker()).validate(
        document
    )


def _fields_are_the_spec_s(item: dict, schema_name: str) -> None:
    schema = _schema(schema_name)
    assert set(item) <= set(schema["properties"]), set(item) - set(schema["properties"])
    assert set(schema["required"]) <= set(item)


@pytest.fixture(scope="module")
def platform(moto_endpoint):
    with desk_platform(moto_endpoint) as running:
        yield running


@pytest.fixture
def api(platform):
    return platform.api


@pytest.fixture
def desk(platform):
    return platform.desk


def _post(api, form: dict, key: str | None = LOCAL_API_KEY):
    headers = FORM | ({"x-api-key": key} if key else {})
    return call(api, "post", f"{BASE}/requests.json", body=urlencode(form), headers=headers)


REPORT = {
    "service_code": "pothole",
    "lat": "38.4641",
    "long": "23.5951",
    "address_string": "Venizelou 20, Chalkida",
    "description": "A deep pothole in the right lane.",
    "email": "kostas@example.org",
    "first_name": "Kostas",
    "phone": "+306944000111",
    "device_id": "phone-1",
    "attribute[depth]": "deep",
}


def test_services_are_the_municipality_s_categories_in_the_spec_s_shape(api):
    status, services = call(api, "get", f"{BASE}/services.json")

    assert status == 200
    _validate(services, "services.json")
    for service in services:
        _fields_are_the_spec_s(service, "service.json")
    by_code = {s["service_code"]: s for s in services}
    assert by_code["overflowing-bin"]["service_name"] == "Overflowing bin"
    assert by_code["overflowing-bin"]["group"] == "sanitation"
    assert {"broken-street-light", "pothole", "fallen-tree", "abandoned-vehicle", "graffiti"} <= set(by_code)


def test_a_service_definition_validates(api):
    status, definition = call(api, "get", f"{BASE}/services/pothole.json")

    assert status == 200
    _validate(definition, "service-definition.json")
    assert definition == {"service_code": "pothole", "attributes": []}


def test_a_client_with_a_key_posts_a_form_and_follows_the_request_by_id_and_token(api):
    status, receipts = _post(api, REPORT)

    assert status == 200
    [receipt] = receipts
    assert set(receipt) == {"service_request_id", "token", "service_notice", "account_id"}
    reference = receipt["service_request_id"]
    by_id = call(api, "get", f"{BASE}/requests/{reference}.json")
    by_token = call(api, "get", f"{BASE}/tokens/{receipt['token']}.json")
    assert by_id[0] == 200
    _validate(by_id[1], "requests.json")
    [found] = by_id[1]
    _fields_are_the_spec_s(found, "request.json")
    assert (found["status"], found["service_code"], found["lat"], found["long"]) == (
        "open",
        "pothole",
        38.4641,
        23.5951,
    )
    assert found["agency_responsible"] == "Roads department"
    assert "kostas" not in json.dumps(by_id[1]).lower()
    assert "+306944000111" not in json.dumps(by_id[1])
    assert by_token == (200, [{"service_request_id": reference, "token": receipt["token"]}])
    assert inbox("chalkida", reference) == [
        ("service-request.status", f"Your request {reference} has been received")
    ]


def test_a_json_body_is_taken_too(api):
    status, receipts = call(
        api,
        "post",
        f"{BASE}/requests.json",
        body={"service_code": "graffiti", "lat": 38.46, "long": 23.59},
        headers={"x-api-key": LOCAL_API_KEY},
    )

    assert status == 200
    assert receipts[0]["service_request_id"].startswith("CHK-")


def test_the_standard_s_api_key_parameter_is_taken_in_the_form_the_json_body_or_the_query(api):
    requests_json = f"{BASE}/requests.json"
    as_json = {"service_code": "graffiti", "lat": 38.46, "long": 23.59, "api_key": LOCAL_API_KEY}
    key_in_query = f"{requests_json}?{urlencode({'api_key': LOCAL_API_KEY})}"

    in_form = _post(api, REPORT | {"api_key": LOCAL_API_KEY}, key=None)
    in_json = call(api, "post", requests_json, body=as_json)
    in_query = call(api, "post", key_in_query, body=urlencode(REPORT), headers=FORM)
    wrong = _post(api, REPORT | {"api_key": "not-the-key"}, key=None)

    assert [in_form[0], in_json[0], in_query[0]] == [200, 200, 200]
    assert wrong[0] == 403
    assert wrong[1][0]["description"].startswith("api_key:")


def test_posting_to_an_unknown_jurisdiction_is_a_404_in_the_spec_s_error_format(api):
    status, errors = call(
        api,
        "post",
        "/v1/open311/atlantis/requests.json",
        body=urlencode(REPORT),
        headers=FORM | {"x-api-key": LOCAL_API_KEY},
    )

    assert status == 404
    assert errors == [{"code": 404, "description": "no jurisdiction 'atlantis' here"}]


@pytest.mark.parametrize("key", [None, "not-the-key"])
def test_posting_without_the_api_key_is_refused_in_the_spec_s_error_format(api, key):
    status, errors = _post(api, REPORT, key)

    assert status == 403
    [error] = errors
    assert error["code"] == 403
    assert error["description"].startswith("api_key: a valid API key is required")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lat": "north"}, "lat"),
        ({"long": "200"}, "long"),
        ({"service_code": "dragons"}, "service_code"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "2221012345"}, "phone"),
        ({"jurisdiction_id": "heraklion"}, "jurisdiction_id"),
    ],
)
def test_an_invalid_report_is_a_400_naming_the_field(api, change, field):
    status, errors = _post(api, REPORT | change)

    assert status == 400
    [error] = errors
    assert error["code"] == 400
    assert field in error["description"]


def test_a_report_without_coordinates_names_them(api):
    form = {k: v for k, v in REPORT.items() if k not in ("lat", "long")}

    status, [error] = _post(api, form)

    assert status == 400
    assert "lat: Field required" in error["description"]
    assert "long: Field required" in error["description"]


def test_requests_are_filtered_as_the_spec_says(api, desk):
    bin_ = report(api, desk["eleni"])["reference"]
    light = report(api, desk["eleni"], category="broken-street-light", location=WATERFRONT)["reference"]
    rejected = report(api, desk["nikos"])["reference"]
    call(
        api,
        "post",
        f"/v1/staff/service-requests/{rejected}/status",
        desk["admin"],
        {"status": "rejected", "note": "Already emptied."},
    )

    def ids(query: str) -> list[str]:
        status, found = call(api, "get", f"{BASE}/requests.json{query}")
        assert status == 200, found
        _validate(found, "requests.json")
        return [r["service_request_id"] for r in found]

    start = quote((datetime.now(UTC) - timedelta(minutes=5)).isoformat())
    assert ids(f"?service_request_id={bin_},{light}") == [bin_, light]
    assert bin_ in ids("?service_code=overflowing-bin")
    assert light not in ids("?service_code=overflowing-bin")
    assert set(ids("?service_code=overflowing-bin,broken-street-light")) >= {bin_, light}
    assert rejected in ids("?status=closed")
    assert rejected not in ids("?status=open")
    assert bin_ in ids("?status=open")
    assert {bin_, light, rejected} <= set(ids(f"?start_date={start}"))
    assert ids(f"?end_date={quote((datetime.now(UTC) - timedelta(days=1)).isoformat())}") == []
    closed = call(api, "get", f"{BASE}/requests/{rejected}.json")[1][0]
    assert (closed["status"], closed["status_notes"]) == ("closed", "Already emptied.")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{BASE}/requests/CHK-2020-999999.json", 404),
        (f"{BASE}/requests/CHK-2020-999999.xml", 400),
        (f"{BASE}/requests/nonsense.json", 400),
        (f"{BASE}/services/dragons.json", 404),
        (f"{BASE}/tokens/{'0' * 32}.json", 404),
        (f"{BASE}/requests.json?status=pending", 400),
        (f"{BASE}/requests.json?start_date=yesterday", 400),
        (f"{BASE}/requests.json?jurisdiction_id=heraklion", 400),
        (f"{BASE}/services/pothole.xml", 400),
        (f"{BASE}/tokens/not-a-token.json", 400),
        ("/v1/open311/atlantis/services.json", 404),
        ("/v1/open311/NOT_A_CITY/services.json", 400),
    ],
)
def test_errors_are_the_spec_s_list_of_code_and_description(api, path, status):
    answered, errors = call(api, "get", path)

    assert answered == status
    assert isinstance(errors, list)
    assert [set(e) for e in errors] == [{"code", "description"}]
    assert errors[0]["code"] == status


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"{BASE}/services/pothole.xml", "service_code"),
        (f"{BASE}/services/Pothole.json", "service_code"),
        (f"{BASE}/requests/nonsense.json", "service_request_id"),
        (f"{BASE}/tokens/not-a-token.json", "token"),
        (f"{BASE}/requests.json?service_code=Not_A_Code", "service_code"),
    ],
)
def test_a_malformed_path_or_query_names_the_open311_field(api, path, field):
    status, [error] = call(api, "get", path)

    assert (status, error["code"]) == (400, 400)
    assert field in error["description"]
