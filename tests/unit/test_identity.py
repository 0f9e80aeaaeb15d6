"""Who a caller is: the Principal's rules, and the token verifier against keys made here.

The verifier fetches its keys over HTTP as in AWS; a small server plays Cognito's JWKS endpoint
for two pools, and tokens are signed with an RSA key generated for the test module.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from polis.identity.principal import DEPARTMENT_ROLES, ROLES, Principal
from polis.identity.tokens import IdentitySettings, TokenVerifier, Unauthorized
from polis_local.template import LocalStack
from tests.support import ROOT

CITIZEN_POOL = "eu-central-1_Citizens1"
STAFF_POOL = "eu-central-1_Staff1"
CLIENTS = {CITIZEN_POOL: "citizen-app-client", STAFF_POOL: "staff-console-client"}
KID = "polis-test-key"


def _staff(**fields: Any) -> Principal:
    values = {"subject": "s-1", "username": "maria", "kind": "staff", "municipality": "chalkida"}
    return Principal(**{**values, **fields})


# ------------------------------------------------------------------ Principal


def test_staff_act_only_in_their_own_municipality():
    cleaner = _staff(roles={"staff:cleaning"})

    assert cleaner.can_act_in("chalkida")
    assert not cleaner.can_act_in("athens")
    assert not cleaner.is_admin_of("chalkida")
    assert cleaner.departments == {"cleaning"}


def test_an_admin_administers_their_municipality_and_no_other():
    admin = _staff(roles={"municipality-admin"})

    assert admin.is_admin_of("chalkida")
    assert not admin.is_admin_of("athens")
    assert admin.departments == frozenset()


def test_a_staff_account_without_a_role_acts_nowhere():
    assert not _staff().can_act_in("chalkida")


def test_a_citizens_home_municipality_grants_nothing():
    citizen = Principal(subject="c-1", username="c-1", kind="citizen", municipality="chalkida")

    assert not citizen.can_act_in("chalkida")
    assert not citizen.is_admin_of("chalkida")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"municipality": None}, "belongs to a municipality"),
        ({"kind": "citizen", "roles": {"driver"}}, "citizens hold no staff roles"),
        ({"roles": {"staff:catering"}}, "roles"),
        ({"municipality": "Chalkida"}, "municipality"),
    ],
)
def test_an_impossible_principal_cannot_be_built(fields, message):
    with pytest.raises(ValidationError, match=message):
        _staff(**fields)


def test_every_department_has_its_staff_role():
    assert set(DEPARTMENT_ROLES) <= ROLES
    assert {role for role in ROLES if role.startswith("staff:")} == set(DEPARTMENT_ROLES)


def test_the_staff_pool_has_a_group_for_every_role_and_no_other():
    groups = LocalStack(ROOT / "template.yaml").of_type("AWS::Cognito::UserPoolGroup").values()
    staff_groups = {
        group["Properties"]["GroupName"]
        for group in groups
        if group["Properties"]["UserPoolId"] == {"Ref": "StaffUserPool"}
    }
    assert staff_groups == ROLES
    # A citizen pool group would grant nothing: the verifier takes roles from staff tokens only.
    assert len(staff_groups) == len(groups)


# ------------------------------------------------------------------ the verifier


@pytest.fixture(scope="module")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_base_url(signing_key) -> Iterator[str]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(signing_key.public_key()))
    body = json.dumps({"keys": [{**public, "kid": KID, "alg": "RS256", "use": "sig"}]}).encode()
    paths = {f"/{pool}/.well-known/jwks.json" for pool in CLIENTS}

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path in paths
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body if found else b"{}")

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def verifier(jwks_base_url) -> TokenVerifier:
    return TokenVerifier(
        IdentitySettings(
            citizen_user_pool_id=CITIZEN_POOL,
            citizen_client_id=CLIENTS[CITIZEN_POOL],
            staff_user_pool_id=STAFF_POOL,
            staff_client_id=CLIENTS[STAFF_POOL],
            jwks_base_url=jwks_base_url,
        )
    )


def _claims(pool: str = STAFF_POOL, **changes: Any) -> dict[str, Any]:
    """An ID token's claims as Cognito writes them; a change to None drops the claim."""
    now = int(time.time())
    claims = {
        "iss": f"https://cognito-idp.eu-central-1.amazonaws.com/{pool}",
        "sub": "5f1c-staff",
        "aud": CLIENTS[pool],
        "token_use": "id",
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
        "cognito:username": "maria",
        "email": "maria@example.org",
        "custom:municipality": "chalkida",
        "cognito:groups": ["staff:cleaning"],
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(claims: dict[str, Any], key: Any, algorithm: str = "RS256", kid: str = KID) -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid})


