"""/coach/ (the dashboard) and /coach/members/{id}/ (one member, with charts)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.staff_session import staff_page
from coaching import charts, services
from coaching.forms import TargetsForm
from coaching.selectors import member as member_selectors
from coaching.selectors.dashboard import (
    DEFAULT_SORT,
    SORTS,
    PageOutOfRange,
    StaffScope,
    dashboard_page,
)
from gymintel.clock import gym_today
from gymintel.errors import DomainError, NotFound
from media_store.selectors import avatar_url, meal_photo_url

DASHBOARD_PAGE_SIZE = 100
SORT_COLUMNS = {"name": "Member", "last_log": "Last log", "active_days": "Active days (30)"}


def page_number(value: str | None, default: int = 1) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def dashboard_options(request: HttpRequest) -> tuple[str, bool]:
    sort = request.GET.get("sort", DEFAULT_SORT)
    return (sort if sort in SORTS else DEFAULT_SORT), request.GET.get("attention") == "1"


def sort_links(sort: str) -> list[dict]:
    """Header links: a column sorts ascending first, a second click reverses it."""
    links = []
    for key, label in SORT_COLUMNS.items():
        active = sort.lstrip("-") == key
        descending = sort.startswith("-")
        # Dates and counts are most useful biggest-first on the first click.
        first = key if key == "name" else f"-{key}"
        target = (key if descending else f"-{key}") if active else first
        arrow = ("▼" if descending else "▲") if active else ""
        links.append({"key": key, "label": label, "sort": target, "arrow": arrow})
    return links


@require_GET
@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """Queries: the member count, the page of aggregated rows, their recent weights."""
    ctx = request.staff
    sort, attention = dashboard_options(request)
    options = {"scope": StaffScope.of(ctx), "page_size": DASHBOARD_PAGE_SIZE, "sort": sort}
    try:
        page = dashboard_page(
            **options, page=page_number(request.GET.get("page")), needs_attention=attention
        )
    except PageOutOfRange:
        page = dashboard_page(**options, page=1, needs_attention=attention)
    return render(
        request,
        "coaching/dashboard.html",
        {
            "page": page,
            "sort": sort,
            "attention": attention,
            "sort_links": sort_links(sort),
            "today": gym_today(ctx.gym_tz),
        },
    )


def _member_or_404(request: HttpRequest, member_id: int):
    try:
        return member_selectors.member_for_staff(
            scope=StaffScope.of(request.staff), member_id=member_id
        )
    except NotFound:
        raise Http404("No such member.") from None


def _member_page(request: HttpRequest, member, form: TargetsForm, status: int = 200):
    today = gym_today(request.staff.gym_tz)
    # One day more than the charts show: compliance counts complete days (to yesterday).
    totals = member_selectors.daily_totals(
        member_id=member.pk, until=today, days=member_selectors.CHART_DAYS + 1
    )
    shown = totals[1:]
    targets = {"calorie_target": member.calorie_target, "protein_target": member.protein_target}
    checkins = member_selectors.recent_checkins(member_id=member.pk)
    logs = [
        {"log": log, "photo_url": meal_photo_url(log.photo_key, size="small")}
        for log in member_selectors.recent_logs(member_id=member.pk)
    ]
    context = {
        "member": member,
        "avatar_url": avatar_url(member.avatar_key, size="large"),
        "form": form,
        "compliance": [
            member_selectors.compliance(totals, days=days, **targets) for days in (7, 30)
        ],
        "calories_chart": charts.daily_bars(
            shown, metric="calories", target=member.calorie_target, title="Calories", unit="kcal"
        ),
        "protein_chart": charts.daily_bars(
            shown, metric="protein", target=member.protein_target, title="Protein", unit="g"
        ),
        "weight_chart": charts.weight_line([(c.date, c.weight) for c in checkins]),
        "calendar": charts.adherence_calendar(
            shown, calorie_target=member.calorie_target, today=today
        ),
        "logs": logs,
        "checkins": checkins,
        "today": today,
    }
    return render(request, "coaching/member.html", context, status=status)


@require_GET
@staff_page
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    """Queries: the member (scope-checked), 31 days of daily totals, logs, check-ins."""
    member = _member_or_404(request, member_id)
    form = TargetsForm(
        initial={"calorie_target": member.calorie_target, "protein_target": member.protein_target}
    )
    return _member_page(request, member, form)


@require_POST
@staff_page
def member_targets(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_or_404(request, member_id)
    form = TargetsForm(request.POST)
    if not form.is_valid():
        return _member_page(request, member, form, status=400)
    try:
        services.set_targets(member=member, **form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return _member_page(request, member, form, status=exc.status_code)
    messages.success(request, "Targets saved.")
    return HttpResponseRedirect(reverse("coaching:member", args=[member.pk]))
