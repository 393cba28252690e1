#!/usr/bin/env node
/**
 * The backend's own CPU on the hot paths, without sockets: a warm `GET /v1/me/achievements` and a
 * durable `POST /v1/me/achievements/{id}/increment` (recorded, claimed, sent, completed), driven
 * with `app.inject` and Google stubbed in memory (`bench/lib/stub-games.mjs`). End to
 * end (`bench/peer-comparison.mjs`) most of a request's CPU is HTTP on both sides of the backend,
 * and a run-to-run spread of about 11 % hides smaller gains; this measures the part a change to
 * the backend's own code moves. Each round runs every build in a child process of its own
 * (`--baseline DIR`: another build's dist/, inside this checkout), builds interleaved round by
 * round; the figure is the median over rounds of the child's CPU (`process.cpuUsage`) per
 * request over the timed part, after 1,000 requests of warm-up. `--cpu-prof` records a CPU profile
 * of each child's timed part alone (node:inspector, so neither start-up nor warm-up is in it) into
 * $TMPDIR/pgs-in-process-profile/, one `.cpuprofile` per build, store, path and round.
 *
 * `sign-in` and `returning` (in `--only`) time `POST /v1/auth/play-games` with the Google calls
 * stubbed too (the exchange, the ID token's verification, players.get, applications.verify, the
 * scoped IDs: each answers at once, so neither HTTP nor jose's RS256 is in the figure): a new
 * player each (`sign-in`), or players signed in once during the warm-up (`returning`).
 *
 *   npm run build && node bench/in-process-hot-paths.mjs [--store sqlite|postgres|both]
 *       [--rounds 5] [--reads 4000] [--writes 3000] [--sign-ins 2000] [--only read,write]
 *       [--baseline DIR] [--cpu-prof] [--json]
 */
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { POSTGRES_URL } from './lib/bench-store.mjs';
import { machineSpeed } from './lib/machine-speed.mjs';
import { markdownTable } from './lib/table.mjs';
import { stubGames } from './lib/stub-games.mjs';

const APPLICATION_ID = '123456789012';
const PLAYERS = 100;
const CONCURRENCY = 10;
const WARM_UP = 1000;

/**
 * Google for a sign-in, answering at once: the code `code-N-…` is player N's; the ID token is a
 * placeholder whose claims the stubbed verifier returns (no `at_hash`, which the pipeline accepts).
 */
function stubSignInGoogle() {
  const player = (token) => Number(token.split('-')[1]);
  return {
    oauth: {
      exchangeCode: async (code) => ({
        access_token: `at-${player(code)}-${code}`,
        refresh_token: `rt-${code}`,
        id_token: `id-${player(code)}`,
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/games_lite openid',
        scopes: ['https://www.googleapis.com/auth/games_lite', 'openid'],
        expiresAt: Date.now() + 3_600_000,
      }),
      revoke: async () => ({ revoked: true }),
    },
    idTokens: {
      verify: async (idToken) => {
        const n = player(idToken);
        const now = Math.floor(Date.now() / 1000);
        return { iss: 'https://accounts.google.com', aud: 'bench', sub: `sub${n}`, iat: now, exp: now + 3600, email: `p${n}@example.com`, email_verified: true, name: `P${n}` };
      },
    },
    games: {
      getPlayer: async (token) => ({ kind: 'games#player', playerId: `g${player(token)}`, displayName: `P${player(token)}` }),
      verifyApplication: async (token) => ({ kind: 'games#applicationVerifyResponse', player_id: `g${player(token)}` }),
      getScopedPlayerIds: async (token) => ({ kind: 'games#scopedPlayerIds', gamePlayerId: `gp${player(token)}`, developerPlayerKey: `dk${player(token)}` }),
    },
    management: {},
  };
}

