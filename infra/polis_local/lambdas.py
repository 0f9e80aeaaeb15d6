"""Lambda functions run in-process: the template's handlers, called as AWS would call them.

Functions share one process, so each invocation runs with its own environment variables
applied under a lock; a failed asynchronous invocation is retried twice and then sent to the
function's dead-letter queue, as Lambda does.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import boto3

from polis_local.template import ACCOUNT, LocalStack

log = logging.getLogger("polis.local.lambda")

ASYNC_RETRIES = 2


@dataclass
class LambdaContext:
    """The attributes of the Lambda context object that handlers and powertools read."""

    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    aws_request_id: str
    deadline: float
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


class LocalLambdaRuntime:
    def __init__(self, stack: LocalStack) -> None:
        self.stack = stack
        self._modules: dict[str, ModuleType] = {}
        self._lock = threading.RLock()
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lambda")
        self.invocations = 0
        self.failures = 0

    def _handler(self, logical_id: str) -> Any:
        spec = self.stack.functions[logical_id]
        module_name, _, attribute = spec.handler.rpartition(".")
        key = f"polis_fn_{logical_id}"
        if key not in self._modules:
            path = spec.code_dir / f"{module_name.replace('.', '/')}.py"
            # Function folders import their siblings (chalicelib/) as top-level modules.
            if str(spec.code_dir) not in sys.path:
                sys.path.insert(0, str(spec.code_dir))
            module_spec = importlib.util.spec_from_file_location(key, path)
            assert module_spec is not None
            assert module_spec.loader is not None
            module = importlib.util.module_from_spec(module_spec)
            with self._environment(logical_id):
                module_spec.loader.exec_module(module)
            self._modules[key] = module
        return getattr(self._modules[key], attribute)

    class _Env:
        def __init__(self, variables: dict[str, str]) -> None:
            self.variables = variables
            self.saved: dict[str, str | None] = {}

        def __enter__(self) -> None:
            for key, value in self.variables.items():
                self.saved[key] = os.environ.get(key)
                os.environ[key] = value

        def __exit__(self, *_: object) -> None:
            for key, value in self.saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def _environment(self, logical_id: str) -> _Env:
        spec = self.stack.functions[logical_id]
        return self._Env({**spec.environment, "AWS_LAMBDA_FUNCTION_NAME": spec.name})

    def invoke(self, name_or_arn: str, event: Any) -> Any:
        """Synchronous invocation (RequestResponse): the handler's result, or its exception."""
        spec = self.stack.function_by_arn_or_name(name_or_arn)
        context = LambdaContext(
            function_name=spec.name,
            invoked_function_arn=spec.arn,
            memory_limit_in_mb=512,
            aws_request_id=str(uuid.uuid4()),
            deadline=time.monotonic() + spec.timeout,
        )
        with self._lock:
            handler = self._handler(spec.logical_id)
            self.invocations += 1
            with self._environment(spec.logical_id):
                try:
                    return handler(event, context)
                except Exception:
                    self.failures += 1
                    raise

    def invoke_async(self, name_or_arn: str, event: Any) -> Future[Any]:
        """Asynchronous invocation (Event): retried, then parked in the dead-letter queue."""
        return self._pool.submit(self._invoke_with_retries, name_or_arn, event)

    def _invoke_with_retries(self, name_or_arn: str, event: Any) -> Any:
        error: Exception | None = None
        for attempt in range(1 + ASYNC_RETRIES):
            try:
                return self.invoke(name_or_arn, event)
            except Exception as failure:
                error = failure
                log.warning("%s failed (attempt %d): %s", name_or_arn, attempt + 1, failure)
        assert error is not None
        self._dead_letter(name_or_arn, event, error)
        return None

    def _dead_letter(self, name_or_arn: str, event: Any, error: Exception) -> None:
        spec = self.stack.function_by_arn_or_name(name_or_arn)
        if spec.dead_letter_arn is None:
            log.error("%s: event lost, the function has no dead-letter queue: %s", spec.name, error)
            return
        queue_name = spec.dead_letter_arn.rsplit(":", 1)[1]
        boto3.client("sqs", endpoint_url=self.stack.endpoint_url).send_message(
            QueueUrl=f"{self.stack.endpoint_url}/{ACCOUNT}/{queue_name}",
            MessageBody=json.dumps(event, default=str),
            MessageAttributes={
                "ErrorCode": {"DataType": "Number", "StringValue": "200"},
                "ErrorMessage": {
                    "DataType": "String",
                    "StringValue": f"{type(error).__name__}: {error}"[:1000],
                },
                "RequestID": {"DataType": "String", "StringValue": str(uuid.uuid4())},
            },
        )

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
