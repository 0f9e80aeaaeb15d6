"""The MQTT broker standing in for AWS IoT Core's message broker (amqtt, in-process)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable

from amqtt.broker import Broker
from amqtt.client import MQTTClient

log = logging.getLogger("polis.local.mqtt")

MessageHandler = Callable[[str, bytes], None]


class MqttBroker:
    """A broker on 127.0.0.1 plus one internal subscriber that hands every message to the rules engine."""

    def __init__(self, port: int, on_message: MessageHandler) -> None:
        self.port = port
        self.on_message = on_message
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="mqtt-broker", daemon=True)
        self._broker: Broker | None = None
        self._subscriber: MQTTClient | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=15)

    async def _start(self) -> None:
        config = {
            "listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{self.port}"}},
            "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
        }
        self._broker = Broker(config, loop=self._loop)
        await self._broker.start()
        self._subscriber = MQTTClient(client_id="polis-local-rules-engine")
        await self._subscriber.connect(f"{self.url}/")
        # '#' does not match $-topics, as in IoT Core; rules never read those here.
        await self._subscriber.subscribe([("#", 1)])
        self._reader = self._loop.create_task(self._read())

    async def _read(self) -> None:
        assert self._subscriber is not None
        while True:
            message = await self._subscriber.deliver_message()
            if message is None:
                continue
            try:
                self.on_message(message.topic, bytes(message.data or b""))
            except Exception:
                log.exception("rules engine failed on a message to %s", message.topic)

    def publish(self, topic: str, payload: bytes) -> None:
        assert self._subscriber is not None
        asyncio.run_coroutine_threadsafe(self._subscriber.publish(topic, payload, qos=1), self._loop).result(
            10
        )

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._subscriber is not None:
            await self._subscriber.disconnect()
        if self._broker is not None:
            await self._broker.shutdown()
