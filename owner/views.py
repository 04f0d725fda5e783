"""/owner/: the chain's gyms side by side, one gym's dashboard read-only, a CSV export.

Owners only (accounts.staff_session.owner_page): a coach or gym admin gets 404, nobody
signed in the login page. Nothing here writes.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from accounts.models import Gym
from accounts.staff_session import owner_page
from coaching import charts
from coaching.selectors.dashboard import PageOutOfRange, StaffScope, dashboard_page
from coaching.views.coach import DASHBOARD_PAGE_SIZE, dashboard_options, page_number, sort_links
from gymintel.spreadsheet import safe_cell
from owner import selectors
from owner.figures import figures_for
from owner.sorting import header_links, sort_key, sorted_rows

CSV_HEADER = [
    "gym_id", "gym", "timezone", "today", "members", "active_7d", "needs_attention",
    "meals_7d", "training_7d", "water_7d", "checkins_7d", "coaches", "members_per_coach",
    "ai_answers_30d", "ai_estimated_cost_30d_usd", "challenge_participants", "as_of",
]  # fmt: skip


def _all_gyms() -> list[selectors.GymRef]:
    # The pages show every gym at once: a chain has tens of gyms, not thousands, and each
    # figure is one grouped query whatever their number (owner.selectors).
    return selectors.gym_refs(
        gyms=Gym.objects.order_by("name", "id").only("id", "name", "timezone")
    )


def _as_of(rows: list[dict]) -> datetime | None:
    """When the oldest of these figures was computed."""
    return parse_datetime(min(r["as_of"] for r in rows)) if rows else None


def _tick(name: str, width: int = 14) -> str:
    """A name short enough to sit under its bar."""
    return name if len(name) <= width else name[: width - 1] + "…"


def _weeks_chart(gym: selectors.GymRef, counts: list[int]) -> charts.BarChart:
    points = []
    for i, logs in enumerate(counts):
        end = gym.today - timedelta(days=7 * (len(counts) - 1 - i))
        points.append((f"{end.day} {end:%b}", f"7 days to {end:%a} {end.day} {end:%b}", logs))
    return charts.labelled_bars(
        points, title=f"Logs a week, {gym.name}", unit="logs", period="last 8 weeks"
    )


@require_GET
@owner_page
def gyms(request: HttpRequest) -> HttpResponse:
    """Queries: the gyms; figures from the cache (owner.figures)."""
    refs = _all_gyms()
    sort = sort_key(request.GET.get("sort"))
    figures = figures_for(gyms=refs)
    rows = sorted_rows([figures[g.id]["row"] for g in refs], sort)
    context = {
        "rows": rows,
        "sort": sort,
        "headers": header_links(sort),
        "as_of": _as_of(rows),
        # The charts (gyms by name, whatever the table's sort) depend on the figures alone:
        # their markup, most of the page's rendering time, is cached with them.
        "charts_key": "|".join(f"{g.id}:{figures[g.id]['row']['as_of']}" for g in refs),
        "charts": lambda: _overview_charts(refs, figures),
    }
    return render(request, "owner/gyms.html", context)


def _overview_charts(refs: list[selectors.GymRef], figures: dict[int, dict]) -> dict:
    return {
        "per_coach": charts.labelled_bars(
            [(_tick(g.name), g.name, figures[g.id]["row"]["members_per_coach"] or 0) for g in refs],
            title="Members per coach",
            unit="members a coach",
            period="today",
        ),
        "weeks": [(g, _weeks_chart(g, figures[g.id]["weeks"])) for g in refs],
    }


@require_GET
@owner_page
def gym_detail(request: HttpRequest, gym_id: int) -> HttpResponse:
    """One gym as its gym admin sees the coach dashboard, read-only, with the chain's
    figures for it and its coaches. Queries: the gym, its coaches; its figures from the
    cache (owner.figures); then the dashboard's three."""
    gym = Gym.objects.filter(pk=gym_id).only("id", "name", "timezone").first()
    if gym is None:
        raise Http404("No such gym.")
    ref = selectors.gym_refs(gyms=[gym])[0]
    figures = figures_for(gyms=[ref])[gym.pk]
    coaches = list(selectors.coach_list().filter(gym_id=gym.pk))
    coach_rows = selectors.coach_rows(coaches=coaches, counts=figures["coaches"])
    sort, attention = dashboard_options(request)
    options = {
        "scope": StaffScope(gym_id=gym.pk, gym_tz=gym.timezone),
        "page_size": DASHBOARD_PAGE_SIZE,
        "sort": sort,
        "needs_attention": attention,
        "today": ref.today,
    }
    try:
        page = dashboard_page(**options, page=page_number(request.GET.get("page")))
    except PageOutOfRange:
        page = dashboard_page(**options, page=1)
    context = {
        "gym": ref,
        "row": figures["row"],
        "as_of": _as_of([figures["row"]]),
        "coach_rows": coach_rows,
        "weeks_chart": _weeks_chart(ref, figures["weeks"]),
        "coach_chart": charts.labelled_bars(
            [(_tick(c["coach"]["name"]), c["coach"]["name"], c["members"]) for c in coach_rows],
            title=f"Members per coach, {gym.name}",
            unit="members",
            period="today",
        ),
        # The coach dashboard's own template, read-only: no member pages, no export.
        "read_only": True,
        "page": page,
        "sort": sort,
        "attention": attention,
        "sort_links": sort_links(sort),
        "today": ref.today,
    }
    return render(request, "owner/gym.html", context)


@require_GET
@owner_page
def gyms_csv(request: HttpRequest) -> HttpResponse:
    """The overview's rows in the overview's order; gym names made spreadsheet-safe."""
    sort = sort_key(request.GET.get("sort"))
    refs = _all_gyms()
    figures = figures_for(gyms=refs)
    rows = sorted_rows([figures[g.id]["row"] for g in refs], sort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gyms.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow(
            [
                r["gym"]["id"], safe_cell(r["gym"]["name"]), r["gym"]["timezone"], r["today"],
                r["members"]["total"], r["members"]["active_7d"], r["members"]["needs_attention"],
                r["logs_7d"]["meal"], r["logs_7d"]["training"], r["logs_7d"]["water"],
                r["checkins_7d"], r["coaches"], _blank(r["members_per_coach"]),
                r["ai_answers_30d"], r["ai_estimated_cost_30d"], r["challenge_participants"],
                r["as_of"],
            ]
        )  # fmt: skip
    return response


def _blank(value: object) -> object:
    return "" if value is None else value
