"""AI coach API: ask the coach, read the conversation. Members only (a staff token
linked to a member profile counts as that member)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsMember
from aicoach.selectors import chat_history
from aicoach.services import chat_reply
from gymintel.errors import ErrorSerializer

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
