"""The whole platform in one process: AWS (moto), IoT Core (broker + rules), Lambda, the API."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from polis_demo.service_desk import seed_service_desk
from polis_demo.simulator import DeviceSimulator, seed_city

from polis_local.api_server import ApiServer
from polis_local.aws import LocalAws, dispatch_lambda_invocations, point_clients_at
from polis_local.broker import MqttBroker
from polis_local.lambdas import LocalLambdaRuntime
from polis_local.provision import Provisioner
from polis_local.rules_engine import DESTINATION_TOPIC, RulesEngine
from polis_local.template import LOCAL_API_KEY, LocalStack
from polis_local.triggers import TriggerRunner
from polis_local.users import LOCAL_PASSWORD, SEED_USERS, seed_users

log = logging.getLogger("polis.local")

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class PlatformConfig:
    root: Path = PROJECT_ROOT
    moto_port: int = 5000
    mqtt_port: int = 1883
    api_port: int = 8000
    simulate: bool = True
    simulator_interval_s: float = 5.0
    schedule_speedup: float = 60.0
    """Schedules fire this much sooner than in AWS: a 15-minute check every 15 s."""


@dataclass
class LocalPlatform:
    config: PlatformConfig = field(default_factory=PlatformConfig)

    def __post_init__(self) -> None:
        self.aws = LocalAws(self.config.moto_port)
        self.stack = LocalStack(self.config.root / "template.yaml", endpoint_url=self.aws.endpoint_url)
        self.runtime = LocalLambdaRuntime(self.stack)
        self.rules = RulesEngine(self.stack, self.runtime)
        self.broker = MqttBroker(self.config.mqtt_port, self.rules.on_message)
        self.provisioner = Provisioner(self.stack)
        self.api: ApiServer | None = None
        self.simulator: DeviceSimulator | None = None
        self.triggers = TriggerRunner(self.stack, self.runtime, speedup=self.config.schedule_speedup)

    def start(self) -> LocalPlatform:
        self.aws.start()
        point_clients_at(self.aws.endpoint_url)
        self.provisioner.provision()
        # After provisioning: the user pools' ids are moto's, known once they exist. The API serves
        # from this process, so the process has the API function's environment (Globals and its own).
        os.environ.update(self.stack.functions["ApiFunction"].environment)
        dispatch_lambda_invocations(self.runtime)
        self.triggers.start()
        self.broker.start()
        self.api = ApiServer(
            self.stack.root / self.stack.functions["ApiFunction"].code_dir, self.config.api_port
        )
        self.api.start()
        if self.config.simulate:
            seed_city()
            seed_users(self.stack)
            seed_service_desk()
            self.simulator = DeviceSimulator(
                self.config.mqtt_port, interval_s=self.config.simulator_interval_s
            )
            self.simulator.start()
        return self

    def stop(self) -> None:
        if self.simulator is not None:
            self.simulator.stop()
        if self.api is not None:
            self.api.stop()
        self.broker.stop()
        self.triggers.stop()
        self.runtime.shutdown()
        self.aws.stop()

    def __enter__(self) -> LocalPlatform:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def describe(self) -> str:
        api = f"http://127.0.0.1:{self.config.api_port}"
        functions = ", ".join(spec.name for spec in self.stack.functions.values())
        destinations = ", ".join(
            f"{d} -> rule {r} (topic {DESTINATION_TOPIC.format(destination=d)})"
            for d, r in self.rules.destinations.items()
        )
        return "\n".join(
            [
                "Polis local platform is up.",
                f"  API            {api}",
                f"    bins (GeoJSON)  curl '{api}/v1/open/waste/bins?municipality=chalkida'",
                f"    Open311         curl {api}/v1/open311/chalkida/services.json  (POST requests.json with "
                f"-H 'x-api-key: {LOCAL_API_KEY}')",
                f"    OpenAPI         curl {api}/v1/openapi.json",
                *self._describe_identity(api),
                f"  MQTT broker    mqtt://127.0.0.1:{self.config.mqtt_port}  (IoT Core stand-in)",
                f"    destinations  {destinations}",
                f"  AWS (moto)     {self.aws.endpoint_url}  (AWS_ENDPOINT_URL for the aws CLI / boto3)",
                f"    resources     {len(self.provisioner.created)} from template.yaml",
                f"    functions     {functions}",
                f"    rejects       table {self.stack.physical_name('PolisTable')}, pk 'M#chalkida#REJECT'",
                f"    schedules     {len(self.triggers.triggers.schedules)}, "
                f"running {self.config.schedule_speedup:g}x faster than in AWS",
                f"    waste routing {self.stack.physical_name('WasteRoutingStateMachine')}: starts when "
                "enough bins are full or on POST /v1/staff/waste/routing-runs (its daily cron is not played)",
                "  Simulator      "
                + (
                    f"{self.simulator.device_count} Chalkida devices in every domain, an uplink each "
                    f"every {self.config.simulator_interval_s:g} s ({self.simulator.minutes_per_tick:g} "
                    "simulated minutes)"
                    if self.simulator
                    else "off"
                ),
                f"    state         curl '{api}/v1/open/state/parking?municipality=chalkida'  "
                "(parking, environment, lighting, hydromet, occupancy)",
                "Press Ctrl-C to stop.",
            ]
        )

    def _describe_identity(self, api: str) -> list[str]:
        pools = f"{self.stack.physical_name('CitizenUserPool')}, {self.stack.physical_name('StaffUserPool')}"
        if self.simulator is None:  # users are seeded with the simulated fleet
            return [f"  Users          none seeded (user pools {pools} on moto)"]

        def bearer(user: str) -> str:
            token = f"polis token --moto-port {self.config.moto_port} --user {user}"
            return f'-H "Authorization: Bearer $({token})"'

        return [
            f"  Users          {', '.join(user.username for user in SEED_USERS)} "
            f"(password {LOCAL_PASSWORD}; user pools {pools} on moto)",
            f"    who am I      curl {bearer('chalkida-admin')} {api}/v1/staff/me",
            f"                  curl {bearer('eleni@example.org')} {api}/v1/citizen/me",
        ]
