#!/usr/bin/env node
/**
 * Emulator benchmark (issue 2 §4): achievement writes/s, token exchanges/s with and without
 * `openid`, p50/p99 at 50 connections, and the RSS of 10,000 players holding 20 achievement
 * states each. The emulator runs as `pgs emulator` in a child process; autocannon runs here.
 *
 *   npm run build && node bench/emulator.mjs [--duration 10] [--connections 50]
 *       [--players 10000] [--states 20] [--only writes,exchange,openid,rss] [--cpu-prof] [--json]
 *
 * Results go to stdout as a table; record them in docs/BENCHMARKS.md ("## Emulator").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startChildEmulator } from './lib/child-emulator.mjs';
import { applications, call, exchangeBody, mintCode, pool, signedInPlayer } from './lib/control-api.mjs';
import { load } from './lib/load.mjs';
import { markdownTable } from './lib/table.mjs';

/** Targets on the 2-core machine, load generator included (issue 2 §4). */
export const TARGETS = { writesPerSecond: 3000, openidExchangesPerSecond: 500, p99Ms: 25, rssMb: 300 };

const SETUP_CONCURRENCY = 32;
const { fetch } = globalThis;

/** Achievement writes through valid tokens, spread over many players and achievements. */
async function benchWrites(emulator, { duration, connections, players: playerCount }) {
  const [app] = await applications(emulator.baseUrl);
  const published = app.achievements.filter((a) => a.published);
  const players = await pool(playerCount, SETUP_CONCURRENCY, (i) => signedInPlayer(emulator.baseUrl, app, i));
  let n = 0;
  let requestId = 1_000_000_000;
  const result = await load({
    url: emulator.baseUrl,
    duration,
    connections,
    requests: [
      {
        method: 'POST',
        setupRequest(request) {
          const i = n++;
          const player = players[i % players.length];
          const achievement = published[Math.floor(i / players.length) % published.length];
          // INCREMENTAL gets an increment with a requestId (as the backend always sends), STANDARD an unlock.
          const path =
            achievement.achievementType === 'INCREMENTAL'
              ? `/games/v1/achievements/${encodeURIComponent(achievement.id)}/increment?stepsToIncrement=1&requestId=${requestId++}`
              : `/games/v1/achievements/${encodeURIComponent(achievement.id)}/unlock`;
          return { ...request, path, headers: { authorization: `Bearer ${player.accessToken}` } };
        },
      },
    ],
  });
  const kinds = new Set(published.map((a) => a.achievementType));
  return { name: `achievement writes (${[...kinds].map((k) => (k === 'INCREMENTAL' ? 'increment' : 'unlock')).join(' + ')}, ${playerCount} players)`, ...result };
}

/** Token exchanges, each with its own pre-minted code (codes are single-use). */
async function benchExchanges(emulator, { connections, amount, scopes, players: playerCount }) {
  const [app] = await applications(emulator.baseUrl);
  const players = await pool(playerCount, SETUP_CONCURRENCY, (i) =>
    call(emulator.baseUrl, 'POST', '/emulator/v1/players', { displayName: `Exchange ${i}` }, [201]),
  );
  const bodies = await pool(amount, SETUP_CONCURRENCY, async (i) =>
    exchangeBody(await mintCode(emulator.baseUrl, players[i % players.length].playerId, app.webClientId, { scopes }), app),
  );
  let next = 0;
  const result = await load({
    url: emulator.baseUrl,
    amount,
    connections,
    requests: [
      {
        method: 'POST',
        path: '/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest(request) {
          return { ...request, body: bodies[next++ % bodies.length] };
        },
      },
    ],
  });
  const label = scopes.includes('openid') ? 'token exchanges with openid (ID token signed)' : 'token exchanges without openid';
  return { name: label, ...result };
}

/** Builds a config whose first application holds `states` published achievements. */
async function populationConfig(states) {
  const { DEMO_SEED } = await import('../dist/emulator/index.js');
  const seed = JSON.parse(JSON.stringify(DEMO_SEED));
  const app = seed.applications[0];
  const template = app.achievements.find((a) => a.published !== false && a.achievementType === 'STANDARD') ?? app.achievements[0];
  const achievements = [];
  for (let i = 0; i < states; i++) {
    const incremental = i % 4 === 3;
    achievements.push({
      ...template,
      id: `CgkIbenchAch${String(i).padStart(3, '0')}`,
      name: `Bench achievement ${i}`,
      description: `Bench achievement ${i}`,
      achievementType: incremental ? 'INCREMENTAL' : 'STANDARD',
      initialState: 'REVEALED',
      published: true,
      ...(incremental ? { totalSteps: 100 } : { totalSteps: undefined }),
    });
  }
  app.achievements = achievements.map((a) => JSON.parse(JSON.stringify(a)));
  seed.players = [];
  return seed;
}

