#!/usr/bin/env node
/**
 * What a JWT costs the backend, per token, with each implementation side by side in one run:
 * - session access tokens (HS256): issued once per sign-in and refresh, verified on every
 *   authenticated request. A hand-written node:crypto HMAC with the backend's checks (inlined
 *   below: what `session-tokens.ts` did before fast-jwt), fast-jwt's signer and verifier (made
 *   once, synchronous, node:crypto inside), the backend's own `SessionTokens` (`dist/backend/
 *   sessions/session-tokens.js`: fast-jwt and the checks it adds), and jose's `SignJWT` /
 *   `jwtVerify` (WebCrypto, asynchronous);
 * - Google ID tokens (RS256): verified once per sign-in with `openid`. node:crypto's `verify`,
 *   synchronously, against jose's `jwtVerify` (what `dist/google/id-token-verifier.js` uses).
 *
 *   npm run build && node bench/jwt.mjs [--tokens 2000] [--rounds 5] [--concurrency 50]
 *
 * Each round runs every case in turn (interleaved, so a busy machine slows them alike) with
 * `--concurrency` operations in flight, as concurrent requests would; CPU is the process's user +
 * system time (`process.cpuUsage`, so WebCrypto's thread-pool work counts), per token. The table
 * shows medians over the rounds; compare the ratios, which hold on a busy machine, more than the
 * absolute figures.
 */
import { Buffer } from 'node:buffer';
import { createHmac, createPublicKey, generateKeyPairSync, sign, timingSafeEqual, verify } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs, TextDecoder } from 'node:util';
import { createSigner, createVerifier } from 'fast-jwt';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { SessionTokens } from '../dist/backend/sessions/session-tokens.js';
import { machineSpeed } from './lib/machine-speed.mjs';
import { markdownTable } from './lib/table.mjs';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '50' },
  },
});
const TOKENS = Number(values.tokens);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);

const secret = new Uint8Array(Buffer.from('bench-secret-bench-secret-bench-secret-0123', 'utf8'));
const sessions = new SessionTokens({ secret, accessTokenTtlSeconds: 900 });
const sessionToken = await sessions.issueAccessToken('player-1', 'account-1', 'family-1');
const now = Math.floor(Date.now() / 1000);

