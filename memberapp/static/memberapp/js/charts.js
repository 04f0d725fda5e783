// Inline SVG charts, sized by viewBox so they scale with the phone's width. Each chart has
// a text alternative (role="img" + aria-label) saying what it shows in words.

import { addDays, h, shortDate, svg } from "./ui.js";

export function lineChart({ points, label, format }) {
  const width = 340;
  const height = 160;
  const pad = { left: 44, right: 12, top: 12, bottom: 24 };
  const values = points.map((p) => p.value);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max - min < 1) {
    min -= 0.5;
    max += 0.5;
  }
  const x = (i) => pad.left + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const chart = svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, class: "chart line", role: "img", "aria-label": label },
    svg("line", { x1: pad.left, x2: width - pad.right, y1: y(max), y2: y(max), class: "grid" }),
    svg("line", { x1: pad.left, x2: width - pad.right, y1: y(min), y2: y(min), class: "grid" }),
    svg("text", { x: pad.left - 6, y: y(max) + 4, class: "axis", "text-anchor": "end" }, format(max)),
    svg("text", { x: pad.left - 6, y: y(min) + 4, class: "axis", "text-anchor": "end" }, format(min)),
    svg("text", { x: x(0), y: height - 6, class: "axis", "text-anchor": "start" }, shortDate(points[0].date)),
    svg("text", { x: x(points.length - 1), y: height - 6, class: "axis", "text-anchor": "end" }, shortDate(points[points.length - 1].date)),
    svg("polyline", { points: line, class: "trend" }),
    ...points.map((p, i) => svg("circle", { cx: x(i), cy: y(p.value), r: 3.5, class: "dot" })),
  );
  return chart;
}

// 30 squares, oldest first, in rows of 7 starting on Mondays; a filled square is a day
// with at least one log, a ringed one a day on target.
export function calendar({ today, days, active, onTarget, label }) {
  const first = addDays(today, -(days - 1));
  const startDow = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7;
  const cell = 40;
  const rows = Math.ceil((startDow + days) / 7);
  const chart = svg("svg", { viewBox: `0 0 ${7 * cell} ${rows * cell + 20}`, class: "chart calendar", role: "img", "aria-label": label });
  ["M", "T", "W", "T", "F", "S", "S"].forEach((d, i) => chart.append(svg("text", { x: i * cell + cell / 2, y: 12, class: "axis", "text-anchor": "middle" }, d)));
  for (let i = 0; i < days; i += 1) {
    const date = addDays(first, i);
    const slot = startDow + i;
    const classes = ["day", active.has(date) ? "active" : "idle", onTarget.has(date) ? "target" : "", date === today ? "today" : ""].join(" ").trim();
    chart.append(
      svg("rect", { x: (slot % 7) * cell + 3, y: Math.floor(slot / 7) * cell + 20, width: cell - 6, height: cell - 6, rx: 6, class: classes },
        svg("title", {}, `${shortDate(date)}: ${active.has(date) ? "logged" : "nothing logged"}${onTarget.has(date) ? ", on target" : ""}`)),
      svg("text", { x: (slot % 7) * cell + cell / 2, y: Math.floor(slot / 7) * cell + 20 + cell / 2 + 1, class: `daynum ${active.has(date) ? "on" : ""}`, "text-anchor": "middle" }, String(Number(date.slice(8)))),
    );
  }
  return chart;
}

export function legend(items) {
  return h("ul", { class: "legend" }, ...items.map(([cls, text]) => h("li", {}, h("span", { class: `swatch ${cls}`, "aria-hidden": "true" }), text)));
}
