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
"use strict";
(function () {
  const KEY = "sluice.ticket";
  const $ = (id) => document.getElementById(id);
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

  function minutes(seconds) {
    if (seconds < 60) return "under a minute";
    const m = Math.round(seconds / 60);
    return m < 60 ? m + " min" : Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  // The estimate in words when there is no honest figure: a paused room or a wait nobody
  // can know is never shown as a number (the 2021 page showed "89 hours" for a stall).
  function waitText(view) {
    const e = view.estimate;
    if (view.paused) return "paused — your wait resumes when admissions do";
    if (!e || !e.known) {
      return e && e.stalled ? "unknown — admissions have stopped for now"
                            : "unknown — nobody is being admitted yet";
    }
    return e.low === e.high ? minutes(e.seconds) : minutes(e.low) + " – " + minutes(e.high);
  }

  function show(view) {
    const state = view.state;
    if (view.message) { $("message").textContent = view.message; $("message").hidden = false; }
    const texts = {
      "pre_queued": "You are in the queue before it opens at " +
        new Date(view.opensAt).toLocaleTimeString() + ". Your place is drawn at random then.",
      "waiting": view.paused ? "Admissions are paused for a moment; you keep your place." : "Waiting for your turn.",
      "admitted": "It is your turn. Taking you through…",
      "active": "You are through. Taking you there…",
    };
    $("state").textContent = texts[state] || "Your place has ended (" + state + ").";
    $("position").textContent = view.position > 0 ? view.position.toLocaleString() : "—";
    $("wait").textContent = state === "waiting" ? waitText(view) : "—";
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
      $("state").textContent = "Checking that this is a browser, not a bot farm…";
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
      $("state").textContent = "The queue is busy; trying again shortly.";
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
    $("state").textContent = r && (r.status === 429 || r.status === 503)
      ? "The queue is busy; trying again shortly."
      : "Could not join the queue (" + (r ? r.status : "check failed") + "); trying again.";
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
      $("note").textContent = "You are offline. Your place is kept; this page goes on when you are back.";
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
      $("note").textContent = "Connection lost; your place is kept. Retrying…";
      schedule(backoff());
    }
  }

  window.addEventListener("online", () => schedule(jitter(500)));
  $("rejoin").addEventListener("click", () => {
    localStorage.removeItem(KEY);
    $("rejoin").hidden = true;
    firstPosition = 0;
    schedule(0);
  });
  step();
})();