/** RSS of the emulator once `players` players each hold `states` achievement states. */
async function benchPopulation({ players: playerCount, states, nodeArgs }) {
  const dir = await mkdtemp(join(tmpdir(), 'pgs-bench-'));
  const configFile = join(dir, 'population.json');
  await writeFile(configFile, JSON.stringify(await populationConfig(states), null, 2));
  const emulator = await startChildEmulator({ args: ['--config', configFile], nodeArgs });
  try {
    const baseline = await emulator.memory();
    const [app] = await applications(emulator.baseUrl);
    if (app.achievements.length !== states) throw new Error(`config gave ${app.achievements.length} achievements, wanted ${states}`);
    const started = Date.now();
    await pool(playerCount, SETUP_CONCURRENCY, async (i) => {
      const player = await signedInPlayer(emulator.baseUrl, app, i);
      const updates = app.achievements.map((a) =>
        a.achievementType === 'INCREMENTAL'
          ? { achievementId: a.id, updateType: 'INCREMENT', incrementPayload: { steps: 1 + (i % 50), requestId: String(i + 1) } }
          : { achievementId: a.id, updateType: 'UNLOCK' },
      );
      const res = await fetch(`${emulator.baseUrl}/games/v1/achievements/updateMultiple`, {
        method: 'POST',
        headers: { authorization: `Bearer ${player.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ updates }),
      });
      if (res.status !== 200) throw new Error(`updateMultiple: ${res.status} ${await res.text()}`);
      await res.arrayBuffer().catch(() => undefined);
      if (i === 0) await checkStates(emulator.baseUrl, player.playerId, app.applicationId, states);
    });
    const populateSeconds = (Date.now() - started) / 1000;
    // Let the allocator settle after the burst before reading VmRSS.
    await setTimeout(2000);
    const after = await emulator.memory();
    return { baselineMb: baseline.rssMb, rssMb: after.rssMb, peakMb: after.peakMb, populateSeconds, players: playerCount, states };
  } finally {
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Sanity check: the ground truth shows `states` achievement states for the player. */
async function checkStates(baseUrl, playerId, applicationId, states) {
  const truth = await call(baseUrl, 'GET', `/emulator/v1/players/${encodeURIComponent(playerId)}`);
  const held = truth.achievements?.[applicationId]?.length ?? 0;
  if (held !== states) throw new Error(`player holds ${held} achievement states, wanted ${states}`);
}

function fmt(n, digits = 0) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** Runs the scenarios and returns their figures; prints progress to stderr. */
export async function runEmulatorBench(options) {
  const { duration, connections, only, cpuProf } = options;
  const nodeArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(process.cwd(), 'bench', 'profiles')}`] : [];
  const rows = [];
  let population;
  const want = (name) => only.length === 0 || only.includes(name);
  const log = (line) => process.stderr.write(`bench: ${line}\n`);

  for (const [name, run] of [
    ['writes', (emu) => benchWrites(emu, { duration, connections, players: 1000 })],
    ['exchange', (emu) => benchExchanges(emu, { connections, amount: options.exchanges, scopes: [], players: 1000 })],
    ['openid', (emu) => benchExchanges(emu, { connections, amount: options.openidExchanges, scopes: ['openid', 'email', 'profile'], players: 1000 })],
  ]) {
    if (!want(name)) continue;
    // A fresh emulator per scenario, so one scenario's state never weighs on the next.
    const emulator = await startChildEmulator({ nodeArgs });
    try {
      log(`${name}: running against ${emulator.baseUrl} (pid ${emulator.pid})`);
      const row = await run(emulator);
      row.rssMb = (await emulator.memory()).rssMb;
      rows.push(row);
      log(`${name}: ${fmt(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}, errors ${row.errors}`);
    } finally {
      await emulator.stop();
    }
  }
  if (want('rss')) {
    log(`rss: creating ${options.players} players with ${options.states} achievement states each`);
    population = await benchPopulation({ players: options.players, states: options.states, nodeArgs });
    log(`rss: ${fmt(population.rssMb)} MB (baseline ${fmt(population.baselineMb)} MB), populated in ${fmt(population.populateSeconds, 1)} s`);
  }
  return { rows, population };
}

/** The figures as a Markdown report, with each target checked. */
export function report({ rows, population }, { connections }) {
  const target = (row) => {
    if (row.name.startsWith('achievement writes')) return { rps: TARGETS.writesPerSecond };
    if (row.name.includes('with openid')) return { rps: TARGETS.openidExchangesPerSecond };
    return {};
  };
  const table = markdownTable(
    ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors', 'target', 'met'],
    rows.map((row) => {
      const t = target(row);
      const met = (t.rps === undefined || row.rps >= t.rps) && row.p99 < TARGETS.p99Ms && row.non2xx === 0 && row.errors === 0;
      const targetText = [t.rps ? `≥ ${t.rps}/s` : null, `p99 < ${TARGETS.p99Ms} ms`].filter(Boolean).join(', ');
      return [row.name, fmt(row.rps), fmt(row.p50), fmt(row.p99), String(row.ok + row.non2xx), String(row.non2xx), String(row.errors), targetText, met ? 'yes' : 'NO'];
    }),
  );
  const lines = [`Load: autocannon, ${connections} connections, pipelining 1, loopback.`, '', table];
  if (population) {
    lines.push(
      '',
      markdownTable(
        ['population', 'VmRSS MB', 'baseline MB', 'peak (VmHWM) MB', 'populated in', 'target', 'met'],
        [
          [
            `${population.players} players × ${population.states} achievement states`,
            fmt(population.rssMb),
            fmt(population.baselineMb),
            fmt(population.peakMb),
            `${fmt(population.populateSeconds, 1)} s`,
            `< ${TARGETS.rssMb} MB`,
            population.rssMb < TARGETS.rssMb ? 'yes' : 'NO',
          ],
        ],
      ),
    );
  }
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      players: { type: 'string', default: '10000' },
      states: { type: 'string', default: '20' },
      exchanges: { type: 'string', default: '15000' },
      'openid-exchanges': { type: 'string', default: '6000' },
      only: { type: 'string', default: '' },
      'cpu-prof': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const options = {
    duration: Number(values.duration),
    connections: Number(values.connections),
    players: Number(values.players),
    states: Number(values.states),
    exchanges: Number(values.exchanges),
    openidExchanges: Number(values['openid-exchanges']),
    only: values.only.split(',').filter(Boolean),
    cpuProf: values['cpu-prof'],
  };
  process.stderr.write(`bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${fmt(totalmem() / 2 ** 30, 1)} GiB\n`);
  const results = await runEmulatorBench(options);
  process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : `${report(results, options)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
