"""The SVG chart geometry behind the member page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from coaching import charts
from coaching.selectors.member import DayTotals

MONDAY = dt.date(2025, 6, 9)


def totals(values: list[int | None]) -> list[DayTotals]:
    return [
        DayTotals(
            day=MONDAY + dt.timedelta(days=i), calories=v, protein=None, meals=int(v is not None)
        )
        for i, v in enumerate(values)
    ]


def test_bars_scale_to_the_largest_value_and_mark_days_on_target():
    chart = charts.daily_bars(
        totals([2000, None, 1000, 2600]), metric="calories", target=2000, title="kcal", unit="kcal"
    )
    assert len(chart.bars) == 3  # the empty day draws no bar
    tallest, half, over = chart.bars
    assert over.height > tallest.height > half.height
    assert abs(tallest.height - 2 * half.height) < 0.2
    assert [b.on_target for b in chart.bars] == [True, False, False]
    assert chart.target_y is not None and chart.target_label == "target 2000 kcal"
    assert all(charts.PAD_LEFT <= b.x <= charts.WIDTH - charts.PAD_RIGHT for b in chart.bars)


def test_weight_line_runs_oldest_to_newest_with_the_heaviest_highest():
    chart = charts.weight_line(
        [(MONDAY, Decimal("80.0")), (MONDAY - dt.timedelta(days=14), Decimal("82.0"))]
    )
    first, last = chart.dots
    assert first.x < last.x
    assert first.y < last.y  # 82 kg (older) drawn higher than 80 kg
    assert chart.points.count(",") == 2
    assert charts.weight_line([]).empty


def test_calendar_weeks_start_on_monday_and_say_what_happened():
    days = totals([2000, None, 1200])  # Mon on target, Tue nothing, Wed logged
    calendar = charts.adherence_calendar(days, calorie_target=2000, today=MONDAY + dt.timedelta(2))
    levels = [(c.day.weekday(), c.level) for c in calendar.cells]
    assert levels[:3] == [(0, "on-target"), (1, "none"), (2, "logged")]
    assert [lvl for _, lvl in levels[3:]] == ["later"] * 4  # rest of this week
    assert calendar.cells[0].x == 0 and calendar.cells[6].x > calendar.cells[5].x
