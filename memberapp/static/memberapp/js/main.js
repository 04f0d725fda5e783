// Boot, sign-in and the router. Every view is a module exporting render(main, app).

import { api, login, logout, restore, whenSignedOut } from "./api.js";
import * as queue from "./queue.js";
import { announce, errorText, h, points } from "./ui.js";
import * as today from "./views/today.js";
import * as challenge from "./views/challenge.js";
import * as coach from "./views/coach.js";
import * as progress from "./views/progress.js";
import * as profile from "./views/profile.js";

const ROUTES = {
  "/app/today": { view: today, title: "Today" },
  "/app/challenge": { view: challenge, title: "Challenge" },
  "/app/coach": { view: coach, title: "AI coach" },
  "/app/progress": { view: progress, title: "Progress" },
  "/app/profile": { view: profile, title: "Profile" },
};

const main = document.getElementById("main");
const bar = document.getElementById("bar");
const tabs = document.getElementById("tabs");
const queueStatus = document.getElementById("queue");

// What every view shares: the profile (gym, targets, quota) and a way to reload it.
const app = {
  profile: null,
  async reloadProfile() {
    app.profile = await api("/api/member/profile/");
    showBrand();
    return app.profile;
  },
  go: navigate,
};

function showBrand() {
  const { gym } = app.profile;
  document.getElementById("gym-name").textContent = gym.name;
  const logo = document.getElementById("gym-logo");
  if (gym.logo_url) {
    logo.src = gym.logo_url;
    logo.hidden = false;
  } else {
    logo.hidden = true;
  }
}

function routeFor(path) {
  return ROUTES[path.replace(/\/+$/, "")] || ROUTES["/app/today"];
}

let renderToken = 0;

async function render({ focus = false } = {}) {
  const route = routeFor(location.pathname);
  const token = ++renderToken;
  document.title = `${route.title} · GymIntel`;
  for (const link of tabs.querySelectorAll("a")) {
    if (routeFor(link.getAttribute("href")) === route) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  main.replaceChildren(h("h1", {}, route.title), h("p", { class: "loading" }, "Loading…"));
  try {
    const content = await route.view.render(app);
    if (token !== renderToken) return;
    main.replaceChildren(...content);
  } catch (error) {
    if (token !== renderToken) return;
    main.replaceChildren(h("h1", {}, route.title), h("p", { role: "alert", class: "error" }, errorText(error)));
  }
  const heading = main.querySelector("h1");
  if (focus && heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

function navigate(path) {
  if (path !== location.pathname) history.pushState({}, "", path);
  render({ focus: true });
}

tabs.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-nav]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", () => render({ focus: true }));

async function showQueue(count) {
  const n = count === undefined ? await queue.count() : count;
  queueStatus.textContent = n === 0 ? "" : n === 1 ? "1 action waiting" : `${n} actions waiting`;
  queueStatus.hidden = n === 0;
}

queue.on("count", showQueue);
queue.on("done", (action, result) => {
  const earned = result && typeof result.points_awarded === "number" ? result.points_awarded : null;
  if (earned !== null) announce(`${action.label}: ${points(earned)} earned.`);
  document.dispatchEvent(new CustomEvent("gymintel:done", { detail: { action, result } }));
});
queue.on("refused", (action, error) => {
  document.dispatchEvent(new CustomEvent("gymintel:refused", { detail: { action, error } }));
  announce(`${action.label} was refused: ${errorText(error)}`);
});

function signInScreen(message) {
  bar.hidden = true;
  tabs.hidden = true;
  document.title = "Sign in · GymIntel";
  const error = h("p", { role: "alert", class: "error", id: "signin-error" }, message || "");
  const email = h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true, inputmode: "email" });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const button = h("button", { type: "submit", class: "primary" }, "Log in");
  const form = h(
    "form",
    { class: "card signin", novalidate: true },
    h("label", { for: "email" }, "Email"),
    email,
    h("label", { for: "password" }, "Password"),
    password,
    button,
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (!email.value || !password.value) {
      error.textContent = "Enter your email and password.";
      return;
    }
    button.disabled = true;
    try {
      await login(email.value.trim(), password.value);
      password.value = "";
      await start();
    } catch (failure) {
      error.textContent = errorText(failure);
      button.disabled = false;
      password.focus();
    }
  });
  main.replaceChildren(
    h("h1", {}, "Sign in to GymIntel"),
    h("p", {}, "Members: use the email and password your gym gave you."),
    form,
    h("p", { class: "staff-link" }, "Coach or gym staff? ", h("a", { href: "/accounts/login/" }, "Staff sign-in")),
  );
  email.focus();
}

async function start() {
  try {
    await app.reloadProfile();
  } catch (error) {
    if (error && error.status === 403) {
      await logout();
      signInScreen("This app is for members. Staff sign in on the staff pages.");
      return;
    }
    throw error;
  }
  bar.hidden = false;
  tabs.hidden = false;
  if (!ROUTES[location.pathname.replace(/\/+$/, "")]) history.replaceState({}, "", "/app/today");
  await render();
  showQueue();
  queue.flush();
}

document.getElementById("logout").addEventListener("click", async () => {
  await logout();
  app.profile = null;
  history.replaceState({}, "", "/app/");
  signInScreen();
});

whenSignedOut(() => {
  if (app.profile) {
    app.profile = null;
    signInScreen("Your session ended. Sign in again.");
  }
});

async function boot() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => {});
  }
  let session;
  try {
    session = await restore();
  } catch {
    const waiting = await queue.count().catch(() => 0);
    main.replaceChildren(
      h("h1", {}, "You are offline"),
      h("p", { role: "alert" }, "GymIntel needs a connection to sign you in. Actions you took earlier are kept and will be sent when you are back online."),
      waiting ? h("p", { class: "queue" }, waiting === 1 ? "1 action waiting" : `${waiting} actions waiting`) : null,
    );
    window.addEventListener("online", boot, { once: true });
    return;
  }
  if (session) await start();
  else signInScreen();
}

boot();
