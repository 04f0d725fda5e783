"""What every member view shares: permissions, error docs, the caller's member."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsMember
from gymintel.conditional import etag_of, not_modified, tagged, url_window
from gymintel.errors import ErrorSerializer
from gymintel.openapi import TOO_LARGE
from gymintel.pagination import DefaultPagination
from gymintel.parsers import JSONParser

_ERRORS = {
    400: "Invalid input; `detail` says which field and why.",
    401: "No access token, or an invalid or expired one.",
    403: "The token belongs to no member (a staff account without a linked member).",
    404: "No such object among yours (another member's or gym's objects are never shown).",
    409: "A concurrent change got in the way; retrying is safe.",
    413: TOO_LARGE,
    503: "Image storage is unavailable; nothing was saved.",
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """OpenAPI entries for the error statuses an endpoint can answer."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERRORS[code]) for code in codes}


def created(request, body: dict, route: str, **ids: int) -> Response:
    """201 with the new object's own URL in `Location` (absolute, like page links)."""
    location = request.build_absolute_uri(reverse(route, kwargs=ids))
    return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


def created_or_replayed(request, body: dict, *, replayed: bool, route: str, **ids: int) -> Response:
    """An idempotent create's answer: 200 for a replayed Idempotency-Key (nothing new, so
    no `Location`), otherwise 201 with the new object's URL."""
    if replayed:
        return Response(body, status=status.HTTP_200_OK)
    return created(request, body, route, **ids)


class MemberApi(APIView):
    # Base for member endpoints: a valid token (401) that names a member (403).
    # (A comment, not a docstring: drf-spectacular would show it on every operation.)

    permission_classes = [IsAuthenticated, IsMember]
    parser_classes = [JSONParser]  # multipart only where a file can come (meals, logs)
    pagination_class = DefaultPagination

    @property
    def member_id(self) -> int:
        return self.request.user.member_id

    @property
    def gym_tz(self) -> str:
        return self.request.user.gym_tz

    def paginated(self, queryset, shape=None):
        """One COUNT and one page query; rows shaped by `shape` (a dict -> dict).

        Tagged for conditional GET from the page's selected values, before any row is
        shaped: an unchanged page answers 304 with no body (gymintel.conditional)."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        photos = any(row.get("photo_key") for row in page)
        etag = etag_of(
            self.member_id,
            self.request.get_full_path(),
            paginator.page.paginator.count,
            page,
            url_window() if photos else 0,
        )
        unchanged = not_modified(self.request, etag)
        if unchanged is not None:
            return unchanged
        rows = [shape(row) for row in page] if shape else list(page)
        return tagged(paginator.get_paginated_response(rows), etag)
