"""One error vocabulary for services, and one DRF handler that renders it.

Every API error answers JSON `{"detail": "..."}` with a fitting status and nothing but
the component's fields: `code` where a client may act on it, and for validation errors
`errors`, the messages by field (`{"gym.name": ["..."]}`). 429 and 503 carry Retry-After.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


# The one declaration of the error body in the OpenAPI document: every view's error
# responses and the common ones (gymintel.openapi) refer to it. The handler below
# renders it; the docstring is the component's description for API clients.
@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """The body of every error answer."""

    detail = serializers.CharField(help_text="What went wrong, in words.")
    code = serializers.CharField(
        required=False, help_text="A stable name for the error, where a client may act on it."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="When the input failed validation: the messages by field, nested fields "
        "named with dots (`targets.calories`), errors of the whole body under "
        "`non_field_errors`.",
    )


class DomainError(Exception):
    """Raised by services; views never need to translate it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request could not be completed."
    # Seconds a client should wait before trying again (the Retry-After header).
    retry_after: int | None = None

    def __init__(
        self, detail: str | None = None, *, retry_after: int | None = None, **extra: Any
    ) -> None:
        self.detail = detail or self.default_detail
        self.extra = extra
        if retry_after is not None:
            self.retry_after = max(1, int(retry_after))
        super().__init__(self.detail)


class InvalidInput(DomainError):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid input."


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    default_detail = "Not found."


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."


class PayloadTooLarge(DomainError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."


class QuotaExceeded(DomainError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Quota used up."


class ServiceUnavailable(DomainError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "A service we depend on is unavailable; try again shortly."
    retry_after = 30


def field_messages(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation errors as one flat map: `{"targets.calories": [...]}`;
    list items are numbered (`items.0.name`), errors of the whole body go under
    `non_field_errors`. A flat map of lists is one type a generated client can hold."""
    if isinstance(errors, dict):
        out: dict[str, list[str]] = {}
        for field, value in errors.items():
            name = "" if field in ("non_field_errors", "detail") else str(field)
            path = f"{prefix}.{name}" if prefix and name else prefix or name
            for key, messages in field_messages(value, path).items():
                out.setdefault(key, []).extend(messages)
        return out
    if isinstance(errors, list) and any(isinstance(item, (dict, list)) for item in errors):
        out = {}
        for i, item in enumerate(errors):
            for key, messages in field_messages(
                item, f"{prefix}.{i}" if prefix else str(i)
            ).items():
                out.setdefault(key, []).extend(messages)
        return out
    messages = errors if isinstance(errors, list) else [errors]
    return {prefix or "non_field_errors": [str(m) for m in messages if str(m)]} if messages else {}


def _flatten(errors: Any, prefix: str = "") -> list[str]:
    if isinstance(errors, dict):
        out: list[str] = []
        for field, value in errors.items():
            name = "" if field in ("non_field_errors", "detail") else str(field)
            out += _flatten(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return out
    if isinstance(errors, list):
        return [m for item in errors for m in _flatten(item, prefix)]
    return [f"{prefix}: {errors}" if prefix else str(errors)]


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, IntegrityError):
        # A foreign key violated at commit (e.g. the caller's member deleted while
        # their token lives) is a 404/409, not a 500: see gymintel.db_errors.
        from gymintel.db_errors import foreign_key_error

        caller = getattr(context.get("request"), "user", None)
        exc = foreign_key_error(exc, caller) or exc
    if isinstance(exc, DomainError):
        response = Response({"detail": exc.detail, **exc.extra}, status=exc.status_code)
        if exc.retry_after is not None:
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        messages = _flatten(response.data)
        response.data = {
            "detail": "; ".join(messages) or "Invalid input.",
            "errors": field_messages(response.data),
        }
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": "; ".join(_flatten(response.data))}
    else:
        # Only the component's fields: simplejwt adds `messages` (its token classes'
        # internals) to its 401; a client parsing `Error` has no place for it.
        response.data = {k: response.data[k] for k in ("detail", "code") if k in response.data}
    return response
