"""Photos of a request: uploaded by the reporter straight to S3 with a presigned POST.

The API never carries the image: it signs a form that S3 itself enforces (the declared content
type, at most the declared size, at most ``MAX_PHOTO_BYTES``), valid for a few minutes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 5
UPLOAD_SECONDS = 600
PhotoType = Literal["image/jpeg", "image/png", "image/webp"]
EXTENSIONS: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class PhotoUpload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    content_type: PhotoType
    size_bytes: int = Field(gt=0, le=MAX_PHOTO_BYTES, description="the upload may not be larger")


class UploadForm(BaseModel):
    """POST the file as multipart/form-data to ``url`` with ``fields`` first and the file last."""

    url: str
    fields: dict[str, str]
    key: str
    max_bytes: int
    expires_at: datetime
