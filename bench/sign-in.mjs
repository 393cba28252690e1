#!/usr/bin/env node
/**
 * Sign-in benchmark: sign-ins/s, p50/p99, and the ratio of end-to-end p50 to the
 * critical path of Google calls, with the emulator adding a fixed delay to every Google call
 * (a fault with `delayMs`). The critical path is the code exchange, then the three parallel
 * Games calls: 2 × delay. Also the backend's peak RSS under that load.
 *
 * Emulator and backend each run in a child process (`pgs emulator`, `pgs serve`); autocannon
 * runs here. Every request carries a fresh server auth code for its own player, minted before
 * the timed run.
 *
 *   npm run build && node bench/sign-in.mjs [--store sqlite|postgres|both] [--delay 20]
 *       [--connections 1,10,50] [--requests 3000] [--scopes openid,email,profile|none]
 *       [--cpu-prof] [--json]
 *
 * With the delay, one run per concurrency level (closed loop: each connection sends its next
 * sign-in when the previous answer arrives); without it, one run at the last level. Each run gets
 * a fresh emulator and backend. PostgreSQL comes from TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test); each run creates a database of its own and drops it.
 */
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { startChildBackend } from './lib/child-backend.mjs';
import { startChildEmulator } from './lib/child-emulator.mjs';
import { call, control, mintCode, pool } from './lib/control-api.mjs';
import { withBenchStore } from './lib/bench-store.mjs';
import { load } from './lib/load.mjs';
import { machineSpeed } from './lib/machine-speed.mjs';
import { markdownTable } from './lib/table.mjs';

/** The project's sign-in targets (results: docs/BENCHMARKS.md). */
export const TARGETS = { ratioAtDelay: 1.25, signInsPerSecondNoDelay: 400, rssMb: 200 };

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    delay: { type: 'string', default: '20' },
    // Closed-loop concurrency levels of the runs with the Google delay; the no-delay run uses the last.
    connections: { type: 'string', default: '1,10,50' },
    requests: { type: 'string', default: '3000' },
    json: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    // The optional scopes the codes carry: with openid, every exchange signs (emulator) and
    // verifies (backend) an ID token; without, a sign-in is the Games calls only.
    scopes: { type: 'string', default: 'openid,email,profile' },
  },
});
const concurrencies = args.connections.split(',').map(Number);
const delayMs = Number(args.delay);
const KEY = randomBytes(32).toString('base64');
const scopes = args.scopes === 'none' ? [] : args.scopes.split(',');


