// Today: one-tap water and training, the meal form (with an AI estimate from a photo),
// saved meals as shortcuts, today's logs with delete, totals against targets, the weigh-in.
// Every action goes through the queue (kept offline, sent exactly once).

import { api, allPages, ApiError } from "../api.js";
import * as queue from "../queue.js";
import { errorText, h, longDate, notice, points, todayIn, toKg, unit } from "../ui.js";

const TYPE_NAMES = { meal: "Meal", training: "Training", water: "Water" };

export async function render(app) {
  const { profile } = app;
  const tz = profile.gym.timezone;
  const today = todayIn(tz);
  const [logs, meals] = await Promise.all([
    allPages(`/api/logs/?date_from=${today}&date_to=${today}&page_size=100`, 3),
    api("/api/member/meals/?page_size=100").then((page) => page.results),
  ]);

  const outcome = h("p", { class: "outcome", role: "status", id: "outcome", hidden: true });
  const warning = h("p", { class: "warning", role: "alert", id: "duplicate", hidden: true });
  const totals = h("section", { class: "card", "aria-labelledby": "totals-h" });
  const logList = h("ul", { class: "logs", id: "today-logs" });

  function showOutcome(action, result) {
    const earned = result && typeof result.points_awarded === "number" ? result.points_awarded : 0;
    notice(outcome, `${action.label}: +${points(earned)}`);
    if (result && result.possible_duplicate) {
      notice(warning, `This ${action.kind} looks like one you logged minutes ago. If it was a double tap, delete one below.`, "warn");
    } else {
      notice(warning, "");
    }
  }

  async function refreshLogs() {
    const rows = await allPages(`/api/logs/?date_from=${today}&date_to=${today}&page_size=100`, 3);
    drawLogs(rows);
  }

  function drawLogs(rows) {
    logs.splice(0, logs.length, ...rows);
    drawTotals();
    logList.replaceChildren(
      ...(rows.length
        ? rows.map((log) => logRow(log))
        : [h("li", { class: "empty" }, "Nothing logged yet today.")]),
    );
  }

  function logText(log) {
    const parts = [TYPE_NAMES[log.type] || log.type];
    if (log.notes) parts.push(log.notes);
    if (log.estimated_calories !== null && log.estimated_calories !== undefined) parts.push(`${log.estimated_calories} kcal`);
    if (log.estimated_protein !== null && log.estimated_protein !== undefined) parts.push(`${Number(log.estimated_protein)} g protein`);
    return parts.join(" · ");
  }

  function logRow(log) {
    const text = logText(log);
    const remove = h("button", { type: "button", class: "quiet small", "aria-label": `Delete ${text}` }, "Delete");
    remove.addEventListener("click", async () => {
      remove.disabled = true;
      try {
        await api(`/api/logs/${log.id}/`, { method: "DELETE" });
        notice(outcome, `Deleted: ${text}`);
        await refreshLogs();
      } catch (error) {
        remove.disabled = false;
        notice(warning, errorText(error), "error");
      }
    });
    return h(
      "li",
      { "data-log": log.id },
      log.photo_url ? h("img", { src: log.photo_url, alt: `Photo of ${log.notes || "the meal"}`, class: "thumb", width: 48, height: 48 }) : null,
      h("span", { class: "what" }, text),
      remove,
    );
  }

  function drawTotals() {
    const meals = logs.filter((log) => log.type === "meal");
    const calories = meals.reduce((sum, log) => sum + (log.estimated_calories || 0), 0);
    const protein = meals.reduce((sum, log) => sum + Number(log.estimated_protein || 0), 0);
    const targets = profile.targets || {};
    totals.replaceChildren(
      h("h2", { id: "totals-h" }, "Eaten today"),
      meter("Calories", calories, targets.calories, "kcal"),
      meter("Protein", Math.round(protein), targets.protein, "g"),
      h("p", { class: "muted" }, `Water ${logs.filter((l) => l.type === "water").length}× · Training ${logs.filter((l) => l.type === "training").length}×`),
    );
  }

  // Every action: queued with its Idempotency-Key, sent now when online.
  async function act(action, button) {
    if (button) button.disabled = true;
    try {
      await queue.enqueue(action);
      if (!navigator.onLine) notice(outcome, `${action.label}: saved on this phone, will be sent when you are back online.`);
    } finally {
      if (button) button.disabled = false;
    }
  }

  const onDone = (event) => {
    if (!outcome.isConnected) {
      document.removeEventListener("gymintel:done", onDone);
      return;
    }
    const { action, result } = event.detail;
    showOutcome(action, result);
    if (action.kind === "check-in") return;
    refreshLogs().catch(() => {});
  };
  const onRefused = (event) => {
    if (!outcome.isConnected) {
      document.removeEventListener("gymintel:refused", onRefused);
      return;
    }
    const { action, error } = event.detail;
    notice(warning, `${action.label} was not saved: ${errorText(error)}`, "error");
  };
  document.addEventListener("gymintel:done", onDone);
  document.addEventListener("gymintel:refused", onRefused);

  const water = h("button", { type: "button", class: "big" }, "Log water");
  water.addEventListener("click", () => act({ kind: "water", label: "Water", path: "/api/logs/", json: { type: "water" } }, water));
  const training = h("button", { type: "button", class: "big" }, "Log training");
  training.addEventListener("click", () => act({ kind: "training", label: "Training", path: "/api/logs/", json: { type: "training" } }, training));

  drawLogs(logs);

  return [
    h("h1", {}, "Today"),
    h("p", { class: "muted" }, longDate(today)),
    outcome,
    warning,
    h("section", { class: "card quick", "aria-labelledby": "quick-h" }, h("h2", { id: "quick-h" }, "Quick log"), h("div", { class: "row" }, water, training)),
    totals,
    mealForm(act, app),
    savedMeals(meals, act),
    h("section", { class: "card", "aria-labelledby": "logs-h" }, h("h2", { id: "logs-h" }, "Logged today"), logList),
    weighIn(act),
  ];
}

