// SPDX-License-Identifier: Apache-2.0
// Fair joins in a real browser (issue 16): Debian's chromium (playwright-core) behind the
// shipped nginx site and sluiced with --proof-of-work auto (the default floor) and
// --device-binding on:
//  - the real waiting page solves the challenge in its Web Worker and joins (time printed);
//  - its ticket and token copied into a second browser context without the device cookie
//    are refused: at the gate (back to the waiting page) and at claim (device_mismatch);
//  - copying the device cookie too still works (what binding does not stop, docs/server.md).
// Usage: node fair_join.mjs SLUICED NGINX SOURCE_DIR CHROMIUM
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
    eventId: "fair-browser-test", opensAt: "2021-07-19T11:00:00Z", admissionRatePerMinute: 6000,
    capacity: 5, paused: true,
  }));
  write(join(dir, "admin.key"), adminKey + "\n");
  const child = spawn(sluicedPath, ["--data-dir", join(dir, "data"), "--listen", "127.0.0.1:0",
    "--admin-key-file", join(dir, "admin.key"), "--trust-proxy", "127.0.0.1",
    "--proof-of-work", "auto", "--device-binding", "on"],
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
  const metrics = await (await fetch(api + "/metrics")).text();
  check(/sluice_token_rejections_total\{reason="device_mismatch"\} [1-9]/.test(metrics),
    "the refusals are counted as device_mismatch");
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
