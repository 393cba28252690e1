#!/usr/bin/env node
/**
 * Achievement benchmark:
 * 1. the p50/p99 an unlock through the backend adds over the same unlock sent straight to the
 *    emulator, at 50 connections (target: < 3 ms added at p50);
 * 2. durable writes/s: increments through the backend, each recorded in the store (committed)
 *    before it is sent to Google (target: ≥ 1,000/s on SQLite and on PostgreSQL);
 * 3. Google calls per player action: a warm read (target 1, against 2 for the naive
 *    definitions + list, measured with the definitions cache off), and a burst of 50 increments
 *    from one player while Google is slow (target: ≥ 5× fewer Google calls than writes).
 *
 * Emulator and backend each run in a child process (`pgs emulator`, `pgs serve`, worker on);
 * autocannon and the control calls run here. Google calls are counted from the emulator's
 * request log.
 *
 *   npm run build && node bench/achievements.mjs [--store sqlite|postgres|both]
 *       [--connections 50] [--duration 10] [--players 200] [--rate 200] [--json]
 *
 * The overhead is measured open loop at a fixed request rate (`--rate`, evenly spaced over 50
 * keep-alive connections) that both the emulator and the backend sustain, so that it is the
 * latency a request gains, not queueing in front of a saturated process; the closed-loop
 * (autocannon, flat out) figures follow for reference. Where the load generator, the emulator and
 * the backend share two cores, flat-out latency is mostly queueing.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openLoop } from './achievements-lib.mjs';
import { startChildBackend } from './lib/child-backend.mjs';
import { startChildEmulator } from './lib/child-emulator.mjs';
import { call, control, exchange, mintCode, pool } from './lib/control-api.mjs';
import { withBenchStore } from './lib/bench-store.mjs';
import { load } from './lib/load.mjs';
import { markdownTable } from './lib/table.mjs';

/** The project's achievement targets (results: docs/BENCHMARKS.md). */
export const TARGETS = { addedP50Ms: 3, durableWritesPerSecond: 1000, warmReadCalls: 1, burstReduction: 5 };

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    players: { type: 'string', default: '200' },
    rate: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
  },
});
const connections = Number(args.connections);
const duration = Number(args.duration);
const playerCount = Number(args.players);
const rate = Number(args.rate);
const { fetch } = globalThis;
const KEY = randomBytes(32).toString('base64');
const SERVER_KEY = randomBytes(24).toString('base64url');


async function startBackend(storeEnv, emulator, env = {}) {
  return startChildBackend({
    env: {
      ...storeEnv,
      PGS_EMULATOR_URL: emulator.baseUrl,
      PGS_SIGN_IN_RATE_LIMIT: '1000000',
      PGS_SESSION_SECRET: KEY,
      PGS_TOKEN_ENCRYPTION_KEYS: `k1:${KEY}`,
      PGS_SERVER_API_KEY: SERVER_KEY,
      ...env,
    },
  });
}

/** Signs `count` new players in to the backend; returns their session tokens and Play Games IDs. */
async function signInPlayers(emulator, backend, app, count, prefix) {
  return pool(count, 16, async (i) => {
    const player = await control(emulator.baseUrl).createPlayer({ displayName: `${prefix} ${i}` });
    const code = await mintCode(emulator.baseUrl, player.playerId, app.webClientId, { forceRefreshToken: true });
    const body = await call(backend.baseUrl, 'POST', '/v1/auth/play-games', { serverAuthCode: code });
    return { playerId: player.playerId, session: body.session.accessToken };
  });
}

/** Requests at a fixed rate (open loop) over `connections` sockets, cycling through `tokens`. */
function atRate(url, method, path, tokens) {
  return openLoop({
    url,
    rate,
    durationS: duration,
    connections,
    request: (i) => ({ method, path, headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } }),
  });
}

/** A closed-loop run (as fast as answers come) cycling through `tokens`, each request `method path` with `Bearer <token>` and `body`. */
function cycling(url, method, path, tokens, body) {
  let next = 0;
  return load({
    url,
    connections,
    duration,
    requests: [
      {
        method,
        path,
        setupRequest(request) {
          const token = tokens[next++ % tokens.length];
          return {
            ...request,
            headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          };
        },
      },
    ],
  });
}

async function googleCalls(emulator, operations) {
  let total = 0;
  for (const operation of operations) {
    total += (await control(emulator.baseUrl).requests({ operation })).length;
  }
  return total;
}

async function waitForDrain(backend, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${backend.baseUrl}/v1/admin/achievements/outbox`, { headers: { authorization: `Bearer ${SERVER_KEY}` } });
    const stats = await res.json();
    if (stats.pending + stats.inFlight === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox not drained: ${JSON.stringify(stats)}`);
    await sleep(50);
  }
}

