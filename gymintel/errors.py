"""One error vocabulary for services, and one DRF handler that renders it.

Every API error answers JSON `{"detail": "..."}` with a fitting status; validation
errors add `errors` with the per-field messages.
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
    errors = serializers.JSONField(
        required=False, help_text="Per-field messages when the input failed validation."
    )


class DomainError(Exception):
    """Raised by services; views never need to translate it."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request could not be completed."

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.default_detail
        self.extra = extra
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
        return Response({"detail": exc.detail, **exc.extra}, status=exc.status_code)
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
        response.data = {"detail": "; ".join(messages) or "Invalid input.", "errors": response.data}
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": "; ".join(_flatten(response.data))}
    return response
