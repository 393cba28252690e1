#!/usr/bin/env node
/**
 * The backend against a hand-rolled peer (bench/lib/peer-server.mjs: Fastify, google-auth-library,
 * googleapis, better-sqlite3 or pg, written the way Google's server-access guide shows), both as
 * child processes against one emulator, on the same paths, interleaved in one run so that the
 * machine's drift hits both alike. For each path and server: the server's own CPU per answered
 * request (user + system time of its process over the timed parts, /proc/PID/stat), its peak RSS
 * (sampled every 100 ms) and the latency p50/p99 the load generator saw.
 *
 *   npm run build && node bench/peer-comparison.mjs [--store sqlite|postgres|both]
 *       [--sign-ins 400] [--reads 2000] [--unlocks 1000] [--rounds 2] [--baseline DIR] [--backend-node-args ARGS] [--cpu-prof] [--json]
 *
 * Paths: sign-in (a fresh code of its own player each, scopes openid, email, profile) with no
 * added delay and with Google +20 ms per call (a `delayMs` fault on /token and /games/), at 50
 * concurrent; a returning player's sign-in (`returning`: players signed in once on that server,
 * untimed, sign in again with a fresh code), no added delay, 50 concurrent; warm reads of the player's achievements; an unlock (the backend's is durable:
 * recorded, sent and settled, so its CPU is counted until its outbox is empty); and the latency
 * target: 4 concurrent sign-ins with Google +20 ms a call, p50 ÷ the 2-round-trip critical path.
 * Each path runs `--rounds` times per server, alternating which goes first.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startChildBackend } from './lib/child-backend.mjs';
import { startChildEmulator } from './lib/child-emulator.mjs';
import { startChildServer } from './lib/child-server.mjs';
import { call, control, mintCode, pool } from './lib/control-api.mjs';
import { withBenchStore } from './lib/bench-store.mjs';
import { machineSpeed } from './lib/machine-speed.mjs';
import { markdownTable } from './lib/table.mjs';

/** The targets: peer CPU ÷ backend CPU per path, peak RSS, and the latency ratio (docs/BENCHMARKS.md). */
export const TARGETS = { signIn: 3, signInDelayed: 3, read: 3, unlock: 2, rssMb: 100, latencyRatio: 1.15 };

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    'sign-ins': { type: 'string', default: '400' },
    reads: { type: 'string', default: '2000' },
    unlocks: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '2' },
    // Any of sign-in,returning,delayed,latency,read,unlock (e.g. to profile one path alone).
    only: { type: 'string', default: 'sign-in,returning,delayed,latency,read,unlock' },
    // Another build's dist/ folder (inside this checkout, so that it finds node_modules): runs as a
    // third server, 'before', to measure a change before and after in the same run.
    baseline: { type: 'string' },
    // Node flags for the backend under test alone (not 'before' nor the peer), space-separated,
    // e.g. --backend-node-args=--max-semi-space-size=2 to weigh a V8 heap setting.
    'backend-node-args': { type: 'string', default: '' },
    'cpu-prof': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const only = new Set(args.only.split(','));
const DELAY = 20;
const KEY = randomBytes(32).toString('base64');
const SERVER_KEY = randomBytes(24).toString('base64url');
const PEER = fileURLToPath(new URL('./lib/peer-server.mjs', import.meta.url));
const SCOPES = ['openid', 'email', 'profile'];
const { fetch } = globalThis;

function profileArgs(name) {
  if (!args['cpu-prof']) return [];
  const dir = join(tmpdir(), `pgs-peer-comparison-profile-${name}`);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', '--cpu-prof-dir', dir];
}

