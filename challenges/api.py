"""Challenge endpoints: list with rules, join, my standing, the leaderboard.

Members and gym staff alike may read their own gym's challenges and leaderboards (a
coach follows the competition too); joining needs a member. Another gym's challenge is
404. Rows are built as plain dicts: the leaderboard is a hot list, and a serializer per
row would cost more CPU than its query.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import BelongsToAGym
from challenges import selectors, services
from challenges.models import SCORING_KINDS, Challenge
from gymintel.clock import gym_today
from gymintel.conditional import IF_NONE_MATCH, etag_of, not_modified, tagged
from gymintel.errors import ErrorSerializer, NotFound
from gymintel.openapi import page_parameters
from gymintel.pagination import DefaultPagination
from media_store.fields import ImageUrlField


def _kinds(name: str) -> serializers.Serializer:
    return inline_serializer(name, {k: serializers.IntegerField() for k in SCORING_KINDS})


class ChallengeOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    rules = inline_serializer(
        "ChallengeRules",
        {
            "points": _kinds("RulePoints"),
            "daily_cap": _kinds("RuleDailyCap"),
            "streak_bonus": serializers.IntegerField(),
        },
    )
    joined = serializers.BooleanField(help_text="Whether the caller takes part.")


class ChallengePageOut(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ChallengeOut(many=True)


class StandingOut(serializers.Serializer):
    total_points = serializers.IntegerField()
    streak_points = serializers.IntegerField()
    current_streak = serializers.IntegerField(
        help_text="Consecutive active days up to today or yesterday; 0 once a day was missed."
    )
    last_active_date = serializers.DateField(allow_null=True)
    points = _kinds("StandingPoints")
    rank = serializers.IntegerField(help_text="1 = first; ties go to the earlier joiner.")
    joined_at = serializers.DateTimeField()


class LeaderboardRowOut(serializers.Serializer):
    rank = serializers.IntegerField()
    member = inline_serializer(
        "LeaderboardMember",
        {
            "id": serializers.IntegerField(),
            "name": serializers.CharField(),
            "avatar_url": ImageUrlField(allow_null=True),
        },
    )
    total_points = serializers.IntegerField()
    current_streak = serializers.IntegerField()


class LeaderboardOut(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = LeaderboardRowOut(many=True)
    me = LeaderboardRowOut(allow_null=True, help_text="The caller's row; null if not taking part.")


_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such challenge at your gym.")
_NO_GYM = OpenApiResponse(ErrorSerializer, description=BelongsToAGym.message)


class ChallengeApi(APIView):
    pagination_class = DefaultPagination
    permission_classes = [IsAuthenticated, BelongsToAGym]

    def challenge(self, challenge_id: int) -> Challenge:
        found = selectors.challenge_get(gym_id=self.request.user.gym_id, challenge_id=challenge_id)
        if found is None:
            raise NotFound("No such challenge at your gym.")
        return found


class ChallengeListApi(ChallengeApi):
    @extend_schema(
        operation_id="challenges_list",
        parameters=page_parameters(),
        responses={200: ChallengePageOut, 403: _NO_GYM},
    )
    def get(self, request):
        """Your gym's challenges, newest first, with their rules."""
        qs = selectors.challenge_list(gym_id=request.user.gym_id, member_id=request.user.member_id)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([selectors.challenge_row(c) for c in page])


class ChallengeJoinApi(ChallengeApi):
    @extend_schema(
        operation_id="challenges_join",
        request=None,
        responses={
            201: StandingOut,
            200: OpenApiResponse(StandingOut, description="Already joined; nothing changed."),
            400: OpenApiResponse(ErrorSerializer, description="The challenge has ended."),
            403: OpenApiResponse(
                ErrorSerializer,
                description="Only members can join (a staff token without a member).",
            ),
            404: _NOT_FOUND,
        },
    )
    def post(self, request, challenge_id: int):
        """Join a challenge of your gym (idempotent)."""
        challenge = self.challenge(challenge_id)
        if request.user.member_id is None:
            raise exceptions.PermissionDenied("Only members can join challenges.")
        _, created = services.challenge_join(challenge=challenge, member_id=request.user.member_id)
        standing = selectors.standing_get(
            challenge_id=challenge.pk, member_id=request.user.member_id
        )
        today = gym_today(challenge.gym.timezone)
        body = selectors.standing_row(standing, today=today)
        if not created:
            return Response(body, status=status.HTTP_200_OK)
        # The new standing's own URL: GET .../me/ answers the same row from now on.
        me = reverse("challenge-me", kwargs={"challenge_id": challenge.pk})
        return Response(
            body,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(me)},
        )


class ChallengeMeApi(ChallengeApi):
    @extend_schema(
        operation_id="challenges_me",
        responses={
            200: StandingOut,
            403: _NO_GYM,
            404: OpenApiResponse(ErrorSerializer, description="Not at your gym, or not joined."),
        },
    )
    def get(self, request, challenge_id: int):
        """Your standing in a challenge: points by kind, streak, rank."""
        challenge = self.challenge(challenge_id)
        standing = selectors.standing_get(
            challenge_id=challenge.pk, member_id=request.user.member_id
        )
        if standing is None:
            raise NotFound("You have not joined this challenge.")
        return Response(selectors.standing_row(standing, today=gym_today(challenge.gym.timezone)))


class ChallengeLeaderboardApi(ChallengeApi):
    @extend_schema(
        operation_id="challenges_leaderboard",
        parameters=[*page_parameters(), IF_NONE_MATCH],
        responses={200: LeaderboardOut, 403: _NO_GYM, 404: _NOT_FOUND},
    )
    def get(self, request, challenge_id: int):
        """Participants by points, then earlier join; `page_size` up to 100.

        Three queries whatever the page or the challenge's size: the challenge, the
        page with the count, and the caller's own row with its rank.
        """
        challenge = self.challenge(challenge_id)
        today = gym_today(challenge.gym.timezone)
        paginator = self.pagination_class()
        page = paginator.paginate_counted(
            request,
            lambda offset, limit: selectors.leaderboard_page(
                challenge_id=challenge.pk, offset=offset, limit=limit
            ),
        )
        me = selectors.standing_get(challenge_id=challenge.pk, member_id=request.user.member_id)
        me_row = selectors.me_row(me, today=today)
        # Tagged from the selected rows before they are shaped (a streak shows as 0
        # once lapsed, so today counts too).
        count = paginator.page.paginator.count
        etag = etag_of(challenge.pk, request.get_full_path(), today, count, page, me_row)
        unchanged = not_modified(request, etag)
        if unchanged is not None:
            return unchanged
        # The page is in rank order, so a row's rank is its position (no shared ranks:
        # the earlier joiner of two equal totals ranks first).
        first = (paginator.page.number - 1) * paginator.page.paginator.per_page + 1
        rows = [
            selectors.leaderboard_row(row, rank=first + i, today=today)
            for i, row in enumerate(page)
        ]
        response = paginator.get_paginated_response(rows)
        response.data["me"] = me_row
        return tagged(response, etag)
