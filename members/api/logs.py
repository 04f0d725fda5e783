"""GET/POST /api/logs/ and DELETE /api/logs/{id}/."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from gymintel.conditional import IF_NONE_MATCH
from gymintel.errors import InvalidInput, NotFound
from gymintel.openapi import image_limits_text
from gymintel.parsers import JSONParser
from media_store.fields import ImageUrlField
from members import selectors, services
from members.api.common import MemberApi, created_or_replayed, errors
from members.models import MAX_CALORIES, MAX_PROTEIN, DailyLog, LogType

TENTH = Decimal("0.1")
# Printable ASCII without spaces: UUIDs, ULIDs and the like; the column holds 64.
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,64}")
_TYPE_ERRORS = {"invalid_choice": '"{input}" is not a log type; use meal, training or water.'}


def to_tenth(value: Decimal | None) -> Decimal | None:
    """Grams are kept to one decimal; finer input is rounded, not refused."""
    return None if value is None else value.quantize(TENTH, rounding=ROUND_HALF_UP)


def calories_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_CALORIES
    )


def protein_field() -> serializers.DecimalField:
    return serializers.DecimalField(
        required=False,
        allow_null=True,
        max_digits=8,
        decimal_places=3,
        min_value=Decimal(0),
        max_value=MAX_PROTEIN,
        coerce_to_string=False,
    )


def calories_out() -> serializers.IntegerField:
    # The domain's bounds (the CHECK constraints'), not the column's digits.
    return serializers.IntegerField(allow_null=True, min_value=0, max_value=MAX_CALORIES)


def protein_out() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        allow_null=True,
        coerce_to_string=False,
        min_value=Decimal(0),
        max_value=MAX_PROTEIN,
    )


class LogOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=LogType.choices)
    date = serializers.DateField(help_text="Gym-local date the log counts for.")
    estimated_calories = calories_out()
    estimated_protein = protein_out()
    meal_id = serializers.IntegerField(allow_null=True)
    notes = serializers.CharField()
    photo_url = ImageUrlField(allow_null=True)
    created_at = serializers.DateTimeField()


class LogCreatedSerializer(LogOutputSerializer):
    points_awarded = serializers.IntegerField(
        help_text="Challenge points this log earned (type points plus any streak bonus)."
    )
    possible_duplicate = serializers.BooleanField(
        help_text="A log of the same type and values was made a few minutes ago (a warning)."
    )
    replayed = serializers.BooleanField(
        help_text="True when this answers a repeated Idempotency-Key: nothing new was created."
    )


def log_out(log: DailyLog) -> dict:
    return selectors.with_photo_url({name: getattr(log, name) for name in selectors.LOG_FIELDS})


def idempotency_key(request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not _IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidInput("Idempotency-Key must be 1 to 64 printable ASCII characters, no spaces.")
    return key


class LogListCreateApi(MemberApi):
    # Multipart for a meal with its photo (the app's camera); JSON for everything else.
    parser_classes = [JSONParser, MultiPartParser]

    class FilterSerializer(serializers.Serializer):
        type = serializers.ChoiceField(
            choices=LogType.choices, required=False, error_messages=_TYPE_ERRORS
        )
        date_from = serializers.DateField(required=False, help_text="Inclusive, YYYY-MM-DD.")
        date_to = serializers.DateField(required=False, help_text="Inclusive, YYYY-MM-DD.")

        def validate(self, attrs):
            start, end = attrs.get("date_from"), attrs.get("date_to")
            if start and end and start > end:
                raise serializers.ValidationError("date_from must not be after date_to.")
            return attrs

    @extend_schema_serializer(component_name="LogCreate")
    class InputSerializer(serializers.Serializer):
        type = serializers.ChoiceField(choices=LogType.choices, error_messages=_TYPE_ERRORS)
        date = serializers.DateField(
            required=False, help_text="Gym-local date; defaults to today at the gym."
        )
        estimated_calories = calories_field()
        estimated_protein = protein_field()
        meal_id = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, help_text="One of your saved meals."
        )
        notes = serializers.CharField(required=False, allow_blank=True, max_length=500)

        def validate_estimated_protein(self, value):
            return to_tenth(value)

    @extend_schema_serializer(component_name="LogUpload")
    class UploadInputSerializer(InputSerializer):
        photo = serializers.FileField(
            required=False,
            help_text=f"A meal's photo: JPEG, PNG or WebP, {image_limits_text()}. Stored "
            "privately without its metadata (EXIF, GPS); `photo_url` is a signed, expiring URL.",
        )

    @extend_schema(
        operation_id="logs_list",
        parameters=[FilterSerializer, IF_NONE_MATCH],
        responses={200: LogOutputSerializer(many=True), **errors(400, 401, 403)},
        description="Your own logs, newest first (date, then time of logging).",
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.log_list(member_id=self.member_id, **filters.validated_data)
        return self.paginated(rows, selectors.with_photo_url)

    @extend_schema(
        operation_id="logs_create",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Send the same key again (a retry, a double tap) and you get the "
                "first log back with 200; nothing new is created or awarded.",
            )
        ],
        # One content type in the document: two make generated clients pick by
        # isinstance and break. The view still reads the same fields as JSON.
        request={"multipart/form-data": UploadInputSerializer},
        description="Logs a meal, training session or glass of water and scores it in your "
        "gym's challenges. `date` defaults to today at your gym. Multipart, a meal with an "
        "optional `photo`; the same fields are also read as JSON (without a photo). An empty "
        "number field means null. The photo is stored "
        "before the log is saved, so a bad image (400, 413) or a storage outage (503) "
        "saves nothing, and a replayed Idempotency-Key stores no second photo.",
        responses={
            201: LogCreatedSerializer,
            200: OpenApiResponse(LogCreatedSerializer, "A replay of an earlier Idempotency-Key."),
            **errors(400, 401, 403, 404, 409, 413, 503),
        },
    )
    def post(self, request):
        key = idempotency_key(request)
        data = self.UploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.log_create(
            member_id=self.member_id,
            gym_tz=self.gym_tz,
            idempotency_key=key,
            **data.validated_data,
        )
        body = {
            **log_out(outcome.log),
            "points_awarded": outcome.points_awarded,
            "possible_duplicate": outcome.possible_duplicate,
            "replayed": outcome.replayed,
        }
        return created_or_replayed(
            request, body, replayed=outcome.replayed, route="log-detail", log_id=outcome.log.pk
        )


class LogDetailApi(MemberApi):
    @extend_schema(
        operation_id="logs_retrieve",
        responses={200: LogOutputSerializer, **errors(401, 403, 404)},
        description="One of your logs (the `Location` of a new log).",
    )
    def get(self, request, log_id: int):
        row = selectors.log_get(member_id=self.member_id, log_id=log_id)
        if row is None:
            raise NotFound("No such log among yours.")
        return Response(selectors.with_photo_url(row))

    @extend_schema(
        operation_id="logs_destroy",
        responses={204: None, **errors(401, 403, 404)},
        description="Deletes one of your logs and takes back the points it earned.",
    )
    def delete(self, request, log_id: int):
        services.log_delete(member_id=self.member_id, log_id=log_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
