// SPDX-License-Identifier: Apache-2.0
// Solves the join's proof of work off the page's thread: finds a counter such that
// SHA-256(challenge || counter as 8 bytes big-endian) starts with `difficulty` zero bits
// (docs/formats.md). The challenge is 64 ASCII characters, exactly one SHA-256 block, so its
// state is computed once and each try costs one compression. Self-hosted, no dependencies;
// the page's CSP (script-src 'self') allows it as a worker.
// Messages in: {challenge, difficulty}. Out: {type: "progress", tries} now and then, then
// {type: "solved", counter, tries, ms}, or {type: "error", message}.
"use strict";

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// One SHA-256 compression of the 16 words in w[0..15] onto `state`, written to `out`.
function compress(state, w, out) {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15], y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3];
  let e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0;
    d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  out[0] = (state[0] + a) | 0; out[1] = (state[1] + b) | 0;
  out[2] = (state[2] + c) | 0; out[3] = (state[3] + d) | 0;
  out[4] = (state[4] + e) | 0; out[5] = (state[5] + f) | 0;
  out[6] = (state[6] + g) | 0; out[7] = (state[7] + h) | 0;
}

// The first counter from 0 that solves `challenge` at `difficulty` (0..32) bits.
// `report(tries)` is called every 2^16 tries.
function solve(challenge, difficulty, report) {
  if (typeof challenge !== "string" || challenge.length !== 64 || !(difficulty >= 0 && difficulty <= 32)) {
    throw new Error("not a challenge this page can solve");
  }
  const w = new Int32Array(64);
  for (let i = 0; i < 16; i++) {
    let word = 0;
    for (let j = 0; j < 4; j++) word = (word << 8) | (challenge.charCodeAt(4 * i + j) & 0xff);
    w[i] = word;
  }
  const mid = new Int32Array(8);
  compress(IV, w, mid);
  const out = new Int32Array(8);
  const shift = 32 - difficulty;
  for (let counter = 0; counter <= Number.MAX_SAFE_INTEGER; counter++) {
    // The second block: the counter, the 0x80 pad byte, zeros, the length (72 bytes = 576 bits).
    w.fill(0, 0, 16);
    w[0] = Math.floor(counter / 4294967296);
    w[1] = counter | 0;
    w[2] = 0x80000000 | 0;
    w[15] = 576;
    compress(mid, w, out);
    if (difficulty === 0 || (out[0] >>> shift) === 0) return counter;
    if ((counter & 0xffff) === 0xffff && report) report(counter + 1);
  }
  throw new Error("no solution below 2^53");
}

if (typeof self !== "undefined" && typeof self.postMessage === "function") {
  self.onmessage = (event) => {
    const { challenge, difficulty } = event.data || {};
    const started = Date.now();
    try {
      const counter = solve(challenge, difficulty, (tries) => self.postMessage({ type: "progress", tries }));
      self.postMessage({ type: "solved", counter, tries: counter + 1, ms: Date.now() - started });
    } catch (e) {
      self.postMessage({ type: "error", message: String(e && e.message || e) });
    }
  };
}