/** In the child, `sign-in` or `returning`: sign-ins through the public route, Google stubbed. */
async function signInChild(backend, path_, count) {
  let minted = 0;
  const signIn = (n) =>
    backend.app.inject({ method: 'POST', url: '/v1/auth/play-games', payload: { serverAuthCode: `code-${n}-${minted++}` } });
  const run = async (first, n) => {
    const codes = {};
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, lane) => {
        for (let i = lane; i < n; i += CONCURRENCY) {
          const res = await signIn(first + i);
          codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
        }
      }),
    );
    return codes;
  };
  // Warm-up: new players; for `returning`, the very players the timed part signs in again.
  const warm = path_ === 'returning' ? Math.max(WARM_UP, count) : WARM_UP;
  await run(0, warm);
  const before = process.cpuUsage();
  const codes = await run(path_ === 'returning' ? 0 : warm, count);
  const cpu = process.cpuUsage(before);
  return { cpuUsPerRequest: (cpu.user + cpu.system) / count, codes };
}

const PROFILE_DIR = path.join(tmpdir(), 'pgs-in-process-profile');

/** The timed part's CPU profile, written to `file` when `stop` is awaited; no-op without a file. */
async function startProfile(file) {
  if (file === '') return { stop: async () => {} };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** In the child: one build, one store, one path; prints `{ cpuUsPerRequest, codes }`. */
async function child(dist, kind, path_, count, profileFile) {
  const load = (file) => import(pathToFileURL(path.resolve(dist, file)).href);
  const { createBackend } = await load('backend/app.js');
  const { loadConfig } = await load('backend/config.js');
  const { openStore } = await load('store/index.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'pgs-bench-hot-'));
  const schema = `pgs_test_bench_hot${process.pid}`;
  const store = await openStore(kind === 'sqlite' ? `sqlite:${path.join(dir, 'bench.sqlite')}` : POSTGRES_URL, kind === 'postgres' ? { schema } : {});
  const key = Buffer.alloc(32, 7).toString('base64');
  const base = loadConfig({ DATABASE_URL: 'sqlite::memory:', PGS_SESSION_SECRET: key, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${key}`, PGS_LOG_LEVEL: 'silent', PGS_SIGN_IN_RATE_LIMIT: '1000000' }, dir);
  const config = { ...base, google: { ...base.google, credentials: { clientId: `${APPLICATION_ID}-bench.apps.googleusercontent.com`, clientSecret: 'x' }, applicationId: APPLICATION_ID } };
  const tokens = new Map();
  const signingIn = path_ === 'sign-in' || path_ === 'returning';
  const google = signingIn ? stubSignInGoogle() : { games: stubGames(tokens), management: {}, oauth: {}, idTokens: {} };
  const backend = await createBackend({ config, store, google });
  try {
    if (signingIn) {
      process.stdout.write(`${JSON.stringify(await signInChild(backend, path_, count))}\n`);
      return;
    }
    const sessions = [];
    for (let i = 0; i < PLAYERS; i++) {
      const { player } = await store.upsertPlayerOnSignIn({ applicationId: APPLICATION_ID, playerId: `g${i}`, displayName: `P${i}` });
      const token = `token-${i}`;
      await backend.services.vault.storeExchangedTokens(player.id, { access_token: token, expires_in: 3600, token_type: 'Bearer', scope: '', expiresAt: Date.now() + 3_600_000, scopes: [] });
      tokens.set(token, player.id);
      sessions.push((await backend.services.sessions.open(player.id, player.accountId)).accessToken);
    }
    // Each lane asks for its own players, so no write waits behind another of its player's.
    const send = (lane, i) => {
      const headers = { authorization: `Bearer ${sessions[(lane + i * CONCURRENCY) % PLAYERS]}` };
      return path_ === 'read'
        ? backend.app.inject({ method: 'GET', url: '/v1/me/achievements', headers })
        : backend.app.inject({ method: 'POST', url: '/v1/me/achievements/inc/increment', headers, payload: { steps: 1 } });
    };
    const run = async (n) => {
      const codes = {};
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, lane) => {
          for (let i = 0; i < n / CONCURRENCY; i++) {
            const res = await send(lane, i);
            codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
          }
        }),
      );
      return codes;
    };
    await run(WARM_UP);
    const profile = await startProfile(profileFile);
    const before = process.cpuUsage();
    const codes = await run(count);
    const cpu = process.cpuUsage(before);
    await profile.stop();
    process.stdout.write(`${JSON.stringify({ cpuUsPerRequest: (cpu.user + cpu.system) / count, codes })}\n`);
  } finally {
    await backend.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    if (kind === 'postgres') {
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

if (process.argv[2] === '--child') {
  const [, , , dist, kind, path_, count, profileFile = ''] = process.argv;
  await child(dist, kind, path_, Number(count), profileFile);
} else {
  const { values: args } = parseArgs({
    options: {
      store: { type: 'string', default: 'sqlite' },
      rounds: { type: 'string', default: '5' },
      reads: { type: 'string', default: '4000' },
      writes: { type: 'string', default: '3000' },
      'sign-ins': { type: 'string', default: '2000' },
      only: { type: 'string', default: 'read,write' },
      baseline: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (args['cpu-prof']) mkdirSync(PROFILE_DIR, { recursive: true });
  const self = fileURLToPath(import.meta.url);
  const builds = [
    ...(args.baseline === undefined ? [] : [{ name: args.baseline, dist: path.resolve(args.baseline) }]),
    { name: 'dist/', dist: fileURLToPath(new URL('../dist/', import.meta.url)) },
  ];
  const speed = machineSpeed();
  const loadBefore = loadavg()[0];
  const results = [];
  for (const kind of args.store === 'both' ? ['sqlite', 'postgres'] : [args.store]) {
    for (const path_ of args.only.split(',')) {
      const count = Number({ read: args.reads, write: args.writes }[path_] ?? args['sign-ins']);
      const figures = new Map(builds.map((b) => [b.name, []]));
      for (let round = 0; round < Number(args.rounds); round++) {
        for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
          const profileFile = args['cpu-prof'] ? path.join(PROFILE_DIR, `${build.name.replace(/[^\w]+/g, '_')}-${kind}-${path_}-${round}.cpuprofile`) : '';
          const out = execFileSync(process.execPath, [self, '--child', build.dist, kind, path_, String(count), profileFile], { encoding: 'utf8' });
          const { cpuUsPerRequest, codes } = JSON.parse(out.trim().split('\n').pop());
          // A figure of refused requests would measure the refusal: say so instead of printing it.
          if (Object.keys(codes).some((code) => code !== '200')) throw new Error(`${build.name} ${kind} ${path_}: not every request answered 200: ${JSON.stringify(codes)}`);
          figures.get(build.name).push(cpuUsPerRequest);
        }
      }
      for (const [name, values] of figures) {
        const sorted = [...values].sort((a, b) => a - b);
        results.push({ store: kind, path: path_, build: name, medianCpuUs: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) });
      }
    }
  }
  const loadAfter = loadavg()[0];
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machineSpeed: speed, loadBefore, loadAfter, results }, null, 2)}\n`);
  } else {
    process.stdout.write(
      `in-process hot paths: node ${process.version}, machine speed ${speed.toFixed(0)} k ops/s (bench/lib/machine-speed.mjs), load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after; ${args.rounds} interleaved rounds, ${PLAYERS} players, ${CONCURRENCY} concurrent\n\n`,
    );
    const label = { read: 'warm GET /v1/me/achievements', write: 'increment (durable, sent)', 'sign-in': 'sign-in, a new player (Google stubbed)', returning: 'sign-in, a returning player (Google stubbed)' };
    process.stdout.write(
      `${markdownTable(
        ['store', 'path', 'build', 'CPU µs/request, median', 'min – max'],
        results.map((r) => [r.store, label[r.path], r.build, r.medianCpuUs.toFixed(1), `${r.min.toFixed(0)} – ${r.max.toFixed(0)}`]),
      )}\n`,
    );
    if (args['cpu-prof']) process.stdout.write(`\nprofiles of the timed parts in ${PROFILE_DIR}/\n`);
  }
}
