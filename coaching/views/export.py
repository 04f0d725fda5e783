"""/coach/export.csv: the dashboard as CSV, streamed a batch of members at a time."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from accounts.staff_session import staff_page
from coaching.selectors.dashboard import StaffScope, dashboard_batches
from coaching.views.coach import dashboard_options
from gymintel.clock import gym_today
from gymintel.spreadsheet import safe_cell

HEADER = [
    "member_id",
    "name",
    "meals_this_week",
    "training_this_week",
    "water_this_week",
    "calories_avg_this_week",
    "protein_avg_this_week",
    "active_days_30",
    "last_log_date",
    "latest_weight",
    "latest_weight_date",
    "recent_weights",
    "needs_attention",
]


class _Echo:
    """csv.writer wants a file; this one hands each formatted line straight back."""

    def write(self, value: str) -> str:
        return value


def _blank(value) -> object:
    return "" if value is None else value


def _line(row: dict) -> list:
    weights = row["recent_weights"]
    latest = weights[0] if weights else {"weight": None, "date": None}
    return [
        row["member"]["id"],
        safe_cell(row["member"]["name"]),
        row["logs_this_week"]["meal"],
        row["logs_this_week"]["training"],
        row["logs_this_week"]["water"],
        _blank(row["calories_avg_this_week"]),
        _blank(row["protein_avg_this_week"]),
        row["active_days_30"],
        _blank(row["last_log_date"]),
        _blank(latest["weight"]),
        _blank(latest["date"]),
        " ".join(f"{w['date']}:{w['weight']}" for w in weights),
        "yes" if row["needs_attention"] else "no",
    ]


@require_GET
@staff_page
def dashboard_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Same rows, sort and filter as /coach/; two queries per 500 members, never all in memory."""
    ctx = request.staff
    sort, attention = dashboard_options(request)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(HEADER)
        for batch in dashboard_batches(
            scope=StaffScope.of(ctx), sort=sort, needs_attention=attention
        ):
            for row in batch:
                yield writer.writerow(_line(row))

    filename = f"dashboard-{gym_today(ctx.gym_tz).isoformat()}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