async function run(kind) {
  const emulator = await startChildEmulator({ args: ['--quiet'] });
  try {
    const [app] = await control(emulator.baseUrl).applications();
    const published = app.achievements.filter((a) => a.published);
    const standard = published.find((a) => a.achievementType === 'STANDARD' && a.initialState === 'REVEALED');
    const big = published
      .filter((a) => a.achievementType === 'INCREMENTAL')
      .sort((a, b) => (b.totalSteps ?? 0) - (a.totalSteps ?? 0))[0];

    return await withBenchStore(kind, async (storeEnv) => {
      const backend = await startBackend(storeEnv, emulator);
      try {
        const players = await signInPlayers(emulator, backend, app, playerCount, 'Bench');
        const sessions = players.map((p) => p.session);
        // The same players' Google tokens, for the direct calls (a second grant each).
        const googleTokens = await pool(playerCount, 16, async (i) => {
          const code = await mintCode(emulator.baseUrl, players[i].playerId, app.webClientId);
          return exchange(emulator.baseUrl, code, app);
        });

        // Warm-up: JIT, the definitions cache, prepared statements, keep-alive pools.
        await cycling(emulator.baseUrl, 'POST', `/games/v1/achievements/${standard.id}/unlock`, googleTokens).then(() => undefined);
        await cycling(backend.baseUrl, 'POST', `/v1/me/achievements/${standard.id}/unlock`, sessions);

        // 1. Unlock overhead: same call, same players, straight to the emulator vs through the
        //    backend, at a fixed request rate both sustain (latency, not queueing), then flat out.
        const direct = await atRate(emulator.baseUrl, 'POST', `/games/v1/achievements/${standard.id}/unlock`, googleTokens);
        const through = await atRate(backend.baseUrl, 'POST', `/v1/me/achievements/${standard.id}/unlock`, sessions);
        const directMax = await cycling(emulator.baseUrl, 'POST', `/games/v1/achievements/${standard.id}/unlock`, googleTokens);
        const throughMax = await cycling(backend.baseUrl, 'POST', `/v1/me/achievements/${standard.id}/unlock`, sessions);

        // 2. Durable writes/s: increments, each committed to the store before it is sent.
        await waitForDrain(backend);
        const writes = await cycling(backend.baseUrl, 'POST', `/v1/me/achievements/${big.id}/increment`, sessions, { steps: 1 });
        const writeCodes = writes.statusCodes;
        await waitForDrain(backend, 120_000);

        // 3a. Warm reads: Google calls per read.
        const readers = sessions.slice(0, 50);
        for (const token of readers) await fetch(`${backend.baseUrl}/v1/me/achievements`, { headers: { authorization: `Bearer ${token}` } });
        await control(emulator.baseUrl).clearRequests();
        for (const token of readers) {
          const res = await fetch(`${backend.baseUrl}/v1/me/achievements`, { headers: { authorization: `Bearer ${token}` } });
          if (res.status !== 200) throw new Error(`read: ${res.status}`);
        }
        const readCalls = await googleCalls(emulator, ['games.achievements.list', 'games.achievementDefinitions.list']);

        // 3b. A burst of 50 increments from one player while Google is slow.
        const [burstPlayer] = await signInPlayers(emulator, backend, app, 1, 'Burst');
        await fetch(`${backend.baseUrl}/v1/me/achievements`, { headers: { authorization: `Bearer ${burstPlayer.session}` } });
        await control(emulator.baseUrl).clearRequests();
        await control(emulator.baseUrl).addFault({ path: '/games/v1/achievements/', delayMs: 300 });
        const burst = await Promise.all(
          Array.from({ length: 50 }, () =>
            fetch(`${backend.baseUrl}/v1/me/achievements/${big.id}/increment`, {
              method: 'POST',
              headers: { authorization: `Bearer ${burstPlayer.session}`, 'content-type': 'application/json' },
              body: JSON.stringify({ steps: 1 }),
            }).then((r) => r.status),
          ),
        );
        await waitForDrain(backend);
        await control(emulator.baseUrl).clearFaults();
        const burstCalls = await googleCalls(emulator, ['games.achievements.increment', 'games.achievements.updateMultiple', 'games.achievements.unlock']);
        const truth = await control(emulator.baseUrl).player(burstPlayer.playerId);
        const burstSteps = truth.achievements[app.applicationId]?.find((a) => a.id === big.id)?.currentSteps;

        return {
          store: kind,
          direct: { p50: direct.p50, p99: direct.p99, rps: direct.achievedRate, codes: direct.statusCodes },
          through: { p50: through.p50, p99: through.p99, rps: through.achievedRate, codes: through.statusCodes, errors: through.errors },
          addedP50: through.p50 - direct.p50,
          addedP99: through.p99 - direct.p99,
          saturated: {
            direct: { p50: directMax.p50, p99: directMax.p99, rps: directMax.rps },
            through: { p50: throughMax.p50, p99: throughMax.p99, rps: throughMax.rps },
          },
          writesPerSecond: writes.rps,
          writeStatusCodes: writeCodes,
          writeErrors: writes.errors,
          warmReadCalls: readCalls / readers.length,
          burst: { writes: 50, statuses: countBy(burst), googleCalls: burstCalls, steps: burstSteps },
        };
      } finally {
        await backend.stop();
      }
    });
  } finally {
    await emulator.stop();
  }
}

