"""Django's file storage API over ``StoredFile`` rows (see that model for why)."""

from __future__ import annotations

import mimetypes
import uuid
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from .models import StoredFile

# Only these are served inline; anything else would download (never rendered by the browser).
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


@deconstructible
class DatabaseStorage(Storage):
    def _open(self, name: str, mode: str = "rb") -> File:
        content = StoredFile.objects.filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(content), name=name)

    def _save(self, name: str, content: IO[Any]) -> str:
        data = b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in File(content).chunks())
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        StoredFile.objects.create(name=name, content=data, content_type=content_type, size=len(data))
        return name

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        StoredFile.objects.filter(name=name).delete()

    def rename(self, name: str) -> str:
        """Give a stored file a fresh, unguessable name in the same folder; the old address then
        finds nothing (copies browsers already keep are out of our reach). Returns the new name."""
        path = PurePosixPath(name)
        new = str(path.with_name(f"{uuid.uuid4().hex}{path.suffix}"))
        StoredFile.objects.filter(name=name).update(name=new)
        return new

    def size(self, name: str) -> int:
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def url(self, name: str | None) -> str:
        return reverse("media", args=[name])

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = f"{path.rstrip('/')}/" if path else ""
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        dirs, files = set(), []
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                dirs.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(dirs), sorted(files)
