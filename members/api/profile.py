"""GET/PATCH /api/member/profile/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response

from accounts.models import (
    CALORIE_TARGET_MAX,
    CALORIE_TARGET_MIN,
    PROTEIN_TARGET_MAX,
    PROTEIN_TARGET_MIN,
    SubscriptionStatus,
)
from gymintel.conditional import IF_NONE_MATCH, etag_of, not_modified, tagged
from gymintel.errors import NotFound
from media_store.fields import ImageUrlField
from members import selectors, services
from members.api.common import MemberApi, errors

WRITABLE = ("name", "goal")


class ProfileOutputSerializer(serializers.Serializer):
    @extend_schema_serializer(component_name="ProfileGym")
    class GymSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        timezone = serializers.CharField(help_text="IANA name; every date is gym-local.")
        logo_url = ImageUrlField(allow_null=True, help_text="The gym's logo (512 px), or null.")

    @extend_schema_serializer(component_name="ProfileTargets")
    class TargetsSerializer(serializers.Serializer):
        calories = serializers.IntegerField(
            allow_null=True, min_value=CALORIE_TARGET_MIN, max_value=CALORIE_TARGET_MAX
        )
        protein = serializers.IntegerField(
            allow_null=True, min_value=PROTEIN_TARGET_MIN, max_value=PROTEIN_TARGET_MAX
        )

    @extend_schema_serializer(component_name="ProfileAIQuota")
    class QuotaSerializer(serializers.Serializer):
        limit = serializers.IntegerField()
        used = serializers.IntegerField()
        remaining = serializers.IntegerField()
        resets_at = serializers.DateTimeField(help_text="The gym's next local midnight, in UTC.")

    id = serializers.IntegerField(help_text="Your member id.")
    name = serializers.CharField()
    email = serializers.EmailField()
    gym = GymSerializer()
    subscription_status = serializers.ChoiceField(choices=SubscriptionStatus.choices)
    avatar_url = ImageUrlField(allow_null=True)
    goal = serializers.CharField()
    targets = TargetsSerializer(help_text="Set by your coach.")
    ai_quota = QuotaSerializer()


class ProfileApi(MemberApi):
    @extend_schema_serializer(component_name="ProfilePatch")
    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=120, required=False)
        goal = serializers.CharField(max_length=200, required=False, allow_blank=True)

        def validate(self, attrs):
            # Refused, not ignored: a client that thinks it changed the gym or the
            # targets should learn at once that it did not.
            fixed = sorted(set(self.initial_data) - set(WRITABLE))
            if fixed:
                raise serializers.ValidationError(
                    f"These fields cannot be changed here: {', '.join(fixed)}. "
                    "Only name and goal can; gym, subscription and targets are set by your gym."
                )
            return attrs

    @extend_schema(
        operation_id="member_profile_retrieve",
        parameters=[IF_NONE_MATCH],
        description="Your profile, your gym, coach-set targets and today's AI coach quota.",
        responses={200: ProfileOutputSerializer, **errors(401, 403, 404)},
    )
    def get(self, request):
        profile = selectors.profile_for(member_id=self.member_id)
        if profile is None:
            raise NotFound("Your member profile no longer exists.")
        etag = etag_of(self.member_id, profile)  # the selected values, not the JSON
        unchanged = not_modified(request, etag)
        return unchanged if unchanged is not None else tagged(Response(profile), etag)

    @extend_schema(
        operation_id="member_profile_partial_update",
        request=InputSerializer,
        responses={200: ProfileOutputSerializer, **errors(400, 401, 403, 404, 413)},
        description="Changes your name and goal. Any other field answers 400.",
    )
    def patch(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.profile_update(member_id=self.member_id, **data.validated_data)
        return Response(selectors.profile_row(member=member))
