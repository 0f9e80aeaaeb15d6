"""Domain exceptions to HTTP answers, in one place: every route is wrapped with ``answers_errors``.

Chalice turns any exception a view raises into a bare 500, so the mapping wraps the views
themselves. A client never sees a stack trace.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from chalice import Response
from pydantic import ValidationError

from polis.downlinks import CommandRefused
from polis.registry import DeviceAlreadyProvisioned, DeviceNotFound


class Forbidden(Exception):
    """The caller is who they say, but may not do this here."""


def _answer(status: int, code: str, message: str, **extra: Any) -> Response:
    return Response(body={"Code": code, "Message": message, **extra}, status_code=status)


def invalid_fields(error: ValidationError) -> list[dict[str, str]]:
    return [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "problem": e["msg"]} for e in error.errors()
    ]


def answers_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except ValidationError as error:
            return _answer(400, "BadRequestError", "invalid request", errors=invalid_fields(error))
        except Forbidden as error:
            return _answer(403, "ForbiddenError", str(error))
        except DeviceNotFound as error:
            return _answer(404, "NotFoundError", str(error))
        except DeviceAlreadyProvisioned as error:
            return _answer(409, "ConflictError", str(error))
        except CommandRefused as error:
            return _answer(422, "UnprocessableEntityError", str(error))

    return wrapped
