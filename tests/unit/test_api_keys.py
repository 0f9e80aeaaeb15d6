"""API keys in template.yaml: the routes that require one in the app require one in API Gateway.

API Gateway checks ``x-api-key`` against a usage plan before the function runs; locally the app
checks the local key (``chalicelib/access.py``). The open-data reads need no key.
"""

from __future__ import annotations

from polis_local.api_server import load_chalice_app
from polis_local.template import LocalStack
from tests.support import ROOT

STACK = LocalStack(ROOT / "template.yaml")


def _events() -> list[dict]:
    return [e["Properties"] for e in STACK.resources["ApiFunction"]["Properties"]["Events"].values()]


def test_the_routes_requiring_a_key_are_the_same_in_the_app_and_the_template():
    app = load_chalice_app(ROOT / "functions" / "api")
    in_app = {
        (path, m) for path, entries in app.routes.items() for m, e in entries.items() if e.api_key_required
    }
    in_template = {(e["Path"], e["Method"]) for e in _events() if e["Auth"].get("ApiKeyRequired")}

    assert in_app == in_template == {("/v1/open311/{municipality}/requests.json", "POST")}


def test_open_data_and_open311_reads_need_no_key():
    for event in _events():
        if event["Path"].startswith(("/v1/open/", "/v1/open311/")) and event["Method"] == "GET":
            assert event["Auth"] == {"Authorizer": "NONE"}, event["Path"]


def test_the_usage_plan_covers_the_api_s_stage_with_a_key():
    plan = STACK.resources["Open311ClientsUsagePlan"]["Properties"]
    key = STACK.resources["Open311ClientUsagePlanKey"]["Properties"]

    assert plan["ApiStages"] == [{"ApiId": {"Ref": "PolisApi"}, "Stage": {"Ref": "PolisApi.Stage"}}]
    assert (plan["Throttle"]["RateLimit"], plan["Quota"]["Period"]) == (5, "DAY")
    assert key == {
        "KeyId": {"Ref": "Open311ClientApiKey"},
        "KeyType": "API_KEY",
        "UsagePlanId": {"Ref": "Open311ClientsUsagePlan"},
    }
