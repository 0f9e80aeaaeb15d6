"""Fixtures for the integration and end-to-end layers: moto as AWS, resources from template.yaml."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator

import pytest

from tests.support import ROOT, free_port


def _clear_process_caches() -> None:
    # Clients and settings are cached per process; each test gets fresh ones against fresh moto state.
    from polis import events
    from polis.config import store_settings
    from polis.identity.tokens import token_verifier
    from polis.ingestion.deduplication import _idempotent_ingest
    from polis.notifications import notifiers

    store_settings.cache_clear()
    _idempotent_ingest.cache_clear()
    events._client.cache_clear()
    token_verifier.cache_clear()
    notifiers._client.cache_clear()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from polis_local.aws import LocalAws, point_clients_at

    saved = dict(os.environ)
    aws = LocalAws(free_port())
    aws.start()
    point_clients_at(aws.endpoint_url)
    yield aws.endpoint_url
    aws.stop()
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def stack(moto_endpoint: str):
    """A fresh local stack: moto reset, then every resource of template.yaml created."""
    from polis_local.provision import Provisioner
    from polis_local.template import LocalStack

    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    urllib.request.urlopen(request).close()
    local_stack = LocalStack(ROOT / "template.yaml", endpoint_url=moto_endpoint)
    _clear_process_caches()
    Provisioner(local_stack).provision()
    # After provisioning: the user pools' ids exist only once moto has made them.
    os.environ.update(local_stack.shared_environment())
    yield local_stack
    _clear_process_caches()


@pytest.fixture
def runtime(stack):
    from polis_local.lambdas import LocalLambdaRuntime

    local_runtime = LocalLambdaRuntime(stack)
    yield local_runtime
    local_runtime.shutdown()


@pytest.fixture
def chalkida_bin(stack):
    """One provisioned bin (1200 mm deep) with its LDDS75 sensor, as in events/lorawan/*/waste-ldds75.json."""
    from polis_demo.chalkida import CHALKIDA_BINS
    from polis_demo.simulator import seed_city

    site = CHALKIDA_BINS[0]
    seed_city((site,), assets=())
    return site


def _fresh_app():
    # Chalice gives a blueprint's route options (methods, authorizer) to the first app it joins
    # and consumes them; load_chalice_app imports the blueprints afresh, as a new Lambda process.
    from polis_local.api_server import load_chalice_app

    return load_chalice_app(ROOT / "functions" / "api")


@pytest.fixture
def api(stack, monkeypatch):
    """The real Chalice app in chalice.test.Client (authorizers run), seeded users in moto's pools."""
    from chalice.test import Client

    from polis_local.users import seed_users

    # The app runs in this process: with the API function's own environment, as in Lambda.
    for name, value in stack.functions["ApiFunction"].environment.items():
        monkeypatch.setenv(name, value)
    seed_users(stack)
    with Client(_fresh_app()) as client:
        yield client


@pytest.fixture
def id_token(stack):
    """An ID token, issued by moto's pool, of a seeded or given local user."""
    from polis_local.users import LocalUser, LocalUserPools, seed_user

    pools = LocalUserPools(stack)

    def issue(user: str | LocalUser) -> str:
        if isinstance(user, str):
            user = seed_user(user)
        return pools.id_token(user.kind, user.username)

    return issue
