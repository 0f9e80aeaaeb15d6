"""Domain exceptions to HTTP answers, in one place: every route is wrapped with ``answers_errors``.

Chalice turns any exception a view raises into a bare 500, so the mapping wraps the views
themselves. A client never sees a stack trace.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from chalice import ChaliceViewError, Response
from pydantic import BaseModel, ValidationError

from polis.consultations.errors import (
    ConsultationConflict,
    ConsultationNotFound,
    ConsultationRefused,
    NotEligible,
)
from polis.downlinks import CommandRefused
from polis.registry import DeviceAlreadyProvisioned, DeviceNotFound
from polis.requests.errors import (
    CategoryNotFound,
    InvalidField,
    ServiceRequestConflict,
    ServiceRequestNotFound,
)
from polis.requests.open311 import Open311Error, Open311Errors
from polis.waste.errors import WasteRecordExists, WasteRecordNotFound, WasteRequestRefused


class Forbidden(Exception):
    """The caller is who they say, but may not do this here."""


class FieldProblem(BaseModel):
    field: str
    problem: str


class ErrorAnswer(BaseModel):
    """Every error's body (Chalice's own errors too): ``errors`` names the failing fields of a 400."""

    Code: str
    Message: str
    errors: list[FieldProblem] | None = None


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
        except InvalidField as error:
            problem = {"field": error.field, "problem": error.problem}
            return _answer(400, "BadRequestError", "invalid request", errors=[problem])
        except DeviceNotFound as error:
            return _answer(404, "NotFoundError", str(error))
        except (ServiceRequestNotFound, CategoryNotFound) as error:
            return _answer(404, "NotFoundError", str(error))
        except ServiceRequestConflict as error:
            return _answer(409, "ConflictError", str(error))
        except DeviceAlreadyProvisioned as error:
            return _answer(409, "ConflictError", str(error))
        except CommandRefused as error:
            return _answer(422, "UnprocessableEntityError", str(error))
        except WasteRecordNotFound as error:
            return _answer(404, "NotFoundError", str(error))
        except WasteRecordExists as error:
            return _answer(409, "ConflictError", str(error))
        except WasteRequestRefused as error:
            return _answer(422, "UnprocessableEntityError", str(error))
        except NotEligible as error:
            return _answer(403, "ForbiddenError", str(error), reasons=error.reasons)
        except ConsultationNotFound as error:
            return _answer(404, "NotFoundError", str(error))
        except ConsultationConflict as error:
            return _answer(409, "ConflictError", str(error))
        except ConsultationRefused as error:
            return _answer(422, "UnprocessableEntityError", str(error))

    return wrapped


def answers_open311_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Open311's error format, ``[{"code": 404, "description": "..."}]``, over ``answers_errors``."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            answer = view(*args, **kwargs)
        except ChaliceViewError as error:
            return _open311_answer(error.STATUS_CODE, str(error))
        if isinstance(answer, Response) and answer.status_code >= 400 and isinstance(answer.body, dict):
            description = answer.body.get("Message", "")
            problems = [f"{p['field']}: {p['problem']}" for p in answer.body.get("errors") or ()]
            return _open311_answer(answer.status_code, "; ".join([description, *problems]))
        return answer

    return wrapped


def _open311_answer(status: int, description: str) -> Response:
    errors = Open311Errors([Open311Error(code=status, description=description)])
    return Response(body=errors.model_dump(mode="json"), status_code=status)
