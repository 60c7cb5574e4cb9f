// SPDX-License-Identifier: Apache-2.0
// A real third party checks Sluice's admission tokens: the npm `jose` library verifies the
// token against the JWKS, accepts it within its validity (its device-binding "cnf" claim
// included) and refuses it tampered or late.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';

const dir = process.argv[2];
const token = readFileSync(join(dir, 'token.jwt'), 'utf8').trim();
const jwks = createLocalJWKSet(JSON.parse(readFileSync(join(dir, 'jwks.json'), 'utf8')));
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const at = (seconds) => new Date(seconds * 1000);
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAIL'} - ${what}`);
  if (!ok) failures++;
};

const { payload, protectedHeader } = await jwtVerify(token, jwks, {
  algorithms: ['EdDSA'],
  issuer: expected.iss,
  currentDate: at(expected.iat + 1),
});
check(protectedHeader.alg === 'EdDSA', 'header alg is EdDSA');
for (const claim of ['iss', 'evt', 'sub', 'iat', 'exp']) {
  check(payload[claim] === expected[claim], `claim ${claim} = ${JSON.stringify(expected[claim])}`);
}
check(typeof payload.jti === 'string' && payload.jti.length > 0, 'jti present');
check(payload.nbf === expected.iat, 'nbf = iat');
check(payload.cnf && payload.cnf.dsh === expected.dsh, 'cnf.dsh carries the device hash');

async function refused(tok, options, what) {
  try {
    await jwtVerify(tok, jwks, { algorithms: ['EdDSA'], ...options });
    check(false, what);
  } catch (e) {
    check(true, `${what} (${e.code})`);
  }
}
const [h, p, s] = token.split('.');
const forged = Buffer.from(JSON.stringify({ ...payload, sub: String(Number(payload.sub) + 1000) })).toString('base64url');
await refused(`${h}.${forged}.${s}`, { currentDate: at(expected.iat + 1) }, 'tampered payload refused');
await refused(token, { currentDate: at(expected.exp + 1) }, 'expired token refused');

console.log(`${failures === 0 ? 1 : 0} passed, ${failures === 0 ? 0 : 1} failed`);
process.exit(failures === 0 ? 0 : 1);
