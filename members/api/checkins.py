"""GET/POST /api/checkins/: weekly weigh-ins in kilograms."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response

from gymintel.conditional import IF_NONE_MATCH
from gymintel.errors import NotFound
from members import selectors, services
from members.api.common import MemberApi, created_or_replayed, errors
from members.api.logs import idempotency_key, to_tenth
from members.models import MAX_WEIGHT, MIN_WEIGHT

_WEIGHT_RANGE = f"Weight is in kilograms, from {MIN_WEIGHT} to {MAX_WEIGHT}."


class CheckInOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(help_text="Gym-local date of the weigh-in.")
    weight = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        coerce_to_string=False,
        min_value=MIN_WEIGHT,
        max_value=MAX_WEIGHT,
        help_text="Kilograms.",
    )
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()


class CheckInCreatedSerializer(CheckInOutputSerializer):
    points_awarded = serializers.IntegerField()
    replayed = serializers.BooleanField(
        help_text="True when this answers a repeated Idempotency-Key: nothing new was created."
    )


class CheckInListCreateApi(MemberApi):
    @extend_schema_serializer(component_name="CheckInCreate")
    class InputSerializer(serializers.Serializer):
        weight = serializers.DecimalField(
            max_digits=8,
            decimal_places=3,
            min_value=MIN_WEIGHT,
            max_value=MAX_WEIGHT,
            coerce_to_string=False,
            help_text="Kilograms; rounded to 0.1.",
            error_messages={"min_value": _WEIGHT_RANGE, "max_value": _WEIGHT_RANGE},
        )
        notes = serializers.CharField(required=False, allow_blank=True, max_length=500)

        def validate_weight(self, value: Decimal) -> Decimal:
            return to_tenth(value)

    @extend_schema(
        operation_id="checkins_list",
        parameters=[IF_NONE_MATCH],
        responses={200: CheckInOutputSerializer(many=True), **errors(401, 403)},
        description="Your check-ins, newest first.",
    )
    def get(self, request):
        return self.paginated(selectors.checkin_list(member_id=self.member_id))

    @extend_schema(
        operation_id="checkins_create",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Send the same key again (a retry, a double tap) and you get the "
                "first check-in back with 200; nothing new is created or awarded.",
            )
        ],
        request=InputSerializer,
        responses={
            201: CheckInCreatedSerializer,
            200: OpenApiResponse(
                CheckInCreatedSerializer, "A replay of an earlier Idempotency-Key."
            ),
            **errors(400, 401, 403, 409, 413),
        },
        description="Records a weigh-in dated today at your gym. A replayed Idempotency-Key "
        "answers the first check-in with 200 and the points it earned.",
    )
    def post(self, request):
        key = idempotency_key(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.checkin_create(
            member_id=self.member_id,
            gym_tz=self.gym_tz,
            idempotency_key=key,
            **data.validated_data,
        )
        body = {
            **{name: getattr(outcome.checkin, name) for name in selectors.CHECKIN_FIELDS},
            "points_awarded": outcome.points_awarded,
            "replayed": outcome.replayed,
        }
        return created_or_replayed(
            request,
            body,
            replayed=outcome.replayed,
            route="checkin-detail",
            checkin_id=outcome.checkin.pk,
        )


class CheckInDetailApi(MemberApi):
    @extend_schema(
        operation_id="checkins_retrieve",
        responses={200: CheckInOutputSerializer, **errors(401, 403, 404)},
        description="One of your check-ins (the `Location` of a new one).",
    )
    def get(self, request, checkin_id: int):
        row = selectors.checkin_get(member_id=self.member_id, checkin_id=checkin_id)
        if row is None:
            raise NotFound("No such check-in among yours.")
        return Response(row)
