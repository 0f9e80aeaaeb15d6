"""A routing run's files in S3: the problem, its travel matrix and the plan.

They are too large for a Step Functions state (256 KB: a matrix of 400 places is over 1 MB), so
the workflow's tasks pass their keys; the bucket's lifecycle rule expires them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RunFileSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_")

    routing_bucket_name: str = Field(min_length=3, description="the template's RoutingBucket")


@cache
def _client() -> Any:
    return boto3.client("s3")


def put_file(key: str, body: bytes, content_type: str) -> None:
    bucket = RunFileSettings().routing_bucket_name  # type: ignore[call-arg]  # from the environment
    _client().put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)


def get_file(key: str) -> bytes:
    bucket = RunFileSettings().routing_bucket_name  # type: ignore[call-arg]  # from the environment
    return _client().get_object(Bucket=bucket, Key=key)["Body"].read()
