"""GET /api/owner/gyms/ and /api/owner/coaches/: the chain side by side, for owners.

Both are paginated like every list (default 50 a page, at most 100): a chain of 40
gyms fits one page. The figures are read from the cache (owner.figures).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Gym
from accounts.permissions import IsOwner
from gymintel.errors import ErrorSerializer
from gymintel.openapi import page_parameters
from gymintel.pagination import DefaultPagination
from owner import selectors
from owner.figures import figures_for

_Int = serializers.IntegerField
_GymRow = inline_serializer(
    "OwnerGymRow",
    {
        "gym": inline_serializer(
            "OwnerGym",
            {"id": _Int(), "name": serializers.CharField(), "timezone": serializers.CharField()},
        ),
        "today": serializers.DateField(help_text="The gym's local date the figures end on."),
        "members": inline_serializer(
            "OwnerGymMembers",
            {
                "total": _Int(help_text="Active member accounts."),
                "active_7d": _Int(help_text="Members with a log in the gym's last 7 days."),
                "needs_attention": _Int(help_text="As on the coach dashboard."),
            },
        ),
        "logs_7d": inline_serializer(
            "OwnerGymLogs", {"meal": _Int(), "training": _Int(), "water": _Int()}
        ),
        "checkins_7d": _Int(),
        "coaches": _Int(),
        "members_per_coach": serializers.FloatField(allow_null=True),
        "ai_answers_30d": _Int(help_text="AI coach answers given (cached ones cost nothing)."),
        "ai_estimated_cost_30d": serializers.CharField(
            help_text='Estimated AI spend over 30 days, USD, a decimal string ("12.34").'
        ),
        "challenge_participants": _Int(help_text="Members in a challenge running today."),
        "challenge_participation": serializers.FloatField(
            allow_null=True, help_text="challenge_participants / members.total."
        ),
        "as_of": serializers.DateTimeField(
            help_text="When these figures were computed (they are refreshed every few minutes)."
        ),
    },
)
_CoachRow = inline_serializer(
    "OwnerCoachRow",
    {
        "coach": inline_serializer("OwnerCoach", {"id": _Int(), "name": serializers.CharField()}),
        "gym": inline_serializer("OwnerCoachGym", {"id": _Int(), "name": serializers.CharField()}),
        "members": _Int(),
        "active_7d": _Int(),
        "needs_attention": _Int(),
    },
)


def _page(name: str, row) -> serializers.Serializer:
    return inline_serializer(
        name,
        {
            "count": _Int(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializers.ListField(child=row),
        },
    )


_ERRORS = {
    403: OpenApiResponse(ErrorSerializer, description=IsOwner.message),
    404: OpenApiResponse(ErrorSerializer, description="A page past the last."),
}


class OwnerGymsApi(APIView):
    """Queries: the gym count and the page of gyms; the figures come from the cache
    (owner.figures), and only gyms missing there cost a batch of at most ten more."""

    permission_classes = [IsAuthenticated, IsOwner]

    @extend_schema(
        operation_id="owner_gyms_list",
        parameters=page_parameters(),
        responses={200: _page("OwnerGymPage", _GymRow), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        paginator = DefaultPagination()
        gyms = paginator.paginate_queryset(
            Gym.objects.order_by("id").only("id", "name", "timezone"), request, view=self
        )
        refs = selectors.gym_refs(gyms=gyms)
        figures = figures_for(gyms=refs)
        return paginator.get_paginated_response([figures[g.id]["row"] for g in refs])


class OwnerCoachesApi(APIView):
    """Queries: the coach count, the page of coaches, their gyms; the counts come from
    their gyms' cached figures (owner.figures)."""

    permission_classes = [IsAuthenticated, IsOwner]

    @extend_schema(
        operation_id="owner_coaches_list",
        parameters=page_parameters(),
        responses={200: _page("OwnerCoachPage", _CoachRow), **_ERRORS},
    )
    def get(self, request: Request) -> Response:
        paginator = DefaultPagination()
        coaches = paginator.paginate_queryset(selectors.coach_list(), request, view=self)
        gym_ids = {c["gym_id"] for c in coaches}
        refs = selectors.gym_refs(
            gyms=Gym.objects.filter(pk__in=gym_ids).only("id", "name", "timezone")
        )
        counts: dict[int, dict[str, int]] = {}
        for figures in figures_for(gyms=refs).values():
            counts.update(figures["coaches"])
        return paginator.get_paginated_response(
            selectors.coach_rows(coaches=coaches, counts=counts)
        )
