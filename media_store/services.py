"""Image writes: validate, strip metadata, re-encode, store variants, return keys.

INTERFACE (issue #7 implements; signatures stay):
    store_avatar(*, member, upload) -> str       saves, sets member.avatar_key, removes the old
    store_meal_photo(*, upload) -> str           returns the new photo key
    store_gym_logo(*, gym, upload) -> str        saves, sets gym.logo_key, removes the old
Errors: media_store.errors.InvalidImage (400), ImageTooLarge (413), StorageUnavailable (503).
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from members.models import Gym, Member


def store_avatar(*, member: Member, upload: UploadedFile) -> str:
    raise NotImplementedError("issue #7")


def store_meal_photo(*, upload: UploadedFile) -> str:
    raise NotImplementedError("issue #7")


def store_gym_logo(*, gym: Gym, upload: UploadedFile) -> str:
    raise NotImplementedError("issue #7")