/** One timed run: `count` sign-ins at `connections`, each with a fresh code of its own player. */
async function run(kind, delay, connections) {
  // Enough sign-ins for stable percentiles without a long single-connection run.
  const requests = Math.min(Number(args.requests), Math.max(300, connections * 60));
  // --quiet: the emulator stands in for Google; logging its every request would spend the
  // machine's CPU (its own, and this process's reading the lines) on what Google's side pays for.
  const emulator = await startChildEmulator({
    args: ['--quiet'],
    nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(tmpdir(), 'pgs-sign-in-profile-emulator')] : [],
  });
  try {
    return await withBenchStore(kind, async (storeEnv) => {
      const backend = await startChildBackend({
        nodeArgs: args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(tmpdir(), 'pgs-sign-in-profile')] : [],
        env: { ...storeEnv, PGS_EMULATOR_URL: emulator.baseUrl, PGS_SIGN_IN_RATE_LIMIT: '1000000', PGS_SESSION_SECRET: KEY, PGS_TOKEN_ENCRYPTION_KEYS: `k1:${KEY}` },
      });
      try {
        const [app] = await control(emulator.baseUrl).applications();
        const players = await pool(requests, 32, (i) => control(emulator.baseUrl).createPlayer({ displayName: `Bench ${i}` }));
        const codes = await pool(requests, 32, (i) =>
          mintCode(emulator.baseUrl, players[i].playerId, app.webClientId, { scopes, forceRefreshToken: true }),
        );
        // Warm the backend (JIT, key-set cache, store statements) with a few sign-ins of extra players.
        for (let i = 0; i < 20; i++) {
          const warm = await control(emulator.baseUrl).createPlayer({ displayName: `Warm ${i}` });
          const code = await mintCode(emulator.baseUrl, warm.playerId, app.webClientId, { scopes: ['openid'] });
          await call(backend.baseUrl, 'POST', '/v1/auth/play-games', { serverAuthCode: code });
        }
        if (delay > 0) {
          // Every Google path the sign-in touches: the token endpoint and the Games API.
          await control(emulator.baseUrl).addFault({ path: '/token', delayMs: delay });
          await control(emulator.baseUrl).addFault({ path: '/games/', delayMs: delay });
        }
        let next = 0;
        const stopSampling = backend.sampleRss();
        const cpuBefore = await backend.cpuMs();
        const emulatorCpuBefore = await emulator.cpuMs();
        const loadCpuBefore = process.cpuUsage();
        const result = await load({
          url: backend.baseUrl,
          connections,
          amount: requests,
          requests: [
            {
              method: 'POST',
              path: '/v1/auth/play-games',
              setupRequest(request) {
                return {
                  ...request,
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ serverAuthCode: codes[next++ % codes.length] }),
                };
              },
            },
          ],
        });
        const peakRssMb = await stopSampling();
        const cpuMsPerSignIn = ((await backend.cpuMs()) - cpuBefore) / requests;
        // The rest of the machine's CPU budget: the emulator and the load generator (this process).
        const emulatorCpuMsPerSignIn = ((await emulator.cpuMs()) - emulatorCpuBefore) / requests;
        const loadCpu = process.cpuUsage(loadCpuBefore);
        const loadCpuMsPerSignIn = (loadCpu.user + loadCpu.system) / 1000 / requests;
        const critical = 2 * delay;
        return {
          store: kind,
          delayMs: delay,
          connections,
          signInsPerSecond: result.rps,
          p50: result.p50,
          p99: result.p99,
          ratio: delay > 0 ? result.p50 / critical : undefined,
          peakRssMb,
          cpuMsPerSignIn,
          emulatorCpuMsPerSignIn,
          loadCpuMsPerSignIn,
          non2xx: result.non2xx,
          errors: result.errors,
        };
      } finally {
        await backend.stop();
      }
    });
  } finally {
    await emulator.stop();
  }
}

// Measured before the runs, on a quiet machine (the benchmark's own children are not started yet).
const speed = machineSpeed();
const stores = args.store === 'both' ? ['sqlite', 'postgres'] : [args.store];
const rows = [];
for (const kind of stores) {
  for (const connections of concurrencies) rows.push(await run(kind, delayMs, connections));
  rows.push(await run(kind, 0, concurrencies.at(-1)));
}

if (args.json) {
  process.stdout.write(`${JSON.stringify({ machineSpeed: speed, rows }, null, 2)}\n`);
} else {
  process.stdout.write(
    `sign-in benchmark: scopes ${scopes.join(',') || 'none'}, ${cpus().length} cores, node ${process.version}, machine speed ${speed.toFixed(0)} k ops/s (bench/lib/machine-speed.mjs)\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['store', 'Google delay', 'concurrent', 'sign-ins/s', 'p50 ms', 'p99 ms', 'p50 / (2 × delay)', 'backend CPU ms / sign-in', 'emulator CPU ms', 'load generator CPU ms', 'backend peak RSS MB', 'non-2xx'],
      rows.map((r) => [
        r.store,
        `${r.delayMs} ms`,
        String(r.connections),
        r.signInsPerSecond.toFixed(0),
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        r.ratio === undefined ? '–' : r.ratio.toFixed(2),
        r.cpuMsPerSignIn.toFixed(2),
        r.emulatorCpuMsPerSignIn.toFixed(2),
        r.loadCpuMsPerSignIn.toFixed(2),
        r.peakRssMb.toFixed(0),
        String(r.non2xx + r.errors),
      ]),
    )}\n`,
  );
  process.stdout.write(
    `\ntargets: ratio ≤ ${TARGETS.ratioAtDelay} at ${delayMs} ms and 50 concurrent; ≥ ${TARGETS.signInsPerSecondNoDelay} sign-ins/s with no delay; peak RSS < ${TARGETS.rssMb} MB\n`,
  );
}