/** The session tokens' hand-written HS256 before fast-jwt, inlined: same header, claims and checks. */
const handWritten = (() => {
  const key = Buffer.from(secret);
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const base64url = /^[A-Za-z0-9_-]+$/;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const hmac = (input) => createHmac('sha256', key).update(input, 'utf8').digest('base64url');
  const json = (part) => {
    if (!base64url.test(part)) return undefined;
    try {
      const value = JSON.parse(utf8.decode(Buffer.from(part, 'base64url')));
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
    } catch {
      return undefined;
    }
  };
  const isJwtType = (typ) => typeof typ === 'string' && typ.toLowerCase().replace(/^application\//, '') === 'jwt';
  const isNumericDate = (value) => typeof value === 'number' && Number.isFinite(value);
  return {
    issue(sub, acc, sid) {
      const iat = Math.floor(Date.now() / 1000);
      const claims = { acc, sid, iss: 'play-games-server', aud: 'pgs-session', sub, iat, exp: iat + 900 };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${hmac(input)}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return false;
      const [h, p, s] = parts;
      const head = json(h);
      if (head === undefined || head.alg !== 'HS256' || !isJwtType(head.typ) || 'crit' in head || 'b64' in head) return false;
      if (!base64url.test(s)) return false;
      const expected = Buffer.from(hmac(`${h}.${p}`), 'latin1');
      const given = Buffer.from(s, 'latin1');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      const c = json(p);
      if (c === undefined || c.iss !== 'play-games-server' || c.aud !== 'pgs-session') return false;
      if (typeof c.sub !== 'string' || typeof c.sid !== 'string' || !isNumericDate(c.exp)) return false;
      if (c.acc !== undefined && typeof c.acc !== 'string') return false;
      if ((c.iat !== undefined && !isNumericDate(c.iat)) || (c.nbf !== undefined && !isNumericDate(c.nbf))) return false;
      const t = Math.floor(Date.now() / 1000);
      return !(c.nbf !== undefined && c.nbf > t) && c.exp > t;
    },
  };
})();

// fast-jwt's signer and verifier, made once with the session tokens' options, as the backend does.
const fastSign = createSigner({ algorithm: 'HS256', key: Buffer.from(secret), iss: 'play-games-server', aud: 'pgs-session', expiresIn: 900_000 });
const fastVerify = createVerifier({
  algorithms: ['HS256'],
  key: Buffer.from(secret),
  allowedIss: 'play-games-server',
  allowedAud: 'pgs-session',
  checkTyp: 'JWT',
  requiredClaims: ['iss', 'aud', 'exp'],
});

// A Google-shaped ID token signed with a fresh RSA-2048 key.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });
const idHeader = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' })).toString('base64url');
const idPayload = Buffer.from(
  JSON.stringify({
    iss: 'https://accounts.google.com',
    aud: 'client.apps.googleusercontent.com',
    azp: 'client.apps.googleusercontent.com',
    sub: '110169484474386276334',
    email: 'player@example.com',
    email_verified: true,
    iat: now,
    exp: now + 3600,
  }),
).toString('base64url');
const idToken = `${idHeader}.${idPayload}.${sign('sha256', Buffer.from(`${idHeader}.${idPayload}`), privateKey).toString('base64url')}`;
const nodeKey = createPublicKey({ key: jwk, format: 'jwk' });
const joseKey = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256');
const verifyOptions = { algorithms: ['RS256'], issuer: 'https://accounts.google.com', audience: 'client.apps.googleusercontent.com' };

/** The verifier's checks before jose, inlined: split, header, signature, payload. */
function nodeVerifyIdToken(token) {
  const [h, p, s] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  if (header.alg !== 'RS256') throw new Error('alg');
  if (!verify('sha256', Buffer.from(`${h}.${p}`), nodeKey, Buffer.from(s, 'base64url'))) throw new Error('signature');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  if (claims.iss !== verifyOptions.issuer || claims.aud !== verifyOptions.audience || claims.exp < now) throw new Error('claims');
  return claims;
}

const CASES = [
  ['session token: issue', 'node:crypto HMAC', () => handWritten.issue('player-1', 'account-1', 'family-1')],
  ['session token: issue', 'fast-jwt createSigner', () => fastSign({ sub: 'player-1', acc: 'account-1', sid: 'family-1' })],
  ['session token: issue', 'SessionTokens (backend)', () => sessions.issueAccessToken('player-1', 'account-1', 'family-1')],
  [
    'session token: issue',
    'jose SignJWT',
    () =>
      new SignJWT({ acc: 'account-1', sid: 'family-1' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer('play-games-server')
        .setAudience('pgs-session')
        .setSubject('player-1')
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(secret),
  ],
  [
    'session token: verify',
    'node:crypto HMAC',
    () => {
      if (!handWritten.verify(sessionToken)) throw new Error('session token refused');
    },
  ],
  ['session token: verify', 'fast-jwt createVerifier', () => fastVerify(sessionToken)],
  [
    'session token: verify',
    'SessionTokens (backend)',
    async () => {
      const check = await sessions.verifyAccessToken(sessionToken);
      if (!check.ok) throw new Error('session token refused');
    },
  ],
  [
    'session token: verify',
    'jose jwtVerify',
    () => jwtVerify(sessionToken, secret, { algorithms: ['HS256'], issuer: 'play-games-server', audience: 'pgs-session' }),
  ],
  ['ID token: verify (RS256)', 'node:crypto verify', () => nodeVerifyIdToken(idToken)],
  ['ID token: verify (RS256)', 'jose jwtVerify', () => jwtVerify(idToken, joseKey, verifyOptions)],
];

/** Runs `op` TOKENS times with CONCURRENCY in flight; µs of wall and CPU per token. */
async function measure(op) {
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < TOKENS) await op();
    }),
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallUs: (wallMs * 1000) / TOKENS, cpuUs: (used.user + used.system) / TOKENS };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const speed = machineSpeed();
for (const [, , op] of CASES) await measure(op); // warm-up
const samples = CASES.map(() => ({ wall: [], cpu: [] }));
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [, , op]] of CASES.entries()) {
    const { wallUs, cpuUs } = await measure(op);
    samples[i].wall.push(wallUs);
    samples[i].cpu.push(cpuUs);
  }
}

const rows = CASES.map(([what, how], i) => {
  const cpu = median(samples[i].cpu);
  const base = median(samples[CASES.findIndex(([w]) => w === what)].cpu);
  return [what, how, median(samples[i].wall).toFixed(1), cpu.toFixed(1), (cpu / base).toFixed(2)];
});
process.stdout.write(
  `Node ${process.version}, machine speed ${speed.toFixed(0)} k ops/s, load average ${loadavg()[0].toFixed(1)}, ` +
    `${TOKENS} tokens × ${ROUNDS} rounds, ${CONCURRENCY} in flight\n\n`,
);
process.stdout.write(`${markdownTable(['token', 'implementation', 'wall µs / token', 'CPU µs / token', 'CPU vs node:crypto'], rows)}\n`);
