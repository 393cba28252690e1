#!/usr/bin/env node
/**
 * Emulator benchmark: achievement writes/s, token exchanges/s with and without
 * `openid`, p50/p99 at 50 connections, and the RSS of 10,000 players holding 20 achievement
 * states each. The emulator runs as `pgs emulator` in a child process; autocannon runs here.
 *
 *   npm run build && node bench/emulator.mjs [--duration 10] [--connections 50]
 *       [--repeat 3] [--players 10000] [--states 20] [--exchanges 30000] [--openid-exchanges 10000]
 *       [--only baseline,writes,exchange,openid,rss] [--log-requests] [--cpu-prof] [--json]
 *
 * Each throughput scenario runs a warm-up, then a saturation phase (autocannon, closed loop: every
 * connection sends its next request as soon as the answer comes, so req/s is the ceiling and
 * latency is mostly queueing: mean latency = connections ÷ throughput), then a paced phase at
 * the target rate over at most the same connections (bench/lib/paced.mjs, open loop), whose
 * p50/p99 is the latency a client sees at that rate.
 *
 * Results go to stdout as a table; record them in docs/BENCHMARKS.md ("## Emulator").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers/promises';
import { URL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startChildEmulator } from './lib/child-emulator.mjs';
import { control, exchangeBody, mintCode, pool, signedInPlayer } from './lib/control-api.mjs';
import { load } from './lib/load.mjs';
import { paced } from './lib/paced.mjs';
import { markdownTable } from './lib/table.mjs';

/** The project's targets on the 2-core machine, load generator included (results: docs/BENCHMARKS.md). */
export const TARGETS = { writesPerSecond: 3000, openidExchangesPerSecond: 500, p99Ms: 25, rssMb: 300 };

const SETUP_CONCURRENCY = 32;
const NULL_SERVER = fileURLToPath(new URL('./lib/null-server.mjs', import.meta.url));
const { fetch } = globalThis;

/**
 * Achievement writes through valid tokens, spread over many players and achievements: STANDARD
 * achievements get an unlock, INCREMENTAL ones an increment with a fresh requestId (the backend
 * always sends one). Returns the request source.
 */
async function writeSource(emulator, playerCount) {
  const [app] = await control(emulator.baseUrl).applications();
  const published = app.achievements.filter((a) => a.published);
  const players = await pool(playerCount, SETUP_CONCURRENCY, (i) => signedInPlayer(emulator.baseUrl, app, i));
  let n = 0;
  let requestId = 1_000_000_000;
  return () => {
    const i = n++;
    const player = players[i % players.length];
    const achievement = published[(i + Math.floor(i / players.length)) % published.length];
    const path =
      achievement.achievementType === 'INCREMENTAL'
        ? `/games/v1/achievements/${encodeURIComponent(achievement.id)}/increment?stepsToIncrement=1&requestId=${requestId++}`
        : `/games/v1/achievements/${encodeURIComponent(achievement.id)}/unlock`;
    return { method: 'POST', path, headers: { authorization: `Bearer ${player.accessToken}` } };
  };
}

/** Token exchanges at `POST /token`, each with its own pre-minted code from `bodies`. */
function exchangeSource(bodies) {
  let next = 0;
  return () => {
    if (next >= bodies.length) throw new Error('ran out of pre-minted codes');
    return {
      method: 'POST',
      path: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: bodies[next++],
    };
  };
}

/** autocannon's request list drawing every request from `source`. */
function fromSource(source) {
  return [{ setupRequest: (request) => ({ ...request, ...source() }) }];
}

