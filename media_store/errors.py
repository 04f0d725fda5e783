"""Image errors, rendered by gymintel.errors like every other domain error."""

from gymintel.errors import InvalidInput, PayloadTooLarge, ServiceUnavailable


class InvalidImage(InvalidInput):
    default_detail = "The file is not a JPEG, PNG or WebP image we can read."


class ImageTooLarge(PayloadTooLarge):
    # The upload path always says the limit itself, from settings.UPLOAD_BODY_MAX_BYTES.
    default_detail = "The image is over the upload size limit."


class StorageUnavailable(ServiceUnavailable):
    default_detail = "Image storage is unavailable; nothing was changed. Try again shortly."
