// Progress: weight trend, a 30-day adherence calendar, compliance against the coach's
// targets, and streaks. Computed from the member's own logs and check-ins.

import { allPages, api } from "../api.js";
import { calendar, legend, lineChart } from "../charts.js";
import { addDays, h, showWeight, todayIn, unit } from "../ui.js";

const DAYS = 30;

export async function render(app) {
  const { profile } = app;
  const today = todayIn(profile.gym.timezone);
  const from = addDays(today, -(DAYS - 1));
  const [logs, checkins, standing] = await Promise.all([
    allPages(`/api/logs/?date_from=${from}&date_to=${today}&page_size=100`, 10),
    allPages("/api/checkins/?page_size=100", 2),
    myStanding(today),
  ]);

  const byDay = new Map();
  for (const log of logs) {
    const day = byDay.get(log.date) || { meal: 0, training: 0, water: 0, calories: 0, protein: 0 };
    day[log.type] += 1;
    if (log.type === "meal") {
      day.calories += log.estimated_calories || 0;
      day.protein += Number(log.estimated_protein || 0);
    }
    byDay.set(log.date, day);
  }
  const active = new Set(byDay.keys());
  const targets = profile.targets || {};
  const mealDays = [...byDay.entries()].filter(([, d]) => d.meal > 0);
  const calorieOk = (d) => targets.calories && Math.abs(d.calories - targets.calories) <= targets.calories * 0.1;
  const proteinOk = (d) => targets.protein && d.protein >= targets.protein;
  const onTarget = new Set(mealDays.filter(([, d]) => calorieOk(d) || (!targets.calories && proteinOk(d))).map(([date]) => date));

  return [
    h("h1", {}, "Progress"),
    weightCard(checkins),
    h("section", { class: "card", "aria-labelledby": "cal-h" },
      h("h2", { id: "cal-h" }, "Last 30 days"),
      calendar({ today, days: DAYS, active, onTarget, label: `Logged on ${active.size} of the last ${DAYS} days; on calorie target on ${onTarget.size}.` }),
      legend([["active", "Logged"], ["idle", "Nothing logged"], ["target", "On calorie target"]]),
      h("p", {}, `You logged on ${active.size} of the last ${DAYS} days.`)),
    complianceCard(mealDays, targets, calorieOk, proteinOk),
    streakCard(active, today, standing),
  ];
}

async function myStanding(today) {
  try {
    const challenges = (await api("/api/challenges/")).results;
    const current = challenges.find((c) => c.joined && c.starts_on <= today && today <= c.ends_on);
    return current ? await api(`/api/challenges/${current.id}/me/`) : null;
  } catch {
    return null;
  }
}

function weightCard(checkins) {
  const section = h("section", { class: "card", "aria-labelledby": "weight-h" }, h("h2", { id: "weight-h" }, "Weight"));
  const points = checkins.slice().reverse().map((c) => ({ date: c.date, value: unit() === "lb" ? Number(c.weight) / 0.45359237 : Number(c.weight) }));
  if (!points.length) {
    section.append(h("p", { class: "muted" }, "No weigh-ins yet. Add one on Today."));
    return section;
  }
  const firstKg = checkins[checkins.length - 1].weight;
  const lastKg = checkins[0].weight;
  const change = Number(lastKg) - Number(firstKg);
  const word = change < 0 ? "down" : change > 0 ? "up" : "unchanged";
  const summary = `${showWeight(lastKg)} now, ${word}${change ? ` ${showWeight(Math.abs(change))}` : ""} since ${checkins.length === 1 ? "your first weigh-in" : `your first of ${checkins.length} weigh-ins`}.`;
  section.append(lineChart({ points, label: `Weight trend: ${summary}`, format: (v) => v.toFixed(1) }), h("p", {}, summary));
  return section;
}

function complianceCard(mealDays, targets, calorieOk, proteinOk) {
  const section = h("section", { class: "card", "aria-labelledby": "comp-h" }, h("h2", { id: "comp-h" }, "Against your targets"));
  if (!targets.calories && !targets.protein) {
    section.append(h("p", { class: "muted" }, "Your coach has not set targets yet."));
    return section;
  }
  const n = mealDays.length;
  const rows = [];
  if (targets.calories) {
    const ok = mealDays.filter(([, d]) => calorieOk(d)).length;
    const avg = n ? Math.round(mealDays.reduce((s, [, d]) => s + d.calories, 0) / n) : 0;
    rows.push(bar(`Calories within 10% of ${targets.calories} kcal`, ok, n, `average ${avg} kcal`));
  }
  if (targets.protein) {
    const ok = mealDays.filter(([, d]) => proteinOk(d)).length;
    const avg = n ? Math.round(mealDays.reduce((s, [, d]) => s + d.protein, 0) / n) : 0;
    rows.push(bar(`Protein at least ${targets.protein} g`, ok, n, `average ${avg} g`));
  }
  section.append(...rows, h("p", { class: "muted" }, `Counted over the ${n} days with meals logged.`));
  return section;
}

function bar(name, ok, n, extra) {
  const fill = h("span", { class: "fill" });
  fill.style.width = `${n ? Math.round((ok / n) * 100) : 0}%`;
  return h("div", { class: "meter" }, h("p", {}, `${name}: ${ok} of ${n} days (${extra})`), h("span", { class: "track", "aria-hidden": "true" }, fill));
}

function streakCard(active, today, standing) {
  let longest = 0;
  let run = 0;
  for (let i = DAYS - 1; i >= 0; i -= 1) {
    run = active.has(addDays(today, -i)) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  let current = 0;
  for (let i = active.has(today) ? 0 : 1; active.has(addDays(today, -i)); i += 1) current += 1;
  const days = (n) => (n === 1 ? "1 day" : `${n} days`);
  return h("section", { class: "card", "aria-labelledby": "streak-h" },
    h("h2", { id: "streak-h" }, "Streaks"),
    h("dl", { class: "stats" },
      h("div", {}, h("dt", {}, "Logging streak"), h("dd", {}, days(current))),
      h("div", {}, h("dt", {}, "Longest in 30 days"), h("dd", {}, days(longest))),
      standing ? h("div", {}, h("dt", {}, "Challenge streak"), h("dd", {}, days(standing.current_streak))) : null));
}
