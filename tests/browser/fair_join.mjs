// SPDX-License-Identifier: Apache-2.0
// Fair joins in a real browser (issue 16): Debian's chromium (playwright-core) behind the
// shipped nginx site and sluiced with --proof-of-work auto (the default floor) and
// --device-binding on:
//  - the real waiting page solves the challenge in its Web Worker and joins (time printed);
//  - its ticket and token copied into a second browser context without the device cookie
//    are refused: at the gate (back to the waiting page) and at claim (device_mismatch);
//  - copying the device cookie too still works (what binding does not stop, docs/server.md);
//  - a page holding a challenge from before a restart of the standalone server (refused:
//    pow_expired) solves the fresh one the refusal carries and joins by itself.
// Usage: node fair_join.mjs SLUICED NGINX SOURCE_DIR CHROMIUM
import { chromium } from "playwright-core";
import { browserStack, adminKey, chromiumPath } from "./stack.mjs";

const s = browserStack({
  event: {
    eventId: "fair-browser-test", opensAt: "2021-07-19T11:00:00Z", admissionRatePerMinute: 6000,
    capacity: 5, paused: true,
  },
  flags: ["--proof-of-work", "auto", "--device-binding", "on"],
});
const { check, startSluiced, startNginx } = s;

let browser;
try {
  const sluicedPort = await startSluiced();
  const port = await startNginx(sluicedPort);
  const base = `http://127.0.0.1:${port}`;
  const api = `http://127.0.0.1:${sluicedPort}`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  const first = await browser.newContext();
  const page = await first.newPage();
  const started = Date.now();
  await page.goto(base + "/booking/");
  check(page.url() === base + "/queue/", "asking for the protected site lands on the waiting page");
  await page.waitForFunction(() => localStorage.getItem("sluice.ticket"), null, { timeout: 120000 });
  const joinedMs = Date.now() - started;
  const solveMs = await page.evaluate(() => document.documentElement.dataset.powSolveMs);
  const difficulty = (await (await fetch(api + "/api/v1/admin/difficulty",
    { headers: { Authorization: "Bearer " + adminKey } })).json()).bits;
  console.log(`waiting page: proof of work at ${difficulty} bits solved in ${solveMs} ms; joined ${joinedMs} ms after loading`);
  check(Number(solveMs) > 0, "the waiting page solved the challenge in its worker and joined");
  const ticket = await page.evaluate(() => localStorage.getItem("sluice.ticket"));
  check(ticket.length === 84, "the ticket is bound to this browser (format v2)");
  const cookies = await first.cookies();
  const device = cookies.find((c) => c.name === "sluice_device");
  check(device && device.httpOnly && device.sameSite === "Strict", "the device cookie is HttpOnly and SameSite=Strict");

  const resumed = await fetch(api + "/api/v1/admin/controls", {
    method: "POST", headers: { Authorization: "Bearer " + adminKey, "Content-Type": "application/json" },
    body: JSON.stringify({ operator: "browser-test", paused: false }),
  });
  check(resumed.status === 200, "admissions resumed");
  await page.waitForURL(base + "/", { timeout: 20000 });
  check((await page.content()).includes("PROTECTED-DEMO home"), "admitted: through the gate");
  const token = (await first.cookies()).find((c) => c.name === "sluice_token");
  check(token, "the token cookie is set");

  // A second browser with the token (and the ticket) but not the device cookie.
  const second = await browser.newContext();
  await second.addCookies([{ name: "sluice_token", value: token.value, url: base }]);
  const copy = await second.newPage();
  await copy.goto(base + "/booking/");
  check(copy.url() === base + "/queue/" && !(await copy.content()).includes("PROTECTED-DEMO"),
    "the copied token alone is refused at the gate (sent to the waiting page)");
  const claim = await copy.evaluate(async (t) => {
    const r = await fetch("/api/v1/claim", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ticket: t }) });
    return { status: r.status, body: await r.json() };
  }, ticket);
  check(claim.status === 403 && claim.body.error.reason === "device_mismatch",
    "the copied ticket is refused at claim (device_mismatch)");
  const status = await copy.evaluate(async (t) => (await fetch("/api/v1/status?ticket=" + t)).status, ticket);
  check(status === 403, "and at status");

  // What binding does not stop: both cookies copied.
  const third = await browser.newContext();
  await third.addCookies([{ name: "sluice_token", value: token.value, url: base },
    { name: "sluice_device", value: device.value, url: base }]);
  const both = await third.newPage();
  await both.goto(base + "/booking/");
  check((await both.content()).includes("PROTECTED-DEMO booking"),
    "copying the device cookie too still works (documented limit)");

  // A restart, as the page sees it: its challenge came from another process with the same
  // keys and event (here a second sluiced; after a restart, the one before it).
  const earlierPort = await s.startSluiced(["--data-dir", s.dir + "/earlier", "--event",
    s.dir + "/data/event.json", "--keys-dir", s.dir + "/data/keys"]);
  const stale = await (await fetch(`http://127.0.0.1:${earlierPort}/api/v1/join/challenge`)).text();
  const fourth = await browser.newContext();
  let served = false;
  await fourth.route("**/api/v1/join/challenge", (route) => {
    if (served) return route.continue();
    served = true;
    return route.fulfill({ status: 200, contentType: "application/json", body: stale });
  });
  const restarted = await fourth.newPage();
  const refusals = [];
  restarted.on("response", (r) => {
    if (r.url().endsWith("/api/v1/join") && r.status() !== 201) refusals.push(r.status());
  });
  await restarted.goto(base + "/queue/");
  await restarted.waitForFunction(() => localStorage.getItem("sluice.ticket"), null, { timeout: 120000 });
  check(served && refusals.length === 1 && refusals[0] === 409,
    "a challenge from before a restart is refused (409) and the page joins with the fresh one it was given");
  await new Promise((r) => setTimeout(r, 1200)); // the next 1-second sample
  const metrics = await (await fetch(api + "/metrics")).text();
  check(/sluice_token_rejections_total\{reason="device_mismatch"\} [1-9]/.test(metrics),
    "the refusals are counted as device_mismatch");
  check(/sluice_pow_refusals_total\{reason="expired"\} 1\n/.test(metrics),
    "the refusal was pow_expired (counted once)");
} catch (e) {
  s.fail(e);
} finally {
  await s.stop(browser);
}
process.exit(s.failed ? 1 : 0);
