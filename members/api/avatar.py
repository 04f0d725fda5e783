"""POST /api/member/avatar/: the member's own avatar, multipart field `image`.

media_store validates, re-encodes and stores the picture; this app owns the column.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Member
from accounts.permissions import IsMember
from gymintel.errors import ErrorSerializer
from gymintel.openapi import image_limits_text, size_text
from media_store.fields import ImageUrlField
from media_store.selectors import avatar_url
from media_store.services import replace_image

_TOO_LARGE = f"Over {size_text(settings.UPLOAD_BODY_MAX_BYTES)}; refused before reading."


class MemberAvatarApi(APIView):
    permission_classes = [IsAuthenticated, IsMember]
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="AvatarUpload")
    class InputSerializer(serializers.Serializer):
        # A FileField, not DRF's ImageField: what counts as an image is decided once,
        # by content, in media_store.images (DRF's check would decode it a second time).
        image = serializers.FileField(help_text=f"JPEG, PNG or WebP; {image_limits_text()}.")

    @extend_schema_serializer(component_name="AvatarUploaded")
    class OutputSerializer(serializers.Serializer):
        avatar_url = ImageUrlField(help_text="The 512 px variant (lists show 128 px).")

    @extend_schema(
        operation_id="member_avatar_upload",
        request={"multipart/form-data": InputSerializer},
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Not an image, broken, or over the pixel limit; `detail` says which.",
            ),
            403: OpenApiResponse(ErrorSerializer, description="The token names no member."),
            413: OpenApiResponse(ErrorSerializer, description=_TOO_LARGE),
            503: OpenApiResponse(
                ErrorSerializer, description="Image storage down; nothing changed."
            ),
        },
    )
    def post(self, request):
        """Replace the member's avatar; the previous picture is removed once unused."""
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The token names the member: one query for the row the service updates.
        member = Member.objects.only("id", "avatar_key").get(pk=request.user.member_id)
        key = replace_image(
            instance=member, field="avatar_key", upload=serializer.validated_data["image"]
        )
        return Response(self.OutputSerializer({"avatar_url": avatar_url(key, size="large")}).data)