function meter(name, value, target, suffix) {
  const bar = h("span", { class: "fill" });
  const share = target ? Math.min(1, value / target) : 0;
  bar.style.width = `${Math.round(share * 100)}%`;
  if (target && value > target * 1.1) bar.classList.add("over");
  const label = target ? `${name}: ${value} of ${target} ${suffix}` : `${name}: ${value} ${suffix} (no target set by your coach)`;
  return h("div", { class: "meter" }, h("p", {}, label), h("span", { class: "track", "aria-hidden": "true" }, bar));
}

function mealForm(act, app) {
  const status = h("p", { class: "outcome", role: "status", hidden: true });
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const name = h("input", { id: "meal-name", name: "name", type: "text", maxlength: 500, autocomplete: "off" });
  const calories = h("input", { id: "meal-calories", name: "calories", type: "number", min: 0, max: 5000, inputmode: "numeric" });
  const protein = h("input", { id: "meal-protein", name: "protein", type: "number", min: 0, max: 500, step: "0.1", inputmode: "decimal" });
  const photo = h("input", { id: "meal-photo", name: "photo", type: "file", accept: "image/jpeg,image/png,image/webp" });
  const estimate = h("button", { type: "button", class: "secondary" }, "Estimate from photo");
  const save = h("button", { type: "submit", class: "primary" }, "Save meal");

  estimate.addEventListener("click", async () => {
    notice(error, "");
    const file = photo.files[0];
    if (!file) {
      notice(error, "Choose a photo of the meal first.", "error");
      photo.focus();
      return;
    }
    const form = new FormData();
    form.append("photo", file);
    if (name.value.trim()) form.append("note", name.value.trim());
    estimate.disabled = true;
    notice(status, "Asking the AI coach about your photo…");
    try {
      const answer = await api("/api/ai/meal-estimate/", { method: "POST", form });
      name.value = answer.description || name.value;
      calories.value = answer.estimated_calories ?? "";
      protein.value = answer.estimated_protein ?? "";
      if (app.profile.ai_quota) app.profile.ai_quota.remaining = answer.remaining;
      notice(status, `Estimated: ${answer.description}. Check the numbers, correct them if needed, then save. ${answer.remaining} AI answers left today.`);
      name.focus();
    } catch (failure) {
      notice(status, "");
      notice(error, estimateError(failure, app), "error");
    } finally {
      estimate.disabled = false;
    }
  });

  const form = h(
    "form",
    { class: "card meal", "aria-labelledby": "meal-h", novalidate: true },
    h("h2", { id: "meal-h" }, "Add a meal"),
    h("label", { for: "meal-name" }, "Meal"),
    name,
    h("div", { class: "row" },
      h("div", {}, h("label", { for: "meal-calories" }, "Calories"), calories),
      h("div", {}, h("label", { for: "meal-protein" }, "Protein (g)"), protein)),
    h("label", { for: "meal-photo" }, "Photo"),
    photo,
    h("p", { class: "hint", id: "photo-hint" }, "Optional. The AI can estimate calories and protein from it."),
    h("div", { class: "row" }, estimate, save),
    status,
    error,
  );
  photo.setAttribute("aria-describedby", "photo-hint");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    notice(error, "");
    const label = name.value.trim() || "Meal";
    if (calories.value !== "" && !(Number(calories.value) >= 0 && Number(calories.value) <= 5000)) {
      notice(error, "Calories must be between 0 and 5,000.", "error");
      calories.focus();
      return;
    }
    if (protein.value !== "" && !(Number(protein.value) >= 0 && Number(protein.value) <= 500)) {
      notice(error, "Protein must be between 0 and 500 g.", "error");
      protein.focus();
      return;
    }
    const fields = { type: "meal", notes: name.value.trim() };
    if (calories.value !== "") fields.estimated_calories = Math.round(Number(calories.value));
    if (protein.value !== "") fields.estimated_protein = Number(protein.value);
    const file = photo.files[0];
    const action = { kind: "meal", label: `Meal${label === "Meal" ? "" : ` ${label}`}`, path: "/api/logs/" };
    if (file) action.fields = [...Object.entries(fields).map(([k, v]) => [k, String(v)]), ["photo", file]];
    else action.json = fields;
    form.reset();
    await act(action, save);
  });
  return form;
}

