// Small DOM helpers: elements built with textContent (never HTML from data), the live
// region that announces points and outcomes, dates in the gym's timezone, weight units.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

// Screen readers hear it; it is also shown briefly for sighted members where `visible` is.
export function announce(message) {
  const region = document.getElementById("announce");
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

// A visible message area: role="status" for outcomes, role="alert" for errors.
export function notice(el, message, kind = "ok") {
  el.textContent = message;
  el.dataset.kind = kind;
  el.hidden = !message;
}

export function todayIn(timezone, offsetDays = 0) {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

export function addDays(iso, days) {
  const date = new Date(`${iso}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function longDate(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
}

export function shortDate(iso) {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

export function timeIn(isoDateTime, timezone) {
  return new Date(isoDateTime).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: timezone });
}

const KG_PER_LB = 0.45359237;

export function unit() {
  return localStorage.getItem("gymintel.unit") === "lb" ? "lb" : "kg";
}

export function setUnit(value) {
  localStorage.setItem("gymintel.unit", value === "lb" ? "lb" : "kg");
}

export function showWeight(kg) {
  const value = unit() === "lb" ? Number(kg) / KG_PER_LB : Number(kg);
  return `${value.toFixed(1)} ${unit()}`;
}

export function toKg(value) {
  const number = Number(value);
  return unit() === "lb" ? Math.round(number * KG_PER_LB * 10) / 10 : number;
}

export function points(n) {
  return n === 1 ? "1 point" : `${n} points`;
}

export function errorText(error) {
  if (error && error.detail) return error.detail;
  return "No connection. Try again when you are back online.";
}
