// SPDX-License-Identifier: Apache-2.0
// The waiting page in a real browser (Debian's chromium, driven by playwright-core) behind a
// real nginx (packaging/nginx/sluice-site.conf) and a real sluiced:
//  - a person asking for the protected site lands on the waiting page and joins;
//  - flags set in the page's JavaScript, localStorage or cookies get nowhere past nginx;
//  - offline for 3 s, back, reload: the same ticket and no earlier admission;
//  - when admitted (the operator resumes admissions), the page claims and takes the person
//    through the gate to the protected site;
//  - after the session is completed (POST /api/v1/gate/complete), neither the back button
//    nor a reload shows a protected page again (protected answers are never stored; the
//    browser runs with its back/forward cache on, as people's browsers do);
//  - nothing is fetched from anywhere but the site itself; no horizontal scroll on a phone.
// Usage: node waiting_page.mjs SLUICED NGINX SOURCE_DIR CHROMIUM
import { chromium } from "playwright-core";
import { browserStack, adminKey, chromiumPath } from "./stack.mjs";

const s = browserStack({
  event: {
    eventId: "browser-test", opensAt: "2021-07-19T11:00:00Z", admissionRatePerMinute: 6000,
    capacity: 5, paused: true, message: "Welcome to the test night",
  },
  flags: [],
});
const { check, startSluiced, startNginx } = s;

let browser;
try {
  const sluicedPort = await startSluiced();
  const port = await startNginx(sluicedPort);
  const base = `http://127.0.0.1:${port}`;
  // playwright turns the back/forward cache off by default; people's browsers have it on,
  // and it is one way a protected page could come back after the session ended.
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"],
    ignoreDefaultArgs: ["--disable-back-forward-cache"] });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const origins = new Set();
  page.on("request", (r) => origins.add(new URL(r.url()).origin));

  await page.goto(base + "/booking/");
  check(page.url() === base + "/queue/", "asking for the protected site lands on the waiting page");
  await page.waitForFunction(() => localStorage.getItem("sluice.ticket"), null, { timeout: 10000 });
  const ticket = await page.evaluate(() => localStorage.getItem("sluice.ticket"));
  await page.waitForFunction(() => document.getElementById("position").textContent === "1", null, { timeout: 10000 });
  check(true, "joined: place 1 shown");
  check(await page.isVisible("#message") && (await page.textContent("#message")).includes("test night"),
    "the operator's message is shown");
  check(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "no horizontal scroll on a phone-sized screen");

  // Cheats: flags in JavaScript, localStorage and a made-up cookie.
  await page.evaluate(() => {
    window.admitted = true;
    localStorage.setItem("admitted", "true");
    localStorage.setItem("sluice.state", "admitted");
    document.cookie = "sluice_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiIwIn0.; path=/";
  });
  await page.goto(base + "/booking/");
  check(page.url() === base + "/queue/", "flags set in the page get nowhere past nginx");
  check(!(await page.content()).includes("PROTECTED-DEMO"), "the protected content was not served");

  // Offline for 3 s, back, reload.
  await context.setOffline(true);
  await page.waitForTimeout(3000);
  await context.setOffline(false);
  await page.reload();
  await page.waitForFunction(() => document.getElementById("position").textContent === "1", null, { timeout: 10000 });
  check(await page.evaluate(() => localStorage.getItem("sluice.ticket")) === ticket, "after going offline and reloading: the same ticket");
  const status = await (await fetch(`http://127.0.0.1:${sluicedPort}/api/v1/status?ticket=${ticket}`)).json();
  check(status.state === "waiting" && status.position === 1, "and no earlier admission (still waiting, place 1)");

  // The operator resumes admissions: the page claims and goes through the gate.
  const resumed = await fetch(`http://127.0.0.1:${sluicedPort}/api/v1/admin/controls`, {
    method: "POST", headers: { Authorization: "Bearer " + adminKey, "Content-Type": "application/json" },
    body: JSON.stringify({ operator: "browser-test", paused: false }),
  });
  check(resumed.status === 200, "admissions resumed through the admin API");
  await page.waitForURL(base + "/", { timeout: 20000 });
  check((await page.content()).includes("PROTECTED-DEMO home"), "admitted: the page took the person to the protected site");
  await page.goto(base + "/booking/");
  check((await page.content()).includes("PROTECTED-DEMO booking"), "and the site's other pages pass the gate");

  // The person books and the site completes the session. Afterwards the protected pages must
  // not come back from the browser: not with the back button, not with a reload.
  await page.goto(base + "/booking/confirm.html");
  check((await page.content()).includes("PROTECTED-DEMO confirm"), "the confirmation page is shown while admitted");
  const completed = await page.evaluate(async () =>
    (await fetch("/api/v1/gate/complete", { method: "POST", headers: { "Content-Type": "application/json" } })).status);
  check(completed === 204, "the session is completed (POST /api/v1/gate/complete)");
  await page.goto(base + "/.well-known/jwks.json"); // somewhere public, then back
  // "commit": a page restored from the back/forward cache fires no load event.
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => document.readyState === "complete");
  check(!(await page.content()).includes("PROTECTED-DEMO"),
    "back after completion: the protected page is not shown again (now at " + page.url() + ")");
  await page.reload();
  check(!(await page.content()).includes("PROTECTED-DEMO"), "and a reload there: no protected content");
  check([...origins].every((o) => o === base), "nothing was fetched from any other origin: " + [...origins].join(", "));
} catch (e) {
  s.fail(e);
} finally {
  await s.stop(browser);
}
process.exit(s.failed ? 1 : 0);