function estimateError(error, app) {
  if (error instanceof ApiError && error.status === 429) {
    return `You have used today's AI answers. ${error.detail}`;
  }
  if (error instanceof ApiError && error.status === 503) {
    return "The AI coach is unavailable right now, so nothing was estimated and nothing was used from your daily answers. Enter the numbers yourself or try again later.";
  }
  return errorText(error);
}

function savedMeals(meals, act) {
  const section = h("section", { class: "card", "aria-labelledby": "saved-h" }, h("h2", { id: "saved-h" }, "Saved meals"));
  if (!meals.length) {
    section.append(h("p", { class: "muted" }, "No saved meals yet. Your coach or the staff pages can add some."));
    return section;
  }
  const list = h("ul", { class: "shortcuts" });
  for (const meal of meals) {
    const detail = [meal.estimated_calories !== null ? `${meal.estimated_calories} kcal` : null, meal.estimated_protein !== null ? `${Number(meal.estimated_protein)} g protein` : null].filter(Boolean).join(", ");
    const button = h("button", { type: "button", class: "shortcut" }, h("span", {}, `Log ${meal.name}`), detail ? h("small", {}, detail) : null);
    button.addEventListener("click", () => act({ kind: "meal", label: `Meal ${meal.name}`, path: "/api/logs/", json: { type: "meal", meal_id: meal.id } }, button));
    list.append(h("li", {}, button));
  }
  section.append(list);
  return section;
}

function weighIn(act) {
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const suffix = unit();
  const weight = h("input", { id: "weight", name: "weight", type: "number", step: "0.1", min: suffix === "lb" ? 44 : 20, max: suffix === "lb" ? 880 : 400, inputmode: "decimal" });
  const save = h("button", { type: "submit", class: "primary" }, "Save check-in");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "weigh-h", novalidate: true },
    h("h2", { id: "weigh-h" }, "Weekly weigh-in"),
    h("label", { for: "weight" }, `Weight (${suffix})`),
    weight,
    save,
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    notice(error, "");
    const value = Number(weight.value);
    if (!weight.value || !(value > 0)) {
      notice(error, "Enter your weight.", "error");
      weight.focus();
      return;
    }
    const kg = toKg(value);
    form.reset();
    // Labelled as typed (a kg value shown back in lb would drift by a rounding).
    await act({ kind: "check-in", label: `Check-in ${value} ${suffix}`, path: "/api/checkins/", json: { weight: kg } }, save);
  });
  return form;
}
