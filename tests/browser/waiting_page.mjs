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
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, chmodSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [sluicedPath, nginxPath, sourceDir, chromiumPath] = process.argv.slice(2);
const adminKey = "browser-test-admin-key-0123";
const dir = mkdtempSync(join(tmpdir(), "sluice-browser-"));
chmodSync(dir, 0o755);
const children = [];
let failed = false;

function check(condition, what) {
  if (!condition) {
    console.error("FAIL: " + what);
    failed = true;
    throw new Error(what);
  }
  console.log("ok: " + what);
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function write(path, text) {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

async function startSluiced() {
  write(join(dir, "data/event.json"), JSON.stringify({
    eventId: "browser-test", opensAt: "2021-07-19T11:00:00Z", admissionRatePerMinute: 6000,
    capacity: 5, paused: true, message: "Welcome to the test night",
  }));
  write(join(dir, "admin.key"), adminKey + "\n");
  const child = spawn(sluicedPath, ["--data-dir", join(dir, "data"), "--listen", "127.0.0.1:0",
    "--admin-key-file", join(dir, "admin.key"), "--trust-proxy", "127.0.0.1"],
    { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on 127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error("sluiced exited with " + code)));
  });
}

async function startNginx(sluicedPort) {
  write(join(dir, "site/index.html"), "<!doctype html><title>Booking</title><h1>PROTECTED-DEMO home</h1>\n");
  write(join(dir, "site/booking/index.html"), "<!doctype html><h1>PROTECTED-DEMO booking</h1>\n");
  write(join(dir, "site/booking/confirm.html"), "<!doctype html><h1>PROTECTED-DEMO confirm seat 12A</h1>\n");
  const port = await freePort();
  let site = readFileSync(join(sourceDir, "packaging/nginx/sluice-site.conf"), "utf8");
  site = site.replace("server 127.0.0.1:8080;", `server 127.0.0.1:${sluicedPort};`)
    .replace("listen 80;", `listen 127.0.0.1:${port};`)
    .replace("root /var/www/protected;", `root ${join(dir, "site")};`);
  write(join(dir, "nginx/site.conf"), site);
  const n = join(dir, "nginx");
  write(join(n, "nginx.conf"), `worker_processes 1; pid ${n}/nginx.pid; error_log ${n}/error.log warn;
events { worker_connections 256; }
http { access_log off; client_body_temp_path ${n}/body; proxy_temp_path ${n}/proxy;
  fastcgi_temp_path ${n}/fcgi; uwsgi_temp_path ${n}/uwsgi; scgi_temp_path ${n}/scgi;
  include ${n}/site.conf; }
`);
  children.push(spawn(nginxPath, ["-p", n, "-c", join(n, "nginx.conf"), "-g", "daemon off;"],
    { stdio: "inherit" }));
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${port}/queue/`); return port; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error("nginx did not start");
}

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
  if (!failed) console.error("FAIL: " + e.message);
  failed = true;
} finally {
  if (browser) await browser.close();
  for (const c of children) c.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
