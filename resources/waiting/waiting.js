// SPDX-License-Identifier: Apache-2.0
// The waiting page: joins once, keeps the ticket in localStorage, asks for its place when the
// server says to (pollAfterMs, or Retry-After when busy) with jitter, backs off when the
// network is gone, and when admitted claims its token (an HttpOnly cookie set by the server)
// and goes on. Nothing here decides anything: admission is decided and signed on the server,
// and the gate in front of the site checks the signature. No third-party scripts.
// Proof of work: before joining it asks for a challenge (GET /api/v1/join/challenge) and
// solves it in a Web Worker (pow-worker.js), showing progress; a refused solution's answer
// carries a fresh challenge. A server that asks for none (204, or 404 before the feature)
// gets a plain join as before. The device cookie the server sets at join is HttpOnly: this
// script never sees it, the browser sends it.
// Language and time (issue 17): Korean or English, from a choice remembered in localStorage,
// else navigator.languages (what the browser sends as Accept-Language); every string is in
// TEXT below. Times are shown in the event's zone (the answers' timeZone), named. Long waits
// are rounded to what the range supports: minutes under an hour, hours up to two days, days
// beyond. The pure part (SluiceText) runs in node too (tests/browser/wait_words.mjs).
"use strict";
const SluiceText = (function () {
  const TEXT = {
    en: {
      title: "Waiting room",
      heading: "You are in the queue",
      joining: "Joining the queue…",
      placeLabel: "Your place",
      waitLabel: "Estimated wait",
      note: "Keep this page open. You keep your place if you reload it or lose the connection for a while; opening it in more tabs does not move you forward.",
      rejoin: "Join the queue again",
      preQueued: (when) => "You are in the queue before it opens at " + when + ". Your place is drawn at random then.",
      paused: "Admissions are paused for a moment; you keep your place.",
      waiting: "Waiting for your turn.",
      admitted: "It is your turn. Taking you through…",
      active: "You are through. Taking you there…",
      ended: (state) => "Your place has ended (" + state + ").",
      waitPaused: "paused — your wait resumes when admissions do",
      waitStalled: "unknown — admissions have stopped for now",
      waitNotYet: "unknown — nobody is being admitted yet",
      expected: (when) => "Your turn is expected around " + when + ".",
      checking: "Checking that this is a browser, not a bot farm…",
      busy: "The queue is busy; trying again shortly.",
      joinFailed: (why) => "Could not join the queue (" + (why ?? "check failed") + "); trying again.",
      offline: "You are offline. Your place is kept; this page goes on when you are back.",
      lost: "Connection lost; your place is kept. Retrying…",
      underAMinute: "under a minute",
      // about(unit, low, high): "about 3 to 4 days", "about 1 hour", "up to about 2 hours"
      about: (unit, lo, hi) => {
        const name = (n) => n + " " + unit + (n === 1 ? "" : "s");
        if (lo === 0) return "up to about " + name(hi);
        return lo === hi ? "about " + name(hi) : "about " + lo + " to " + name(hi);
      },
      units: { minute: "minute", hour: "hour", day: "day" },
      range: (a, b) => a + " – " + b,
    },
    ko: {
      title: "대기실",
      heading: "대기열에 들어와 있습니다",
      joining: "대기열에 들어가는 중…",
      placeLabel: "내 순서",
      waitLabel: "예상 대기 시간",
      note: "이 페이지를 열어 두세요. 새로고침하거나 잠시 연결이 끊겨도 순서는 그대로입니다. 여러 탭에서 열어도 순서가 앞당겨지지 않습니다.",
      rejoin: "대기열에 다시 들어가기",
      preQueued: (when) => "열리기 전에 대기열에 들어왔습니다. " + when + "에 열리며, 순서는 그때 무작위로 정해집니다.",
      paused: "입장이 잠시 멈췄습니다. 순서는 그대로입니다.",
      waiting: "차례를 기다리는 중입니다.",
      admitted: "차례가 되었습니다. 이동합니다…",
      active: "입장했습니다. 이동합니다…",
      ended: (state) => "대기가 끝났습니다 (" + state + ").",
      waitPaused: "일시 중지 — 입장이 다시 시작되면 대기도 이어집니다",
      waitStalled: "알 수 없음 — 지금은 입장이 멈춰 있습니다",
      waitNotYet: "알 수 없음 — 아직 아무도 입장하지 않았습니다",
      expected: (when) => "예상 차례: " + when + " 무렵",
      checking: "자동 프로그램이 아닌 브라우저인지 확인하는 중…",
      busy: "대기열이 붐빕니다. 곧 다시 시도합니다.",
      joinFailed: (why) => "대기열에 들어가지 못했습니다 (" + (why ?? "확인 실패") + "). 다시 시도합니다.",
      offline: "오프라인 상태입니다. 순서는 그대로이며, 다시 연결되면 이어서 진행됩니다.",
      lost: "연결이 끊겼습니다. 순서는 그대로입니다. 다시 시도하는 중…",
      underAMinute: "1분 미만",
      about: (unit, lo, hi) => (lo === 0 ? "최대 약 " + hi + unit
        : lo === hi ? "약 " + hi + unit : "약 " + lo + "~" + hi + unit),
      units: { minute: "분", hour: "시간", day: "일" },
      range: (a, b) => a + " ~ " + b,
    },
  };
  const LANGUAGES = Object.keys(TEXT);

  // The stored choice if any, else the first of the browser's languages we speak, else English.
  function pickLanguage(stored, languages) {
    if (LANGUAGES.includes(stored)) return stored;
    for (const l of languages || []) {
      const base = String(l).toLowerCase().split("-")[0];
      if (LANGUAGES.includes(base)) return base;
    }
    return "en";
  }

  // A wait of low..high seconds rounded to what it supports: {unit, lo, hi}, lo 0 meaning
  // "up to". Minutes under an hour (to 5 above 10), hours up to two days, days beyond.
  function roundWait(low, high) {
    high = Math.max(0, high);
    low = Math.max(0, Math.min(low, high));
    if (high < 60) return { unit: "under" };
    const m = (s) => { const v = s / 60; return v <= 10 ? Math.round(v) : 5 * Math.round(v / 5); };
    let unit = "day", round = (s) => Math.round(s / 86400);
    if (m(high) < 60) [unit, round] = ["minute", m];
    else if (high < 48 * 3600) [unit, round] = ["hour", (s) => Math.round(s / 3600)];
    const hi = Math.max(1, round(high));
    return { unit, lo: Math.min(round(low), hi), hi };
  }

  function waitWords(lang, low, high) {
    const t = TEXT[lang], r = roundWait(low, high);
    return r.unit === "under" ? t.underAMinute : t.about(t.units[r.unit], r.lo, r.hi);
  }

  // The zone the answers name, if this browser knows it; "UTC" otherwise.
  function usableZone(zone) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone || "UTC" });
      return zone || "UTC";
    } catch (e) {
      return "UTC";
    }
  }

  // "Dec 3, 20:00 (Asia/Seoul)": 24-hour time in the event's zone, named; `parts` adds the
  // date ("date"), or shows the date alone ("day").
  function zoneTime(lang, ms, zone, parts) {
    const z = usableZone(zone);
    const o = { timeZone: z };
    if (parts !== "time") Object.assign(o, { month: "short", day: "numeric" });
    if (parts !== "day") Object.assign(o, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    return new Intl.DateTimeFormat(lang, o).format(new Date(ms));
  }
  function zoneLabel(zone) {
    return "(" + usableZone(zone).replace(/_/g, " ") + ")";
  }

  // When the turn is expected, at the wait's precision: "20:40 – 21:10 (Asia/Seoul)" (to 5
  // minutes, or whole hours; with the date when it is not today there), "Dec 6 ~ Dec 7".
  function expectedAround(lang, now, low, high, zone) {
    const r = roundWait(low, high);
    if (r.unit === "under") return null;
    const step = { minute: 5 * 60000, hour: 3600000, day: 1 }[r.unit];
    const at = (s) => Math.round((now + s * 1000) / step) * step;
    const today = zoneTime(lang, now, zone, "day") === zoneTime(lang, at(high), zone, "day");
    const parts = r.unit === "day" ? "day" : today ? "time" : "date";
    const a = zoneTime(lang, at(low), zone, parts), b = zoneTime(lang, at(high), zone, parts);
    return (a === b ? a : TEXT[lang].range(a, b)) + " " + zoneLabel(zone);
  }

  return { TEXT, LANGUAGES, pickLanguage, roundWait, waitWords, zoneTime, zoneLabel, expectedAround };
})();

