"""A function missing a setting fails at init inside Lambda; importing it elsewhere does not."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from pydantic import ValidationError

from tests.support import ROOT

_POLIS_VARIABLES = ("POLIS_TABLE_NAME", "POLIS_IDEMPOTENCY_TABLE_NAME", "POLIS_DOMAIN")


def _load(function: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"cold_start_{function}", ROOT / "functions" / function / "app.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_settings(monkeypatch):
    for name in _POLIS_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_inside_lambda_a_missing_table_name_fails_the_init(no_settings, monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "polis-WasteIngestFunction")
    with pytest.raises(ValidationError, match="table_name"):
        _load("ingest")


def test_inside_lambda_a_malformed_domain_fails_the_init(monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "polis-WasteIngestFunction")
    monkeypatch.setenv("POLIS_TABLE_NAME", "polis")
    monkeypatch.setenv("POLIS_IDEMPOTENCY_TABLE_NAME", "polis-idempotency")
    monkeypatch.setenv("POLIS_DOMAIN", "Waste Bins")
    with pytest.raises(ValidationError, match="domain"):
        _load("ingest")


def test_a_tool_importing_the_handler_outside_lambda_reads_nothing(no_settings, monkeypatch):
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_NAME", raising=False)
    assert callable(_load("device_health").handler)
