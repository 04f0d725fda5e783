"""Server-side SVG charts for the member page: geometry here, markup in templates.

No JavaScript: each chart is a small inline <svg> with a viewBox, so it scales to a
phone's width, and a <title> per mark, so hovering (or a screen reader) gives the value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from coaching.selectors.member import DayTotals, within_target

WIDTH, HEIGHT = 600, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 8, 12, 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    on_target: bool


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: the edge labels are anchored inwards


@dataclass
class BarChart:
    title: str
    unit: str
    bars: list[Bar] = field(default_factory=list)
    period: str = "last 30 days"  # said after the title to screen readers
    target_y: float | None = None
    target_label: str = ""
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD_BOTTOM
    plot_left: float = PAD_LEFT
    plot_right: float = WIDTH - PAD_RIGHT

    @property
    def empty(self) -> bool:
        return not self.bars


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass
class LineChart:
    title: str
    unit: str
    dots: list[Dot] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD_BOTTOM
    plot_left: float = PAD_LEFT
    plot_right: float = WIDTH - PAD_RIGHT

    @property
    def points(self) -> str:
        return " ".join(f"{d.x:.1f},{d.y:.1f}" for d in self.dots)

    @property
    def empty(self) -> bool:
        return not self.dots


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


def _y(value: float, top: float) -> float:
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    return HEIGHT - PAD_BOTTOM - (value / top) * plot if top else HEIGHT - PAD_BOTTOM


def daily_bars(
    totals: list[DayTotals], *, metric: str, target: int | None, title: str, unit: str
) -> BarChart:
    """One bar per day (calories or protein); the target as a dashed line."""
    chart = BarChart(title=title, unit=unit)
    values = [getattr(t, metric) for t in totals]
    top = max([float(v) for v in values if v is not None] + [float(target or 0), 1.0]) * 1.1
    slot = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(len(totals), 1)
    for i, (day, value) in enumerate(zip((t.day for t in totals), values, strict=True)):
        x = PAD_LEFT + i * slot
        if (i % 7 == 0 and len(totals) - i > 3) or i == len(totals) - 1:
            # Weekly ticks, and the last day, unless a weekly tick sits too close to it.
            anchor = "end" if i == len(totals) - 1 else "start" if i == 0 else "middle"
            chart.x_ticks.append(
                Tick(x=x + slot / 2, y=HEIGHT - 6, text=_short(day), anchor=anchor)
            )
        if value is None:
            continue
        y = _y(float(value), top)
        chart.bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(HEIGHT - PAD_BOTTOM - y, 1),
                label=f"{_short(day)}: {_fmt(value)} {unit}",
                on_target=within_target(value, target),
            )
        )
    if target:
        chart.target_y = round(_y(float(target), top), 1)
        chart.target_label = f"target {target} {unit}"
    chart.y_ticks = [
        Tick(x=PAD_LEFT - 4, y=round(_y(v, top), 1), text=_fmt(v)) for v in (0, top / 1.1)
    ]
    return chart


def labelled_bars(
    points: list[tuple[str, str, float]], *, title: str, unit: str, period: str
) -> BarChart:
    """One bar per (tick text, label, value), e.g. a week's logs or a coach's members;
    ticks are drawn under every bar when they fit, else under the first and last."""
    chart = BarChart(title=title, unit=unit, period=period)
    top = max([float(v) for _, _, v in points] + [1.0]) * 1.1
    slot = (WIDTH - PAD_LEFT - PAD_RIGHT) / max(len(points), 1)
    every = len(points) <= 8
    for i, (tick, label, value) in enumerate(points):
        x = PAD_LEFT + i * slot
        if every or i in (0, len(points) - 1):
            chart.x_ticks.append(Tick(x=round(x + slot / 2, 1), y=HEIGHT - 6, text=tick))
        y = _y(float(value), top)
        chart.bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=round(y, 1),
                width=round(slot * 0.7, 1),
                height=round(HEIGHT - PAD_BOTTOM - y, 1),
                label=f"{label}: {_fmt(value)} {unit}",
                on_target=False,
            )
        )
    chart.y_ticks = [
        Tick(x=PAD_LEFT - 4, y=round(_y(v, top), 1), text=_fmt(v)) for v in (0, top / 1.1)
    ]
    return chart


def _fmt(value: float | int | Decimal) -> str:
    number = float(value)
    return f"{number:.0f}" if number >= 100 or number == int(number) else f"{number:.1f}"


def weight_line(checkins: list[tuple[date, Decimal]], *, title: str = "Weight") -> LineChart:
    """Check-ins oldest to newest, x by date, y between the lowest and highest weight."""
    chart = LineChart(title=title, unit="kg")
    if not checkins:
        return chart
    points = sorted(checkins)
    low = float(min(w for _, w in points)) - 1
    high = float(max(w for _, w in points)) + 1
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    for day, weight in points:
        x = PAD_LEFT + ((day - first).days / span) * plot_w if len(points) > 1 else WIDTH / 2
        y = HEIGHT - PAD_BOTTOM - ((float(weight) - low) / (high - low)) * plot_h
        chart.dots.append(Dot(x=round(x, 1), y=round(y, 1), label=f"{_short(day)}: {weight} kg"))
    chart.y_ticks = [
        Tick(x=PAD_LEFT - 4, y=HEIGHT - PAD_BOTTOM, text=f"{low:.0f}"),
        Tick(x=PAD_LEFT - 4, y=PAD_TOP + 4, text=f"{high:.0f}"),
    ]
    chart.x_ticks = [Tick(x=chart.dots[0].x, y=HEIGHT - 6, text=_short(first), anchor="start")]
    if len(points) > 1:
        chart.x_ticks.append(
            Tick(x=chart.dots[-1].x, y=HEIGHT - 6, text=_short(last), anchor="end")
        )
    return chart


CELL, GAP, HEADER = 36, 4, 18
WEEKDAYS = "MTWTFSS"


@dataclass(frozen=True)
class CalendarCell:
    x: int
    y: int
    day: date
    level: str  # "none", "logged", "on-target", "later" (after today)
    label: str


@dataclass
class Calendar:
    cells: list[CalendarCell] = field(default_factory=list)
    headers: list[Tick] = field(default_factory=list)
    width: int = 7 * (CELL + GAP)
    height: int = HEADER
    size: int = CELL


def adherence_calendar(
    totals: list[DayTotals], *, calorie_target: int | None, today: date
) -> Calendar:
    """Weeks (Monday first) covering the window: each day says whether the member logged
    and, with a calorie target, whether that day's calories were within 15% of it."""
    calendar = Calendar(
        headers=[
            Tick(x=i * (CELL + GAP) + CELL // 2, y=HEADER - 6, text=letter)
            for i, letter in enumerate(WEEKDAYS)
        ]
    )
    by_day = {t.day: t for t in totals}
    monday = totals[0].day - timedelta(days=totals[0].day.weekday())
    last = today + timedelta(days=6 - today.weekday())
    for offset in range((last - monday).days + 1):
        day = monday + timedelta(days=offset)
        t = by_day.get(day)
        if t is None and day <= today:
            continue  # before the window: left blank
        if t is None:
            level, label = "later", ""
        elif not t.logs:
            level, label = "none", f"{_short(day)}: nothing logged"
        elif calorie_target and within_target(t.calories, calorie_target):
            level, label = "on-target", f"{_short(day)}: {t.logs} logs, calories on target"
        else:
            level, label = "logged", f"{_short(day)}: {t.logs} logs"
        x = (offset % 7) * (CELL + GAP)
        y = HEADER + (offset // 7) * (CELL + GAP)
        calendar.cells.append(CalendarCell(x=x, y=y, day=day, level=level, label=label))
    calendar.height = HEADER + (((last - monday).days + 1) // 7) * (CELL + GAP)
    return calendar