/** The two servers under test, each with its routes and how it names a session. */
async function startServers(emulator, app, backendStore, peerStore, baselineStore) {
  const backendEnv = (store) => ({
    ...store,
    PGS_EMULATOR_URL: emulator.baseUrl,
    PGS_SIGN_IN_RATE_LIMIT: '1000000',
    PGS_SESSION_SECRET: KEY,
    PGS_TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`,
    PGS_SERVER_API_KEY: SERVER_KEY,
  });
  const backendNodeArgs = args['backend-node-args'].split(' ').filter((arg) => arg !== '');
  const backend = await startChildBackend({ nodeArgs: [...backendNodeArgs, ...profileArgs('backend')], env: backendEnv(backendStore) });
  const peer = await startChildServer({
    name: 'peer',
    argv: [PEER],
    nodeArgs: profileArgs('peer'),
    env: { PEER_GOOGLE_URL: emulator.baseUrl, PEER_CLIENT_ID: app.webClientId, PEER_CLIENT_SECRET: app.webClientSecret, PEER_DATABASE_URL: peerStore.DATABASE_URL },
    ready: /peer listening on (http:\/\/[^\s]+)/,
    stopSignal: 'SIGTERM',
  });
  const ours = (name, child) => ({ name, child, signIn: '/v1/auth/play-games', session: (b) => b.session.accessToken, read: '/v1/me/achievements', unlock: (id) => `/v1/me/achievements/${id}/unlock`, settle: () => drainOutbox(child) });
  const before = baselineStore === undefined ? [] : [
    ours('before', await startChildServer({
      name: 'before',
      argv: [join(args.baseline, 'cli.js'), 'serve'],
      env: { PORT: '0', PGS_LOG_LEVEL: 'warn', ...backendEnv(baselineStore) },
      ready: /backend listening on (http:\/\/[^\s]+)/,
      stopSignal: 'SIGTERM',
    })),
  ];
  return [
    ...before,
    ours('backend', backend),
    { name: 'peer', child: peer, signIn: '/signin', session: (b) => b.session, read: '/achievements', unlock: (id) => `/achievements/${id}/unlock`, settle: async () => {} },
  ];
}

/** Waits until the backend's outbox holds nothing pending or in flight: every write settled. */
async function drainOutbox(backend) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) {
    const res = await fetch(`${backend.baseUrl}/v1/admin/achievements/outbox`, { headers: { authorization: `Bearer ${SERVER_KEY}` } });
    const stats = await res.json();
    if (stats.pending + stats.inFlight === 0) return;
  }
  throw new Error('outbox did not drain');
}

/** A closed loop of `amount` requests at `connections`; latencies come from every answer. */
async function closedLoop(url, connections, amount, next) {
  const latencies = [];
  let non2xx = 0;
  const started = performance.now();
  // autocannon notices the end of a fixed amount only on its next one-second tick: time the span
  // to the last answer instead.
  let last = started;
  const instance = autocannon({ url, connections: Math.min(connections, amount), amount, pipelining: 1, requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }] });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    last = performance.now();
    if (status < 200 || status >= 300) non2xx++;
  });
  const result = await instance;
  return { latencies, non2xx: non2xx + result.errors, seconds: (last - started) / 1000 };
}

/** One timed part: the server's CPU and peak RSS around `work()`, which answers a closedLoop result. */
async function timed(server, work) {
  const stopRss = server.child.sampleRss();
  const cpuBefore = await server.child.cpuMs();
  const result = await work();
  await server.settle();
  const cpuMs = (await server.child.cpuMs()) - cpuBefore;
  return { ...result, cpuMs, peakRssMb: await stopRss() };
}

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** Runs `part(server, count)` for each server, `rounds` times alternating the order; merges the parts. */
async function interleaved(servers, total, part) {
  const merged = new Map(servers.map((s) => [s.name, { latencies: [], non2xx: 0, cpuMs: 0, count: 0, seconds: 0, peakRssMb: 0 }]));
  for (let round = 0; round < rounds; round++) {
    for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
      const count = Math.ceil(total / rounds);
      const r = await timed(server, () => part(server, count));
      const m = merged.get(server.name);
      m.latencies.push(...r.latencies);
      m.non2xx += r.non2xx;
      m.cpuMs += r.cpuMs;
      m.count += count;
      m.seconds += r.seconds;
      m.peakRssMb = Math.max(m.peakRssMb, r.peakRssMb);
    }
  }
  return Object.fromEntries(
    [...merged].map(([name, m]) => {
      const sorted = m.latencies.sort((a, b) => a - b);
      return [name, { cpuMsPerRequest: m.cpuMs / m.count, peakRssMb: m.peakRssMb, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), rps: m.count / m.seconds, non2xx: m.non2xx }];
    }),
  );
}

async function run(kind) {
  const emulator = await startChildEmulator({ args: ['--quiet'], nodeArgs: profileArgs('emulator') });
  try {
    const ctl = control(emulator.baseUrl);
    const [app] = await ctl.applications();
    const standard = app.achievements.find((a) => a.published && a.achievementType === 'STANDARD');
    const withBaselineStore = (fn) => (args.baseline === undefined ? fn(undefined) : withBenchStore(kind, fn));
    return await withBenchStore(kind, (backendStore) =>
      withBenchStore(kind, (peerStore) => withBaselineStore(async (baselineStore) => {
        const servers = await startServers(emulator, app, backendStore, peerStore, baselineStore);
        try {
          const sessions = new Map(servers.map((s) => [s.name, []]));
          let minted = 0;
          const codes = (count) =>
            pool(count, 32, async () => {
              const player = await ctl.createPlayer({ displayName: `Peer bench ${minted++}` });
              return mintCode(emulator.baseUrl, player.playerId, app.webClientId, { scopes: SCOPES, forceRefreshToken: true });
            });
          // Returning players: each signed in once on `server` (untimed), then a fresh code each.
          const returningCodes = async (count, server) => {
            const players = await pool(count, 32, () => ctl.createPlayer({ displayName: `Peer bench ${minted++}` }));
            const mint = (i) => mintCode(emulator.baseUrl, players[i].playerId, app.webClientId, { scopes: SCOPES, forceRefreshToken: true });
            const first = await pool(count, 32, mint);
            await pool(count, 10, (i) => call(server.child.baseUrl, 'POST', server.signIn, { serverAuthCode: first[i] }));
            return pool(count, 32, mint);
          };
          // Warm-up: JIT, key sets, prepared statements, keep-alive pools, the definitions cache;
          // and the sessions the read and unlock parts use.
          for (const server of servers) {
            const warmCodes = await codes(100);
            await pool(100, 10, async (i) => {
              const body = await call(server.child.baseUrl, 'POST', server.signIn, { serverAuthCode: warmCodes[i] });
              sessions.get(server.name).push(server.session(body));
            });
            for (const token of sessions.get(server.name)) {
              const res = await fetch(`${server.child.baseUrl}${server.read}`, { headers: { authorization: `Bearer ${token}` } });
              if (res.status !== 200) throw new Error(`${server.name} read: ${res.status} ${await res.text()}`);
              const unlocked = await fetch(`${server.child.baseUrl}${server.unlock(standard.id)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
              if (unlocked.status >= 300) throw new Error(`${server.name} unlock: ${unlocked.status} ${await unlocked.text()}`);
            }
          }

          const signInTimed = async (servers_, total, connections, mint = codes) => {
            // Every code is minted up front, so no control-API work falls inside a server's timed part.
            const perPart = Math.ceil(total / rounds);
            const queues = new Map();
            for (const s of servers_) queues.set(s.name, await Promise.all(Array.from({ length: rounds }, () => mint(perPart, s))));
            return interleaved(servers_, total, async (server, count) => {
              const batch = queues.get(server.name).shift();
              let i = 0;
              return closedLoop(server.child.baseUrl, connections, count, () => ({ method: 'POST', path: server.signIn, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serverAuthCode: batch[i++] }) }));
            });
          };

          const signInCount = Number(args['sign-ins']);
          const rows = [];
          if (only.has('sign-in')) rows.push({ path: 'sign-in, no added delay, 50 concurrent', target: TARGETS.signIn, ...(await signInTimed(servers, signInCount, 50)) });
          if (only.has('returning')) {
            rows.push({ path: 'returning player sign-in, no added delay, 50 concurrent', target: TARGETS.signIn, ...(await signInTimed(servers, signInCount, 50, returningCodes)) });
          }
          await ctl.addFault({ path: '/token', delayMs: DELAY });
          await ctl.addFault({ path: '/games/', delayMs: DELAY });
          if (only.has('delayed')) rows.push({ path: `sign-in, Google +${DELAY} ms per call, 50 concurrent`, target: TARGETS.signInDelayed, ...(await signInTimed(servers, signInCount, 50)) });
          if (only.has('latency')) {
            const latency = await signInTimed(servers, Math.max(40, Math.round(signInCount / 5)), 4);
            rows.push({ path: `sign-in, Google +${DELAY} ms per call, 4 concurrent`, ...latency, latencyRatio: Object.fromEntries(Object.entries(latency).map(([n, r]) => [n, r.p50 / (2 * DELAY)])) });
          }
          await ctl.clearFaults();

          const cycling = (path, method) => async (server, count) => {
            const tokens = sessions.get(server.name);
            let i = 0;
            return closedLoop(server.child.baseUrl, 50, count, () => ({ method, path: path(server), headers: { authorization: `Bearer ${tokens[i++ % tokens.length]}` } }));
          };
          if (only.has('read')) rows.push({ path: 'GET achievements (warm), 50 concurrent', target: TARGETS.read, ...(await interleaved(servers, Number(args.reads), cycling((s) => s.read, 'GET'))) });
          if (only.has('unlock')) rows.push({ path: 'unlock (backend: durable, settled), 50 concurrent', target: TARGETS.unlock, ...(await interleaved(servers, Number(args.unlocks), cycling((s) => s.unlock(standard.id), 'POST'))) });

          const overallPeak = Object.fromEntries(await Promise.all(servers.map(async (s) => [s.name, (await s.child.memory()).peakMb])));
          return { store: kind, rows, overallPeakMb: overallPeak };
        } finally {
          for (const server of servers) await server.child.stop();
        }
      })),
    );
  } finally {
    await emulator.stop();
  }
}

