"""Image errors, rendered by gymintel.errors like every other domain error."""

from gymintel.errors import InvalidInput, PayloadTooLarge, ServiceUnavailable


class InvalidImage(InvalidInput):
    default_detail = "The file is not a JPEG, PNG or WebP image we can read."


class ImageTooLarge(PayloadTooLarge):
    default_detail = "Images are limited to 10 MiB."


class StorageUnavailable(ServiceUnavailable):
    default_detail = "Image storage is unavailable; nothing was changed. Try again shortly."
