"""What each kind of image becomes, and how its storage keys are laid out.

A stored image is a folder named by the SHA-256 of its encoded variants, one file per
size: `avatars/<sha256>/512.jpg` and `avatars/<sha256>/128.jpg`. Models keep ONE key,
the large variant's; the small variant's key is derived from it (same folder, same
extension, the small size's name), so selectors build every URL without a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Size = Literal["small", "large"]
Fit = Literal["crop", "contain"]


@dataclass(frozen=True)
class ImageKind:
    prefix: str  # folder of every key of this kind
    storage: str  # alias in settings.STORAGES
    large: int  # pixels: square side (crop) or longest side (contain)
    small: int
    fit: Fit  # crop: centred square; contain: whole picture, aspect kept

    def sizes(self) -> dict[Size, int]:
        return {"large": self.large, "small": self.small}


AVATAR = ImageKind(prefix="avatars", storage="default", large=512, small=128, fit="crop")
LOGO = ImageKind(prefix="logos", storage="default", large=512, small=128, fit="contain")
MEAL_PHOTO = ImageKind(prefix="meals", storage="private", large=1600, small=400, fit="contain")
KINDS = {kind.prefix: kind for kind in (AVATAR, LOGO, MEAL_PHOTO)}

# Content types we write, by extension; media_store.views serves nothing else.
CONTENT_TYPES = {".jpg": "image/jpeg", ".webp": "image/webp"}

_KEY = re.compile(r"^(?P<folder>[a-z]+/[0-9a-f]{64})/(?P<size>[0-9]+)(?P<ext>\.[a-z]+)$")


def variant_key(*, kind: ImageKind, digest: str, size: int, ext: str) -> str:
    return f"{kind.prefix}/{digest}/{size}{ext}"


def sized_key(key: str, *, kind: ImageKind, size: Size) -> str:
    """The key of the `size` variant of the image whose stored (large) key is `key`.

    A key not in our layout (hand-made, imported) is returned unchanged: one file for
    every size is better than a broken image.
    """
    match = _KEY.match(key)
    if match is None:
        return key
    return f"{match['folder']}/{kind.sizes()[size]}{match['ext']}"


def all_keys(key: str, *, kind: ImageKind) -> list[str]:
    """Every object stored for the image whose stored key is `key` (for deletion)."""
    keys = {sized_key(key, kind=kind, size=size) for size in ("large", "small")}
    return sorted(keys | {key})
