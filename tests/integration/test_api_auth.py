"""The API's authorizers with real Cognito tokens: moto's pools from template.yaml, the real app.

Requests go through ``chalice.test.Client``, which runs Chalice built-in authorizers as API
Gateway would (a Cognito authorizer it would wave through).
"""

from __future__ import annotations

import json

import boto3
import jwt
import pytest
from chalice.test import Client

from polis_local.api_server import load_chalice_app
from polis_local.template import LocalStack
from polis_local.users import LOCAL_PASSWORD, LocalUserPools
from tests.support import ROOT

PROTECTED = ("/v1/citizen/me", "/v1/staff/me")


def _get(api: Client, path: str, token: str | None = None):
    return api.http.get(path, headers={"Authorization": f"Bearer {token}"} if token else {})


@pytest.mark.parametrize("path", PROTECTED)
def test_without_a_token_a_protected_route_answers_401(api, path):
    assert _get(api, path).status_code == 401


def test_open_data_needs_no_token(api):
    assert _get(api, "/v1/open/waste/bins?municipality=chalkida").status_code == 200


def test_a_citizen_sees_who_they_are(api, id_token):
    response = _get(api, "/v1/citizen/me", id_token("eleni@example.org"))

    assert response.status_code == 200
    me = json.loads(response.body)
    assert (me["kind"], me["municipality"], me["email"], me["roles"]) == (
        "citizen",
        "chalkida",
        "eleni@example.org",
        [],
    )


def test_chalkida_cleaning_staff_are_staff_of_chalkida_in_cleaning(api, id_token):
    response = _get(api, "/v1/staff/me", id_token("chalkida-cleaning"))

    assert response.status_code == 200
    me = json.loads(response.body)
    assert (me["kind"], me["username"], me["municipality"]) == ("staff", "chalkida-cleaning", "chalkida")
    assert (me["roles"], me["departments"]) == (["staff:cleaning"], ["cleaning"])


def test_the_chalkida_admin_holds_the_admin_role(api, id_token):
    me = json.loads(_get(api, "/v1/staff/me", id_token("chalkida-admin")).body)

    assert (me["municipality"], me["roles"], me["departments"]) == ("chalkida", ["municipality-admin"], [])


@pytest.mark.parametrize(
    ("username", "path"),
    [("eleni@example.org", "/v1/staff/me"), ("chalkida-admin", "/v1/citizen/me")],
)
def test_a_token_of_the_other_pool_is_refused_with_no_data(api, id_token, username, path):
    response = _get(api, path, id_token(username))

    assert response.status_code == 403
    assert b"chalkida" not in response.body
    assert b"@" not in response.body


def test_a_token_of_a_pool_outside_the_stack_is_refused(api, stack):
    # moto signs every pool's tokens with the same key, so only the issuer check tells them apart.
    cognito = boto3.client("cognito-idp")
    pool_id = cognito.create_user_pool(PoolName="someone-elses-pool")["UserPool"]["Id"]
    client = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username="intruder",
        UserAttributes=[{"Name": "custom:municipality", "Value": "chalkida"}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username="intruder", Password=LOCAL_PASSWORD, Permanent=True
    )
    token = cognito.admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client["ClientId"],
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "intruder", "PASSWORD": LOCAL_PASSWORD},
    )["AuthenticationResult"]["IdToken"]

    for path in PROTECTED:
        assert _get(api, path, token).status_code == 403


def test_an_access_token_is_refused(api, stack):
    pool_id, client_id = LocalUserPools(stack).ids("staff")
    access_token = boto3.client("cognito-idp").admin_initiate_auth(
        UserPoolId=pool_id,
        ClientId=client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "chalkida-admin", "PASSWORD": LOCAL_PASSWORD},
    )["AuthenticationResult"]["AccessToken"]

    assert _get(api, "/v1/staff/me", access_token).status_code == 403


def test_a_token_whose_claims_were_changed_is_refused(api, id_token):
    header, payload, signature = id_token("chalkida-cleaning").split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["cognito:groups"] = ["municipality-admin"]
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()

    assert _get(api, "/v1/staff/me", f"{header}.{forged}.{signature}").status_code == 403


def test_every_route_has_in_the_template_the_authorizer_it_has_in_the_app():
    # Chalice's local server enforces the app's authorizers, API Gateway the template's: they must agree.
    app = load_chalice_app(ROOT / "functions" / "api")
    in_app = {
        (path, method): _template_authorizer_name(entry.authorizer.name) if entry.authorizer else "NONE"
        for path, entries in app.routes.items()
        for method, entry in entries.items()
    }
    events = LocalStack(ROOT / "template.yaml").resources["ApiFunction"]["Properties"]["Events"].values()
    in_template = {
        (e["Properties"]["Path"], e["Properties"]["Method"]): e["Properties"]["Auth"]["Authorizer"]
        for e in events
        if e["Type"] == "Api"
    }
    assert in_app == in_template


def _template_authorizer_name(chalice_name: str) -> str:
    # citizen_auth -> CitizenAuth (SAM authorizer names are alphanumeric)
    return "".join(part.title() for part in chalice_name.split("_"))
