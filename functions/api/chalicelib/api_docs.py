"""The API's own description, anonymous: what client generators and the staff console read."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalice import Blueprint, Chalice

from chalicelib.openapi import openapi_document

api_docs = Blueprint(__name__)


@cache
def _document(app: Chalice) -> dict[str, Any]:
    return openapi_document(app)


@api_docs.route("/openapi.json", methods=["GET"])
def openapi() -> dict:
    """This document: the OpenAPI 3.1 description of every route of the API."""
    return _document(api_docs.current_app)
