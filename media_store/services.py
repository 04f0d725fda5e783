"""Image writes: validate, strip metadata, re-encode, store variants, return keys.

    replace_image(*, instance, field, upload) -> str   saves, sets the key column, removes the old
    store_meal_photo(*, upload) -> str                 returns the new key (the caller saves it)
    discard_meal_photo(*, key) -> None                 removes a meal photo no row uses any more
    downscaled_copy(*, upload, side) -> Copy           a clean JPEG for a reader; stores nothing

The owning apps declare their key columns as media_store.models.ImageKeyField; that is
how this module knows which rows may still use a key, without importing those apps.

Order of work, so a failure never leaves a row pointing at nothing: Pillow (CPU, no
transaction) -> storage writes (I/O, no transaction) -> one short transaction that
swaps the key -> after commit, the old objects are deleted if no row still uses them
(keys are content hashes, so two members may share one).
Errors: InvalidImage (400), ImageTooLarge (413), StorageUnavailable (503).
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import models, transaction

from media_store.errors import ImageTooLarge, InvalidImage
from media_store.images import Copy, render, render_copy
from media_store.models import ImageKeyField, key_columns
from media_store.storage import delete_objects, save_objects
from media_store.variants import KINDS, MEAL_PHOTO, ImageKind, all_keys, variant_key


def replace_image(*, instance: models.Model, field: str, upload: File) -> str:
    """Store `upload` as the image in `instance.<field>` (an ImageKeyField): an avatar,
    a logo. The previous image is removed after the commit if nothing else uses it."""
    column = instance._meta.get_field(field)
    if not isinstance(column, ImageKeyField):
        raise TypeError(f"{type(instance).__name__}.{field} is not an ImageKeyField")
    kind = KINDS[column.kind]
    key = _render_and_save(kind=kind, upload=upload)
    _swap_key(instance=instance, field=field, key=key, kind=kind)
    return key


def store_meal_photo(*, upload: File) -> str:
    return _render_and_save(kind=MEAL_PHOTO, upload=upload)


def downscaled_copy(*, upload: File, side: int) -> Copy:
    """The upload as a JPEG of at most `side` px on its long side, EXIF and every other
    byte of the original gone; stored nowhere. For sending a photo on (to Claude), never
    the original. InvalidImage (400) and ImageTooLarge (413) as for stored images."""
    return render_copy(_read(upload), side=side, max_pixels=settings.IMAGE_MAX_PIXELS)


def discard_meal_photo(*, key: str) -> None:
    """For callers that drop or replace a meal photo; call after their commit."""
    if key:
        _delete_if_unused(key=key, kind=MEAL_PHOTO)


def _read(upload: File) -> bytes:
    limit = settings.UPLOAD_BODY_MAX_BYTES
    too_large = ImageTooLarge(f"Images are limited to {limit / 1024 / 1024:g} MiB.")
    # The middleware refused big bodies from Content-Length already; this guards the
    # other callers (forms, commands) and a file whose declared size is wrong.
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large
    if not data:
        raise InvalidImage("The file is empty.")
    return data


def _render_and_save(*, kind: ImageKind, upload: File) -> str:
    rendered = render(_read(upload), kind=kind, max_pixels=settings.IMAGE_MAX_PIXELS)
    sizes = kind.sizes()
    keys = {
        name: variant_key(kind=kind, digest=rendered.digest, size=sizes[name], ext=rendered.ext)
        for name in rendered.variants
    }
    save_objects(
        alias=kind.storage,
        objects={
            keys[name]: (variant.data, rendered.content_type)
            for name, variant in rendered.variants.items()
        },
    )
    return keys["large"]


def _swap_key(*, instance: models.Model, field: str, key: str, kind: ImageKind) -> None:
    model = type(instance)
    try:
        with transaction.atomic():
            # The row lock orders two uploads for the same owner: the second one sees
            # the first one's key as "old" and removes it, so nothing is orphaned.
            old = (
                model.objects.select_for_update()
                .filter(pk=instance.pk)
                .values_list(field, flat=True)
                .get()
            )
            model.objects.filter(pk=instance.pk).update(**{field: key})
            if old and old != key:
                cleanup = partial(_delete_if_unused, key=old, kind=kind)
                transaction.on_commit(cleanup, robust=True)
    except Exception:
        # The new objects are written but no row points at them.
        transaction.on_commit(partial(_delete_if_unused, key=key, kind=kind), robust=True)
        raise
    setattr(instance, field, key)


def _delete_if_unused(*, key: str, kind: ImageKind) -> None:
    # Keys are content hashes, so two rows (two members, a meal and its logs) may
    # share one: the objects go only when no column of this kind holds the key.
    for model, field in key_columns(kind.prefix):
        if model.objects.filter(**{field: key}).exists():
            return
    delete_objects(alias=kind.storage, keys=all_keys(key, kind=kind))
