#!/usr/bin/env node
/**
 * What keeping the emulator's state on disk (`pgs emulator --data DIR`) costs, at several state
 * sizes: one save (encode the whole state, JSON text, a durable write: temp file, fsync,
 * rename), one load at start, and the requests per second of a write-heavy loop (`achievements.unlock`
 * through `app.inject`, in-process) with and without a data folder, under the throttled saving
 * the emulator uses (a save at most every 100 ms, or every 4 encodings' time for a large state:
 * the last column). A synchronous save per request would cost a whole save per request: the
 * "one save" column says how much that would be.
 *
 *   npm run build && node bench/emulator-state.mjs [--players 1000,10000] [--seconds 3]
 *
 * Each player has a grant with a refresh token, one access token, an unused code, progress on
 * ten achievements and a score on two leaderboards.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { createEmulator, encodeState, importState } from '../dist/emulator/index.js';
import { writeFileDurably } from '../dist/emulator/persistence/durable-file.js';
import { machineSpeed } from './lib/machine-speed.mjs';
import { markdownTable } from './lib/table.mjs';

const { values } = parseArgs({ options: { players: { type: 'string', default: '1000,10000' }, seconds: { type: 'string', default: '3' } } });
const sizes = values.players.split(',').map(Number);
const seconds = Number(values.seconds);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const started = performance.now();
  const result = fn();
  return [performance.now() - started, result];
};
const timeAsync = async (fn) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};

/** Fills the state directly (not over HTTP): N players with a bit of everything. */
function fill(state, players) {
  const application = state.applications[0];
  const client = state.clients.get(application.config.webClientId);
  const achievements = application.achievements.slice(0, 10);
  const boards = application.leaderboards.filter((board) => board.published).slice(0, 2);
  const tokens = [];
  for (let i = 0; i < players; i++) {
    const player = state.createPlayer({ displayName: `Bench Player ${i}` });
    const code = state.issueCode(player, client, ['https://www.googleapis.com/auth/games_lite'], true);
    const grant = state.createGrant(state.findCode(code));
    state.consumeCode(code);
    tokens.push(state.issueAccessToken(grant));
    state.issueCode(player, client, ['https://www.googleapis.com/auth/games_lite'], false);
    for (const achievement of achievements) state.setProgress(player, application, achievement, { state: 'UNLOCKED', steps: 0 });
    for (const board of boards) state.setBests(board, player, { ALL_TIME: { value: BigInt(1000 + i), tag: undefined, writtenAt: Date.now(), period: 0 } });
  }
  return { tokens, achievementId: achievements[0].config.id };
}

/** Sequential unlocks for `seconds`, in-process: requests per second. */
async function unlockRate(app, tokens, achievementId, forSeconds = seconds) {
  const deadline = performance.now() + forSeconds * 1000;
  let done = 0;
  while (performance.now() < deadline) {
    const response = await app.inject({
      method: 'POST',
      url: `/games/v1/achievements/${achievementId}/unlock`,
      headers: { authorization: `Bearer ${tokens[done % tokens.length]}` },
    });
    if (response.statusCode !== 200) throw new Error(`unlock answered ${response.statusCode}`);
    done++;
  }
  return done / forSeconds;
}

const speed = machineSpeed();
const rows = [];
for (const players of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgs-emulator-state-'));
  const plain = await createEmulator();
  const { tokens, achievementId } = fill(plain.state, players);

  const encodes = [];
  const stringifies = [];
  const writes = [];
  let text = '';
  for (let round = 0; round < 5; round++) {
    const [encodeMs, document] = time(() => encodeState(plain.state));
    const [stringifyMs, json] = time(() => JSON.stringify(document));
    text = json;
    encodes.push(encodeMs);
    stringifies.push(stringifyMs);
    writes.push(await timeAsync(() => writeFileDurably(path.join(dir, 'state.json'), text)));
  }
  const bytes = statSync(path.join(dir, 'state.json')).size;

  const loads = [];
  for (let round = 0; round < 3; round++) {
    const target = await createEmulator();
    loads.push(time(() => importState(target.state, JSON.parse(text)))[0]);
    await target.app.close();
  }

  await unlockRate(plain.app, tokens, achievementId, 1); // warm-up (JIT)
  const withoutData = await unlockRate(plain.app, tokens, achievementId);
  await plain.app.close();

  const persisted = await createEmulator({ dataDir: path.join(dir, 'data') });
  const filled = fill(persisted.state, players);
  await persisted.stateDirectory.flush();
  await unlockRate(persisted.app, filled.tokens, filled.achievementId, 1);
  const withData = await unlockRate(persisted.app, filled.tokens, filled.achievementId);
  const delayMs = persisted.stateDirectory.delayMs;
  await persisted.app.close();
  rmSync(dir, { recursive: true, force: true });

  const saveMs = median(encodes) + median(stringifies) + median(writes);
  rows.push([
    players.toLocaleString('en'),
    `${(bytes / 1e6).toFixed(1)} MB`,
    median(encodes).toFixed(1),
    median(stringifies).toFixed(1),
    median(writes).toFixed(1),
    saveMs.toFixed(1),
    median(loads).toFixed(1),
    Math.round(withoutData).toLocaleString('en'),
    Math.round(withData).toLocaleString('en'),
    String(delayMs),
  ]);
}

process.stdout.write(`machine speed index: ${speed.toFixed(0)} (higher is faster)\n`);
process.stdout.write(
  `${markdownTable(
    ['players', 'state.json', 'encode ms', 'JSON ms', 'durable write ms', 'one save ms', 'load ms', 'unlocks/s in memory', 'unlocks/s with --data', 'save delay ms'],
    rows,
  )}\n`,
);
