// Profile: name and goal (PATCH), avatar upload, the gym and its logo, and how weights are
// shown (kg or lb, kept on this phone; the API always speaks kg). Log out is in the top bar.

import { api } from "../api.js";
import { errorText, h, notice, setUnit, unit } from "../ui.js";

export async function render(app) {
  const profile = await app.reloadProfile();
  const status = h("p", { class: "outcome", role: "status", hidden: true });
  const error = h("p", { class: "error", role: "alert", hidden: true });

  const avatar = profile.avatar_url
    ? h("img", { src: profile.avatar_url, alt: "Your avatar", class: "avatar big", width: 96, height: 96 })
    : h("span", { class: "avatar big initials", "aria-hidden": "true" }, profile.name.slice(0, 1).toUpperCase());
  const file = h("input", { id: "avatar", name: "image", type: "file", accept: "image/jpeg,image/png,image/webp" });
  const upload = h("button", { type: "submit", class: "secondary" }, "Upload avatar");
  const avatarForm = h("form", { class: "card", "aria-labelledby": "avatar-h" },
    h("h2", { id: "avatar-h" }, "Avatar"), avatar, h("label", { for: "avatar" }, "New avatar photo"), file, upload);
  avatarForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    notice(error, "");
    if (!file.files[0]) {
      notice(error, "Choose a photo first.", "error");
      return;
    }
    const form = new FormData();
    form.append("image", file.files[0]);
    upload.disabled = true;
    try {
      await api("/api/member/avatar/", { method: "POST", form });
      notice(status, "Avatar updated.");
      app.go(location.pathname);
    } catch (failure) {
      notice(error, errorText(failure), "error");
    } finally {
      upload.disabled = false;
    }
  });

  const name = h("input", { id: "name", name: "name", type: "text", maxlength: 120, value: profile.name, autocomplete: "name", required: true });
  const goal = h("input", { id: "goal", name: "goal", type: "text", maxlength: 200, value: profile.goal || "" });
  const save = h("button", { type: "submit", class: "primary" }, "Save profile");
  const details = h("form", { class: "card", "aria-labelledby": "me-h", novalidate: true },
    h("h2", { id: "me-h" }, "About me"),
    h("label", { for: "name" }, "Name"), name,
    h("label", { for: "goal" }, "Goal"), goal,
    h("p", { class: "muted" }, `Signed in as ${profile.email}`),
    save);
  details.addEventListener("submit", async (event) => {
    event.preventDefault();
    notice(error, "");
    if (!name.value.trim()) {
      notice(error, "Your name cannot be empty.", "error");
      name.focus();
      return;
    }
    save.disabled = true;
    try {
      app.profile = await api("/api/member/profile/", { method: "PATCH", json: { name: name.value.trim(), goal: goal.value.trim() } });
      notice(status, "Profile saved.");
    } catch (failure) {
      notice(error, errorText(failure), "error");
    } finally {
      save.disabled = false;
    }
  });

  const units = h("fieldset", { class: "card units" }, h("legend", {}, "Show weights in"));
  for (const [value, text] of [["kg", "Kilograms (kg)"], ["lb", "Pounds (lb)"]]) {
    const radio = h("input", { type: "radio", name: "unit", id: `unit-${value}`, value, checked: unit() === value });
    radio.addEventListener("change", () => {
      setUnit(value);
      notice(status, `Weights are now shown in ${value}.`);
    });
    units.append(h("div", { class: "choice" }, radio, h("label", { for: `unit-${value}` }, text)));
  }

  const { gym } = profile;
  const targets = profile.targets || {};
  const gymCard = h("section", { class: "card gym", "aria-labelledby": "gym-h" },
    h("h2", { id: "gym-h" }, "My gym"),
    gym.logo_url ? h("img", { src: gym.logo_url, alt: `${gym.name} logo`, class: "gym-logo", width: 96, height: 96 }) : null,
    h("p", { class: "lead" }, gym.name),
    h("p", { class: "muted" }, `Membership: ${profile.subscription_status}`),
    h("p", {}, `Targets from your coach: ${targets.calories ? `${targets.calories} kcal` : "no calorie target"}, ${targets.protein ? `${targets.protein} g protein` : "no protein target"} a day.`));

  return [h("h1", {}, "Profile"), status, error, details, avatarForm, units, gymCard];
}
