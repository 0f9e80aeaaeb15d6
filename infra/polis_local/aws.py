"""moto in server mode as AWS, with Step Functions executing and Lambda tasks run in-process."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.core.config import default_user_config
from moto.server import ThreadedMotoServer

from polis_local.lambdas import LocalLambdaRuntime

LOCAL_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "polis-local",
    "AWS_SECRET_ACCESS_KEY": "polis-local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def point_clients_at(endpoint_url: str) -> None:
    """Every boto3/botocore client in this process talks to the local endpoint."""
    os.environ.update(LOCAL_CREDENTIALS)
    os.environ["AWS_ENDPOINT_URL"] = endpoint_url
    # X-Ray has no daemon here; powertools' tracer would otherwise try to emit segments.
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "true")


class LocalAws:
    def __init__(self, port: int) -> None:
        self.port = port
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # Step Functions run their states on moto's ASL interpreter; Lambda has no Docker here.
        default_user_config["stepfunctions"] = {"execute_state_machine": True}
        default_user_config["lambda"] = {"use_docker": False}
        # moto's ASL interpreter calls Lambda on localhost:$MOTO_PORT.
        os.environ["MOTO_PORT"] = str(self.port)
        # moto's werkzeug server logs every request; the platform's own log says what matters.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server.start()

    def stop(self) -> None:
        self._server.stop()


def dispatch_lambda_invocations(runtime: LocalLambdaRuntime) -> None:
    """Make moto's Lambda (and so Step Functions Lambda tasks) run the template's real handlers."""

    def invoke(
        backend: LambdaSimpleBackend,
        function_name: str,
        qualifier: str | None,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> bytes:
        event = json.loads(body) if body else {}
        if (headers or {}).get("x-amz-invocation-type") == "Event":
            runtime.invoke_async(function_name, event)
            return b""
        try:
            result = runtime.invoke(function_name, event)
        except Exception as error:
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": type(error).__name__, "errorMessage": str(error)}).encode()
        return json.dumps(result, default=str).encode()

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign]
