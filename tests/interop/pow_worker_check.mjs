// SPDX-License-Identifier: Apache-2.0
// The waiting page's proof-of-work worker against the server's verifier: the worker's
// solver (resources/waiting/pow-worker.js, loaded as the browser would run it, without a
// DOM) solves challenges the C++ code issued, node's own SHA-256 confirms each answer, and
// the C++ verifier accepts it once. Prints the solver's hash rate on this machine.
// Usage: node pow_worker_check.mjs POW_FIXTURE WORKER_JS
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const [fixture, workerPath] = process.argv.slice(2);
const sandbox = {};
vm.runInNewContext(readFileSync(workerPath, "utf8"), sandbox);
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok" : "FAIL"} - ${what}`);
  if (!ok) failures++;
};
const run = (...args) => spawnSync(fixture, args, { encoding: "utf8" });

function zeroBits(challenge, counter) {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(counter));
  const digest = createHash("sha256").update(Buffer.concat([Buffer.from(challenge, "ascii"), bytes])).digest();
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) { bits += 8; continue; }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

for (const bits of [0, 1, 8, 12, 16]) {
  const challenge = run("issue", String(bits)).stdout.trim();
  check(challenge.length === 64, `challenge issued at ${bits} bits`);
  const counter = sandbox.solve(challenge, bits);
  check(zeroBits(challenge, counter) >= bits, `node's SHA-256 agrees: counter ${counter} gives >= ${bits} zero bits`);
  const first = run("verify", challenge, String(counter), String(bits));
  check(first.status === 0, `the server accepts the worker's answer (${first.stdout.trim()})`);
}
// A wrong answer is refused by the server too (counter - 1 rarely also solves 16 bits).
const challenge = run("issue", "16").stdout.trim();
let wrong = sandbox.solve(challenge, 16) + 1;
while (zeroBits(challenge, wrong) >= 16) wrong++;
check(run("verify", challenge, String(wrong), "16").status === 1, "a counter that does not solve it is refused");

// The hash rate: solve 20-bit challenges for about two seconds.
const started = Date.now();
let tries = 0, solved = 0;
while (Date.now() - started < 2000) {
  tries += sandbox.solve(run("issue", "20").stdout.trim(), 20) + 1;
  solved++;
}
const rate = tries / ((Date.now() - started) / 1000);
console.log(`worker solver in node: ${(rate / 1e6).toFixed(2)} million tries/s; ` +
  `expected time at 18 bits ${(2 ** 18 / rate).toFixed(2)} s (${solved} challenges solved)`);
console.log(`${failures === 0 ? 1 : 0} passed, ${failures === 0 ? 0 : 1} failed`);
process.exit(failures === 0 ? 0 : 1);