/** The median run of `runs` by `key` (the middle one; the lower middle for an even count). */
function median(runs, key) {
  const sorted = [...runs].sort((a, b) => a[key] - b[key]);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The median run, with the p99 range over all runs: a shared machine's noise made visible. */
function summarize(runs, key) {
  const middle = median(runs, key);
  const p99s = runs.map((r) => r.p99);
  return { ...middle, runs: runs.length, p99Min: Math.min(...p99s), p99Max: Math.max(...p99s) };
}

/**
 * One scenario: a warm-up, then `repeat` saturation runs (autocannon, closed loop: each
 * connection sends its next request as soon as its answer arrives, so req/s is the ceiling and
 * latency is mostly queueing), then `repeat` runs at the target rate, paced open-loop over the
 * same number of connections. Each phase reports its median run.
 */
async function runScenario(emulator, scenario, { duration, connections, repeat, log }) {
  log(`${scenario.name}: warm-up`);
  await load({ url: emulator.baseUrl, connections, ...(await scenario.warmup()) });
  const saturatedRuns = [];
  for (let run = 0; run < repeat; run++) {
    const result = await load({ url: emulator.baseUrl, connections, ...(await scenario.saturate(duration)) });
    log(`${scenario.name}: saturation: ${fmt(result.rps)} req/s, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms, non-2xx ${result.non2xx}`);
    saturatedRuns.push(result);
  }
  const rate = scenario.rate;
  const amount = rate * duration;
  const pacedRuns = [];
  for (let run = 0; run < repeat; run++) {
    const result = await paced({ url: emulator.baseUrl, rate, amount, connections, next: await scenario.paced(amount) });
    log(`${scenario.name}: paced ${rate}/s: ${fmt(result.rps)} req/s, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms, non-2xx ${result.non2xx}`);
    pacedRuns.push(result);
  }
  const sum = (runs, field) => runs.reduce((total, r) => total + r[field], 0);
  const problems = (runs) => ({ non2xx: sum(runs, 'non2xx'), errors: sum(runs, 'errors') });
  return [
    { name: scenario.name, mode: 'saturation', target: scenario.target, ...summarize(saturatedRuns, 'rps'), ...problems(saturatedRuns) },
    { name: scenario.name, mode: `paced ${rate}/s`, target: { p99: true }, ...summarize(pacedRuns, 'p99'), ...problems(pacedRuns) },
  ];
}

/** The write scenario. */
function writesScenario(emulator) {
  let source;
  const ready = async () => (source ??= await writeSource(emulator, 1000));
  return {
    name: 'achievement writes (unlock + increment, 1000 players)',
    target: { rps: TARGETS.writesPerSecond },
    rate: TARGETS.writesPerSecond,
    warmup: async () => ({ duration: 2, requests: fromSource(await ready()) }),
    saturate: async (duration) => ({ duration, requests: fromSource(await ready()) }),
    paced: async () => ready(),
  };
}

/** A token-exchange scenario; codes are minted before each phase, never during one. */
function exchangeScenario(emulator, { openid, saturationCodes, rate }) {
  const scopes = openid ? ['openid', 'email', 'profile'] : [];
  let players;
  const codes = async (count) => {
    const [app] = await control(emulator.baseUrl).applications();
    players ??= await pool(1000, SETUP_CONCURRENCY, (i) => control(emulator.baseUrl).createPlayer({ displayName: `Exchange ${i}` }));
    return pool(count, SETUP_CONCURRENCY, async (i) =>
      exchangeBody(await mintCode(emulator.baseUrl, players[i % players.length].playerId, app.webClientId, { scopes }), app),
    );
  };
  return {
    name: openid ? 'token exchanges with openid (one RS256 signature each)' : 'token exchanges without openid',
    target: openid ? { rps: TARGETS.openidExchangesPerSecond } : {},
    rate,
    warmup: async () => ({ amount: 1000, requests: fromSource(exchangeSource(await codes(1000))) }),
    saturate: async () => ({ amount: saturationCodes, requests: fromSource(exchangeSource(await codes(saturationCodes))) }),
    paced: async (amount) => exchangeSource(await codes(amount)),
  };
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
async function benchPopulation({ players: playerCount, states, nodeArgs, args }) {
  const dir = await mkdtemp(join(tmpdir(), 'pgs-bench-'));
  const configFile = join(dir, 'population.json');
  await writeFile(configFile, JSON.stringify(await populationConfig(states), null, 2));
  const emulator = await startChildEmulator({ args: [...args, '--config', configFile], nodeArgs });
  try {
    const baseline = await emulator.memory();
    const [app] = await control(emulator.baseUrl).applications();
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
  const truth = await control(baseUrl).player(playerId);
  const held = truth.achievements?.[applicationId]?.length ?? 0;
  if (held !== states) throw new Error(`player holds ${held} achievement states, wanted ${states}`);
}

function fmt(n, digits = 0) {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** Runs the scenarios and returns their figures; prints progress to stderr. */
export async function runEmulatorBench(options) {
  const { duration, connections, only, cpuProf, logRequests, repeat } = options;
  const profileDir = join(tmpdir(), 'pgs-emulator-profiles');
  const nodeArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = logRequests ? [] : ['--quiet'];
  const rows = [];
  let population;
  const want = (name) => only.length === 0 || only.includes(name);
  const log = (line) => process.stderr.write(`bench: ${line}\n`);
  const loadBefore = loadavg();

  if (want('baseline')) {
    // The same load against a bare node:http server: the machine's own floor.
    const floor = await startChildEmulator({ script: NULL_SERVER });
    try {
      log(`baseline: null server ${floor.baseUrl} (pid ${floor.pid})`);
      const next = () => ({ method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
      for (const row of await runScenario(floor, {
        name: 'baseline: bare node:http server answering {}',
        target: {},
        rate: TARGETS.writesPerSecond,
        warmup: async () => ({ duration: 1, requests: fromSource(next) }),
        saturate: async (d) => ({ duration: d, requests: fromSource(next) }),
        paced: async () => next,
      }, { duration, connections, repeat, log })) {
        row.target = {};
        rows.push(row);
      }
    } finally {
      await floor.stop();
    }
  }

  const scenarios = [
    ['writes', (emu) => writesScenario(emu)],
    ['exchange', (emu) => exchangeScenario(emu, { openid: false, saturationCodes: options.exchanges, rate: TARGETS.openidExchangesPerSecond })],
    ['openid', (emu) => exchangeScenario(emu, { openid: true, saturationCodes: options.openidExchanges, rate: TARGETS.openidExchangesPerSecond })],
  ];
  for (const [name, make] of scenarios) {
    if (!want(name)) continue;
    // A fresh emulator per scenario, so one scenario's state never weighs on the next.
    const emulator = await startChildEmulator({ args, nodeArgs });
    try {
      log(`${name}: emulator ${emulator.baseUrl} (pid ${emulator.pid})`);
      for (const row of await runScenario(emulator, make(emulator), { duration, connections, repeat, log })) rows.push(row);
    } finally {
      await emulator.stop();
    }
  }
  if (want('rss')) {
    log(`rss: creating ${options.players} players with ${options.states} achievement states each`);
    population = await benchPopulation({ players: options.players, states: options.states, nodeArgs, args });
    log(`rss: ${fmt(population.rssMb)} MB (baseline ${fmt(population.baselineMb)} MB), populated in ${fmt(population.populateSeconds, 1)} s`);
  }
  if (cpuProf) log(`CPU profiles of the emulator processes are in ${profileDir} (open them in Chrome DevTools)`);
  return { rows, population, loadBefore, loadAfter: loadavg() };
}

/** The figures as a Markdown report, with each target checked. */
export function report({ rows, population, loadBefore, loadAfter }, { connections, logRequests, repeat }) {
  const table = markdownTable(
    ['scenario', 'load', 'req/s', 'p50 ms', 'p99 ms', 'p99 range ms', 'non-2xx', 'target', 'met'],
    rows.map((row) => {
      const checks = [];
      if (row.target.rps !== undefined) checks.push([`≥ ${row.target.rps}/s`, row.rps >= row.target.rps]);
      if (row.target.p99) checks.push([`p99 < ${TARGETS.p99Ms} ms`, row.p99 < TARGETS.p99Ms]);
      const clean = row.non2xx === 0 && row.errors === 0;
      const met = checks.length === 0 ? (clean ? '–' : 'errors') : checks.every(([, ok]) => ok) && clean ? 'yes' : 'NO';
      return [
        row.name,
        row.mode,
        fmt(row.rps),
        fmt(row.p50, 1),
        fmt(row.p99, 1),
        `${fmt(row.p99Min, 1)}–${fmt(row.p99Max, 1)}`,
        String(row.non2xx + row.errors),
        checks.map(([t]) => t).join(', ') || '–',
        met,
      ];
    }),
  );
  const lines = [
    `Load: ${connections} connections, loopback; saturation = autocannon closed loop, paced = open loop at the target rate (bench/lib/paced.mjs); load generator in the parent, emulator in a child process${logRequests ? ' (request logging on)' : ' (--quiet)'}; median of ${repeat} runs per phase.`,
    `Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after.`,
  ];
  if (rows.length > 0) lines.push('', table);
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
      repeat: { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      players: { type: 'string', default: '10000' },
      states: { type: 'string', default: '20' },
      exchanges: { type: 'string', default: '30000' },
      'openid-exchanges': { type: 'string', default: '10000' },
      'log-requests': { type: 'boolean', default: false },
      only: { type: 'string', default: '' },
      'cpu-prof': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const options = {
    duration: Number(values.duration),
    repeat: Number(values.repeat),
    connections: Number(values.connections),
    players: Number(values.players),
    states: Number(values.states),
    exchanges: Number(values.exchanges),
    openidExchanges: Number(values['openid-exchanges']),
    only: values.only.split(',').filter(Boolean),
    cpuProf: values['cpu-prof'],
    logRequests: values['log-requests'],
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
