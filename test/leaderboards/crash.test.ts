/**
 * Crash test for scores: with Google failing, scores are accepted (202); the backend process is
 * killed with SIGKILL while scores are pending and requests are in flight, then started again on
 * the same store. Clients resend what got no answer (a score sent twice is harmless: Google keeps
 * the best). Once Google is back, the emulator's ground truth is exact: every player's best on
 * each board is the best score they were answered for or resent, and nothing is left in the outbox.
 *
 * The backend runs as `pgs serve` in a child process (needs the build, `npm run build`); the
 * emulator runs here, on a loopback port.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/backend/test-support/harness.js';
import { openStore } from '../../src/store/open-store.js';
import { testDatabaseUrl } from '../../src/store/test-support/postgres-test-schema.js';
import { callBackend, freshPostgresDatabase, startChildBackend, type ChildBackend } from '../achievements/child-backend.js';

const PLAYERS = 6;
const WAVE = 5;
const WAVE2 = 30;
const HIGH = 'CgkIlNDIwqcbEAIQCg';
const FASTEST = 'CgkIlNDIwqcbEAIQCw';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

interface Player {
  playerId: string;
  token: string;
}

/** A varied but reproducible score for player i's w-th submission: both boards, better and worse ones. */
function scoreOf(i: number, w: number): { board: string; score: number } {
  return w % 3 === 2 ? { board: FASTEST, score: 60_000 + ((i * 7919 + w * 104_729) % 30_000) } : { board: HIGH, score: (i * 31 + w * 17) % 1000 };
}

async function crashAndRecover(databaseUrl: string): Promise<void> {
  const emulator: RunningEmulator = await startEmulator();
  cleanups.push(() => emulator.close());
  const [app] = await emulator.control.applications();
  const env = { PGS_EMULATOR_URL: emulator.url, DATABASE_URL: databaseUrl, PGS_WRITE_SEND_DEADLINE_MS: '300', PGS_GOOGLE_TIMEOUT_MS: '500' };
  let backend: ChildBackend = await startChildBackend(env);
  cleanups.push(() => backend.kill('SIGKILL'));

  const players: Player[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    const { playerId } = await emulator.control.createPlayer({ displayName: `Crash ${i}` });
    const { serverAuthCode: code } = await emulator.control.mintServerAuthCode({ playerId, clientId: app!.webClientId, forceRefreshToken: true });
    const res = await callBackend(backend.url, 'POST', '/v1/auth/play-games', { body: { serverAuthCode: code } });
    expect(res.status).toBe(200);
    players.push({ playerId, token: (res.body as { session: { accessToken: string } }).session.accessToken });
  }
  // Warm the list of boards; then Google fails every submission, slowly enough to be caught mid-call.
  expect((await callBackend(backend.url, 'GET', '/v1/leaderboards', { token: players[0]!.token })).status).toBe(200);
  await emulator.control.addFault({ path: '/games/v1/leaderboards/', method: 'POST', delayMs: 100 });
  await emulator.control.addFault({ path: '/games/v1/leaderboards/', method: 'POST', status: 503 });

  // The best each player must end with, per board.
  const expected = new Map<string, number>();
  const accept = (p: Player, board: string, score: number) => {
    const key = `${p.playerId}/${board}`;
    const best = expected.get(key);
    if (best === undefined || (board === HIGH ? score > best : score < best)) expected.set(key, score);
  };
  const submit = (url: string, p: Player, board: string, score: number) =>
    callBackend(url, 'POST', `/v1/me/leaderboards/${board}/scores`, { token: p.token, body: { score } });

  await Promise.all(
    players.map(async (p, i) => {
      for (let w = 0; w < WAVE; w++) {
        const { board, score } = scoreOf(i, w);
        const res = await submit(backend.url, p, board, score);
        expect({ status: res.status, body: res.body }).toEqual({ status: 202, body: { pending: true } });
        accept(p, board, score);
      }
    }),
  );

  const unanswered: Array<{ p: Player; board: string; score: number }> = [];
  let dead = false;
  let answered = 0;
  let killed: Promise<void> | undefined;
  await Promise.all(
    players.map(async (p, i) => {
      for (let w = WAVE; w < WAVE + WAVE2; w++) {
        const { board, score } = scoreOf(i, w);
        accept(p, board, score);
        if (dead) {
          unanswered.push({ p, board, score });
          continue;
        }
        try {
          const res = await submit(backend.url, p, board, score);
          expect(res.status).toBe(202);
          if (++answered === Math.floor((PLAYERS * WAVE2) / 3)) killed = backend.kill('SIGKILL');
        } catch {
          dead = true;
          unanswered.push({ p, board, score });
        }
      }
    }),
  );
  await killed;
  expect(unanswered.length).toBeGreaterThan(0);

  backend = await startChildBackend(env);
  for (const { p, board, score } of unanswered) expect([200, 202]).toContain((await submit(backend.url, p, board, score)).status);
  await emulator.control.clearFaults();

  const bests = async () => {
    const found = new Map<string, number>();
    for (const p of players) {
      const truth = await emulator.control.player(p.playerId);
      for (const s of truth.scores[app!.applicationId] ?? []) if (s.timeSpan === 'ALL_TIME') found.set(`${p.playerId}/${s.leaderboardId}`, s.score);
    }
    return found;
  };
  const deadline = Date.now() + 40_000;
  while (JSON.stringify([...(await bests())].sort()) !== JSON.stringify([...expected].sort())) {
    if (Date.now() > deadline) {
      expect(Object.fromEntries(await bests())).toEqual(Object.fromEntries(expected));
      throw new Error(`scores did not arrive: ${backend.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The outbox holds nothing open or failed.
  await backend.kill('SIGTERM');
  const store = await openStore(databaseUrl);
  try {
    expect(await store.scoreOutboxStats(Date.now())).toEqual({ pending: 0, inFlight: 0, failed: 0, oldestPendingAgeMs: 0 });
  } finally {
    await store.close();
  }
}

describe('SIGKILL with scores pending', () => {
  it('sqlite file: every accepted score reaches Google, the best of them stands', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgs-score-crash-'));
    await crashAndRecover(`sqlite:${path.join(dir, 'crash.sqlite')}`);
  });

  const pgUrl = testDatabaseUrl();
  (pgUrl ? it : it.skip)(`postgres${pgUrl ? '' : ' (TEST_DATABASE_URL not set)'}: every accepted score reaches Google, the best of them stands`, { timeout: 90_000 }, async () => {
    const db = await freshPostgresDatabase(pgUrl!);
    cleanups.push(() => db.drop());
    await crashAndRecover(db.url);
  });
});
