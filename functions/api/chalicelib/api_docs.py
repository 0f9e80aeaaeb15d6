"""The API's own description, anonymous: what client generators and the staff console read."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalice import Blueprint, Chalice
from pydantic import BaseModel, ConfigDict

from chalicelib.contract import route
from chalicelib.openapi import openapi_document

api_docs = Blueprint(__name__)


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document (its own schema is the OpenAPI specification's)."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


@cache
def _document(app: Chalice) -> OpenApiDocument:
    return OpenApiDocument.model_validate(openapi_document(app))


@route(api_docs, "/openapi.json", "GET", response=OpenApiDocument)
def openapi() -> OpenApiDocument:
    """This document: the OpenAPI 3.1 description of every route of the API."""
    return _document(api_docs.current_app)