if (typeof document !== "undefined") (function () {
  const KEY = "sluice.ticket";
  const LANG_KEY = "sluice.lang";
  const $ = (id) => document.getElementById(id);
  let lang = SluiceText.pickLanguage(localStorage.getItem(LANG_KEY), navigator.languages);
  const shown = {}; // element id → [text key, arguments]: said again when the language changes
  let lastView = null;
  let firstPosition = 0;
  let failures = 0;
  let timer = 0;
  let solver = null; // the worker while a challenge is being solved

  const jitter = (ms) => ms * (0.9 + Math.random() * 0.2);
  // Exponential backoff with full jitter, at most a minute.
  const backoff = () => Math.random() * Math.min(60000, 1000 * 2 ** Math.min(failures, 6));

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(step, Math.max(250, ms));
  }

  function retryAfter(response) {
    const s = Number(response.headers.get("Retry-After"));
    return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
  }

  const text = (key, ...args) => {
    const t = SluiceText.TEXT[lang][key];
    return typeof t === "function" ? t(...args) : t;
  };
  function say(id, key, ...args) {
    shown[id] = [key, args];
    $(id).textContent = text(key, ...args);
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.title = text("title");
    for (const el of document.querySelectorAll("[data-text]")) el.textContent = text(el.dataset.text);
    for (const b of document.querySelectorAll("[data-lang]")) {
      b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    }
    for (const [id, [key, args]] of Object.entries(shown)) $(id).textContent = text(key, ...args);
    if (lastView) show(lastView);
  }

  // The estimate in words when there is no honest figure: a paused room or a wait nobody
  // can know is never shown as a number (the 2021 page showed "89 hours" for a stall).
  function waitText(view) {
    const e = view.estimate;
    if (view.paused) return text("waitPaused");
    if (!e || !e.known) return text(e && e.stalled ? "waitStalled" : "waitNotYet");
    return SluiceText.waitWords(lang, e.low ?? e.seconds, e.high ?? e.seconds);
  }

  function show(view) {
    lastView = view;
    const state = view.state;
    if (view.message) { $("message").textContent = view.message; $("message").hidden = false; }
    const zone = view.timeZone;
    if (state === "pre_queued") {
      const opens = Date.parse(view.opensAt);
      say("state", "preQueued", SluiceText.zoneTime(lang, opens, zone, "date") + " " + SluiceText.zoneLabel(zone));
      $("state").title = view.opensAt; // the UTC instant on hover
    } else if (state === "waiting") {
      say("state", view.paused ? "paused" : "waiting");
    } else {
      say("state", state === "admitted" || state === "active" ? state : "ended", state);
    }
    $("position").textContent = view.position > 0 ? view.position.toLocaleString(lang) : "—";
    $("wait").textContent = state === "waiting" ? waitText(view) : "—";
    const e = view.estimate;
    const around = state === "waiting" && !view.paused && e && e.known
      ? SluiceText.expectedAround(lang, Date.now(), e.low ?? e.seconds, e.high ?? e.seconds, zone) : null;
    $("expected").hidden = !around;
    $("expected").textContent = around ? text("expected", around) : "";
    if (view.position > 0) {
      firstPosition = Math.max(firstPosition, view.position);
      const done = Math.round(100 * (1 - (view.position - 1) / firstPosition));
      $("bar").style.width = done + "%";
      $("progress").setAttribute("aria-valuenow", String(done));
    }
  }

  async function call(method, path, body, headers) {
    const init = { method, headers: headers || {}, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init);
  }

  // One key for this page's join until it succeeds: a join whose answer was lost (a server
  // or network failure after the queue took it) is retried with the same key, and the
  // server answers with the place already taken instead of a second one.
  const JOIN_KEY = "sluice.joinKey";
  function joinKey() {
    let key = sessionStorage.getItem(JOIN_KEY);
    if (!key) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      sessionStorage.setItem(JOIN_KEY, key);
    }
    return key;
  }

  // Solves {challenge, difficulty} in a worker; resolves to {challenge, counter}. Progress is
  // the chance that a solution would have been found by now, so it moves honestly.
  function solve(c) {
    return new Promise((resolve, reject) => {
      if (solver) solver.terminate();
      solver = new Worker("pow-worker.js");
      const expected = 2 ** c.difficulty;
      const started = performance.now();
      say("state", "checking");
      solver.onmessage = (e) => {
        const m = e.data;
        if (m.type === "progress") {
          const done = Math.round(100 * (1 - Math.exp(-m.tries / expected)));
          $("bar").style.width = done + "%";
          $("progress").setAttribute("aria-valuenow", String(done));
          return;
        }
        solver.terminate();
        solver = null;
        if (m.type !== "solved") return reject(new Error(m.message || "the check failed"));
        // Read by tests and by people curious how long it took.
        document.documentElement.dataset.powSolveMs = String(Math.round(performance.now() - started));
        resolve({ challenge: c.challenge, counter: m.counter });
      };
      solver.onerror = (e) => { solver.terminate(); solver = null; reject(e); };
      solver.postMessage({ challenge: c.challenge, difficulty: c.difficulty });
    });
  }

  // The challenge to solve before joining, or null when the server asks for none.
  async function challenge() {
    const r = await call("GET", "/api/v1/join/challenge");
    if (r.status === 200) return r.json();
    if (r.status === 204 || r.status === 404) return null;
    throw r;
  }

  async function join() {
    let offered;
    try {
      offered = await challenge();
    } catch (r) {
      if (!(r instanceof Response)) throw r;
      failures++;
      say("state", "busy");
      return schedule(retryAfter(r) ? jitter(retryAfter(r)) : backoff());
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const body = offered ? { pow: await solve(offered) } : undefined;
      const r = await call("POST", "/api/v1/join", body, { "Idempotency-Key": joinKey() });
      if (r.status === 201) {
        const view = await r.json();
        localStorage.setItem(KEY, view.ticket);
        sessionStorage.removeItem(JOIN_KEY);
        failures = 0;
        $("bar").style.width = "0%";
        show(view);
        return schedule(jitter(view.pollAfterMs || 2000));
      }
      // A refused solution (expired while the tab slept, harder now, …) comes with a new one.
      const refusal = r.status >= 400 && r.status < 500 && r.status !== 429
        ? await r.json().catch(() => null) : null;
      if (!refusal || !refusal.challenge) return joinFailed(r);
      offered = refusal.challenge;
    }
    joinFailed(null);
  }

  function joinFailed(r) {
    failures++;
    if (r && (r.status === 429 || r.status === 503)) say("state", "busy");
    else say("state", "joinFailed", r ? r.status : null);
    schedule(r && retryAfter(r) ? jitter(retryAfter(r)) : backoff());
  }

  async function claim(ticket) {
    const r = await call("POST", "/api/v1/claim", { ticket });
    if (r.ok) {
      const grant = await r.json();
      window.location.assign(grant.redirect || "/");
      return;
    }
    failures++;
    schedule(retryAfter(r) ? jitter(retryAfter(r)) : backoff());
  }

  async function step() {
    if (!navigator.onLine) {
      say("note", "offline");
      return; // the "online" event resumes
    }
    const ticket = localStorage.getItem(KEY);
    try {
      if (!ticket) return await join();
      const r = await call("GET", "/api/v1/status?ticket=" + encodeURIComponent(ticket));
      if (r.status === 400 || r.status === 403 || r.status === 404) {
        // Not a ticket this waiting room issued (or altered): start again at the back.
        localStorage.removeItem(KEY);
        return schedule(jitter(1000));
      }
      if (!r.ok) {
        failures++;
        return schedule(retryAfter(r) ? jitter(retryAfter(r)) : backoff());
      }
      failures = 0;
      const view = await r.json();
      show(view);
      if (view.state === "admitted" || view.state === "active") return await claim(ticket);
      if (view.state === "waiting" || view.state === "pre_queued") {
        return schedule(jitter(view.pollAfterMs || 5000));
      }
      $("rejoin").hidden = false; // left, abandoned, expired, completed
    } catch (e) {
      failures++; // the network dropped: keep the ticket, try again later
      say("note", "lost");
      schedule(backoff());
    }
  }

  window.addEventListener("online", () => schedule(jitter(500)));
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.addEventListener("click", () => {
      lang = b.dataset.lang;
      localStorage.setItem(LANG_KEY, lang);
      applyLanguage();
    });
  }
  say("state", "joining");
  say("note", "note");
  applyLanguage();
  $("rejoin").addEventListener("click", () => {
    localStorage.removeItem(KEY);
    $("rejoin").hidden = true;
    firstPosition = 0;
    schedule(0);
  });
  step();
})();
