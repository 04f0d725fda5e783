"""Every list is paginated: no response grows with the size of a gym.

One behaviour for every list, the coach dashboard and the leaderboard included
(docs/MEMBER_API.md, "Pages"):
- `page` counts from 1. A `page` that names no page of the list (0, negative, not a
  number, past the last page) answers 404 with a `detail` saying which pages exist;
  page 1 of an empty list is an empty page, not a 404.
- `page_size` is a whole number from 1 to the list's maximum (100; the dashboard 500).
  Anything else answers 400: a client asking for 500 rows and silently getting 100
  would believe it has them all.
- The body is always `{"count", "next", "previous", "results"}`, `next` and
  `previous` present and null at the ends, absolute URLs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

from gymintel.errors import InvalidInput, NotFound

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 100
LARGEST_OFFSET = 2**63 - 1


def page_size_from(params: Any, *, default: int, maximum: int) -> int:
    """`page_size` from the query string: 400 unless a whole number in 1..maximum."""
    raw = params.get("page_size")
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise InvalidInput(f"page_size must be a whole number from 1 to {maximum}; got {raw!r}.")
    return int(raw)


def page_number_from(params: Any) -> int:
    """`page` from the query string: 404 unless a whole number from 1 (no such page)."""
    raw = params.get("page")
    if raw in (None, ""):
        return 1
    if not raw.isdigit() or int(raw) < 1:
        raise NotFound(f"Invalid page {raw!r}: pages are numbered from 1.")
    return int(raw)


def past_the_end(page: int, pages: int) -> NotFound:
    return NotFound(f"Invalid page {page}: the last page is {max(pages, 1)}.")


def page_schema_parameters(*, default: int, maximum: int) -> list[dict[str, Any]]:
    """The two query parameters as OpenAPI declares them, bounds included."""
    return [
        {
            "name": "page",
            "required": False,
            "in": "query",
            "description": "A page number, from 1; one past the last answers 404.",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        {
            "name": "page_size",
            "required": False,
            "in": "query",
            "description": f"Rows per page, 1 to {maximum} (default {default}); "
            "outside that range: 400.",
            "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
        },
    ]


def page_envelope_schema(results: dict[str, Any]) -> dict[str, Any]:
    link = {"type": "string", "format": "uri", "nullable": True}
    return {
        "type": "object",
        "required": ["count", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "next": {**link, "description": "The next page; null on the last."},
            "previous": {**link, "description": "The previous page; null on the first."},
            "results": results,
        },
    }


class DefaultPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()  # `page=last` is not a number: 404 like any other

    def get_page_size(self, request) -> int:
        return page_size_from(
            request.query_params, default=self.page_size, maximum=self.max_page_size
        )

    def get_page_number(self, request, paginator) -> int:
        number = page_number_from(request.query_params)
        # paginator.count is the list's one COUNT query, cached for the page itself.
        if number > 1 and number > paginator.num_pages:
            raise past_the_end(number, paginator.num_pages)
        return number

    def paginate_counted(
        self, request, fetch: Callable[[int, int], tuple[list[Any], int]]
    ) -> list[Any]:
        """The page for a list that reads its rows and their count in one query:
        `fetch(offset, limit)` answers (rows, count). The same rules and links as
        paginate_queryset; past the end is known once the count is back."""
        size = self.get_page_size(request)
        number = page_number_from(request.query_params)
        # A page number from the query string can be any length; a database offset is a
        # 64-bit integer. Any offset that large is past the end, which the count tells.
        rows, count = fetch(min((number - 1) * size, LARGEST_OFFSET), size)
        # A range stands in for the list: the Paginator needs only its length.
        paginator = Paginator(range(count), size)
        if number > 1 and number > paginator.num_pages:
            raise past_the_end(number, paginator.num_pages)
        self.request = request
        self.page = Page(rows, number, paginator)
        return rows

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return page_schema_parameters(default=self.page_size, maximum=self.max_page_size)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return page_envelope_schema(schema)
