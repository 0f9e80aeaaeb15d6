"""Schedules from template.yaml fire on the local platform's clock."""

from __future__ import annotations

from polis_local.triggers import TriggerRunner, rate_seconds


def test_rate_expressions():
    assert rate_seconds("rate(15 minutes)") == 900
    assert rate_seconds("rate(1 hour)") == 3600
    assert rate_seconds("rate(2 days)") == 172800
    assert rate_seconds("cron(0 6 * * ? *)") is None


def test_the_health_check_schedule_runs_the_health_function(stack, runtime):
    runner = TriggerRunner(stack, runtime, speedup=900)
    [schedule] = [s for s in runner.triggers.schedules if s.target.name == "DeviceHealthFunction"]
    assert schedule.period_s == 900
    runner.triggers.schedules = [schedule]  # the other schedules are other tests' concern

    runner.run_due(now=float("inf"))
    runtime.shutdown()  # waits for the asynchronous invocation

    assert (runtime.invocations, runtime.failures) == (1, 0)
    assert runner.fired == 1
