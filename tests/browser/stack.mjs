// SPDX-License-Identifier: Apache-2.0
// The stack the browser tests run against: a real sluiced (its flags given) behind the
// shipped nginx site (packaging/nginx/sluice-site.conf) serving a small protected site, in
// a temporary directory; check() prints each assertion. Usage:
//   const s = browserStack({ event: {...}, flags: [...] });
//   const sluicedPort = await s.startSluiced(); const port = await s.startNginx(sluicedPort);
//   ... s.check(cond, what) ...; finally await s.stop(browser); process.exit(s.failed ? 1 : 0);
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, chmodSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const [sluicedPath, nginxPath, sourceDir, chromiumPath] = process.argv.slice(2);
export const adminKey = "browser-test-admin-key-0123";

export function browserStack({ event, flags = [] }) {
  const dir = mkdtempSync(join(tmpdir(), "sluice-browser-"));
  chmodSync(dir, 0o755);
  const children = [];
  const stack = { dir, failed: false };

  stack.check = (condition, what) => {
    if (!condition) {
      console.error("FAIL: " + what);
      stack.failed = true;
      throw new Error(what);
    }
    console.log("ok: " + what);
  };
  // A failure that was not a check (an exception): printed once.
  stack.fail = (e) => {
    if (!stack.failed) console.error("FAIL: " + e.message);
    stack.failed = true;
  };

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

  stack.startSluiced = (extra = []) => { // more flags, e.g. ones naming files in stack.dir
    write(join(dir, "data/event.json"), JSON.stringify(event));
    write(join(dir, "admin.key"), adminKey + "\n");
    const child = spawn(sluicedPath, ["--data-dir", join(dir, "data"), "--listen", "127.0.0.1:0",
      "--admin-key-file", join(dir, "admin.key"), "--trust-proxy", "127.0.0.1", ...flags, ...extra],
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
  };
  stack.startNginx = async (sluicedPort) => {
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
  };

  stack.stop = async (browser) => {
    if (browser) await browser.close();
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  };
  return stack;
}
