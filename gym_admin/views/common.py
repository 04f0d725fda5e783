"""Small helpers shared by the staff page views."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

MANAGE_PAGE_SIZE = 50


def paginate(request: HttpRequest, items, per_page: int = MANAGE_PAGE_SIZE) -> Page:
    """Two queries: the count and the page. A page number past the end shows the last."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Return to the page a row action was posted from (same host only)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return HttpResponseRedirect(target)
