// Actions the member takes (logs, check-ins) wait here, in IndexedDB, until the server has
// answered them. Each gets its Idempotency-Key when it is created, so a send that reached
// the server but whose answer was lost is answered from the first one when sent again:
// exactly once. Sent strictly in order; a refusal (4xx) is reported and dropped; a server
// error or a lost connection stops the run and retries later with back-off.

import { api, ApiError } from "./api.js";

const DB = "gymintel-app";
const STORE = "actions";
const MAX_DELAY_MS = 60_000;

let dbPromise = null;
let running = null;
let failures = 0;
let timer = null;
const listeners = { count: [], done: [], refused: [] };

export function on(event, callback) {
  listeners[event].push(callback);
}

function emit(event, ...args) {
  for (const callback of listeners[event]) callback(...args);
}

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return dbPromise;
}

async function tx(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const result = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(result.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function count() {
  return tx("readonly", (store) => store.count());
}

async function first() {
  const db = await open();
  return new Promise((resolve, reject) => {
    const request = db.transaction(STORE, "readonly").objectStore(STORE).openCursor();
    request.onsuccess = () => resolve(request.result ? request.result.value : null);
    request.onerror = () => reject(request.error);
  });
}

async function remove(seq) {
  await tx("readwrite", (store) => store.delete(seq));
  emit("count", await count());
}

// action: {kind, label, path, json?, fields?: [[name, value or Blob]]}
export async function enqueue(action) {
  const stored = { ...action, key: newKey(), createdAt: new Date().toISOString() };
  await tx("readwrite", (store) => store.add(stored));
  emit("count", await count());
  return flush();
}

function send(action) {
  const headers = { "Idempotency-Key": action.key };
  if (action.fields) {
    const form = new FormData();
    for (const [name, value] of action.fields) form.append(name, value);
    return api(action.path, { method: "POST", form, headers });
  }
  return api(action.path, { method: "POST", json: action.json, headers });
}

// Sends what waits, in order; one run at a time.
export function flush() {
  if (!running) {
    running = run().finally(() => {
      running = null;
    });
  }
  return running;
}

async function run() {
  clearTimeout(timer);
  for (;;) {
    const action = await first();
    if (!action) {
      failures = 0;
      return;
    }
    try {
      const result = await send(action);
      failures = 0;
      await remove(action.seq);
      emit("done", action, result);
    } catch (error) {
      const refused = error instanceof ApiError && error.status >= 400 && error.status < 500
        && error.status !== 401 && error.status !== 408 && error.status !== 429;
      if (refused) {
        await remove(action.seq);
        emit("refused", action, error);
        continue;
      }
      if (error instanceof ApiError && error.status === 401) {
        return; // signed out: the actions wait for the next sign-in, which flushes them
      }
      failures += 1;
      const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(failures, 6));
      timer = setTimeout(flush, delay);
      return;
    }
  }
}

window.addEventListener("online", () => {
  failures = 0;
  flush();
});
