"""GET /api/coach/dashboard/: the coach dashboard as JSON for staff tokens."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from coaching.selectors.dashboard import (
    DEFAULT_SORT,
    SORTS,
    PageOutOfRange,
    StaffScope,
    dashboard_page,
)
from gymintel.errors import ErrorSerializer
from gymintel.openapi import page_parameters
from gymintel.pagination import page_number_from, page_size_from, past_the_end
from media_store.fields import ImageUrlField
from members.models import MAX_WEIGHT, MIN_WEIGHT

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 500


_Weight = inline_serializer(
    "DashboardWeight",
    {
        "weight": serializers.FloatField(min_value=float(MIN_WEIGHT), max_value=float(MAX_WEIGHT)),
        "date": serializers.DateField(),
    },
)
_Row = inline_serializer(
    "DashboardRow",
    {
        "member": inline_serializer(
            "DashboardMember",
            {
                "id": serializers.IntegerField(),
                "name": serializers.CharField(),
                "avatar_url": ImageUrlField(allow_null=True),
            },
        ),
        "logs_this_week": inline_serializer(
            "DashboardWeekLogs",
            {
                "meal": serializers.IntegerField(),
                "training": serializers.IntegerField(),
                "water": serializers.IntegerField(),
            },
        ),
        # Per logged day: a day holds several logs, so no one log's maximum applies.
        "calories_avg_this_week": serializers.IntegerField(allow_null=True, min_value=0),
        "protein_avg_this_week": serializers.FloatField(allow_null=True, min_value=0),
        "active_days_30": serializers.IntegerField(),
        "last_log_date": serializers.DateField(allow_null=True),
        "recent_weights": serializers.ListField(child=_Weight),
        "needs_attention": serializers.BooleanField(),
    },
)
_Page = inline_serializer(
    "DashboardPage",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializers.ListField(child=_Row),
    },
)


class CoachDashboardApi(APIView):
    """Rows for the caller's members: a coach's assigned ones, or a gym admin's whole gym.

    Three queries whatever the number of members (coaching.selectors.dashboard); rows
    are built as plain dicts, since a serializer per row would cost more than the SQL.
    """

    permission_classes = [IsAuthenticated, IsStaff]

    class InputSerializer(serializers.Serializer):
        sort = serializers.ChoiceField(choices=sorted(SORTS), default=DEFAULT_SORT)
        needs_attention = serializers.BooleanField(default=False)

    @extend_schema(
        operation_id="coach_dashboard",
        parameters=[
            InputSerializer,
            *page_parameters(default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE),
        ],
        responses={
            200: _Page,
            400: OpenApiResponse(
                ErrorSerializer, description="A parameter out of range or unknown."
            ),
            403: OpenApiResponse(ErrorSerializer, description=IsStaff.message),
        },
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        options = params.validated_data
        scope = StaffScope.of(request.user)
        # The same page rules as every other list (gymintel.pagination), larger pages.
        number = page_number_from(request.query_params)
        page_size = page_size_from(
            request.query_params, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE
        )
        try:
            page = dashboard_page(
                scope=scope,
                page=number,
                page_size=page_size,
                sort=options["sort"],
                needs_attention=options["needs_attention"],
            )
        except PageOutOfRange as out_of_range:
            raise past_the_end(number, out_of_range.pages) from None
        url = request.build_absolute_uri()
        previous = None
        if page.has_previous:
            previous = (
                replace_query_param(url, "page", page.page - 1)
                if page.page > 2
                else remove_query_param(url, "page")
            )
        return Response(
            {
                "count": page.count,
                "next": replace_query_param(url, "page", page.page + 1) if page.has_next else None,
                "previous": previous,
                "results": page.rows,
            }
        )
