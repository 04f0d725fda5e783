"""AI coach API: ask the coach, read the conversation. Members only (a staff token
linked to a member profile counts as that member)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsMember
from aicoach.estimate import ESTIMATE_SIDE, NOTE_MAX_CHARS, meal_estimate
from aicoach.prompt import MEAL_DESCRIPTION_MAX, MEAL_MAX_CALORIES, MEAL_MAX_PROTEIN
from aicoach.selectors import chat_history
from aicoach.services import chat_reply
from gymintel.errors import ErrorSerializer
from gymintel.openapi import TOO_LARGE, image_limits_text

MESSAGE_MAX_CHARS = 2000


# Nested serializer names repeat across apps ("Input", "Output"): name our components.
@extend_schema_serializer(component_name="AIQuotaError")
class QuotaErrorSerializer(ErrorSerializer):
    """The 429 of a used-up daily quota: the common error body plus when it refills."""

    remaining = serializers.IntegerField()
    resets_at = serializers.DateTimeField()


class ChatApi(APIView):
    permission_classes = [IsAuthenticated, IsMember]

    @extend_schema_serializer(component_name="AIChatInput")
    class InputSerializer(serializers.Serializer):
        message = serializers.CharField(max_length=MESSAGE_MAX_CHARS)

    @extend_schema_serializer(component_name="AIChatOutput")
    class OutputSerializer(serializers.Serializer):
        reply = serializers.CharField()
        remaining = serializers.IntegerField()
        cached = serializers.BooleanField()

    @extend_schema(
        operation_id="ai_chat",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: ErrorSerializer,
            403: OpenApiResponse(ErrorSerializer, description=IsMember.message),
            429: OpenApiResponse(QuotaErrorSerializer, description="Daily quota used up."),
            503: OpenApiResponse(ErrorSerializer, description="AI service failing or not set up."),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = chat_reply(
            member_id=request.user.member_id, message=data.validated_data["message"]
        )
        return Response(
            {"reply": result.reply, "remaining": result.remaining, "cached": result.cached}
        )


class HistoryApi(ListAPIView):
    """The member's own questions and answers, newest first. Rows go out as selected
    (values()): no serializer per row. Queries: count, page."""

    permission_classes = [IsAuthenticated, IsMember]

    @extend_schema_serializer(component_name="AIHistoryMessage")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        message = serializers.CharField()
        reply = serializers.CharField()
        cached = serializers.BooleanField()
        created_at = serializers.DateTimeField()

    serializer_class = OutputSerializer

    @extend_schema(
        operation_id="ai_history_list",
        responses={
            200: OutputSerializer(many=True),
            403: OpenApiResponse(ErrorSerializer, description=IsMember.message),
        },
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return chat_history(member_id=self.request.user.member_id)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(page)


class MealEstimateApi(APIView):
    permission_classes = [IsAuthenticated, IsMember]
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="AIMealEstimateInput")
    class InputSerializer(serializers.Serializer):
        # A FileField: media_store decides by content what an image is (400 otherwise).
        photo = serializers.FileField(
            help_text=f"The meal: JPEG, PNG or WebP, {image_limits_text()}. Claude sees a "
            f"re-encoded copy of at most {ESTIMATE_SIDE} px without EXIF, never this file."
        )
        note = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=NOTE_MAX_CHARS,
            help_text="Anything the photo does not show ('no dressing', 'half eaten').",
        )

    @extend_schema_serializer(component_name="AIMealEstimateOutput")
    class OutputSerializer(serializers.Serializer):
        description = serializers.CharField(
            max_length=MEAL_DESCRIPTION_MAX, help_text="A short name for the meal."
        )
        estimated_calories = serializers.IntegerField(min_value=0, max_value=MEAL_MAX_CALORIES)
        estimated_protein = serializers.DecimalField(
            max_digits=4,
            decimal_places=1,
            min_value=0,
            max_value=MEAL_MAX_PROTEIN,
            coerce_to_string=False,
            help_text="Grams.",
        )
        remaining = serializers.IntegerField(help_text="AI answers left today.")
        cached = serializers.BooleanField(
            help_text="True when this photo and note were estimated before: it cost nothing."
        )

    @extend_schema(
        operation_id="ai_meal_estimate",
        request={"multipart/form-data": InputSerializer},
        description="Claude estimates the meal in the photo. It costs one AI answer of "
        "today's quota (the chat's), unless the same photo and note were estimated "
        "before (`cached`). Nothing is logged: the app fills the meal form with the "
        "estimate and the member saves it with POST /api/logs/.",
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="No photo, not an image, a broken one, over the pixel limit, or "
                f"a note over {NOTE_MAX_CHARS} characters; `detail` says which. Nothing spent.",
            ),
            403: OpenApiResponse(ErrorSerializer, description=IsMember.message),
            413: OpenApiResponse(ErrorSerializer, description=TOO_LARGE),
            429: OpenApiResponse(QuotaErrorSerializer, description="Daily quota used up."),
            503: OpenApiResponse(
                ErrorSerializer,
                description="The AI is not set up, failing, or answered nonsense; your quota "
                "was not used.",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = meal_estimate(
            member_id=request.user.member_id,
            photo=data.validated_data["photo"],
            note=data.validated_data.get("note", ""),
        )
        estimate = result.estimate
        return Response(
            {
                "description": estimate.description,
                "estimated_calories": estimate.estimated_calories,
                "estimated_protein": estimate.estimated_protein,
                "remaining": result.remaining,
                "cached": result.cached,
            }
        )
