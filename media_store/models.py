"""The column type for storage keys. media_store holds no rows of its own.

Apps declare the columns that hold image keys as `ImageKeyField(kind=...)`; media_store
finds them through the app registry when it must know whether a key is still used, so
it never imports the apps that own those columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import models


class ImageKeyField(models.CharField):
    """A storage key written by media_store.services, or "" for no image."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        self.kind = kind  # an ImageKind's prefix: "avatars", "logos", "meals"
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[Any, Any, Any, Any]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        for key, default in (("max_length", 255), ("blank", True), ("default", "")):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs


def key_columns(kind: str) -> Iterator[tuple[type[models.Model], str]]:
    """Every (model, field name) that holds keys of `kind`, across installed apps."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ImageKeyField) and field.kind == kind:
                yield model, field.name
