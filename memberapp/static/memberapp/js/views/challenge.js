// Challenge: join, my standing and rank, streak, and the leaderboard, which loads the next
// page as the member scrolls near its end (or presses "Show more").

import { api, ApiError, relative } from "../api.js";
import { errorText, h, notice, points, shortDate, todayIn } from "../ui.js";

const PAGE_SIZE = 25;

function current(challenges, today) {
  return challenges.find((c) => c.starts_on <= today && today <= c.ends_on) || challenges[0] || null;
}

export async function render(app) {
  const today = todayIn(app.profile.gym.timezone);
  const challenges = (await api("/api/challenges/")).results;
  const challenge = current(challenges, today);
  if (!challenge) {
    return [h("h1", {}, "Challenge"), h("p", {}, "Your gym has no challenge at the moment.")];
  }
  const status = h("p", { class: "outcome", role: "status", hidden: true });
  const heading = [
    h("h1", {}, "Challenge"),
    h("p", { class: "lead" }, challenge.name),
    h("p", { class: "muted" }, `${shortDate(challenge.starts_on)} – ${shortDate(challenge.ends_on)}`),
    status,
  ];
  if (!challenge.joined) {
    const join = h("button", { type: "button", class: "primary big" }, "Join the challenge");
    join.addEventListener("click", async () => {
      join.disabled = true;
      try {
        await api(`/api/challenges/${challenge.id}/join/`, { method: "POST" });
        app.go(location.pathname);
      } catch (error) {
        join.disabled = false;
        notice(status, errorText(error), "error");
      }
    });
    return [...heading, rulesCard(challenge), h("div", { class: "card" }, h("p", {}, "Join to earn points for every meal, training, water and weigh-in."), join)];
  }
  const me = await api(`/api/challenges/${challenge.id}/me/`);
  return [...heading, standingCard(me), leaderboard(challenge, app.profile.id), rulesCard(challenge)];
}

function standingCard(me) {
  const streak = me.current_streak === 1 ? "1 day" : `${me.current_streak} days`;
  return h(
    "section",
    { class: "card standing", "aria-labelledby": "standing-h" },
    h("h2", { id: "standing-h" }, "My standing"),
    h("dl", { class: "stats" },
      h("div", {}, h("dt", {}, "Rank"), h("dd", {}, `#${me.rank}`)),
      h("div", {}, h("dt", {}, "Points"), h("dd", {}, String(me.total_points))),
      h("div", {}, h("dt", {}, "Streak"), h("dd", {}, streak))),
    h("p", { class: "muted" },
      `Meals ${me.points.meal} · Training ${me.points.training} · Water ${me.points.water} · Check-ins ${me.points.checkin} · Streak bonus ${me.streak_points}`),
  );
}

function rulesCard(challenge) {
  const p = challenge.rules.points;
  const cap = challenge.rules.daily_cap;
  return h(
    "details",
    { class: "card" },
    h("summary", {}, "How points work"),
    h("ul", {},
      h("li", {}, `Meal ${points(p.meal)} (up to ${cap.meal} a day)`),
      h("li", {}, `Training ${points(p.training)} (up to ${cap.training} a day)`),
      h("li", {}, `Water ${points(p.water)} (up to ${cap.water} a day)`),
      h("li", {}, `Weigh-in ${points(p.checkin)} (up to ${cap.checkin} a day)`),
      h("li", {}, `Streak bonus ${points(challenge.rules.streak_bonus)} on each active day`)),
  );
}

function leaderboard(challenge, myId) {
  const list = h("ol", { class: "board", id: "leaderboard", "aria-labelledby": "board-h" });
  const more = h("button", { type: "button", class: "secondary" }, "Show more");
  const status = h("p", { class: "muted", role: "status" });
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  let next = `/api/challenges/${challenge.id}/leaderboard/?page_size=${PAGE_SIZE}`;
  let loading = false;
  let observer = null;

  async function load() {
    if (!next || loading) return;
    loading = true;
    more.disabled = true;
    try {
      const page = await api(next);
      for (const row of page.results) list.append(rowItem(row, myId));
      next = page.next ? relative(page.next) : null;
      status.textContent = `Showing ${list.children.length} of ${page.count} members`;
    } catch (error) {
      status.textContent = error instanceof ApiError || error instanceof TypeError ? errorText(error) : "";
    } finally {
      loading = false;
      more.disabled = false;
      more.hidden = !next;
      if (!next && observer) observer.disconnect();
    }
  }

  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load();
    }, { rootMargin: "400px" });
    observer.observe(sentinel);
  }
  more.addEventListener("click", load);
  load();
  return h("section", { class: "card", "aria-labelledby": "board-h" }, h("h2", { id: "board-h" }, "Leaderboard"), list, sentinel, status, more);
}

function rowItem(row, myId) {
  const mine = row.member.id === myId;
  const avatar = row.member.avatar_url
    ? h("img", { src: row.member.avatar_url, alt: "", class: "avatar", width: 36, height: 36, loading: "lazy" })
    : h("span", { class: "avatar initials", "aria-hidden": "true" }, initials(row.member.name));
  const streak = row.current_streak === 1 ? "1-day streak" : `${row.current_streak}-day streak`;
  return h(
    "li",
    { class: mine ? "me" : null, "aria-current": mine ? "true" : null, "data-member": row.member.id },
    h("span", { class: "rank" }, `#${row.rank}`),
    avatar,
    h("span", { class: "who" }, h("span", { class: "name" }, mine ? `${row.member.name} (you)` : row.member.name), row.current_streak ? h("small", {}, streak) : null),
    h("span", { class: "pts" }, `${row.total_points} pts`),
  );
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}