const speed = machineSpeed();
const loadBefore = loadavg()[0];
const stores = args.store === 'both' ? ['sqlite', 'postgres'] : [args.store];
const results = [];
for (const kind of stores) results.push(await run(kind));
const loadAfter = loadavg()[0];

if (args.json) {
  process.stdout.write(`${JSON.stringify({ machineSpeed: speed, loadBefore, loadAfter, results }, null, 2)}\n`);
} else {
  process.stdout.write(
    `peer comparison: ${cpus().length} cores, node ${process.version}, machine speed ${speed.toFixed(0)} k ops/s (bench/lib/machine-speed.mjs), load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after; ${rounds} interleaved rounds per path\n\n`,
  );
  const table = [];
  for (const { store, rows } of results) {
    for (const row of rows) {
      const b = row.backend;
      const p = row.peer;
      const ratio = p.cpuMsPerRequest / b.cpuMsPerRequest;
      const fig = (r) => `${r.cpuMsPerRequest.toFixed(2)}`;
      const lat = (r) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`;
      table.push([
        store,
        row.path,
        fig(b),
        fig(p),
        ratio.toFixed(2),
        row.target === undefined ? '–' : `≥ ${row.target} ${ratio >= row.target ? 'met' : 'not met'}`,
        `${b.peakRssMb.toFixed(0)} / ${p.peakRssMb.toFixed(0)}`,
        lat(b),
        lat(p),
        row.latencyRatio ? `${row.latencyRatio.backend.toFixed(2)} / ${row.latencyRatio.peer.toFixed(2)}` : '–',
        `${b.rps.toFixed(0)} / ${p.rps.toFixed(0)}`,
        `${b.non2xx} / ${p.non2xx}`,
      ]);
    }
  }
  process.stdout.write(
    `${markdownTable(
      ['store', 'path', 'backend CPU ms/req', 'peer CPU ms/req', 'peer ÷ backend', 'target', 'peak RSS MB backend / peer', 'backend p50 / p99 ms', 'peer p50 / p99 ms', `p50 ÷ (2 × ${DELAY} ms) backend / peer`, 'req/s backend / peer', 'non-2xx backend / peer'],
      table,
    )}\n`,
  );
  for (const { store, overallPeakMb } of results) {
    process.stdout.write(`\n${store}: peak RSS over the whole run (VmHWM): backend ${overallPeakMb.backend.toFixed(0)} MB, peer ${overallPeakMb.peer.toFixed(0)} MB (target: backend < ${TARGETS.rssMb} MB)`);
  }
  if (args.baseline !== undefined) {
    process.stdout.write(`\n\nbefore (${args.baseline}) and after (dist/), same run:\n\n`);
    const pairs = results.flatMap(({ store, rows }) =>
      rows.map((row) => [
        store,
        row.path,
        row.before.cpuMsPerRequest.toFixed(3),
        row.backend.cpuMsPerRequest.toFixed(3),
        (row.before.cpuMsPerRequest / row.backend.cpuMsPerRequest).toFixed(2),
        `${row.before.peakRssMb.toFixed(0)} / ${row.backend.peakRssMb.toFixed(0)}`,
        `${row.before.p50.toFixed(1)} / ${row.backend.p50.toFixed(1)}`,
      ]),
    );
    process.stdout.write(markdownTable(['store', 'path', 'before CPU ms/req', 'after CPU ms/req', 'before ÷ after', 'peak RSS MB before / after', 'p50 ms before / after'], pairs));
    for (const { store, overallPeakMb } of results) process.stdout.write(`\n${store}: VmHWM before ${overallPeakMb.before.toFixed(0)} MB, after ${overallPeakMb.backend.toFixed(0)} MB`);
  }
  process.stdout.write(`\nlatency target: 4 concurrent sign-ins at Google +${DELAY} ms, backend p50 ÷ (2 × ${DELAY} ms) ≤ ${TARGETS.latencyRatio}\n`);
}