def test_a_staff_token_proves_a_staff_member_with_their_municipality_and_roles(verifier, signing_key):
    claims = _claims(**{"cognito:groups": ["staff:cleaning", "municipality-admin", "beta-testers"]})

    principal = verifier.verify(_sign(claims, signing_key))

    assert principal == Principal(
        subject="5f1c-staff",
        username="maria",
        kind="staff",
        municipality="chalkida",
        roles={"staff:cleaning", "municipality-admin"},
        email="maria@example.org",
    )


def test_a_citizen_token_proves_a_citizen_whatever_groups_it_names(verifier, signing_key):
    claims = _claims(
        CITIZEN_POOL, sub="9a2e-citizen", **{"custom:municipality": None, "cognito:groups": ["driver"]}
    )

    principal = verifier.verify(_sign(claims, signing_key))

    assert (principal.kind, principal.municipality, principal.roles) == ("citizen", None, frozenset())


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["custom:municipality"] = "athens"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


REJECTED = {
    "wrong issuer": (
        lambda key: _sign(
            _claims(iss="https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Other"), key
        ),
        "neither Polis user pool",
    ),
    "wrong audience": (lambda key: _sign(_claims(aud="another-app"), key), "Audience"),
    "other pool's audience": (lambda key: _sign(_claims(aud=CLIENTS[CITIZEN_POOL]), key), "Audience"),
    "expired": (lambda key: _sign(_claims(exp=int(time.time()) - 5), key), "expired"),
    "access token": (
        lambda key: _sign(_claims(token_use="access", aud=None, client_id=CLIENTS[STAFF_POOL]), key),
        "an ID token is required",
    ),
    "tampered payload": (lambda key: _tampered(_sign(_claims(), key)), "Signature verification failed"),
    "staff without municipality": (
        lambda key: _sign(_claims(**{"custom:municipality": None}), key),
        "must carry custom:municipality",
    ),
    "municipality not an id": (
        lambda key: _sign(_claims(**{"custom:municipality": "Χαλκίδα"}), key),
        "not a municipality id",
    ),
    "citizen's municipality not an id": (
        lambda key: _sign(_claims(CITIZEN_POOL, **{"custom:municipality": "x"}), key),
        "not a municipality id",
    ),
    "no expiry": (lambda key: _sign(_claims(exp=None), key), '"exp"'),
    "unknown key id": (lambda key: _sign(_claims(), key, kid="rotated-away"), "no staff pool key"),
    "another private key": (
        lambda _: _sign(_claims(), rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        "Signature verification failed",
    ),
    "not a JWT": (lambda _: "Bearer-less nonsense", "not a JWT"),
}


@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
def test_a_token_that_proves_nothing_is_rejected_with_its_reason(verifier, signing_key, case):
    make, reason = REJECTED[case]

    with pytest.raises(Unauthorized, match=reason) as rejected:
        verifier.verify(make(signing_key))

    assert reason in rejected.value.reason


def test_a_symmetric_algorithm_cannot_pass_for_the_pools_rsa_keys(verifier):
    # An HS256 token keyed with something public would verify if the verifier trusted the header's alg.
    token = _sign(_claims(), "a-public-secret-that-is-long-enough-for-hs256", algorithm="HS256")

    with pytest.raises(Unauthorized, match="alg"):
        verifier.verify(token)


def test_the_placeholder_of_a_pool_not_created_yet_is_no_pool_id():
    with pytest.raises(ValidationError, match="citizen_user_pool_id"):
        IdentitySettings(
            citizen_user_pool_id="<CitizenUserPool not created yet>",
            citizen_client_id="c",
            staff_user_pool_id=STAFF_POOL,
            staff_client_id="s",
        )