/** The naive read: definitions cache off (TTL 0), so every read lists the definitions too. */
async function naiveReadCalls() {
  const emulator = await startChildEmulator({ args: ['--quiet'] });
  try {
    const [app] = await control(emulator.baseUrl).applications();
    return await withBenchStore('sqlite', async (storeEnv) => {
      const backend = await startBackend(storeEnv, emulator, { PGS_DEFINITIONS_TTL_SECONDS: '0' });
      try {
        const players = await signInPlayers(emulator, backend, app, 20, 'Naive');
        await control(emulator.baseUrl).clearRequests();
        for (const p of players) await fetch(`${backend.baseUrl}/v1/me/achievements`, { headers: { authorization: `Bearer ${p.session}` } });
        return (await googleCalls(emulator, ['games.achievements.list', 'games.achievementDefinitions.list'])) / players.length;
      } finally {
        await backend.stop();
      }
    });
  } finally {
    await emulator.stop();
  }
}

function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

const stores = args.store === 'both' ? ['sqlite', 'postgres'] : [args.store];
const rows = [];
for (const kind of stores) rows.push(await run(kind));
const naive = await naiveReadCalls();

if (args.json) {
  process.stdout.write(`${JSON.stringify({ rows, naiveReadCalls: naive }, null, 2)}\n`);
} else {
  process.stdout.write(
    `achievement benchmark: ${connections} connections, ${duration} s per run, ${playerCount} players, ${cpus().length} cores, node ${process.version}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['store', `unlock at ${rate}/s: direct p50/p99 ms`, 'via backend p50/p99 ms', 'added p50 ms', 'added p99 ms', 'durable writes/s', 'warm read: Google calls', 'burst: 50 writes → Google calls'],
      rows.map((r) => [
        r.store,
        `${r.direct.p50.toFixed(2)} / ${r.direct.p99.toFixed(2)}`,
        `${r.through.p50.toFixed(2)} / ${r.through.p99.toFixed(2)}`,
        r.addedP50.toFixed(2),
        r.addedP99.toFixed(2),
        r.writesPerSecond.toFixed(0),
        r.warmReadCalls.toFixed(2),
        `${r.burst.googleCalls} (${(50 / r.burst.googleCalls).toFixed(1)}× fewer; steps ${r.burst.steps})`,
      ]),
    )}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['store', 'unlock flat out: direct req/s', 'direct p50/p99 ms', 'via backend req/s', 'via backend p50/p99 ms'],
      rows.map((r) => [
        r.store,
        r.saturated.direct.rps.toFixed(0),
        `${r.saturated.direct.p50.toFixed(1)} / ${r.saturated.direct.p99.toFixed(1)}`,
        r.saturated.through.rps.toFixed(0),
        `${r.saturated.through.p50.toFixed(1)} / ${r.saturated.through.p99.toFixed(1)}`,
      ]),
    )}\n`,
  );
  process.stdout.write(`\nnaive read (definitions cache off): ${naive.toFixed(2)} Google calls per read\n`);
  process.stdout.write(`write statuses: ${rows.map((r) => `${r.store} ${JSON.stringify(r.writeStatusCodes)}`).join('; ')}\n`);
  process.stdout.write(`burst statuses: ${rows.map((r) => `${r.store} ${JSON.stringify(r.burst.statuses)}`).join('; ')}\n`);
  process.stdout.write(
    `\ntargets: added p50 < ${TARGETS.addedP50Ms} ms; ≥ ${TARGETS.durableWritesPerSecond} durable writes/s; warm read = ${TARGETS.warmReadCalls} Google call (naive 2); burst ≥ ${TARGETS.burstReduction}× fewer Google calls than writes\n`,
  );
}
