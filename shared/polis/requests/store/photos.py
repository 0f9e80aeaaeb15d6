"""Photos of service requests in their S3 bucket: signed upload forms, and the photos uploaded.

Objects are keyed ``<municipality>/<reference>/<photo id>.<ext>``: what S3 holds under a request's
prefix is the list of its photos, so nothing about them is kept in the table.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import boto3
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from polis.requests.photos import EXTENSIONS, UPLOAD_SECONDS, PhotoUpload, UploadForm
from polis.requests.views import Photo

VIEW_SECONDS = 900


class PhotoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLIS_")

    photo_bucket_name: str = Field(min_length=3, description="the template's ServiceRequestPhotoBucket")


@cache
def _client() -> Any:
    return boto3.client("s3")


def _bucket() -> str:
    return PhotoSettings().photo_bucket_name  # type: ignore[call-arg]  # from the environment


def _prefix(municipality: str, reference: str) -> str:
    return f"{municipality}/{reference}/"


def upload_form(municipality: str, reference: str, upload: PhotoUpload, now: datetime) -> UploadForm:
    key = f"{_prefix(municipality, reference)}{uuid.uuid4().hex}.{EXTENSIONS[upload.content_type]}"
    signed = _client().generate_presigned_post(
        Bucket=_bucket(),
        Key=key,
        Fields={"Content-Type": upload.content_type},
        Conditions=[
            {"Content-Type": upload.content_type},
            ["content-length-range", 1, upload.size_bytes],
        ],
        ExpiresIn=UPLOAD_SECONDS,
    )
    return UploadForm(
        url=signed["url"],
        fields=signed["fields"],
        key=key,
        max_bytes=upload.size_bytes,
        expires_at=now + timedelta(seconds=UPLOAD_SECONDS),
    )


def list_photos(municipality: str, reference: str) -> list[Photo]:
    """The photos uploaded, oldest first, each with a link valid for a quarter of an hour."""
    s3, bucket = _client(), _bucket()
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=_prefix(municipality, reference)).get("Contents", [])
    return [
        Photo(
            url=s3.generate_presigned_url(
                "get_object", Params={"Bucket": bucket, "Key": obj["Key"]}, ExpiresIn=VIEW_SECONDS
            ),
            size_bytes=obj["Size"],
            uploaded_at=obj["LastModified"],
        )
        for obj in sorted(listed, key=lambda o: (o["LastModified"], o["Key"]))
    ]
