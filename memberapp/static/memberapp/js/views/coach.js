// AI coach: the conversation (history from the API, oldest first), answers left today and
// when they reset, and clear messages at the daily limit (429) and when the AI is down (503).

import { api, ApiError, relative } from "../api.js";
import { errorText, h, notice, timeIn } from "../ui.js";

export async function render(app) {
  const tz = app.profile.gym.timezone;
  const first = await api("/api/ai/history/?page_size=20");
  const quota = { ...app.profile.ai_quota };

  const log = h("div", { role: "log", "aria-label": "Conversation with your AI coach", class: "chat", id: "chat", tabindex: 0 });
  // History pages come newest first; each older page goes above what is shown.
  let older = first.next ? relative(first.next) : null;
  const earlier = h("button", { type: "button", class: "secondary", hidden: !older }, "Show earlier messages");
  function prepend(rows) {
    const items = rows.slice().reverse().flatMap((item) => [bubble("me", item.message), bubble("coach", item.reply)]);
    log.prepend(...items);
  }
  earlier.addEventListener("click", async () => {
    earlier.disabled = true;
    try {
      const page = await api(older);
      prepend(page.results);
      older = page.next ? relative(page.next) : null;
    } finally {
      earlier.disabled = false;
      earlier.hidden = !older;
    }
  });
  prepend(first.results);
  if (!first.results.length) log.append(h("p", { class: "muted" }, "Ask about meals, training or recovery. Your coach answers with your goal and targets in mind."));

  const left = h("p", { class: "quota", id: "quota" });
  function showQuota() {
    const reset = quota.resets_at ? ` Resets at ${timeIn(quota.resets_at, tz)}.` : "";
    left.textContent = `${quota.remaining} of ${quota.limit} answers left today.${reset}`;
  }
  showQuota();

  const error = h("p", { class: "error", role: "alert", hidden: true });
  const question = h("textarea", { id: "ask", name: "message", rows: 3, maxlength: 2000, required: true });
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const form = h("form", { class: "ask", novalidate: true },
    h("label", { for: "ask" }, "Ask your coach"), question, send, error);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    notice(error, "");
    const message = question.value.trim();
    if (!message) {
      notice(error, "Write a question first.", "error");
      question.focus();
      return;
    }
    send.disabled = true;
    log.append(bubble("me", message));
    const waiting = bubble("coach pending", "Thinking…");
    log.append(waiting);
    waiting.scrollIntoView({ block: "end" });
    try {
      const answer = await api("/api/ai/chat/", { method: "POST", json: { message } });
      waiting.replaceWith(bubble("coach", answer.reply));
      quota.remaining = answer.remaining;
      question.value = "";
    } catch (failure) {
      waiting.remove();
      if (failure instanceof ApiError && failure.status === 429) {
        quota.remaining = 0;
        if (failure.body.resets_at) quota.resets_at = failure.body.resets_at;
        notice(error, `You have used all of today's answers. They come back at ${timeIn(quota.resets_at, tz)}.`, "error");
      } else if (failure instanceof ApiError && failure.status === 503) {
        notice(error, "The AI coach is unavailable right now. Nothing was used from today's answers; try again in a few minutes.", "error");
      } else {
        notice(error, errorText(failure), "error");
      }
    } finally {
      send.disabled = false;
      app.profile.ai_quota = { ...quota };
      showQuota();
      log.scrollTop = log.scrollHeight;
    }
  });

  requestAnimationFrame(() => {
    log.scrollTop = log.scrollHeight;
  });
  return [h("h1", {}, "AI coach"), left, earlier, log, form];
}

function bubble(who, text) {
  const mine = who === "me";
  return h("div", { class: `bubble ${who}` }, h("span", { class: "visually-hidden" }, mine ? "You: " : "Coach: "), text);
}
